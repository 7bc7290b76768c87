"""`lif plan` and the roll-up core: recommendation status, learning-cycle stage, filters."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from lif_cli.cli.options import load_records
from lif_cli.compute.plan import (
    PlanFilter,
    build_plan,
    filter_plan,
    is_concluded,
    recommendation_status,
    source_stage,
)
from lif_cli.models import Action
from tests.conftest import EXAMPLE

AS_OF = "2016-11-15"
DAY = date(2016, 11, 15)


def act(status: str, impact: str | None = None) -> Action:
    extra = {"completed": date(2016, 1, 1), "evidence": "Done"} if status == "complete" else {}
    return Action(
        id="A1",
        recommendation=["R1"],
        text="x",
        agency="csc",
        due=date(2016, 12, 1),
        status=status,
        impact=impact,
        **extra,
    )


# --- recommendation status ---------------------------------------------------------


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ([], "gap"),
        ([act("cancelled")], "gap"),
        ([act("cancelled"), act("cancelled")], "gap"),
        ([act("not-started")], "open"),
        ([act("blocked")], "open"),
        ([act("complete"), act("in-progress")], "open"),
        ([act("complete"), act("in-progress", impact="early signs")], "open"),
        ([act("complete")], "complete"),
        ([act("complete"), act("cancelled")], "complete"),
        ([act("complete", impact="Audit shows change"), act("complete")], "impact-evidenced"),
        ([act("complete", impact="Audit shows change"), act("cancelled")], "impact-evidenced"),
    ],
)
def test_recommendation_status(actions, expected):
    assert recommendation_status(actions) == expected


# --- learning-cycle stage -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"concluded": False, "approved": False, "statuses": []}, "review"),
        ({"concluded": False, "approved": False, "statuses": ["gap"]}, "review"),
        ({"concluded": True, "approved": False, "statuses": ["gap", "open"]}, "action-plan"),
        ({"concluded": True, "approved": False, "statuses": []}, None),
        ({"concluded": False, "approved": True, "statuses": ["open"]}, "implementation"),
        ({"concluded": True, "approved": True, "statuses": ["complete", "gap"]}, "implementation"),
        ({"concluded": True, "approved": True, "statuses": ["complete", "open"]}, "implementation"),
        (
            {"concluded": True, "approved": True, "statuses": ["complete", "impact-evidenced"]},
            "monitoring",
        ),
        (
            {"concluded": True, "approved": True, "statuses": ["impact-evidenced"] * 3},
            "lessons-learned",
        ),
    ],
)
def test_source_stage(kwargs, expected):
    assert source_stage(not_progressed=False, **kwargs) == expected


def test_a_review_not_progressed_has_no_stage():
    assert source_stage(concluded=False, not_progressed=True, approved=False, statuses=[]) is None


def test_example_stages_and_statuses():
    plan = build_plan(load_records(EXAMPLE), DAY)
    stages = {s.id: s.stage for s in plan.sources}
    assert stages["SCR-2016-01"] == "implementation"
    assert stages["LR-2016-01"] == "action-plan"  # a draft plan, not approved
    assert stages["SCR-2016-02"] == "review"  # in progress, no recommendations yet
    assert stages["CDR-2016-07"] is None  # closed, no recommendations
    recs = {r.id: r.status for r in plan.recommendations()}
    assert recs["SCR-2016-01/R4"] == "impact-evidenced"
    assert recs["MAA-2016-01/R2"] == "complete"
    assert recs["MAA-2016-01/R4"] == "open"  # A5 cancelled, A6 in progress
    assert [g.id for g in plan.gaps()] == ["LR-2016-01/R3"]


AUDIT = """\
id: AUD-1
type: multi-agency
title: Test audit
status: {status}
recommendations:
  - {{id: R1, text: Do better, to: [csc]}}
  - {{id: R2, text: Share more, to: [police, PIQAG]}}
