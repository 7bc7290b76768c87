"""`lif s11`: the Section 11 matrix, missing submissions, shortfalls and peer challenge."""

from __future__ import annotations

import json
from datetime import date

from lif_cli.compute.s11 import linked_standards, s11_view
from lif_cli.loader import load
from lif_cli.models import Recommendation
from lif_cli.repo import WorkTree

STANDARDS = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"]


def rec(**kw):
    return Recommendation.model_validate({"id": "R1", "text": "Do it", **kw})


def test_a_recommendation_links_to_standards_by_field_else_by_its_text():
    assert linked_standards(rec(standards=["S3"], text="about S8"), STANDARDS) == (["S3"], "field")
    assert linked_standards(rec(text="Fix S8 (standard S8 not met)."), STANDARDS) == (
        ["S8"],
        "text",
    )
    # a word that merely contains the id does not link
    assert linked_standards(rec(text="See S11-2016 and S10"), STANDARDS) == ([], "text")


ASSESSMENTS = {
    "assessments/S11-2015-csc.yaml": """\
        id: S11-2015-csc
        agency: csc
        year: 2015
        presented: 2015-03-10
        standards:
          - {standard: S1, rating: met}
        """,
    "assessments/S11-2015-health.yaml": """\
        id: S11-2015-health
        agency: health
        year: 2015
        presented: 2015-03-10
        standards:
          - {standard: S1, rating: met}
        """,
    "assessments/S11-2016-csc.yaml": """\
        id: S11-2016-csc
        agency: csc
        year: 2016
        presented: 2016-03-15
        standards:
          - {standard: S1, rating: met}
          - {standard: S3, rating: not-met, evidence: No named lead}
          - {standard: S5, rating: partially-met}
          - {standard: S8, rating: partially-met}
        recommendations:
          - id: R1
            text: Name a safeguarding lead.
            standards: [S3]
          - id: R2
            text: Share information faster (standard S8).
        """,
    "actions/S11-2016-csc.yaml": """\
        source: S11-2016-csc
        actions:
          - {id: A1, recommendation: R1, text: Appoint a lead, agency: csc,
             due: 2016-06-30, status: complete, completed: 2016-06-01, evidence: Lead appointed}
        """,
    "assessments/S11-2016-police.yaml": """\
        id: S11-2016-police
        agency: police
        year: 2016
        presented: 2016-12-01
        standards:
          - {standard: S1, rating: not-met}
        """,
}


def test_view_matrix_missing_submissions_and_shortfalls(make_repo):
    root = make_repo(ASSESSMENTS)
    records = load(WorkTree(root), use_cache=False)
    view = s11_view(records, date(2016, 11, 15))
    assert view["year"] == 2016
    # police presented after the as-of date: not in the matrix yet
    assert [r["agency"] for r in view["matrix"]] == ["csc"]
    assert view["matrix"][0]["ratings"]["S3"] == "not-met"
    # expected: agencies that have submitted in any year; health submitted in 2015 only
    assert view["expected"] == ["csc", "health"]
    assert view["not_submitted"] == ["health"]
    by_std = {s["standard"]: s for s in view["shortfalls"]}
    # not-met first
    assert [s["standard"] for s in view["shortfalls"]] == ["S3", "S5", "S8"]
    assert by_std["S3"]["answered"] is True
    assert by_std["S3"]["linked_by"] == ["field"]
    assert [a["id"] for a in by_std["S3"]["actions"]] == ["S11-2016-csc/A1"]
    assert by_std["S3"]["actions"][0]["rag"] == "blue"
    assert by_std["S5"]["answered"] is False and by_std["S5"]["recommendations"] == []
    # linked by text, but no action answers R2: a gap
    assert by_std["S8"]["recommendations"] == ["S11-2016-csc/R2"]
    assert by_std["S8"]["answered"] is False


