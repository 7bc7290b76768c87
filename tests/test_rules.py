"""Layer 3 called directly: each rule on loaded records, edge by edge.

test_validate.py covers each rule end to end through the CLI; here the
boundaries: equal dates, the as-of date, cancelled actions, periods, counts.
"""

from __future__ import annotations

from datetime import date

import pytest

from lif_cli import loader
from lif_cli.checks import rules
from lif_cli.repo import WorkTree
from tests.test_validate import GOOD, PLAN, REVIEW

AS_OF = date(2016, 11, 15)


def found(make_repo, files, check, as_of: date = AS_OF):
    records = loader.load(WorkTree(make_repo(files)), use_cache=False)
    assert records.problems == [], records.problems
    problems = records.locate(check(records, as_of))
    return [(p.code, p.severity.value, p.file, p.line) for p in problems], problems


def test_equal_lifecycle_dates_are_in_order(make_repo):
    dates = "dates:\n  aware: 2016-01-08\n  notified: 2016-01-08\n  referred: 2016-01-08\n"
    dates += "  decided: 2016-01-08\n  started: 2016-01-08\n"
    assert found(make_repo, {"reviews/R1.yaml": REVIEW + dates}, rules.check_review_dates)[0] == []


def test_audit_dates_and_areas(make_repo):
    audit = (
        "id: SAA-1\ntype: single-agency\narea: neglect\ntitle: T\nstatus: reported\n"
        "dates: {planned: 2016-03-01, started: 2016-02-01, presented: 2016-04-01}\n"
    )
    rows, problems = found(make_repo, {"audits/SAA-1.yaml": audit}, rules.check_audits)
    assert rows == [
        ("invalid-value", "error", "audits/SAA-1.yaml", 3),
        ("date-order", "error", "audits/SAA-1.yaml", 6),
    ]
    assert problems[1].message == "started (2016-02-01) is before planned (2016-03-01)"
    multi = audit.replace("single-agency", "multi-agency").replace("2016-02-01", "2016-03-02")
    assert found(make_repo, {"audits/SAA-1.yaml": multi}, rules.check_audits)[0] == []


def _plan(extra_a1: str, status: str = "in-progress") -> dict[str, str]:
    plan = PLAN.replace(
        "    status: in-progress\n", f"    status: {status}\n{extra_a1}".replace("\\n", "\n"), 1
    )
    return {**GOOD, "actions/SCR-1.yaml": plan}


def test_a_completed_date_on_an_open_action_is_a_warning(make_repo):
    rows, problems = found(make_repo, _plan("    completed: 2016-10-01\n"), rules.check_actions)
    assert rows == [("completed-but-open", "warning", "actions/SCR-1.yaml", 9)]
    assert problems[0].message == "action A1 has a completed date but its status is in-progress"


def test_a_completion_after_the_as_of_date_is_a_warning(make_repo):
    extra = "    completed: 2016-12-01\n    evidence: Guidance issued\n"
    rows, _ = found(make_repo, _plan(extra, "complete"), rules.check_actions)
    assert rows == [("date-in-future", "warning", "actions/SCR-1.yaml", 9)]
    later = found(make_repo, _plan(extra, "complete"), rules.check_actions, date(2016, 12, 1))
    assert later[0] == []


def test_a_cancelled_action_has_no_rag(make_repo):
    rows, problems = found(make_repo, _plan("    rag: green\n", "cancelled"), rules.check_actions)
    assert rows == [("rag-mismatch", "warning", "actions/SCR-1.yaml", 9)]
    assert problems[0].message == (
        "action A1 is rated green by its owner but is unrated (cancelled) as of 2016-11-15"
    )


@pytest.mark.parametrize(
    ("as_of", "rag"),
    [
        (date(2017, 3, 31), "amber"),  # due today: not yet overdue
        (date(2017, 4, 1), "red"),
        (date(2017, 3, 1), "amber"),  # exactly amber_days (30) before the due date
        (date(2017, 2, 28), "green"),
    ],
)
def test_the_rag_check_uses_the_computed_rag_at_its_boundaries(make_repo, as_of, rag):
    files = _plan(f"    rag: {rag}\n")
    assert found(make_repo, files, rules.check_actions, as_of)[0] == []


