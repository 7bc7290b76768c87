"""Action RAG exactly as FORMAT.md defines it, every boundary pinned.

blue complete; red open and due before the as-of date; amber open and due on or
before as-of + amber_days, or blocked; green otherwise; cancelled: no RAG.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from lif_cli.compute.rag import action_rag, days_overdue, is_open
from lif_cli.models import Action

AS_OF = date(2016, 11, 15)
AMBER = 30


def action(status: str, due: date, **extra) -> Action:
    return Action(
        id="A1", recommendation=["R1"], text="Do it", agency="csc", due=due, status=status, **extra
    )


@pytest.mark.parametrize("status", ["not-started", "in-progress"])
@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-365, "red"),
        (-1, "red"),  # due yesterday: overdue
        (0, "amber"),  # due on the as-of date: amber, not red
        (1, "amber"),
        (AMBER - 1, "amber"),
        (AMBER, "amber"),  # due on as-of + amber_days: still amber
        (AMBER + 1, "green"),  # one day beyond the window
        (400, "green"),
    ],
)
def test_open_action_rag_by_due_date(status, offset, expected):
    assert action_rag(action(status, AS_OF + timedelta(days=offset)), AS_OF, AMBER) == expected


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-1, "red"), (0, "amber"), (AMBER, "amber"), (AMBER + 1, "amber"), (1000, "amber")],
)
def test_blocked_is_amber_even_when_due_far_away_and_red_once_overdue(offset, expected):
    assert action_rag(action("blocked", AS_OF + timedelta(days=offset)), AS_OF, AMBER) == expected


@pytest.mark.parametrize("offset", [-100, -1, 0, 1, 100])
def test_complete_is_blue_whatever_the_due_date(offset):
    due = AS_OF + timedelta(days=offset)
    a = action("complete", due, completed=AS_OF, evidence="Done")
    assert action_rag(a, AS_OF, AMBER) == "blue"


@pytest.mark.parametrize("offset", [-100, 0, 100])
def test_cancelled_has_no_rag(offset):
    assert action_rag(action("cancelled", AS_OF + timedelta(days=offset)), AS_OF, AMBER) is None


def test_amber_days_zero_makes_only_today_amber():
    assert action_rag(action("in-progress", AS_OF), AS_OF, 0) == "amber"
    assert action_rag(action("in-progress", AS_OF + timedelta(days=1)), AS_OF, 0) == "green"


def test_days_overdue_counts_calendar_days_for_open_actions_only():
    assert days_overdue(action("in-progress", AS_OF - timedelta(days=46)), AS_OF) == 46
    assert days_overdue(action("blocked", AS_OF - timedelta(days=1)), AS_OF) == 1
    assert days_overdue(action("in-progress", AS_OF), AS_OF) == 0
    late_but_done = action("complete", AS_OF - timedelta(days=9), completed=AS_OF, evidence="x")
    assert days_overdue(late_but_done, AS_OF) == 0
    assert days_overdue(action("cancelled", AS_OF - timedelta(days=9)), AS_OF) == 0


def test_open_means_not_started_in_progress_or_blocked():
    assert [
        s
        for s in ("not-started", "in-progress", "complete", "blocked", "cancelled")
        if is_open(action(s, AS_OF))
    ] == ["not-started", "in-progress", "blocked"]


# --- the same boundaries through the real CLI, with amber_days from lif.yaml ----------


def _plan_file(actions: list[tuple[str, str, str]]) -> str:
    lines = ["source: AUD-1", "approved: {by: board, date: 2016-01-01}", "actions:"]
    for ident, status, due in actions:
        lines += [
            f"  - id: {ident}",
            "    recommendation: R1",
            "    text: Do the thing",
            "    agency: csc",
            f"    due: {due}",
            f"    status: {status}",
        ]
        if status == "complete":
            lines += ["    completed: 2016-11-01", "    evidence: Done"]
    return "\n".join(lines) + "\n"


AUDIT = """\
id: AUD-1
type: multi-agency
title: Test audit
status: reported
recommendations:
  - {id: R1, text: Do better, to: [csc]}
"""


def test_rag_boundaries_through_lif_plan_json(lif, make_repo):
    root = make_repo(
        {
            "lif.yaml": "partnership: Test\nframework: wt2015\namber_days: 10\n",
            "audits/AUD-1.yaml": AUDIT,
            "actions/AUD-1.yaml": _plan_file(
                [
                    ("A1", "in-progress", "2016-11-14"),  # yesterday: red
                    ("A2", "in-progress", "2016-11-15"),  # today: amber
                    ("A3", "not-started", "2016-11-25"),  # as-of + 10: amber
                    ("A4", "not-started", "2016-11-26"),  # as-of + 11: green
                    ("A5", "blocked", "2017-06-30"),  # blocked, far away: amber
                    ("A6", "blocked", "2016-11-01"),  # blocked and overdue: red
                    ("A7", "cancelled", "2016-01-01"),  # no RAG
                    ("A8", "complete", "2016-10-01"),  # blue
                ]
            ),
        }
    )
    result = lif("plan", "-C", str(root), "--as-of", "2016-11-15", "--format", "json")
    assert result.exit_code == 0, result.output
    rags = {a["id"]: a["rag"] for a in json.loads(result.stdout)}
    assert rags == {
        "AUD-1/A1": "red",
        "AUD-1/A2": "amber",
        "AUD-1/A3": "amber",
        "AUD-1/A4": "green",
        "AUD-1/A5": "amber",
        "AUD-1/A6": "red",
        "AUD-1/A7": None,
        "AUD-1/A8": "blue",
    }
    status = json.loads(
        lif("status", "-C", str(root), "--as-of", "2016-11-15", "--format", "json").stdout
    )
    assert status["actions"] == {"red": 2, "amber": 3, "green": 1, "blue": 1}
    assert status["overdue"] == ["AUD-1/A6", "AUD-1/A1"]  # oldest due date first
