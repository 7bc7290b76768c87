"""Every problem in one run: a set of broken files, their problems as golden text and JSON."""

from __future__ import annotations

import json

import pytest

from tests.goldens import GOLDEN, assert_golden

AS_OF = "2016-11-15"

# One file per case; each case is written into its own copy of the example.
BROKEN = {
    # three mistakes in one action: an unknown agency is found beside two schema errors
    "three-in-one-action": (
        "actions/LR-2016-01.yaml",
        [
            ("    agency: csc\n", "    agency: cscx\n"),
            ("due: 2017-02-28", "due: 2016-11-31"),
            ("status: not-started", "status: not_started"),
        ],
    ),
    # an unknown source and no actions: two problems, not one
    "unknown-source-no-actions": ("actions/NOPE-1.yaml", "source: NOPE-1\nactions: []\n"),
    # a month that does not exist, a field misspelt, an unknown commissioning group
    "review-three-ways": (
        "reviews/CDR-2016-07.yaml",
        [
            ("aware: 2016-02-08", "aware: 2016-13-08"),
            ("case_ref: Child D", "case_reff: Child D"),
            ("commissioned_by: CDOP", "commissioned_by: CDOPX"),
        ],
    ),
    # YAML that does not parse at all
    "not-yaml": ("training/TR-2016-cse.yaml", "id: TR-2016-cse\ntitle: [unclosed\n"),
}


def _break(repo, case):
    rel, change = BROKEN[case]
    path = repo / rel
    if isinstance(change, str):
        path.write_text(change, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    for old, new in change:
        assert old in text, (rel, old)
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_problems_of_broken_files_are_golden(lif, example_repo, case):
    _break(example_repo, case)
    text = lif("validate", "-C", str(example_repo), "--as-of", AS_OF)
    assert text.exit_code == 1, text.output
    assert_golden(text.stdout, GOLDEN / "problems" / f"{case}.txt")
    js = lif("validate", "-C", str(example_repo), "--as-of", AS_OF, "--format", "json")
    assert js.exit_code == 1
    data = json.loads(js.stdout)
    assert_golden(json.dumps(data, indent=2) + "\n", GOLDEN / "problems" / f"{case}.json")
    for p in data["errors"] + data["warnings"]:
        assert not p["message"].startswith(("Value error", "Assertion failed")), p
        assert "Value error," not in p["message"]


def test_three_mistakes_in_one_action_are_reported_in_one_run(lif, example_repo):
    _break(example_repo, "three-in-one-action")
    data = json.loads(
        lif("validate", "-C", str(example_repo), "--as-of", AS_OF, "-f", "json").stdout
    )
    codes = sorted(p["code"] for p in data["errors"])
    assert codes == ["invalid-date", "invalid-value", "unknown-agency"]
    date = next(p for p in data["errors"] if p["code"] == "invalid-date")
    assert "2016-11 has 30 days" in date["message"]
    assert date.get("hint") is None


def test_unknown_source_with_no_actions_is_two_problems(lif, example_repo):
    _break(example_repo, "unknown-source-no-actions")
    data = json.loads(
        lif("validate", "-C", str(example_repo), "--as-of", AS_OF, "-f", "json").stdout
    )
    mine = [p["code"] for p in data["errors"] if p["file"] == "actions/NOPE-1.yaml"]
    assert sorted(mine) == ["empty-field", "unknown-source"]


def test_a_missing_field_does_not_hide_its_siblings_problems(lif, example_repo):
    path = example_repo / "actions/LR-2016-01.yaml"
    text = path.read_text()
    text = text.replace("    agency: csc\n", "    agency: cscx\n", 1)
    text = text.replace("    due: 2017-02-28\n", "", 1)
    path.write_text(text)
    data = json.loads(
        lif("validate", "-C", str(example_repo), "--as-of", AS_OF, "-f", "json").stdout
    )
    assert sorted(p["code"] for p in data["errors"]) == ["missing-field", "unknown-agency"]
