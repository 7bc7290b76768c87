"""`lif new`: a skeleton with the next free id that validates as it is."""

from __future__ import annotations

import pytest

from lif_cli import authoring, loader
from lif_cli.repo import WorkTree

AS_OF = "2016-11-15"


def _ok(lif, root, *args):
    r = lif("new", *args, "--as-of", AS_OF, "-C", str(root))
    assert r.exit_code == 0, r.output
    return r


def test_next_id_follows_the_repos_pattern(lif, example_repo):
    r = _ok(lif, example_repo, "review")
    assert "created reviews/SCR-2016-03.yaml" in r.stdout
    r = _ok(lif, example_repo, "review")
    assert "created reviews/SCR-2016-04.yaml" in r.stdout
    text = (example_repo / "reviews/SCR-2016-03.yaml").read_text()
    assert text.startswith("# A case review.")
    assert "id: SCR-2016-03\n" in text
    assert "type: serious-case-review\n" in text  # the example repo is wt2015
    assert "title: Case review SCR-2016-03\n" in text
    assert "  referred: 2016-11-15\n" in text


def test_the_year_comes_from_as_of(lif, example_repo):
    r = lif("new", "audit", "--as-of", "2017-02-01", "-C", str(example_repo))
    assert "created audits/MAA-2017-01.yaml" in r.stdout


def test_type_picks_the_prefix_of_records_of_that_type(lif, example_repo):
    r = _ok(lif, example_repo, "review", "--type", "learning-review", "--title", "Child D")
    assert "created reviews/LR-2016-02.yaml" in r.stdout
    text = (example_repo / "reviews/LR-2016-02.yaml").read_text()
    assert "type: learning-review\n" in text
    assert "title: Child D\n" in text


def test_defaults_when_no_records_of_a_kind_exist(make_repo):
    root = make_repo({"lif.yaml": "partnership: P\nframework: wt2023\n"})
    records = loader.load(WorkTree(root), use_cache=False)
    assert authoring.next_id(records, "reviews", 2026) == "CSPR-2026-01"
    assert authoring.next_id(records, "drilldowns", 2026) == "DD-2026-01"
    assert authoring.next_id(records, "training", 2026) == "TR-2026-01"


def test_next_id_keeps_padding_skips_taken_and_yearly_ids(make_repo):
    root = make_repo(
        {
            "audits/QA-2016-009.yaml": "id: QA-2016-009\ntype: multi-agency\ntitle: t\n"
            "status: planned\n",
            "reports/QA-2016-010.yaml": "id: QA-2016-010\ntitle: t\n",  # another kind holds it
            "challenges/PCD-2016.yaml": "id: PCD-2016\ndate: 2016-06-01\n",
        }
    )
    records = loader.load(WorkTree(root), use_cache=False)
    assert authoring.next_id(records, "audits", 2016) == "QA-2016-011"
    assert authoring.next_id(records, "challenges", 2017) == "PCD-2017"
    assert authoring.next_id(records, "challenges", 2016) == "PCD-2016-02"


@pytest.mark.parametrize(
    ("args", "created"),
    [
        (("audit", "--title", "Neglect audit"), "audits/MAA-2016-03.yaml"),
        (("report", "--title", "LADO annual report"), "reports/YOT-2016-12.yaml"),
        (("assessment", "--agency", "yot"), "assessments/S11-2016-yot.yaml"),
        (("challenge",), "challenges/PCD-2016-02.yaml"),
        (("drilldown",), "drilldowns/DD-2016-02.yaml"),
        (("indicator", "--title", "Children missing education"),
         "indicators/children-missing-education.yaml"),
        (("training", "--title", "Neglect refresher"), "training/TR-2016-01.yaml"),
        (("reviews", "--id", "SCR-2016-99"), "reviews/SCR-2016-99.yaml"),
    ],
)  # fmt: skip
def test_every_kind_validates_clean(lif, example_repo, args, created):
    before = lif("validate", "--as-of", AS_OF, "-C", str(example_repo), "--format", "json")
    r = _ok(lif, example_repo, *args)
    assert f"created {created}" in r.stdout
    after = lif("validate", "--as-of", AS_OF, "-C", str(example_repo), "--format", "json")
    assert after.exit_code == 0, after.stdout
    new_problems = [p for p in after.stdout.split('"file"') if created in p]
    assert new_problems == [], after.stdout
    assert before.exit_code == 0


def test_plan_drafts_one_action_per_recommendation(lif, example_repo):
    path = example_repo / "reviews/SCR-2016-02.yaml"
    path.write_text(
        path.read_text()
        + "recommendations:\n"
        + "  - {id: R1, text: 'Agencies should: share records', to: [police, board]}\n"
        + "  - {id: R2, text: The board should audit escalation, to: [board]}\n"
    )
    r = _ok(lif, example_repo, "plan", "--source", "SCR-2016-02")
    assert "created actions/SCR-2016-02.yaml" in r.stdout
    text = (example_repo / "actions/SCR-2016-02.yaml").read_text()
    assert "source: SCR-2016-02\n" in text
    assert "  - id: A1\n    recommendation: R1\n    text: 'Agencies should: share records'" in text
    assert "    agency: police\n" in text
    # addressed to a group only: the first agency, with a note to check it
    assert "    agency: csc   # addressed to board: name the agency that will act\n" in text
    assert "    due: 2017-02-14\n    status: not-started" in text
    v = lif("validate", "--as-of", AS_OF, "-C", str(example_repo), "--format", "json")
    assert "actions/SCR-2016-02.yaml" not in v.stdout


def test_plan_refusals(lif, example_repo):
    r = lif("new", "plan", "--source", "SCR-2016-01", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "actions/SCR-2016-01.yaml already exists" in r.stderr
    r = lif("new", "plan", "--source", "CDR-2016-07", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "no recommendations yet" in r.stderr
    r = lif("new", "plan", "--source", "SCR-2016-9", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "did you mean" in r.stderr
    r = lif("new", "plan", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "--source" in r.stderr


def test_never_overwrites(lif, example_repo):
    before = (example_repo / "reviews/SCR-2016-01.yaml").read_bytes()
    r = lif("new", "review", "--id", "scr-2016-01", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "reviews/SCR-2016-01.yaml already exists" in r.stderr
    assert (example_repo / "reviews/SCR-2016-01.yaml").read_bytes() == before


def test_usage_errors(lif, example_repo):
    r = lif("new", "reveiw", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "did you mean 'review'?" in r.stderr
    r = lif("new", "assessment", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "give --agency" in r.stderr
    r = lif("new", "assessment", "--agency", "polise", "-C", str(example_repo))
    assert "did you mean 'police'?" in r.stderr
    r = lif("new", "review", "--id", "bad id!", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "not a valid id" in r.stderr


def test_an_invalid_type_is_refused_with_the_problem(lif, example_repo):
    r = lif("new", "review", "--type", "serious-review", "--as-of", AS_OF,
            "-C", str(example_repo))  # fmt: skip
    assert r.exit_code == 1
    assert "nothing was written" in r.stderr
    assert "did you mean 'serious-case-review'?" in r.stderr
    assert not (example_repo / "reviews/SCR-2016-03.yaml").exists()


def test_every_name_authoring_offers_resolves_from_its_module():
    # authoring re-exports its modules' names lazily (so `lif update` does not
    # import init's and new's machinery): each must still resolve.
    import importlib

    for name in authoring.__all__:
        module = importlib.import_module(f"lif_cli.authoring.{authoring._HOME_OF[name]}")
        assert getattr(authoring, name) is getattr(module, name)
    assert sorted(authoring.__all__) == sorted(authoring._HOME_OF)
