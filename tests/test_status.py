"""`lif status`: the morning dashboard, in text and JSON, for the partnership and one agency."""

from __future__ import annotations

import json
import re
from datetime import date

from lif_cli.cli.options import load_records
from lif_cli.compute.status import build_status
from tests.conftest import EXAMPLE

AS_OF = "2016-11-15"


def status_text(lif, monkeypatch, columns: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def section(text: str, heading: str) -> str:
    """The lines of one section: from its heading to the next blank line."""
    start = text.index("\n" + heading) + 1
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else None]


def test_status_at_80_columns_reads_as_a_morning_screen(lif, monkeypatch):
    out = status_text(lif, monkeypatch, 80)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "\x1b[" not in out  # NO_COLOR: words, not colour
    assert lines[0] == "NSCB: status as of Tuesday 15 Nov 2016"
    assert "Actions: 3 RED · 6 AMBER · 12 GREEN · 9 BLUE · 1 cancelled  (31 in all)" in out
    cycle = section(out, "Learning cycle (sources at each stage)").splitlines()
    assert cycle[1].split() == [
        "review",
        "action-plan",
        "implementation",
        "monitoring",
        "lessons-learned",
    ]
    assert cycle[2].split() == ["2", "1", "8", "0", "0"]  # FB-2016-01 in implementation

    overdue = section(out, "Overdue actions, oldest first (3)")
    firsts = re.findall(r"^\s*(\d+ days late)\s+(\S+)", overdue, re.M)
    assert firsts == [
        ("46 days late", "MAA-2016-01/A4"),
        ("15 days late", "S11-2016-health/A1"),
        ("15 days late", "SCR-2016-01/A3"),
    ]
    assert "Owner: Head of Public Protection\n" in overdue
    assert "Latest 13 Sep 2016: Process agreed; awaiting change to the" in overdue
    assert "Owner: Education Safeguarding Advisor · no update recorded" in overdue

    due = section(out, "Due within 30 days (4)")
    assert re.findall(r"^\s*(today|in \d+ days)\s+(\S+)", due, re.M) == [
        ("today", "PCD-2016/A2"),
        ("in 15 days", "S11-2016-police/A2"),
        ("in 24 days", "SCR-2016-01/A4"),
        ("in 30 days", "MAA-2016-02/A1"),
    ]
    blocked = section(out, "Blocked (2)")
    assert re.findall(r"^\s*BLOCKED\s+(\S+)", blocked, re.M) == [
        "S11-2016-education/A2",
        "SCR-2016-01/A5",
    ]
    assert "... and" not in out  # nothing cut at the default limit of 10
    gaps = section(out, "Gaps: recommendations with no action (1)")
    assert "GAP  LR-2016-01/R3  to board, SCRG" in gaps

    reviews = section(out, "Reviews in progress (2)")
    assert "SCR-2016-02" in reviews and "completion due 21 Dec 2016" in reviews
    assert "26 working days left" in reviews
    assert "no statutory timescale for a" in reviews  # the learning review
    assert "action-plan" in reviews and "review " in reviews
    assert "Dissemination of learning: every duty recorded for the 1 published review" in out
    calendar = section(out, "Reporting calendar 2016-17 (returns by due month)")
    assert "  11 received · 3 late · 2 overdue · 2 due · 5 upcoming" in calendar
    assert "OVERDUE Aug 2016  themed-audit" in calendar
    assert "due Nov 2016  public-health-daat-report" in calendar
    assert "Indicators: 2 red · 3 amber · 3 green" in out
    assert "latest 23.2% (2016-Q3) against a target of 20%, improving" in out

    by_agency = section(out, "By agency")
    police = next(line for line in by_agency.splitlines() if line.startswith("police "))
    assert police.split()[-3:] == ["5", "1", "1"]  # open, overdue, complete


def test_status_in_a_wide_terminal_keeps_full_names(lif, monkeypatch):
    out = status_text(lif, monkeypatch, 160)
    assert max(len(line) for line in out.splitlines()) <= 160
    assert "Clinical commissioning groups and designated safeguarding team" in out
    # an action's details stay on one line when there is room
    assert "Add attendance information to the core group template issued to schools\n" in out


