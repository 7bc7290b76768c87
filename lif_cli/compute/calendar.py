"""The reporting calendar as of a date: every entry's due months and their status.

Matching is :mod:`lif_cli.compute.calendar_match` (FORMAT.md's rules); this
module gathers the records that name each entry and assembles the year's grid.

A record counts for an entry when it names the entry in ``calendar:`` and has a
presented date (audits: ``dates.presented``) on or before the as-of date. The
kinds that can: audits, reports, assessments, training.

Bad input still shows what it can (``lif validate`` reports the errors): an
entry that cannot be placed in years (``every_years`` > 1 without
``start_year``) is listed with a reason and no cells; when calendar.yaml fails
validation as a whole (a month 13 in one entry), every entry that is valid on
its own is still shown and the others are counted as unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from lif_cli.compute.calendar_match import (
    business_year_months,
    business_year_of,
    entry_year_status,
)
from lif_cli.models import CalendarEntry

STATUSES = ("received", "late", "overdue", "due", "upcoming")
CALENDAR_KINDS = ("audits", "reports", "assessments", "training")
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, slots=True)
class Cell:
    """One due month of one entry."""

    entry: str
    month: str  # YYYY-MM
    status: str
    records: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "month": self.month,
            "status": self.status,
            "records": list(self.records),
        }


@dataclass(frozen=True)
class EntryRow:
    id: str
    title: str
    from_: str | None
    to: str
    cells: list[Cell]
    problem: str | None = None  # why the entry has no cells, when it cannot be placed


@dataclass(frozen=True)
class CalendarView:
    year: int  # the calendar year the business year starts in
    year_start_month: int
    as_of: date
    months: list[str]  # the 12 months of the business year, YYYY-MM
    entries: list[EntryRow]
    presented: dict[str, date] = field(default_factory=dict)  # record id -> presented
    unreadable: int = 0  # entries of an invalid calendar.yaml that could not be read

    @property
    def label(self) -> str:
        """2016-17 for April 2016 to March 2017; 2016 for a January year."""
        if self.year_start_month == 1:
            return str(self.year)
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    @property
    def span(self) -> str:
        first, last = self.months[0], self.months[-1]
        return (
            f"{MONTH_NAMES[int(first[5:]) - 1]} {first[:4]} to "
            f"{MONTH_NAMES[int(last[5:]) - 1]} {last[:4]}"
        )

    def cells(self) -> list[Cell]:
        return [c for e in self.entries for c in e.cells]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for c in self.cells():
            counts[c.status] += 1
        return counts


def presented_date(model: Any) -> date | None:
    """When a record was presented: ``presented``, or an audit's ``dates.presented``."""
    dates = getattr(model, "dates", None)
    if dates is not None and hasattr(dates, "presented"):
        return dates.presented
    return getattr(model, "presented", None)


def calendar_records(records: Any, as_of: date) -> dict[str, list[tuple[str, date]]]:
    """entry id -> [(record id, presented date)] for records presented by as_of."""
    out: dict[str, list[tuple[str, date]]] = {}
    for kind in CALENDAR_KINDS:
        for model in records.models(kind):
            entry = getattr(model, "calendar", None)
            when = presented_date(model)
            if entry is None or when is None or when > as_of:
                continue
            out.setdefault(entry, []).append((model.id, when))
    return out


def calendar_entries(records: Any) -> tuple[list[CalendarEntry], int]:
    """The calendar's entries, and how many could not be read.

    When calendar.yaml is invalid as a whole its model is missing; each entry is
    then validated on its own so one bad entry does not hide the others.
    """
    entries = list(records.calendar.values())
    unreadable = 0
    seen = set(records.calendar)
    for rf in records.by_kind.get("calendar", []):
        if rf.model is not None:
            continue
        data = records.document(rf.file).data
        items = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(items, list):
            continue
        for item in items:
            try:
                entry = CalendarEntry.model_validate(item)
            except ValidationError:
                unreadable += 1
                continue
            if entry.id not in seen:
                seen.add(entry.id)
                entries.append(entry)
    return entries, unreadable


def calendar_view(
    records: Any, as_of: date, year: int | None = None, agency: str | None = None
) -> CalendarView:
    """The calendar of the business year starting in ``year`` (default: the one holding as_of).

    ``agency`` keeps only the entries whose ``from`` is that agency (or group).
    """
    start_month = records.settings.year_start_month
    if year is None:
        year = business_year_of(as_of, start_month)
    months = [f"{y}-{m:02d}" for y, m in business_year_months(year, start_month)]
    by_entry = calendar_records(records, as_of)
    presented = {rid: when for pairs in by_entry.values() for rid, when in pairs}
    entries, unreadable = calendar_entries(records)
    rows = []
    for entry in entries:
        if agency is not None and entry.from_ != agency:
            continue
        try:
            due = entry_year_status(
                entry.months,
                entry.every_years,
                entry.start_year,
                by_entry.get(entry.id, []),
                year,
                start_month,
                as_of,
            )
        except ValueError as exc:
            reason = str(exc)
            if entry.every_years > 1 and entry.start_year is None:
                reason = (
                    f"due every {entry.every_years} years but has no start_year, so the "
                    "years it is due in are unknown"
                )
            rows.append(EntryRow(entry.id, entry.title, entry.from_, entry.to, [], reason))
            continue
        cells = [Cell(entry.id, f"{d.year}-{d.month:02d}", d.status, tuple(d.records)) for d in due]
        rows.append(EntryRow(entry.id, entry.title, entry.from_, entry.to, cells))
    # Evidence requests are returns with one due date (lif extension).
    from lif_cli.compute.evidence import calendar_rows

    rows += calendar_rows(records, as_of, months, agency)
    return CalendarView(year, start_month, as_of, months, rows, presented, unreadable)


def calendar_summary(records: Any, as_of: date) -> dict[str, Any]:
    """For `lif status`: counts by status for the business year holding as_of, and overdue.

    ``{"counts": {received, late, overdue, due, upcoming}, "overdue": [{entry,
    title, month, from}]}``, overdue returns oldest first.
    """
    view = calendar_view(records, as_of)
    overdue = [
        {"entry": e.id, "title": e.title, "month": c.month, "from": e.from_}
        for e in view.entries
        for c in e.cells
        if c.status == "overdue"
    ]
    overdue.sort(key=lambda o: (o["month"], o["entry"]))
    return {"counts": view.counts(), "overdue": overdue}


def open_actions(records: Any, as_of: date, agency: str | None = None) -> list[dict[str, Any]]:
    """Open actions (not-started, in-progress, blocked) with their due dates, for the ICS feed.

    ``agency`` keeps the actions that agency leads.
    """
    from lif_cli.compute.rag import action_rag, is_open

    out = []
    for rf in records.by_kind["actions"]:
        plan = rf.model
        if plan is None:
            continue
        for a in plan.actions:
            if not is_open(a) or (agency is not None and a.agency != agency):
                continue
            out.append(
                {
                    "id": f"{plan.source}/{a.id}",
                    "source": plan.source,
                    "text": a.text,
                    "agency": a.agency,
                    "owner": a.owner,
                    "due": a.due,
                    "status": a.status,
                    "rag": action_rag(a, as_of, records.settings.amber_days),
                }
            )
    out.sort(key=lambda x: (x["due"], x["id"]))
    return out
