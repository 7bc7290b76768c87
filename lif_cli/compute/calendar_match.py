"""Match presented records to the due months of a reporting-calendar entry.

The rules are those of FORMAT.md, "calendar.yaml: the reporting calendar".
Records are matched in presented-date order: one presented in a due month
counts for that month; one presented in another month counts for the latest
earlier due month that nothing satisfies yet (late), or else for the next due
month after it (early, which counts as received).

Choices the contract leaves open, made here:

- An entry's `start_year` is the first calendar year it is due in, whatever
  `every_years` is: nothing is due before the entry existed. A biennial entry
  is due in the calendar years start_year, start_year + 2, ..., counted on the
  calendar year of the due month, not the business year, so "January, every
  two years from 2016" means January 2016, 2018, ... whatever the business
  year.
- Matching looks back at most one business year before the year shown (see
  `entry_year_status`): a month missed long ago should not soak up this
  year's returns.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

DueStatus = Literal["received", "late", "overdue", "due", "upcoming"]
YearMonth = tuple[int, int]


@dataclass(frozen=True)
class DueMonth:
    """One due month of an entry, its status and the ids of the records counted for it."""

    year: int
    month: int
    status: DueStatus
    records: tuple[str, ...]


def _check_month(month: int, what: str) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"{what} must be a month number from 1 to 12, got {month}")


def business_year_months(start_year: int, year_start_month: int) -> list[YearMonth]:
    """The 12 (year, month) pairs of the business year that starts in `start_year`."""
    _check_month(year_start_month, "year_start_month")
    return [
        (start_year + (year_start_month - 1 + i) // 12, (year_start_month - 1 + i) % 12 + 1)
        for i in range(12)
    ]


def business_year_of(d: date, year_start_month: int) -> int:
    """The calendar year in which the business year holding `d` starts."""
    _check_month(year_start_month, "year_start_month")
    return d.year if d.month >= year_start_month else d.year - 1


def due_months(
    months: Sequence[int],
    every_years: int,
    start_year: int | None,
    year: int,
    year_start_month: int,
) -> list[YearMonth]:
    """The (year, month) pairs an entry is due in, within the business year starting in `year`.

    `months` are the entry's months of the year. With `every_years` > 1 the
    entry is due only in calendar years start_year, start_year + every_years,
    ...; in every case nothing is due in a calendar year before `start_year`.
    Raises ValueError for a month outside 1..12, `every_years` < 1, or a
    missing `start_year` when `every_years` > 1.
    """
    for month in months:
        _check_month(month, "a due month")
    if every_years < 1:
        raise ValueError(f"every_years must be 1 or more, got {every_years}")
    if every_years > 1 and start_year is None:
        raise ValueError("start_year is required when every_years is more than 1")
    wanted = set(months)
    return [
        (y, m)
        for y, m in business_year_months(year, year_start_month)
        if m in wanted
        and (start_year is None or (y >= start_year and (y - start_year) % every_years == 0))
    ]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def match_entry(
    due: Sequence[YearMonth],
    presented: Sequence[tuple[str, date]],
    as_of: date,
) -> list[DueMonth]:
    """Each due month in `due`, in order, with the records that count for it and its status.

    `presented` holds (record id, presented date) pairs; records presented
    after `as_of` do not count, and a record that fits no due month in `due`
    is left out. Pass every due month a record might count for: to show one
    business year, use `entry_year_status`, which passes a wider window.
    """
    months = sorted(set(due))
    counted: dict[YearMonth, list[tuple[date, str]]] = {ym: [] for ym in months}
    for record_id, when in sorted(presented, key=lambda p: (p[1], p[0])):
        if when > as_of:
            continue
        target = _month_for(months, counted, (when.year, when.month))
        if target is not None:
            counted[target].append((when, record_id))
    return [_due_month(ym, counted[ym], as_of) for ym in months]


def _month_for(
    months: list[YearMonth],
    counted: dict[YearMonth, list[tuple[date, str]]],
    presented_in: YearMonth,
) -> YearMonth | None:
    if presented_in in counted:
        return presented_in
    earlier = [ym for ym in months if ym < presented_in and not counted[ym]]
    if earlier:
        return earlier[-1]
    later = [ym for ym in months if ym > presented_in]
    return later[0] if later else None


def _due_month(ym: YearMonth, records: list[tuple[date, str]], as_of: date) -> DueMonth:
    year, month = ym
    ids = tuple(record_id for _, record_id in records)
    status: DueStatus
    if records:
        # Records arrive in date order, so the first decides: a late record is
        # only ever matched to a month nothing else counts for.
        status = "received" if records[0][0] <= _month_end(year, month) else "late"
    elif as_of > _month_end(year, month):
        status = "overdue"
    elif (as_of.year, as_of.month) == ym:
        status = "due"
    else:
        status = "upcoming"
    return DueMonth(year, month, status, ids)


def entry_year_status(
    months: Sequence[int],
    every_years: int,
    start_year: int | None,
    presented: Sequence[tuple[str, date]],
    year: int,
    year_start_month: int,
    as_of: date,
) -> list[DueMonth]:
    """An entry's due months in the business year starting in `year`, matched as of `as_of`.

    Records are matched over a wider window so that returns cross business-
    year boundaries (a January return presented in December counts early;
    a March return presented in May counts late): from the business year
    before `year` to `every_years` years past the later of `year` and the
    business year holding `as_of`. Records presented before the window are
    left out, as they belong to months the window does not show. Only this
    year's due months are returned.
    """
    first = year - 1
    last = max(year, business_year_of(as_of, year_start_month)) + every_years
    window = [
        ym
        for y in range(first, last + 1)
        for ym in due_months(months, every_years, start_year, y, year_start_month)
    ]
    window_start = date(*business_year_months(first, year_start_month)[0], 1)
    in_window = [(record_id, when) for record_id, when in presented if when >= window_start]
    shown = set(business_year_months(year, year_start_month))
    return [dm for dm in match_entry(window, in_window, as_of) if (dm.year, dm.month) in shown]
