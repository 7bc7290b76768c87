"""Tests for lif_cli.working_days: holiday calendars, working days, months, the table."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Container
from datetime import date, timedelta
from functools import cache
from importlib.metadata import version
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import gen_bank_holidays
from lif_cli import bank_holidays
from lif_cli.working_days import (
    HOLIDAY_CALENDARS,
    add_months,
    add_working_days,
    holiday_calendar,
    working_days_between,
)

# --- holiday calendars ------------------------------------------------------


def test_england_excludes_weekends_and_bank_holidays() -> None:
    cal = holiday_calendar("england")
    assert cal.is_working_day(date(2016, 12, 23))  # Friday
    assert not cal.is_working_day(date(2016, 12, 24))  # Saturday
    assert not cal.is_working_day(date(2016, 12, 26))  # Boxing Day
    assert not cal.is_working_day(date(2016, 12, 27))  # Christmas Day substitute
    assert not cal.is_working_day(date(2016, 3, 25))  # Good Friday
    assert not cal.is_working_day(date(2016, 3, 28))  # Easter Monday


def test_calendars_differ_by_nation() -> None:
    easter_monday = date(2016, 3, 28)
    second_january = date(2017, 1, 2)  # substitute day in England; 2 Jan is a holiday in Scotland
    st_patricks = date(2016, 3, 17)
    assert not holiday_calendar("wales").is_working_day(easter_monday)
    assert holiday_calendar("scotland").is_working_day(easter_monday)
    assert not holiday_calendar("scotland").is_working_day(second_january)
    assert not holiday_calendar("northern-ireland").is_working_day(st_patricks)
    assert holiday_calendar("england").is_working_day(st_patricks)


def test_none_calendar_only_skips_weekends() -> None:
    cal = holiday_calendar("none")
    assert cal.is_working_day(date(2016, 12, 26))
    assert not cal.is_working_day(date(2016, 12, 25))  # a Sunday


def test_calendar_is_cached_per_name() -> None:
    assert holiday_calendar("england") is holiday_calendar("england")
    assert holiday_calendar("england") is not holiday_calendar("wales")


def test_unknown_calendar_lists_valid_names() -> None:
    with pytest.raises(ValueError) as err:
        holiday_calendar("france")
    for name in HOLIDAY_CALENDARS:
        assert name in str(err.value)


# --- working days -------------------------------------------------------------


def test_deadline_crossing_christmas_weekend_and_substitute_days() -> None:
    # Thu 22 Dec 2016: Fri 23 (1), Sat/Sun, Mon 26 and Tue 27 bank holidays,
    # Wed 28 (2), Thu 29 (3), Fri 30 (4), Mon 2 Jan holiday, Tue 3 Jan (5).
    assert add_working_days(date(2016, 12, 22), 5, "england") == date(2017, 1, 3)


def test_deadline_crossing_easter() -> None:
    # Thu 24 Mar 2016: Good Friday 25, weekend, Easter Monday 28, then Tue 29 (1).
    assert add_working_days(date(2016, 3, 24), 1, "england") == date(2016, 3, 29)
    assert add_working_days(date(2016, 3, 24), 5, "england") == date(2016, 4, 4)
    # Scotland keeps Easter Monday as a working day.
    assert add_working_days(date(2016, 3, 24), 1, "scotland") == date(2016, 3, 28)


def test_start_day_is_not_counted_even_from_a_weekend() -> None:
    assert add_working_days(date(2016, 1, 9), 1, "england") == date(2016, 1, 11)  # Sat -> Mon
    assert add_working_days(date(2016, 1, 11), 0, "england") == date(2016, 1, 11)


def test_negative_working_days_rejected() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2016, 1, 11), -1, "england")


def test_working_days_between() -> None:
    assert working_days_between(date(2016, 12, 22), date(2017, 1, 3), "england") == 5
    assert working_days_between(date(2017, 1, 3), date(2016, 12, 22), "england") == -5
    assert working_days_between(date(2016, 3, 24), date(2016, 3, 28), "england") == 0
    assert working_days_between(date(2016, 3, 24), date(2016, 3, 28), "scotland") == 1
    assert working_days_between(date(2016, 1, 11), date(2016, 1, 11), "england") == 0


@given(
    start=st.dates(min_value=date(2014, 1, 1), max_value=date(2026, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
    name=st.sampled_from(sorted(HOLIDAY_CALENDARS)),
)
def test_working_days_round_trip(start: date, n: int, name: str) -> None:
    end = add_working_days(start, n, name)
    assert working_days_between(start, end, name) == n
    assert n == 0 or holiday_calendar(name).is_working_day(end)


# --- the bank-holiday table and fast working-day arithmetic --------------------

# The working-day rules as first written: walk day by day, asking the `holidays`
# package itself. The fast arithmetic must agree with it everywhere.


@cache
def _library_calendar(name: str) -> Container[date]:
    subdiv = HOLIDAY_CALENDARS[name]
    if subdiv is None:
        return frozenset()
    return holidays.country_holidays("GB", subdiv=subdiv)


def _reference_is_working_day(d: date, name: str) -> bool:
    return d.weekday() < 5 and d not in _library_calendar(name)


def _reference_add(start: date, n: int, name: str) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        if _reference_is_working_day(day, name):
            n -= 1
    return day


def _reference_between(start: date, end: date, name: str) -> int:
    if end < start:
        return -_reference_between(end, start, name)
    days = (start + timedelta(offset) for offset in range(1, (end - start).days + 1))
    return sum(1 for d in days if _reference_is_working_day(d, name))


# Beyond the table at both ends, so the fallback to the package is compared too.
_ANY_DAY = st.dates(
    min_value=date(bank_holidays.FIRST_YEAR - 3, 1, 1),
    max_value=date(bank_holidays.LAST_YEAR + 3, 12, 31),
)
# Days around Christmas, New Year and Easter, where holidays meet weekends.
_AWKWARD_DAY = st.one_of(
    st.builds(
        date,
        st.integers(bank_holidays.FIRST_YEAR - 2, bank_holidays.LAST_YEAR + 2),
        st.just(12),
        st.integers(18, 31),
    ),
    st.builds(
        lambda year, day: date(year, 3, 15) + timedelta(day),
        st.integers(bank_holidays.FIRST_YEAR - 2, bank_holidays.LAST_YEAR + 2),
        st.integers(0, 45),
    ),
)
_NAME = st.sampled_from(sorted(HOLIDAY_CALENDARS))


def test_table_covers_every_nation_and_year() -> None:
    nations = {name for name, subdiv in HOLIDAY_CALENDARS.items() if subdiv is not None}
    assert set(bank_holidays.BANK_HOLIDAYS) == nations
    span = list(range(bank_holidays.FIRST_YEAR, bank_holidays.LAST_YEAR + 1))
    for years in bank_holidays.BANK_HOLIDAYS.values():
        assert list(years) == span
    assert bank_holidays.FIRST_YEAR <= 1990 and bank_holidays.LAST_YEAR >= 2050


def test_table_equals_the_holidays_package() -> None:
    # Fails after a `holidays` upgrade that moves a date: rerun
    # benchmarks/gen_bank_holidays.py and review the change.
    for name, years in bank_holidays.BANK_HOLIDAYS.items():
        subdiv = HOLIDAY_CALENDARS[name]
        for year, days in years.items():
            listed = holidays.country_holidays("GB", subdiv=subdiv, years=year)
            expected = " ".join(d.strftime("%m-%d") for d in sorted(listed))
            assert days == expected, f"{name} {year}"


def test_generator_output_equals_the_committed_module() -> None:
    committed = Path(bank_holidays.__file__).read_text(encoding="utf-8")
    assert gen_bank_holidays.render() == committed
    assert f"from holidays {version('holidays')}\n" in committed


def test_years_outside_the_table_come_from_the_package() -> None:
    before = date(bank_holidays.FIRST_YEAR - 1, 12, 25)
    after = date(bank_holidays.LAST_YEAR + 1, 12, 25)
    for d in (before, after):
        d = d if d.weekday() < 5 else d + timedelta(7 - d.weekday())  # a weekday 25-27 Dec
        assert not holiday_calendar("england").is_working_day(d)
        assert holiday_calendar("none").is_working_day(d)
    assert holiday_calendar("england").weekday_holidays(bank_holidays.LAST_YEAR + 1) == tuple(
        sorted(
            d
            for d in holidays.country_holidays(
                "GB", subdiv="ENG", years=bank_holidays.LAST_YEAR + 1
            )
            if d.weekday() < 5
        )
    )


def test_a_run_inside_the_table_never_imports_the_package() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from lif_cli.working_days import add_working_days, working_days_between\n"
        "for name in ('england', 'wales', 'scotland', 'northern-ireland', 'none'):\n"
        "    due = add_working_days(date(2016, 12, 22), 15, name)\n"
        "    working_days_between(date(2016, 11, 15), due, name)\n"
        "print('holidays' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


@settings(max_examples=400, deadline=None)  # no timing assertion: a shared machine
@given(start=st.one_of(_ANY_DAY, _AWKWARD_DAY), n=st.integers(0, 80), name=_NAME)
def test_add_working_days_matches_a_day_by_day_walk(start: date, n: int, name: str) -> None:
    assert add_working_days(start, n, name) == _reference_add(start, n, name)


@settings(max_examples=400, deadline=None)
@given(
    start=st.one_of(_ANY_DAY, _AWKWARD_DAY),
    span=st.integers(-800, 800),
    name=_NAME,
)
def test_working_days_between_matches_a_day_by_day_walk(start: date, span: int, name: str) -> None:
    end = start + timedelta(span)
    assert working_days_between(start, end, name) == _reference_between(start, end, name)


@settings(max_examples=200)
@given(day=st.one_of(_ANY_DAY, _AWKWARD_DAY), name=_NAME)
def test_is_working_day_matches_the_package(day: date, name: str) -> None:
    assert holiday_calendar(name).is_working_day(day) == _reference_is_working_day(day, name)


def test_long_spans_across_the_table_edges() -> None:
    start, end = date(bank_holidays.FIRST_YEAR - 2, 6, 1), date(bank_holidays.FIRST_YEAR + 2, 6, 1)
    for name in HOLIDAY_CALENDARS:
        assert working_days_between(start, end, name) == _reference_between(start, end, name)
        assert working_days_between(end, start, name) == -_reference_between(start, end, name)
        assert add_working_days(start, 1000, name) == _reference_add(start, 1000, name)
    late = date(bank_holidays.LAST_YEAR - 1, 12, 20)
    assert add_working_days(late, 300, "scotland") == _reference_add(late, 300, "scotland")


def test_every_weekday_start_across_christmas_and_new_year() -> None:
    # Each start from mid-December to mid-January of a few years, each length up
    # to 15 working days: the bank holidays here sit next to weekends.
    for year in (2015, 2016, 2020, 2021, 2022, 2027):
        for offset in range(35):
            start = date(year, 12, 10) + timedelta(offset)
            for n in range(16):
                for name in ("england", "scotland", "northern-ireland"):
                    assert add_working_days(start, n, name) == _reference_add(start, n, name)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2016, 2, 2), 6) == date(2016, 8, 2)
    assert add_months(date(2016, 8, 31), 6) == date(2017, 2, 28)
    assert add_months(date(2015, 8, 31), 6) == date(2016, 2, 29)
    assert add_months(date(2016, 9, 15), 6) == date(2017, 3, 15)