def test_year_option_and_default_year(make_repo, lif):
    root = make_repo(ASSESSMENTS)
    r = lif("s11", "-C", str(root), "--as-of", "2016-11-15", "--year", "2015", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["year"] == 2015
    assert [row["agency"] for row in data["matrix"]] == ["csc", "health"]
    assert data["not_submitted"] == []
    # as of early 2016 the latest year assessed is 2015
    r = lif("s11", "-C", str(root), "--as-of", "2016-01-10", "--format", "json")
    assert json.loads(r.stdout)["year"] == 2015


def test_s11_on_the_example(lif, example_repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = lif("s11", "-C", str(example_repo), "--as-of", "2016-11-15")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Section 11 self-assessments 2016 (as of 15 Nov 2016)" in out
    lines = out.splitlines()
    police = next(line for line in lines if line.strip().startswith("police"))
    assert police.split() == ["police", "Met", "Met", "Met", "Part", "Met", "Met", "Met", "NOT"]
    assert "Met = met, Part = partially met, NOT = not met" in out
    # the police S8 shortfall is linked by its recommendation's text and answered
    assert "police S8 NOT MET" in out
    assert "answered by S11-2016-police/A1 complete (BLUE)" in out
    # health S5 is linked by the standards field and answered by an overdue action
    assert "answered by S11-2016-health/A1 in-progress (RED)" in out
    # csc has shortfalls but no recommendation for them
    assert "NO ACTION: no recommendation of S11-2016-csc names S4" in out
    # peer challenge: question, response, the missing response and agreed actions
    assert "PCD-2016" in out
    assert "health to police: How is the voice of the child recorded" in out
    assert "NO RESPONSE recorded" in out
    assert "PCD-2016/A3 not-started (GREEN)" in out
    assert max(len(line.rstrip()) for line in lines) <= 80


def test_s11_json_shape(lif, example_repo):
    r = lif("s11", "-C", str(example_repo), "--as-of", "2016-11-15", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert set(data) == {
        "year",
        "as_of",
        "standards",
        "matrix",
        "expected",
        "not_submitted",
        "shortfalls",
        "challenges",
    }
    assert len(data["standards"]) == 8
    assert {s["rating"] for s in data["shortfalls"]} == {"not-met", "partially-met"}
    (ev,) = data["challenges"]
    assert ev["id"] == "PCD-2016" and len(ev["actions"]) == 4


def test_unknown_standard_in_a_recommendation_is_a_located_error(make_repo, lif):
    root = make_repo(
        {
            "assessments/S11-2016-csc.yaml": """\
                id: S11-2016-csc
                agency: csc
                year: 2016
                recommendations:
                  - id: R1
                    text: Name a lead.
                    standards: [S3, S33]
                """
        }
    )
    r = lif("validate", "-C", str(root), "--as-of", "2016-11-15", "--format", "json")
    assert r.exit_code == 1
    (err,) = json.loads(r.stdout)["errors"]
    assert (err["code"], err["file"], err["line"]) == (
        "unknown-standard",
        "assessments/S11-2016-csc.yaml",
        7,
    )
    assert "'S33' is not a Section 11 standard" in err["message"]


def test_a_cancelled_action_does_not_answer_a_shortfall(make_repo):
    files = dict(ASSESSMENTS)
    files["actions/S11-2016-csc.yaml"] = """\
        source: S11-2016-csc
        actions:
          - {id: A1, recommendation: [R1, R2], text: Appoint a lead, agency: csc,
             due: 2016-06-30, status: cancelled}
        """
    view = s11_view(load(WorkTree(make_repo(files)), use_cache=False), date(2016, 11, 15))
    by_std = {s["standard"]: s for s in view["shortfalls"]}
    assert [a["id"] for a in by_std["S3"]["actions"]] == ["S11-2016-csc/A1"]
    assert by_std["S3"]["actions"][0]["rag"] is None
    assert by_std["S3"]["answered"] is False
    # one action answering two linked recommendations is listed once per standard
    assert [a["id"] for a in by_std["S8"]["actions"]] == ["S11-2016-csc/A1"]


def test_cancelled_only_is_shown_as_no_action(make_repo, lif):
    files = dict(ASSESSMENTS)
    files["actions/S11-2016-csc.yaml"] = """\
        source: S11-2016-csc
        actions:
          - {id: A1, recommendation: R1, text: Appoint a lead, agency: csc,
             due: 2016-06-30, status: cancelled}
        """
    r = lif("s11", "-C", str(make_repo(files)), "--as-of", "2016-11-15")
    assert r.exit_code == 0, r.output
    assert "csc S3 NOT MET" in r.stdout
    assert "NO ACTION: its only actions are cancelled (S11-2016-csc/A1)" in r.stdout
    assert "NO ACTION: S11-2016-csc/R2 has no action yet" in r.stdout
    assert "Not submitted for 2016: health (Health)" in r.stdout