def test_status_json_matches_format(lif):
    result = lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["actions"] == {"red": 3, "amber": 6, "green": 12, "blue": 9}
    assert data["cancelled"] == 1
    assert data["overdue"] == ["MAA-2016-01/A4", "S11-2016-health/A1", "SCR-2016-01/A3"]
    assert data["gaps"] == ["LR-2016-01/R3"]
    assert data["calendar"] == {"received": 11, "late": 3, "overdue": 2, "due": 2, "upcoming": 5}
    assert [(o["entry"], o["month"]) for o in data["calendar_overdue"]] == [
        ("themed-audit", "2016-08"),
        ("ER-2016-02", "2016-10"),  # an evidence request is a return
    ]
    ind = data["indicators"]["re-referrals"]
    assert {"rag", "trend", "latest"} <= set(ind)
    assert ind["rag"] in ("red", "amber", "green")
    scr2 = next(r for r in data["reviews"] if r["id"] == "SCR-2016-02")
    assert scr2["stage"] == "review"
    assert scr2["next_deadline"]["date"] == "2016-12-21"
    assert scr2["next_deadline"]["working_days_left"] == 26
    assert data["dissemination_missing"] == {}
    assert data["stages"]["LR-2016-01"] == "action-plan"
    police = next(a for a in data["agencies"] if a["id"] == "police")
    assert (police["open"], police["overdue"], police["complete"]) == (5, 1, 1)


def test_one_agencys_view(lif, monkeypatch):
    out = status_text(lif, monkeypatch, 80, "--agency", "police")
    assert out.startswith("police (Norfolk Constabulary): status as of Tuesday 15 Nov 2016\n")
    assert "Actions: 1 RED · 2 AMBER · 2 GREEN · 1 BLUE · 1 cancelled  (7 in all)" in out
    assert "SCR-2016-01/A3" in out and "MAA-2016-01/A4" not in out
    assert "Reviews in progress" not in out and "By agency" not in out
    # police make no calendar return; the evidence request made to them is one
    assert "due Nov 2016  ER-2016-03  Evidence request: Police CSE disruption" in out
    data = json.loads(
        lif(
            "status", "-C", str(EXAMPLE), "--as-of", AS_OF, "--agency", "police", "-f", "json"
        ).stdout
    )
    assert data["agency"] == "police"
    assert data["overdue"] == ["SCR-2016-01/A3"]
    assert data["gaps"] == []
    assert data["reviews"] is None and data["dissemination_missing"] is None
    owned = {i.id for i in load_records(EXAMPLE).models("indicators") if i.agency == "police"}
    assert set(data["indicators"]) == owned


def test_agency_view_lists_gaps_addressed_to_it(lif):
    data = json.loads(
        lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, "--agency", "csc", "-f", "json").stdout
    )
    assert data["gaps"] == []  # LR-2016-01/R3 is addressed to board and SCRG
    status = build_status(load_records(EXAMPLE), date(2016, 11, 15))
    assert [g.id for g in status.gaps] == ["LR-2016-01/R3"]


def test_unknown_agency_is_misuse(lif):
    result = lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, "--agency", "helth")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'helth' is not an agency in agencies.yaml" in result.stderr
    assert "did you mean 'health'?" in result.stderr


def test_malformed_as_of_is_misuse(lif):
    result = lif("status", "-C", str(EXAMPLE), "--as-of", "2016-13-01")
    assert result.exit_code == 2
    assert "'2016-13-01' is not a date; use YYYY-MM-DD" in result.stderr