def test_a_blocked_action_is_amber(make_repo):
    files = _plan("    rag: green\n", "blocked")
    rows, problems = found(make_repo, files, rules.check_actions)
    assert rows == [("rag-mismatch", "warning", "actions/SCR-1.yaml", 9)]
    assert "is amber as of" in problems[0].message


def test_training_counts_that_agree_are_quiet(make_repo):
    training = (
        "id: TR-1\ntitle: T\nplaces: 20\nattended: 20\n"
        "evaluations: {responses: 20, excellent: 5, good: 5, satisfactory: 5, poor: 5}\n"
    )
    assert found(make_repo, {"training/TR-1.yaml": training}, rules.check_training)[0] == []
    partial = "id: TR-1\ntitle: T\nevaluations: {responses: 20, excellent: 5}\n"
    assert found(make_repo, {"training/TR-1.yaml": partial}, rules.check_training)[0] == []


def test_indicator_periods_of_one_form_each_once(make_repo):
    indicator = (
        "id: i\ntitle: T\nbetter: lower\nlevel: priority\nvalues:\n"
        "  - {period: 2016-Q1, value: 1}\n  - {period: 2016-05, value: 2}\n"
        "  - {period: 2016-Q1, value: 3}\n"
    )
    rows, problems = found(make_repo, {"indicators/i.yaml": indicator}, rules.check_indicators)
    assert sorted(rows) == [
        ("duplicate-period", "error", "indicators/i.yaml", 8),
        ("missing-field", "warning", "indicators/i.yaml", 4),
        ("mixed-periods", "error", "indicators/i.yaml", 7),
    ]
    messages = {p.code: p.message for p in problems}
    assert messages["mixed-periods"] == (
        "period 2016-05 is a month (YYYY-MM), but this indicator's first period is "
        "a quarter (YYYY-Qn)"
    )
    assert messages["duplicate-period"] == "period 2016-Q1 has two values (first at values[0])"


def test_drilldown_answers(make_repo):
    drilldown = (
        "id: DD-1\nraised: 2016-03-10\nstatus: responded\nquestions:\n"
        "  - {id: Q1, text: Why?, to: csc, responded: 2016-04-01}\n"
        "  - {id: Q2, text: How?, to: csc, response: Checked, responded: 2016-03-01}\n"
    )
    rows, _ = found(make_repo, {"drilldowns/DD-1.yaml": drilldown}, rules.check_drilldowns)
    assert rows == [
        ("missing-field", "warning", "drilldowns/DD-1.yaml", 5),
        ("date-order", "error", "drilldowns/DD-1.yaml", 6),
    ]


def test_calendar_entries(make_repo):
    calendar = (
        "entries:\n  - {id: s11, title: S11, to: board, months: [3], every_years: 2}\n"
        "  - {id: lado, title: LADO, to: PIQAG, months: [1, 4, 4]}\n"
        "  - {id: cdop, title: CDOP, to: board, months: [6], every_years: 2, start_year: 2016}\n"
    )
    rows, _ = found(make_repo, {"calendar.yaml": calendar}, rules.check_calendar_entries)
    assert rows == [
        ("missing-field", "error", "calendar.yaml", 2),
        ("invalid-value", "error", "calendar.yaml", 3),
    ]


def test_a_notification_due_on_the_as_of_date_is_not_yet_late(make_repo):
    # Aware Friday 2016-11-04: the 5th working day after is Friday 2016-11-11.
    review = (
        REVIEW.replace("learning-review", "serious-case-review")
        + "criteria: {abuse_or_neglect: known, child_died: true}\ndates:\n  aware: 2016-11-04\n"
    )
    files = {"reviews/R1.yaml": review}
    assert found(make_repo, files, rules.check_review_dates, date(2016, 11, 11))[0] == []
    rows, problems = found(make_repo, files, rules.check_review_dates, date(2016, 11, 14))
    assert rows == [("timescale-missed", "warning", "reviews/R1.yaml", 7)]
    assert "the deadline 2016-11-11 has passed" in problems[0].message


def test_a_review_that_is_not_progressed_is_not_chased(make_repo):
    review = (
        REVIEW.replace("learning-review", "serious-case-review").replace(
            "referred", "not-progressed"
        )
        + "criteria: {abuse_or_neglect: known, child_died: true}\ndates:\n  aware: 2016-01-04\n"
    )
    assert found(make_repo, {"reviews/R1.yaml": review}, rules.check_review_dates)[0] == []
