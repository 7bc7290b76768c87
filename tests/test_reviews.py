"""Reviews as of a date: statutory timescales in working days, stage, dissemination."""

from __future__ import annotations

from datetime import date

from lif_cli.cli.options import load_records
from lif_cli.compute.plan import build_plan
from lif_cli.compute.reviews import is_published, review_states
from tests.conftest import EXAMPLE


def states(root, as_of: date):
    records = load_records(root)
    return {s.id: s for s in review_states(records, build_plan(records, as_of), as_of)}


def review(ident: str, type_: str, status: str, dates: dict[str, str], extra: str = "") -> str:
    lines = [f"id: {ident}", f"type: {type_}", "title: Child A", f"status: {status}", "dates:"]
    lines += [f"  {k}: {v}" for k, v in dates.items()] or ["  {}"]
    return "\n".join(lines) + "\n" + extra


def settings(framework: str) -> str:
    return f"partnership: Test\nframework: {framework}\nholidays: england\n"


# --- statutory timescales ------------------------------------------------------------


def test_notification_deadline_crosses_a_weekend_and_a_bank_holiday(make_repo):
    # Aware Thu 26 May 2016: Fri 27 is day 1; Sat, Sun and the spring bank holiday
    # (Mon 30 May) do not count; Tue 31, Wed 1, Thu 2, Fri 3 June are days 2-5.
    root = make_repo(
        {
            "lif.yaml": settings("wt2015"),
            "reviews/SCR-1.yaml": review(
                "SCR-1", "serious-case-review", "decided", {"aware": "2016-05-26"}
            ),
        }
    )
    s = states(root, date(2016, 5, 27))["SCR-1"]
    nxt = s.next_deadline
    assert nxt is not None
    assert (nxt.timescale.code, nxt.deadline, nxt.state) == (
        "notification",
        date(2016, 6, 3),
        "open",
    )
    assert nxt.working_days_left == 4  # 31 May, 1, 2, 3 June
    on_the_day = states(root, date(2016, 6, 3))["SCR-1"].next_deadline
    assert (on_the_day.state, on_the_day.working_days_left) == ("open", 0)
    # the Monday after: the deadline has passed by one working day
    late = states(root, date(2016, 6, 6))["SCR-1"].next_deadline
    assert (late.state, late.working_days_left) == ("overdue", -1)


def test_rapid_review_deadline_from_wt2018_crosses_christmas(make_repo):
    # Notified Thu 20 Dec 2018: 15 working days skip two weekends, Christmas Day,
    # Boxing Day and New Year's Day, landing on Tue 15 Jan 2019.
    # The area's arrangements took effect before the case, so it is a wt2018 case
    # (without `transitions:` the national date, 29 Sep 2019, would make it wt2015).
    root = make_repo(
        {
            "lif.yaml": settings("wt2018") + "transitions: {safeguarding_partners: 2018-09-01}\n",
            "reviews/RR-1.yaml": review(
                "RR-1",
                "rapid-review",
                "in-progress",
                {"aware": "2018-12-18", "notified": "2018-12-20"},
            ),
        }
    )
    s = states(root, date(2019, 1, 2))["RR-1"]
    codes = {t.timescale.code: t for t in s.timescales}
    assert codes["notification"].state == "met"
    assert codes["rapid-review"].deadline == date(2019, 1, 15)
    assert s.next_deadline.timescale.code == "rapid-review"
    assert s.next_deadline.working_days_left == 9  # 3, 4, 7, 8, 9, 10, 11, 14, 15 Jan


def test_wt2015_has_no_rapid_review_and_completion_runs_six_months(make_repo):
    root = make_repo(
        {
            "lif.yaml": settings("wt2015"),
            "reviews/SCR-1.yaml": review(
                "SCR-1",
                "serious-case-review",
                "in-progress",
                {"aware": "2016-05-26", "notified": "2016-06-03", "decided": "2016-06-21"},
            ),
        }
    )
    s = states(root, date(2016, 11, 15))["SCR-1"]
    assert [t.timescale.code for t in s.timescales] == ["notification", "completion"]
    assert s.next_deadline.deadline == date(2016, 12, 21)
    assert s.next_deadline.working_days_left == 26


def test_a_date_after_the_as_of_date_has_not_happened_yet(make_repo):
    root = make_repo(
        {
            "lif.yaml": settings("wt2015"),
            "reviews/SCR-1.yaml": review(
                "SCR-1",
                "serious-case-review",
                "decided",
                {"aware": "2016-05-26", "notified": "2016-06-03"},
            ),
        }
    )
    before = states(root, date(2016, 6, 1))["SCR-1"].next_deadline
    assert (before.timescale.code, before.state) == ("notification", "open")
    after = states(root, date(2016, 6, 6))["SCR-1"]
    assert after.next_deadline is None  # notification met; completion not started


def test_learning_reviews_have_no_statutory_timescale():
    s = states(EXAMPLE, date(2016, 11, 15))["LR-2016-01"]
    assert s.timescales == () and s.next_deadline is None
    assert s.in_progress and s.stage == "action-plan"


def test_example_review_in_progress():
    s = states(EXAMPLE, date(2016, 11, 15))["SCR-2016-02"]
    assert s.in_progress and s.stage == "review"
    assert (s.next_deadline.timescale.code, s.next_deadline.deadline) == (
        "completion",
        date(2016, 12, 21),
    )


# --- dissemination -----------------------------------------------------------------


def _published(activities: list[tuple[str, str | None]]) -> str:
    extra = "dissemination:\n" + "".join(
        f"  - {{activity: {a}" + (f", date: {d}}}\n" if d else "}\n") for a, d in activities
    )
    if not activities:
        extra = ""
    return review(
        "SCR-1",
        "serious-case-review",
        "published",
        {"decided": "2016-01-04", "report_received": "2016-05-01", "published": "2016-06-01"},
        extra,
    )


def test_dissemination_duties_recorded_and_missing(make_repo):
    root = make_repo(
        {
            "lif.yaml": settings("wt2015"),
            "reviews/SCR-1.yaml": _published(
                [
                    ("published", "2016-06-01"),
                    ("poster", "2016-06-10"),  # discharges the awareness duty
                    ("slides", None),  # undated: counts
                    ("practice-briefing", "2016-12-01"),  # after the as-of date: not yet
                ]
            ),
        }
    )
    s = states(root, date(2016, 11, 15))["SCR-1"]
    assert s.published
    assert {d.code: d.done for d in s.duties} == {
        "published": True,
        "training-reviewed": False,
        "awareness": True,
        "practice-briefing": False,
        "slides": True,
    }
    assert [d.code for d in s.missing_duties] == ["training-reviewed", "practice-briefing"]
    later = states(root, date(2016, 12, 1))["SCR-1"]
    assert [d.code for d in later.missing_duties] == ["training-reviewed"]


def test_only_published_reviews_owe_dissemination(make_repo):
    root = make_repo(
        {
            "lif.yaml": settings("wt2015"),
            "reviews/SCR-1.yaml": _published([]),
        }
    )
    assert states(root, date(2016, 5, 31))["SCR-1"].duties == ()  # published 1 June
    assert len(states(root, date(2016, 6, 1))["SCR-1"].missing_duties) == 5


def test_is_published_prefers_the_date_to_the_status():
    records = load_records(EXAMPLE)
    scr1 = next(r for r in records.models("reviews") if r.id == "SCR-2016-01")
    assert is_published(scr1, date(2016, 5, 3))
    assert not is_published(scr1, date(2016, 5, 2))
    assert states(EXAMPLE, date(2016, 11, 15))["SCR-2016-01"].missing_duties == []
