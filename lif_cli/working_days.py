"""Working days and months: the date arithmetic behind lif's statutory timescales.

A timescale runs either in working days or in months. A working day is a
Monday to Friday that is not a bank holiday of the lif.yaml `holidays:`
calendar (a UK nation, or `none` for weekends only); "within n working days
of D" ends on the nth working day after D, D itself not counted. A month
timescale ends on the same day n months later, or the month's last day when
that day does not exist. docs/STATUTORY.md ("Working days") states the rules.

Bank holidays come from the generated table in lif_cli.bank_holidays for the
years it covers and from the `holidays` package outside them, each imported
only when first needed. The timescales themselves, with their sources, live in
lif_cli.statutory and lif_cli.frameworks, which import this module; it imports
nothing else of lif's and reads neither files nor the clock.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

# lif.yaml `holidays` value -> subdivision of holidays.country_holidays("GB", ...).
# None means no bank holidays at all (weekends are still excluded).
HOLIDAY_CALENDARS: dict[str, str | None] = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
    "none": None,
}


@dataclass(frozen=True)
class WorkingCalendar:
    """A bank-holiday calendar: which days count as working days.

    `subdivision` is the GB subdivision the `holidays` package knows it by, or
    None for no bank holidays at all. The bank holidays of a year come from the
    generated table in lif_cli.bank_holidays when it covers the year, else from
    the `holidays` package; either way each year is read once and kept.
    """

    name: str
    subdivision: str | None
    _years: dict[int, tuple[date, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def is_working_day(self, d: date) -> bool:
        """True when `d` is a weekday that is not a bank holiday."""
        if d.weekday() >= 5:
            return False
        holidays = self.weekday_holidays(d.year)
        i = bisect_left(holidays, d)
        return i == len(holidays) or holidays[i] != d

    def weekday_holidays(self, year: int) -> tuple[date, ...]:
        """The bank holidays of `year` that fall Monday to Friday, in order."""
        found = self._years.get(year)
        if found is None:
            found = tuple(
                d for d in _bank_holidays(self.name, self.subdivision, year) if d.weekday() < 5
            )
            self._years[year] = found
        return found

    def holidays_between(self, start: date, end: date) -> int:
        """Weekday bank holidays after `start` up to and including `end` (`start` <= `end`)."""
        count = 0
        for year in range(start.year, end.year + 1):
            holidays = self.weekday_holidays(year)
            if not holidays:
                continue
            low = bisect_right(holidays, start) if year == start.year else 0
            high = bisect_right(holidays, end) if year == end.year else len(holidays)
            count += high - low
        return count


def _bank_holidays(name: str, subdivision: str | None, year: int) -> list[date]:
    # Sorted bank holidays of one year, weekends included.
    if subdivision is None:
        return []
    # Imported here: most commands never count a working day.
    from lif_cli import bank_holidays

    if bank_holidays.FIRST_YEAR <= year <= bank_holidays.LAST_YEAR:
        days = bank_holidays.BANK_HOLIDAYS[name][year].split()
        return [date(year, int(md[:2]), int(md[3:])) for md in days]
    # Outside the table's span: the package itself, imported only here because
    # importing it costs a CLI run more than the check it serves.
    import holidays

    listed = holidays.country_holidays("GB", subdiv=subdivision, years=year)
    return sorted(d for d in listed if d.year == year)


def holiday_calendar(name: str) -> WorkingCalendar:
    """The working-day calendar for a lif.yaml `holidays` value.

    Raises ValueError naming the valid values when `name` is not one of them.
    """
    if name not in HOLIDAY_CALENDARS:
        valid = ", ".join(HOLIDAY_CALENDARS)
        raise ValueError(f"unknown holiday calendar {name!r}; valid names are: {valid}")
    return _build_calendar(name)


@cache
def _build_calendar(name: str) -> WorkingCalendar:
    # Cached so that a run reads each year's holidays once for all its reviews.
    return WorkingCalendar(name, HOLIDAY_CALENDARS[name])


def _weekdays_through(d: date) -> int:
    # Monday to Friday days from 1 January of year 1 (a Monday) up to and including d.
    weeks, extra = divmod(d.toordinal(), 7)
    return 5 * weeks + min(extra, 5)


def _add_weekdays(start: date, n: int) -> date:
    # The nth Monday-to-Friday day after `start` (n >= 1); `start` itself is not counted.
    weekday = start.weekday()
    if weekday >= 5:
        # From a weekend, count as from the Friday before it.
        start -= timedelta(days=weekday - 4)
        weekday = 4
    weeks, extra = divmod(n, 5)
    days = 7 * weeks + extra + (2 if weekday + extra > 4 else 0)
    return start + timedelta(days=days)


def add_working_days(start: date, n: int, calendar_name: str) -> date:
    """The `n`th working day after `start` (`start` itself is not counted).

    `n` = 0 returns `start`. Raises ValueError for a negative `n` or an unknown
    calendar.
    """
    if n < 0:
        raise ValueError(f"working days to add must not be negative, got {n}")
    cal = holiday_calendar(calendar_name)
    day = start
    remaining = n
    # Step over `remaining` weekdays; the bank holidays stepped over are the
    # working days still owed. Each step lands on or before the answer, and
    # the last one, which crosses no holiday, lands on a working day.
    while remaining:
        reached = _add_weekdays(day, remaining)
        remaining = cal.holidays_between(day, reached)
        day = reached
    return day


def working_days_between(start: date, end: date, calendar_name: str) -> int:
    """Working days after `start` up to and including `end`.

    Negative when `end` is before `start`: minus the working days after `end` up
    to and including `start`, so that the count is antisymmetric.
    """
    if end < start:
        return -working_days_between(end, start, calendar_name)
    cal = holiday_calendar(calendar_name)
    weekdays = _weekdays_through(end) - _weekdays_through(start)
    return weekdays - cal.holidays_between(start, end)


def add_months(start: date, months: int) -> date:
    """The same day `months` months after `start`, clamped to the month's end."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))