def test_empty_repository_is_misuse(lif, make_repo):
    root = make_repo({"lif.yaml": "partnership: Test\n"}, base=False)
    result = lif("status", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "holds no records yet (only lif.yaml)" in result.stderr
    assert "hint:" in result.stderr


def test_a_repository_with_only_agencies_shows_zeros(lif, make_repo):
    root = make_repo()
    result = lif("status", "-C", str(root), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["actions"] == {"red": 0, "amber": 0, "green": 0, "blue": 0}
    assert data["overdue"] == [] and data["gaps"] == [] and data["reviews"] == []
    text = lif("status", "-C", str(root), "--as-of", AS_OF).stdout
    assert "Overdue actions, oldest first: none" in text
    assert "Dissemination of learning: no published reviews yet" in text


def test_records_with_errors_still_show_the_dashboard(lif, example_repo):
    (example_repo / "audits" / "MAA-2016-02.yaml").write_text("id: MAA-2016-02\ntitle: [\n")
    result = lif("status", "-C", str(example_repo), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["gaps"] == ["LR-2016-01/R3"]
    # the plan of the unreadable audit is still counted: its actions are readable
    assert data["actions"]["amber"] == 6
    assert "the records have errors" in result.stderr
    assert "lif validate" in result.stderr


def _review(dates: str, status: str = "in-progress", extra: str = "") -> str:
    return (
        "id: SCR-9\ntype: serious-case-review\ntitle: Child E\n"
        f"status: {status}\ndates:\n{dates}{extra}"
    )


def test_an_overdue_statutory_deadline_is_shouted(lif, make_repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    # aware Fri 23 Dec 2016: the weekend, Boxing Day (Mon 26), the Christmas Day
    # substitute (Tue 27) and the New Year substitute (Mon 2 Jan) do not count:
    # 28, 29, 30 Dec, 3, 4 Jan -> Wed 4 Jan; by Tue 10 Jan 5, 6, 9, 10 Jan have passed.
    root = make_repo({"reviews/SCR-9.yaml": _review("  aware: 2016-12-23\n", "referred")})
    out = lif("status", "-C", str(root), "--as-of", "2017-01-10").stdout
    reviews = section(out, "Reviews in progress (1)")
    assert "notification was due 4 Jan 2017" in reviews
    assert "OVERDUE by 4 working days" in reviews


def test_missing_dissemination_is_listed(lif, make_repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    root = make_repo(
        {
            "reviews/SCR-9.yaml": _review(
                "  decided: 2016-01-04\n  report_received: 2016-05-01\n  published: 2016-06-01\n",
                "published",
                "dissemination:\n  - {activity: published, date: 2016-06-01}\n"
                "  - {activity: roadshow, date: 2016-07-01}\n",
            )
        }
    )
    out = lif("status", "-C", str(root), "--as-of", AS_OF).stdout
    block = section(out, "Published reviews with dissemination missing (1 of 1)")
    assert "3 of 5  SCR-9  Child E" in block
    assert "missing: training reviewed · practice briefings · slides" in block
    data = json.loads(lif("status", "-C", str(root), "--as-of", AS_OF, "-f", "json").stdout)
    assert data["dissemination_missing"] == {
        "SCR-9": ["training-reviewed", "practice-briefing", "slides"]
    }


def test_limit_cuts_long_lists_and_says_where_the_rest_are(lif, monkeypatch):
    out = status_text(lif, monkeypatch, 80, "--limit", "1")
    overdue = section(out, "Overdue actions, oldest first (3)")
    assert "MAA-2016-01/A4" in overdue and "SCR-2016-01/A3" not in overdue
    assert overdue.endswith("  ... and 2 more: lif plan --overdue")
    assert "  ... and 3 more: lif plan --rag amber" in out
    assert "  ... and 1 more: lif plan --status blocked" in out
    assert "  ... and 4 more: lif indicators" in out
    police = status_text(lif, monkeypatch, 80, "--agency", "police", "-n", "1")
    assert "  ... and 1 more: lif plan --rag amber --agency police" in police
    everything = status_text(lif, monkeypatch, 80, "--limit", "0")
    assert "... and" not in everything
    result = lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, "--limit", "-1")
    assert result.exit_code == 2


def test_status_at_a_git_revision_reads_the_records_as_they_were(lif, git_repo, monkeypatch):
    audit = (
        "id: AUD-1\ntype: multi-agency\ntitle: Test audit\nstatus: reported\n"
        "recommendations:\n  - {id: R1, text: Do better, to: [csc]}\n"
    )
    plan = (
        "source: AUD-1\napproved: {by: board, date: 2016-07-01}\nactions:\n"
        "  - {id: A1, recommendation: R1, text: Do it, agency: csc, due: 2016-10-01, "
        "status: STATUS}\n"
    )
    root = git_repo(
        {"audits/AUD-1.yaml": audit, "actions/AUD-1.yaml": plan.replace("STATUS", "in-progress")}
    )
    (root / "actions" / "AUD-1.yaml").write_text(
        plan.replace("STATUS", "complete, completed: 2016-09-30, evidence: Minutes")
    )
    now = json.loads(lif("status", "-C", str(root), "--as-of", AS_OF, "-f", "json").stdout)
    then = json.loads(
        lif("status", "-C", str(root), "--as-of", AS_OF, "--at", "HEAD", "-f", "json").stdout
    )
    assert now["actions"]["blue"] == 1 and now["overdue"] == []
    assert then["actions"]["red"] == 1 and then["overdue"] == ["AUD-1/A1"]
    assert now["stages"]["AUD-1"] == "monitoring" and then["stages"]["AUD-1"] == "implementation"
