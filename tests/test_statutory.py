"""Tests for lif_cli.statutory: working days, timescales, criteria and fixed lists."""

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
from lif_cli.statutory import (
    CDOP_CATEGORIES,
    DEFAULT_S11_STANDARDS,
    DISSEMINATION_DUTIES,
    FRAMEWORKS,
    HOLIDAY_CALENDARS,
    TIMESCALES,
    DutyStatus,
    Timescale,
    add_months,
    add_working_days,
    criteria_problems,
    deadline,
    dissemination_gaps,
    dissemination_status,
    holiday_calendar,
    timescale_status,
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
        "from lif_cli.statutory import add_working_days, working_days_between\n"
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


# --- timescales -----------------------------------------------------------------


def _codes(framework: str) -> list[str]:
    return [t.code for t in TIMESCALES[framework]]


def test_each_framework_has_its_timescales() -> None:
    assert set(TIMESCALES) == set(FRAMEWORKS)
    assert _codes("wt2015") == ["notification", "completion"]
    assert _codes("wt2018") == ["notification", "rapid-review", "completion"]
    assert _codes("wt2023") == ["notification", "rapid-review", "completion"]


def test_timescale_fields_follow_the_contract() -> None:
    by_code = {t.code: t for t in TIMESCALES["wt2015"]}
    assert (by_code["notification"].start, by_code["notification"].end) == ("aware", "notified")
    assert by_code["notification"].working_days == 5
    assert (by_code["completion"].start, by_code["completion"].end) == (
        "decided",
        "report_received",
    )
    assert by_code["completion"].months == 6
    for framework in ("wt2018", "wt2023"):
        by_code = {t.code: t for t in TIMESCALES[framework]}
        rapid = by_code["rapid-review"]
        assert (rapid.start, rapid.end, rapid.working_days) == ("notified", "rapid_review", 15)
        assert "Panel" in by_code["notification"].title
        assert (by_code["completion"].end, by_code["completion"].months) == ("published", 6)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_timescale_is_sourced_and_well_formed(framework: str) -> None:
    for t in TIMESCALES[framework]:
        assert "Working Together" in t.source
        assert (t.working_days is None) != (t.months is None)
        assert t.applies_to


def test_applies_to() -> None:
    by_code = {t.code: t for t in TIMESCALES["wt2023"]}
    assert "rapid-review" in by_code["rapid-review"].applies_to
    assert "rapid-review" not in by_code["completion"].applies_to
    assert "learning-review" not in by_code["notification"].applies_to


def test_deadline_in_working_days_and_months() -> None:
    notify, complete = TIMESCALES["wt2015"]
    assert deadline(notify, date(2016, 12, 22), "england") == date(2017, 1, 3)
    assert deadline(complete, date(2016, 8, 31), "england") == date(2017, 2, 28)


def test_deadline_needs_a_length() -> None:
    bad = Timescale("x", "x", "aware", "notified", None, None, "nowhere", ())
    with pytest.raises(ValueError):
        deadline(bad, date(2016, 1, 1), "england")


def _states(results: list) -> dict[str, str]:
    return {r.timescale.code: r.state for r in results}


def test_timescale_met_missed_and_not_started() -> None:
    dates = {
        "aware": date(2016, 1, 8),  # Friday; deadline Fri 15 Jan
        "notified": date(2016, 1, 18),
        "decided": date(2016, 2, 2),
        "report_received": date(2016, 8, 2),
    }
    results = timescale_status("serious-case-review", dates, "wt2015", "england", date(2016, 9, 1))
    assert _states(results) == {"notification": "missed", "completion": "met"}
    notify = results[0]
    assert notify.start_date == date(2016, 1, 8)
    assert notify.deadline == date(2016, 1, 15)
    assert notify.met_on == date(2016, 1, 18)
    assert notify.working_days_left is None

    results = timescale_status("serious-case-review", {}, "wt2015", "england", date(2016, 9, 1))
    assert _states(results) == {"notification": "not-started", "completion": "not-started"}
    assert all(r.deadline is None and r.working_days_left is None for r in results)


def test_timescale_open_counts_working_days_left() -> None:
    dates = {"aware": date(2016, 12, 22), "notified": None}
    results = timescale_status("rapid-review", dates, "wt2018", "england", date(2016, 12, 23))
    notify = results[0]
    assert notify.state == "open"
    assert notify.deadline == date(2017, 1, 3)
    assert notify.working_days_left == 4
    on_deadline = timescale_status("rapid-review", dates, "wt2018", "england", date(2017, 1, 3))
    assert on_deadline[0].state == "open"
    assert on_deadline[0].working_days_left == 0


def test_timescale_overdue_is_negative() -> None:
    dates = {"aware": date(2016, 12, 22)}
    results = timescale_status("rapid-review", dates, "wt2023", "england", date(2017, 1, 5))
    assert results[0].state == "overdue"
    assert results[0].working_days_left == -2
    # Saturday after a Friday deadline: no working day has passed, still negative.
    dates = {"aware": date(2016, 1, 8)}
    results = timescale_status("rapid-review", dates, "wt2023", "england", date(2016, 1, 16))
    assert results[0].deadline == date(2016, 1, 15)
    assert results[0].state == "overdue"
    assert results[0].working_days_left == -1


def test_rapid_review_runs_from_the_notification() -> None:
    dates = {
        "aware": date(2019, 1, 2),
        "notified": date(2019, 1, 7),
        "rapid_review": date(2019, 1, 28),
    }
    results = timescale_status("rapid-review", dates, "wt2018", "england", date(2019, 2, 1))
    rapid = {r.timescale.code: r for r in results}["rapid-review"]
    assert rapid.deadline == date(2019, 1, 28)
    assert rapid.state == "met"


def test_practice_review_completion_is_publication() -> None:
    dates = {"decided": date(2020, 3, 2), "report_received": date(2020, 8, 1)}
    results = timescale_status(
        "child-safeguarding-practice-review", dates, "wt2023", "england", date(2020, 10, 1)
    )
    completion = {r.timescale.code: r for r in results}["completion"]
    assert completion.deadline == date(2020, 9, 2)
    assert completion.state == "overdue"
    assert completion.met_on is None


def test_timescales_by_review_type() -> None:
    as_of = date(2020, 1, 1)
    assert _codes_for("rapid-review", "wt2018", as_of) == ["notification", "rapid-review"]
    assert _codes_for("learning-review", "wt2018", as_of) == []
    assert _codes_for("child-death-review", "wt2015", as_of) == []


def _codes_for(review_type: str, framework: str, as_of: date) -> list[str]:
    return [r.timescale.code for r in timescale_status(review_type, {}, framework, "none", as_of)]


def test_timescale_status_rejects_unknown_framework() -> None:
    with pytest.raises(ValueError, match="wt2015"):
        timescale_status("rapid-review", {}, "wt2030", "england", date(2020, 1, 1))


# --- criteria ---------------------------------------------------------------------

SCR_MET_BY_DEATH = {"abuse_or_neglect": "suspected", "child_died": True}
SCR_MET_BY_HARM = {
    "abuse_or_neglect": "known",
    "child_died": False,
    "seriously_harmed": True,
    "concern_about_working_together": True,
}


@pytest.mark.parametrize("criteria", [SCR_MET_BY_DEATH, SCR_MET_BY_HARM])
def test_scr_criteria_met(criteria: dict[str, object]) -> None:
    assert criteria_problems("serious-case-review", criteria, "wt2015") == []


def test_death_in_custody_always_meets_scr_test() -> None:
    criteria = {"abuse_or_neglect": "none", "child_died": True, "died_in_custody": True}
    assert criteria_problems("serious-case-review", criteria, "wt2015") == []


@pytest.mark.parametrize(
    ("criteria", "phrase"),
    [
        ({"abuse_or_neglect": "none", "child_died": True}, "abuse or neglect"),
        ({"abuse_or_neglect": "suspected", "child_died": False}, "neither died"),
        (
            {"abuse_or_neglect": "suspected", "seriously_harmed": True},
            "worked together",
        ),
        (
            {
                "abuse_or_neglect": "suspected",
                "seriously_harmed": True,
                "concern_about_working_together": False,
            },
            "worked together",
        ),
    ],
)
def test_scr_criteria_not_met(criteria: dict[str, object], phrase: str) -> None:
    problems = criteria_problems("serious-case-review", criteria, "wt2015")
    assert len(problems) == 1
    assert phrase in problems[0]
    assert "reg 5(2)" in problems[0]


def test_practice_review_criteria() -> None:
    harmed = {"abuse_or_neglect": "suspected", "seriously_harmed": True}
    for framework in ("wt2018", "wt2023"):
        # No working-together concern is needed after 2018.
        assert criteria_problems("child-safeguarding-practice-review", harmed, framework) == []
        problems = criteria_problems(
            "child-safeguarding-practice-review",
            {"abuse_or_neglect": "none", "child_died": True},
            framework,
        )
        assert len(problems) == 1
        assert "s16C" in problems[0]
    problems = criteria_problems("rapid-review", {"abuse_or_neglect": "known"}, "wt2018")
    assert problems and "neither died" in problems[0]


def test_missing_criteria() -> None:
    assert criteria_problems("serious-case-review", {}, "wt2015") == [
        "statutory criteria are not recorded"
    ]
    assert criteria_problems("learning-review", {}, "wt2015") == []
    assert criteria_problems("child-death-review", {}, "wt2023") == []


def test_review_type_out_of_its_framework() -> None:
    problems = criteria_problems("serious-case-review", SCR_MET_BY_DEATH, "wt2018")
    assert problems == [
        "serious case reviews were replaced by child safeguarding practice reviews under "
        "wt2018; use child-safeguarding-practice-review"
    ]
    problems = criteria_problems("child-safeguarding-practice-review", SCR_MET_BY_DEATH, "wt2015")
    assert len(problems) == 1
    assert "wt2015" in problems[0]


def test_only_real_booleans_count() -> None:
    criteria = {"abuse_or_neglect": "suspected", "child_died": "yes"}
    assert criteria_problems("serious-case-review", criteria, "wt2015") != []


def test_criteria_problems_rejects_unknown_framework() -> None:
    with pytest.raises(ValueError):
        criteria_problems("serious-case-review", SCR_MET_BY_DEATH, "wt1999")


# --- fixed lists ------------------------------------------------------------------


def test_cdop_categories() -> None:
    assert sorted(CDOP_CATEGORIES) == list(range(1, 11))
    assert CDOP_CATEGORIES[1] == "deliberately inflicted injury, abuse or neglect"
    assert CDOP_CATEGORIES[8] == "perinatal/neonatal event"
    assert CDOP_CATEGORIES[10] == "sudden unexpected, unexplained death"


def test_default_s11_standards() -> None:
    assert [sid for sid, _ in DEFAULT_S11_STANDARDS] == [f"S{i}" for i in range(1, 9)]
    titles = dict(DEFAULT_S11_STANDARDS)
    assert titles["S1"] == (
        "Senior management commitment to safeguarding and promoting children's welfare"
    )
    assert titles["S6"] == "Safer recruitment and vetting"
    assert titles["S8"] == "Effective information sharing"


# --- dissemination ----------------------------------------------------------------


def test_dissemination_duties() -> None:
    assert [d.code for d in DISSEMINATION_DUTIES] == [
        "published",
        "training-reviewed",
        "awareness",
        "practice-briefing",
        "slides",
    ]
    code, title, activities = DISSEMINATION_DUTIES[2]
    assert code == "awareness"
    assert activities == {"roadshow", "poster", "briefing"}
    assert title


def test_dissemination_all_done() -> None:
    activities = ["published", "training-updated", "poster", "practice-briefing", "slides"]
    assert dissemination_gaps(activities) == []
    assert all(s.done for s in dissemination_status(activities))


def test_dissemination_gaps() -> None:
    gaps = dissemination_gaps(iter(["briefing", "other"]))
    titles = {d.code: d.title for d in DISSEMINATION_DUTIES}
    assert gaps == [
        titles["published"],
        titles["training-reviewed"],
        titles["practice-briefing"],
        titles["slides"],
    ]
    status = dissemination_status(["published"])
    assert status[0] == DutyStatus("published", titles["published"], True)
    assert [s.done for s in status] == [True, False, False, False, False]
