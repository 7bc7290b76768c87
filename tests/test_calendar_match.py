"""Tests for lif_cli.compute.calendar_match: the reporting-calendar rules of FORMAT.md."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lif_cli.compute.calendar_match import (
    DueMonth,
    business_year_months,
    business_year_of,
    due_months,
    entry_year_status,
    match_entry,
)

QUARTERLY_2016 = [(2016, 1), (2016, 4), (2016, 7), (2016, 10)]


def statuses(result: list[DueMonth]) -> dict[tuple[int, int], str]:
    return {(dm.year, dm.month): dm.status for dm in result}


# --- business years -------------------------------------------------------------


def test_business_year_from_april() -> None:
    months = business_year_months(2016, 4)
    assert len(months) == 12
    assert months[0] == (2016, 4)
    assert months[8] == (2016, 12)
    assert months[9] == (2017, 1)
    assert months[-1] == (2017, 3)


def test_business_year_from_january_is_the_calendar_year() -> None:
    assert business_year_months(2016, 1) == [(2016, m) for m in range(1, 13)]


def test_business_year_of() -> None:
    assert business_year_of(date(2016, 3, 31), 4) == 2015
    assert business_year_of(date(2016, 4, 1), 4) == 2016
    assert business_year_of(date(2016, 12, 31), 1) == 2016
    assert business_year_of(date(2017, 8, 31), 9) == 2016


def test_bad_year_start_month() -> None:
    with pytest.raises(ValueError):
        business_year_months(2016, 13)
    with pytest.raises(ValueError):
        business_year_of(date(2016, 1, 1), 0)


@given(
    d=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    start=st.integers(min_value=1, max_value=12),
)
def test_a_date_lies_in_its_business_year(d: date, start: int) -> None:
    assert (d.year, d.month) in business_year_months(business_year_of(d, start), start)


# --- due months ----------------------------------------------------------------------


def test_due_months_in_an_april_year() -> None:
    assert due_months([1, 4, 7, 10], 1, None, 2016, 4) == [
        (2016, 4),
        (2016, 7),
        (2016, 10),
        (2017, 1),
    ]


def test_biennial_counts_the_calendar_year_of_the_due_month() -> None:
    # Due January and June every two years from 2016: Jan 2016, Jun 2016, Jan 2018, ...
    assert due_months([1, 6], 2, 2016, 2015, 4) == [(2016, 1)]
    assert due_months([1, 6], 2, 2016, 2016, 4) == [(2016, 6)]
    assert due_months([1, 6], 2, 2016, 2017, 4) == [(2018, 1)]
    assert due_months([1, 6], 2, 2016, 2018, 4) == [(2018, 6)]
    assert due_months([3], 2, 2016, 2016, 1) == [(2016, 3)]
    assert due_months([3], 2, 2016, 2017, 1) == []


def test_nothing_is_due_before_start_year() -> None:
    assert due_months([1, 6], 2, 2016, 2014, 1) == []
    assert due_months([1, 6], 1, 2016, 2015, 4) == [(2016, 1)]


def test_due_months_validation() -> None:
    with pytest.raises(ValueError, match="start_year"):
        due_months([1], 2, None, 2016, 4)
    with pytest.raises(ValueError):
        due_months([13], 1, None, 2016, 4)
    with pytest.raises(ValueError):
        due_months([1], 0, None, 2016, 4)


# --- matching ------------------------------------------------------------------------


def test_format_worked_example() -> None:
    # FORMAT.md, calendar.yaml: due 1, 4, 7, 10; presented 18 Jan, 3 May and
    # 20 Jun 2016; as of 10 Aug 2016.
    presented = [
        ("R-jan", date(2016, 1, 18)),
        ("R-may", date(2016, 5, 3)),
        ("R-jun", date(2016, 6, 20)),
    ]
    result = match_entry(QUARTERLY_2016, presented, date(2016, 8, 10))
    assert result == [
        DueMonth(2016, 1, "received", ("R-jan",)),
        DueMonth(2016, 4, "late", ("R-may",)),
        DueMonth(2016, 7, "received", ("R-jun",)),
        DueMonth(2016, 10, "upcoming", ()),
    ]


def test_worked_example_through_the_business_year_wrapper() -> None:
    presented = [
        ("R-jan", date(2016, 1, 18)),
        ("R-may", date(2016, 5, 3)),
        ("R-jun", date(2016, 6, 20)),
    ]
    result = entry_year_status([1, 4, 7, 10], 1, 2016, presented, 2016, 1, date(2016, 8, 10))
    assert statuses(result) == {
        (2016, 1): "received",
        (2016, 4): "late",
        (2016, 7): "received",
        (2016, 10): "upcoming",
    }


def test_each_status() -> None:
    presented = [("on-time", date(2016, 1, 5)), ("late", date(2016, 5, 2))]
    result = match_entry(
        [(2016, 1), (2016, 4), (2016, 6), (2016, 7), (2016, 8)], presented, date(2016, 7, 15)
    )
    assert statuses(result) == {
        (2016, 1): "received",
        (2016, 4): "late",
        (2016, 6): "overdue",
        (2016, 7): "due",
        (2016, 8): "upcoming",
    }


def test_record_on_the_last_day_of_the_month_is_received() -> None:
    result = match_entry([(2016, 4)], [("R", date(2016, 4, 30))], date(2016, 4, 30))
    assert result == [DueMonth(2016, 4, "received", ("R",))]


def test_due_month_turns_overdue_the_day_after_it_ends() -> None:
    assert statuses(match_entry([(2016, 4)], [], date(2016, 4, 30))) == {(2016, 4): "due"}
    assert statuses(match_entry([(2016, 4)], [], date(2016, 5, 1))) == {(2016, 4): "overdue"}


def test_late_record_goes_to_the_latest_earlier_unsatisfied_month() -> None:
    # January and April both missed; the June record answers April, the later one.
    result = match_entry(QUARTERLY_2016, [("R", date(2016, 6, 1))], date(2016, 6, 30))
    assert result[:3] == [
        DueMonth(2016, 1, "overdue", ()),
        DueMonth(2016, 4, "late", ("R",)),
        DueMonth(2016, 7, "upcoming", ()),
    ]


def test_late_record_skips_satisfied_months() -> None:
    # April is received, January is not: a May record is January's, late.
    presented = [("apr", date(2016, 4, 12)), ("may", date(2016, 5, 9))]
    result = match_entry(QUARTERLY_2016, presented, date(2016, 5, 31))
    assert result[:2] == [
        DueMonth(2016, 1, "late", ("may",)),
        DueMonth(2016, 4, "received", ("apr",)),
    ]


def test_early_record_counts_for_the_next_due_month() -> None:
    presented = [("jan", date(2016, 1, 10)), ("early", date(2016, 3, 20))]
    result = match_entry(QUARTERLY_2016, presented, date(2016, 3, 31))
    assert result[:2] == [
        DueMonth(2016, 1, "received", ("jan",)),
        DueMonth(2016, 4, "received", ("early",)),
    ]


def test_several_records_for_one_due_month() -> None:
    presented = [
        ("b", date(2016, 4, 20)),
        ("a", date(2016, 4, 20)),
        ("first", date(2016, 4, 2)),
        ("early", date(2016, 3, 15)),
    ]
    result = match_entry([(2016, 4)], presented, date(2016, 5, 1))
    # Presented-date order, ties by id.
    assert result == [DueMonth(2016, 4, "received", ("early", "first", "a", "b"))]


def test_records_after_as_of_are_ignored() -> None:
    presented = [("future", date(2016, 4, 20))]
    assert match_entry([(2016, 4)], presented, date(2016, 4, 19)) == [DueMonth(2016, 4, "due", ())]
    # It would otherwise have been late for January.
    result = match_entry([(2016, 1), (2016, 4)], [("R", date(2016, 3, 1))], date(2016, 2, 29))
    assert statuses(result) == {(2016, 1): "overdue", (2016, 4): "upcoming"}


def test_record_outside_every_due_month_is_left_out() -> None:
    assert match_entry([], [("R", date(2016, 3, 1))], date(2016, 12, 31)) == []


def test_record_order_not_input_order_decides() -> None:
    # The May record is processed first whatever the input order, so it takes April.
    forward = [("may", date(2016, 5, 3)), ("jun", date(2016, 6, 20))]
    result = match_entry(QUARTERLY_2016[1:3], list(reversed(forward)), date(2016, 8, 1))
    assert [dm.records for dm in result] == [("may",), ("jun",)]


# --- business years and the wider window -------------------------------------------


def test_april_business_year() -> None:
    presented = [
        ("q1", date(2016, 4, 14)),
        ("q2", date(2016, 7, 30)),
        ("q3", date(2016, 11, 3)),
    ]
    result = entry_year_status([4, 7, 10, 1], 1, None, presented, 2016, 4, date(2017, 2, 1))
    assert result == [
        DueMonth(2016, 4, "received", ("q1",)),
        DueMonth(2016, 7, "received", ("q2",)),
        DueMonth(2016, 10, "late", ("q3",)),
        DueMonth(2017, 1, "overdue", ()),
    ]


def test_january_return_presented_the_previous_december() -> None:
    # Business years are calendar years here, so the December record lies in
    # the business year before the January it answers.
    presented = [("ret-2016", date(2016, 1, 20)), ("ret-2017", date(2016, 12, 15))]
    result = entry_year_status([1], 1, None, presented, 2017, 1, date(2017, 2, 1))
    assert result == [DueMonth(2017, 1, "received", ("ret-2017",))]


def test_december_record_is_late_when_last_january_was_missed() -> None:
    # With nothing for January 2016, the contract makes a December record late
    # for it rather than early for January 2017.
    presented = [("ret", date(2016, 12, 15))]
    last_year = entry_year_status([1], 1, None, presented, 2016, 1, date(2017, 2, 1))
    this_year = entry_year_status([1], 1, None, presented, 2017, 1, date(2017, 2, 1))
    assert last_year == [DueMonth(2016, 1, "late", ("ret",))]
    assert this_year == [DueMonth(2017, 1, "overdue", ())]


def test_march_return_presented_in_may_is_late_across_the_year_end() -> None:
    presented = [("march", date(2016, 5, 9))]
    prior = entry_year_status([3], 1, None, presented, 2015, 4, date(2016, 6, 1))
    current = entry_year_status([3], 1, None, presented, 2016, 4, date(2016, 6, 1))
    assert prior == [DueMonth(2016, 3, "late", ("march",))]
    assert current == [DueMonth(2017, 3, "upcoming", ())]


def test_records_long_before_the_year_do_not_count() -> None:
    presented = [("old", date(2013, 6, 1))]
    result = entry_year_status([6], 1, None, presented, 2016, 4, date(2016, 7, 1))
    assert result == [DueMonth(2016, 6, "overdue", ())]


def test_biennial_entry_year_status() -> None:
    # Section 11 self-assessment due every two years in March from 2016.
    presented = [("s11-2016", date(2016, 3, 15)), ("s11-2018", date(2018, 4, 10))]
    as_of = date(2018, 6, 1)
    assert entry_year_status([3], 2, 2016, presented, 2015, 4, as_of) == [
        DueMonth(2016, 3, "received", ("s11-2016",))
    ]
    assert entry_year_status([3], 2, 2016, presented, 2016, 4, as_of) == []
    assert entry_year_status([3], 2, 2016, presented, 2017, 4, as_of) == [
        DueMonth(2018, 3, "late", ("s11-2018",))
    ]


def test_biennial_early_submission_a_year_ahead() -> None:
    # Presented in 2017, a year with nothing due, it counts early for 2018.
    presented = [("s11-2016", date(2016, 3, 15)), ("early", date(2017, 9, 1))]
    result = entry_year_status([3], 2, 2016, presented, 2017, 4, date(2017, 10, 1))
    assert result == [DueMonth(2018, 3, "received", ("early",))]


def test_viewing_a_past_year_sees_later_records() -> None:
    # As of 2019 the January 2016 return, presented in March 2016, is late.
    presented = [("jan", date(2016, 3, 1)), ("jan-2017", date(2017, 1, 9))]
    result = entry_year_status([1], 1, 2016, presented, 2016, 1, date(2019, 1, 1))
    assert result == [DueMonth(2016, 1, "late", ("jan",))]


_MONTHS = st.tuples(st.integers(2015, 2017), st.integers(1, 12))


@given(
    due=st.lists(_MONTHS, max_size=12),
    days=st.lists(st.dates(min_value=date(2014, 6, 1), max_value=date(2018, 6, 30)), max_size=10),
    as_of=st.dates(min_value=date(2015, 1, 1), max_value=date(2018, 1, 1)),
)
def test_match_entry_invariants(due: list[tuple[int, int]], days: list[date], as_of: date) -> None:
    presented = [(f"R{i}", d) for i, d in enumerate(days)]
    result = match_entry(due, presented, as_of)
    assert [(dm.year, dm.month) for dm in result] == sorted(set(due))
    ids = [record for dm in result for record in dm.records]
    assert len(ids) == len(set(ids))
    when = dict(presented)
    assert all(when[record] <= as_of for record in ids)
    for dm in result:
        if dm.records:
            assert dm.status in ("received", "late")
        else:
            assert dm.status in ("overdue", "due", "upcoming")
    # With any due month, the first record presented always finds one.
    if due and any(d <= as_of for d in days):
        assert ids