"""


def plan_yaml(approved: str | None, actions: list[dict], source: str = "AUD-1") -> str:
    lines = [f"source: {source}"]
    if approved:
        lines.append(f"approved: {{by: board, date: {approved}}}")
    lines.append("actions:")
    for a in actions:
        lines.append(f"  - id: {a['id']}")
        for key in (
            "recommendation",
            "text",
            "agency",
            "owner",
            "due",
            "status",
            "completed",
            "evidence",
            "impact",
        ):
            if key in a:
                lines.append(f"    {key}: {a[key]}")
        if a.get("updates"):
            lines.append("    updates:")
            lines.extend(f"      - {u}" for u in a["updates"])
    return "\n".join(lines) + "\n"


def done(ident: str, rec: str, impact: str | None = None) -> dict:
    a = {
        "id": ident,
        "recommendation": rec,
        "text": "Did it",
        "agency": "csc",
        "due": "2016-06-30",
        "status": "complete",
        "completed": "2016-06-01",
        "evidence": "Minutes",
    }
    if impact:
        a["impact"] = impact
    return a


@pytest.mark.parametrize(
    ("approved", "actions", "expected"),
    [
        (None, [done("A1", "R1")], "action-plan"),
        ("2016-12-01", [done("A1", "R1")], "action-plan"),  # approval after the as-of date
        ("2016-07-01", [done("A1", "R1")], "implementation"),  # R2 is a gap
        ("2016-07-01", [done("A1", "R1"), done("A2", "R2", "Audit improved")], "monitoring"),
        (
            "2016-07-01",
            [done("A1", "R1", "Fewer re-referrals"), done("A2", "R2", "Audit improved")],
            "lessons-learned",
        ),
    ],
)
def test_stage_of_a_source_from_its_records(make_repo, approved, actions, expected):
    root = make_repo(
        {
            "audits/AUD-1.yaml": AUDIT.format(status="reported"),
            "actions/AUD-1.yaml": plan_yaml(approved, actions),
        }
    )
    plan = build_plan(load_records(root), DAY)
    assert plan.by_source["AUD-1"].stage == expected


def test_an_audit_in_progress_without_a_plan_is_at_review(make_repo):
    root = make_repo({"audits/AUD-1.yaml": AUDIT.format(status="in-progress")})
    plan = build_plan(load_records(root), DAY)
    assert plan.by_source["AUD-1"].stage == "review"
    assert [g.id for g in plan.gaps()] == ["AUD-1/R1", "AUD-1/R2"]


def test_concluded_rules_per_kind():
    class M:
        def __init__(self, **kw):
            self.__dict__.update(kw)

    assert is_concluded("reviews", M(status="report-received"), DAY)
    assert not is_concluded("reviews", M(status="in-progress"), DAY)
    assert is_concluded("audits", M(status="reported"), DAY)
    assert not is_concluded("audits", M(status="planned"), DAY)
    assert is_concluded("drilldowns", M(status="responded"), DAY)
    assert is_concluded("reports", M(presented=DAY), DAY)
    assert not is_concluded("reports", M(presented=date(2016, 11, 16)), DAY)
    assert not is_concluded("assessments", M(presented=None), DAY)
    assert is_concluded("challenges", M(date=DAY), DAY)


# --- filters ---------------------------------------------------------------------------


def _ids(plan) -> list[str]:
    return [r.id for r in plan.actions()]


def test_filters_combine_with_and_and_repeat_with_or():
    plan = build_plan(load_records(EXAMPLE), DAY)
    police_overdue = filter_plan(plan, PlanFilter(agencies=("police",), overdue=True))
    assert _ids(police_overdue) == ["SCR-2016-01/A3"]
    two = filter_plan(plan, PlanFilter(rags=("red", "blue"), sources=("PCD-2016",)))
    assert _ids(two) == ["PCD-2016/A1"]
    blocked = filter_plan(plan, PlanFilter(statuses=("blocked",)))
    assert _ids(blocked) == ["SCR-2016-01/A5", "S11-2016-education/A2"]
    assert blocked.hidden_gaps == 1  # LR-2016-01/R3 has no action to match


def test_to_selects_recommendations_addressed_to_a_group_or_agency():
    plan = build_plan(load_records(EXAMPLE), DAY)
    wdg = filter_plan(plan, PlanFilter(to=("WDG",)))
    assert [r.id for r in wdg.recommendations()] == ["SCR-2016-01/R4"]
    scrg = filter_plan(plan, PlanFilter(to=("SCRG",)))
    assert [(r.id, r.status) for r in scrg.recommendations()] == [("LR-2016-01/R3", "gap")]


def test_agency_filter_keeps_gaps_addressed_to_the_agency(make_repo):
    root = make_repo({"audits/AUD-1.yaml": AUDIT.format(status="reported")})
    plan = build_plan(load_records(root), DAY)
    police = filter_plan(plan, PlanFilter(agencies=("police",)))
    assert [r.id for r in police.gaps()] == ["AUD-1/R2"]


# --- the CLI ---------------------------------------------------------------------------


def test_plan_text_at_80_columns_reads_without_colour(lif, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out
    assert out.startswith("Composite action plan as of 15 Nov 2016\n")
    assert "31 actions: 3 red, 6 amber, 12 green, 9 blue, 1 cancelled" in out
    assert "25 recommendations: 1 gap (no action)" in out
    # RAG and gaps are words; the gap is shown, with its text
    for word in ("RED", "AMBER", "GREEN", "BLUE", "GAP"):
        assert word in out
    assert "gap: no action · to board, SCRG" in out
    assert "15 days late" in out and "due today" in out
    assert "draft plan, not yet approved · stage: action-plan" in out
    assert "plan approved by board on 26 Apr 2016 · stage: implementation" in out


def test_plan_text_in_a_wide_terminal_has_lead_and_status_columns(lif, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    out = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--source", "SCR-2016-01").stdout
    header = next(line for line in out.splitlines() if line.startswith("RAG"))
    assert header.split() == ["RAG", "Id", "Due", "Lead", "Status", "Recommendation", "/", "action"]
    assert "police" in out and "Head of Public Protection" in out


def test_plan_json_matches_format(lif):
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    actions = json.loads(result.stdout)
    assert isinstance(actions, list) and len(actions) == 31  # each action once
    by_id = {a["id"]: a for a in actions}
    a3 = by_id["SCR-2016-01/A3"]
    for key in ("id", "source", "recommendation", "agency", "due", "status", "rag"):
        assert key in a3
    assert a3["source"] == "SCR-2016-01"
    assert a3["recommendation"] == "SCR-2016-01/R1"
    assert (a3["agency"], a3["due"], a3["status"], a3["rag"]) == (
        "police",
        "2016-10-31",
        "in-progress",
        "red",
    )
    assert a3["days_overdue"] == 15
    assert a3["latest_update"] == {
        "date": "2016-09-13",
        "status": "in-progress",
        "note": "Process agreed; awaiting change to the notification form",
    }
    a6 = by_id["SCR-2016-01/A6"]
    assert a6["recommendations"] == ["SCR-2016-01/R2", "SCR-2016-01/R4"]
    assert a6["impact"].startswith("Post-course survey")
    assert by_id["MAA-2016-01/A5"]["rag"] is None


def test_plan_filters_through_the_cli(lif):
    out = lif(
        "plan",
        "-C",
        str(EXAMPLE),
        "--as-of",
        AS_OF,
        "--agency",
        "police",
        "--overdue",
        "-f",
        "json",
    ).stdout
    assert [a["id"] for a in json.loads(out)] == ["SCR-2016-01/A3"]
    out = lif(
        "plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--rag", "amber", "--rag", "red", "-f", "json"
    ).stdout
    assert sorted(a["rag"] for a in json.loads(out)) == ["amber"] * 6 + ["red"] * 3
    text = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--status", "blocked").stdout
    assert "Not shown: 1 gap (a recommendation with no action)" in text


def test_unknown_agency_is_misuse_with_a_suggestion(lif):
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--agency", "polise")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'polise' is not an agency in agencies.yaml" in result.stderr
    assert "did you mean 'police'?" in result.stderr


def test_a_group_given_as_agency_points_to_to(lif):
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--agency", "WDG")
    assert result.exit_code == 2
    assert "use --to WDG" in result.stderr


def test_unknown_source_and_to_are_misuse(lif):
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--source", "SCR-2016-1")
    assert result.exit_code == 2
    assert "did you mean 'SCR-2016-01'?" in result.stderr
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--to", "boar")
    assert result.exit_code == 2
    assert "did you mean 'board'?" in result.stderr


def test_bad_status_and_as_of_are_misuse(lif):
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--status", "done")
    assert result.exit_code == 2
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", "15/11/2016")
    assert result.exit_code == 2
    assert "use YYYY-MM-DD" in result.stderr


def test_plan_md_has_a_table_per_recommendation_and_shows_gaps(lif):
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "md")
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# Composite action plan as of 15 Nov 2016\n")
    assert "## SCR-2016-01: Child A" in md
    assert "### R3: gap: no action (to board, SCRG)" in md
    assert "**Gap: no action answers this recommendation.**" in md
    assert "| RED | A3: Check new partners" in md


def test_plan_csv_is_one_row_per_recommendation_and_action_and_formula_safe(lif, make_repo):
    root = make_repo(
        {
            "audits/AUD-1.yaml": AUDIT.format(status="reported"),
            "actions/AUD-1.yaml": plan_yaml(
                "2016-07-01",
                [
                    {
                        "id": "A1",
                        "recommendation": "R1",
                        "text": "'=HYPERLINK(\"x\")'",
                        "agency": "csc",
                        "due": "2016-12-01",
                        "status": "in-progress",
                    }
                ],
            ),
        }
    )
    result = lif("plan", "-C", str(root), "--as-of", AS_OF, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["recommendation"], r["action"], r["recommendation_status"]) for r in rows] == [
        ("AUD-1/R1", "AUD-1/A1", "open"),
        ("AUD-1/R2", "", "gap"),
    ]
    assert rows[0]["action_text"] == '\'=HYPERLINK("x")'
    assert rows[0]["rag"] == "amber"
    assert rows[1]["to"] == "police, PIQAG"


def test_records_with_errors_show_what_can_be_computed(lif, make_repo):
    root = make_repo(
        {
            "audits/AUD-1.yaml": AUDIT.format(status="reported"),
            "actions/AUD-1.yaml": plan_yaml("2016-07-01", [done("A1", "R1")]),
            "audits/AUD-2.yaml": "id: AUD-2\ntitle: [broken\n",
        }
    )
    result = lif("plan", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1
    assert [a["id"] for a in json.loads(result.stdout)] == ["AUD-1/A1"]
    assert "the records have errors" in result.stderr
    assert "lif validate" in result.stderr


def test_an_action_plan_for_a_missing_source_is_still_shown(lif, make_repo):
    root = make_repo(
        {"actions/GONE-1.yaml": plan_yaml("2016-07-01", [done("A1", "R1")], source="GONE-1")}
    )
    result = lif("plan", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 1  # a reference that does not resolve is an error
    assert "the records have errors" in result.stderr
    assert "GONE-1  (no such source record)" in result.stdout
    assert "R1 is not a recommendation of GONE-1" in result.stdout


def test_an_empty_repository_is_a_clear_misuse(lif, make_repo):
    root = make_repo({"lif.yaml": "partnership: Test\n"}, base=False)
    result = lif("plan", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "holds no records yet (only lif.yaml)" in result.stderr
    assert result.stdout == ""


def test_an_action_led_by_an_unknown_agency_is_shown_and_is_an_error(lif, make_repo):
    action = done("A1", "R1")
    action["agency"] = "polise"
    root = make_repo(
        {
            "audits/AUD-1.yaml": AUDIT.format(status="reported"),
            "actions/AUD-1.yaml": plan_yaml("2016-07-01", [action]),
        }
    )
    result = lif("plan", "-C", str(root), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 1
    assert [a["agency"] for a in json.loads(result.stdout)] == ["polise"]
    status = lif("status", "-C", str(root), "--as-of", AS_OF)
    assert status.exit_code == 1
    assert "polise" in status.stdout and "(not in agencies.yaml)" in status.stdout


def test_plan_md_prints_record_text_literally(lif, make_repo):
    action = {
        "id": "A1",
        "recommendation": "R1",
        "text": "'Use the *new* form | see [x](javascript:y) <b>'",
        "agency": "csc",
        "due": "2016-12-01",
        "status": "in-progress",
    }
    root = make_repo(
        {
            "audits/AUD-1.yaml": AUDIT.format(status="reported"),
            "actions/AUD-1.yaml": plan_yaml("2016-07-01", [action]),
        }
    )
    md = lif("plan", "-C", str(root), "--as-of", AS_OF, "-f", "md").stdout
    row = next(line for line in md.splitlines() if line.startswith("| AMBER"))
    assert "A1: Use the \\*new\\* form \\| see \\[x\\](javascript:y) &lt;b>" in row
    assert row.count(" | ") == 8  # nine cells: the pipe in the text did not add one


def test_a_filter_that_matches_nothing_says_so(lif):
    result = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--agency", "cafcass")
    assert result.exit_code == 0
    assert result.stdout.endswith("\nNothing matches these filters.\n")
    json_out = lif(
        "plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--agency", "cafcass", "-f", "json"
    )
    assert json_out.stdout == "[]\n"


def test_a_hundred_days_late_is_not_cut_at_80_columns(lif, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    borsetshire = EXAMPLE.parent / "borsetshire"
    r = lif("plan", "-C", str(borsetshire), "--as-of", "2025-10-01")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "124 days" in line)
    # the Due column is 12 wide: the words go on over two lines, never cut
    assert lines[at + 1].split()[0] == "late"
    assert "…" not in r.stdout
    assert max(len(line) for line in lines) <= 80
