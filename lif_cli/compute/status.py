"""The status dashboard: what is late, what is due, where learning has stalled.

Pure: :func:`build_status` takes the loaded records and the as-of date (and
optionally one agency) and returns a :class:`Status` value that the renderers
turn into text or JSON. It builds the composite plan once and reads each
record once. The reporting calendar and indicator parts come from
:mod:`lif_cli.compute.calendar` and :mod:`lif_cli.compute.indicators`.

Each open action appears in at most one list: ``overdue`` (red, oldest due date
first, blocked ones included), ``due_soon`` (amber because due within the
amber window, not blocked), ``blocked`` (blocked and not yet overdue).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli.compute.plan import (
    ActionRow,
    RecommendationRow,
    SourcePlan,
    build_plan,
    few_collections,
)
from lif_cli.compute.rag import RAG_ORDER, is_open
from lif_cli.compute.reviews import ReviewState, review_states
from lif_cli.loader import Records


@dataclass(frozen=True, slots=True)
class AgencyRow:
    """One agency's actions: open (not-started, in-progress, blocked), overdue, complete."""

    id: str
    name: str | None  # None: the id is not in agencies.yaml (the records have an error)
    open: int
    overdue: int
    complete: int


@dataclass(frozen=True)
class Status:
    """Everything `lif status` shows, as of a date."""

    as_of: date
    partnership: str
    amber_days: int
    agency: str | None  # the one agency viewed, or None for the partnership
    counts: dict[str, int]  # red, amber, green, blue
    cancelled: int
    overdue: list[ActionRow]
    due_soon: list[ActionRow]
    blocked: list[ActionRow]
    gaps: list[RecommendationRow]
    stages: list[SourcePlan]  # sources with a learning-cycle stage, in source order
    reviews: list[ReviewState] | None  # in progress; None in an agency's view
    dissemination: list[ReviewState] | None  # published, duties missing; None in an agency's view
    published: int  # published reviews (with or without missing duties)
    agencies: list[AgencyRow]
    calendar: dict[str, Any]  # {"counts": {...}, "overdue": [...], "due": [...]}
    business_year: str  # the business year the calendar covers, e.g. 2016-17
    indicators: dict[str, dict[str, Any]]
    # lif extension: outcomes, risks, evidence requests, learning (compute.framework)
    framework: Any = None
    # Serious incidents still in the Panel's process, and lif.yaml arrangements
    # (None in an agency's view, or when the repository records none).
    incidents: list[dict[str, Any]] | None = None
    arrangements: dict[str, Any] | None = None

    @property
    def total_actions(self) -> int:
        return sum(self.counts.values()) + self.cancelled


def build_status(
    records: Records, as_of: date, agency: str | None = None, *, plan: Any = None
) -> Status:
    """The dashboard as of ``as_of``: the partnership's, or one agency's when given.

    ``plan``: the composite plan as of the same date, when the caller has built it
    already (a paper's context does), so it is not built twice.

    In an agency's view, actions are those the agency leads, gaps are
    recommendations addressed to it, returns are those it makes (calendar
    entries ``from`` it) and indicators are those it owns; reviews and
    dissemination, the board's own business, are left out.
    """
    with few_collections():
        return _build_status(records, as_of, agency, plan)


def _build_status(records: Records, as_of: date, agency: str | None, plan: Any) -> Status:
    from lif_cli.compute.indicators import indicator_summary

    if plan is None:
        plan = build_plan(records, as_of)
    rows = [r for r in plan.actions() if agency is None or r.action.agency == agency]

    counts = dict.fromkeys(RAG_ORDER, 0)
    cancelled = 0
    for r in rows:
        if r.rag is None:
            cancelled += 1
        else:
            counts[r.rag] += 1

    overdue = sorted((r for r in rows if r.days_overdue > 0), key=_due_order)
    due_soon = sorted(
        (r for r in rows if r.rag == "amber" and r.action.status != "blocked"), key=_due_order
    )
    blocked = sorted(
        (r for r in rows if r.action.status == "blocked" and r.days_overdue == 0), key=_due_order
    )
    gaps = [rec for rec in plan.gaps() if agency is None or agency in rec.to]

    from lif_cli.compute.framework import build_framework

    reviews: list[ReviewState] | None = None
    dissemination: list[ReviewState] | None = None
    published = 0
    states = review_states(records, plan, as_of) if agency is None else []
    if agency is None:
        reviews = [s for s in states if s.in_progress]
        dissemination = [s for s in states if s.missing_duties]
        published = sum(1 for s in states if s.published)

    stages = [s for s in plan.sources if s.stage is not None and _involves(s, agency)]

    summary = indicator_summary(records, as_of)
    # The summary's own fields, plus what makes a value readable: target and unit.
    indicators = {}
    for ind in records.models("indicators"):
        if ind.id in summary and (agency is None or ind.agency == agency):
            indicators[ind.id] = {**summary[ind.id], "target": ind.target, "unit": ind.unit}
    calendar = calendar_part(records, as_of, agency)

    return Status(
        as_of=as_of,
        partnership=records.settings.short_name or records.settings.partnership,
        amber_days=records.settings.amber_days,
        agency=agency,
        counts=counts,
        cancelled=cancelled,
        overdue=overdue,
        due_soon=due_soon,
        blocked=blocked,
        gaps=gaps,
        stages=stages,
        reviews=reviews,
        dissemination=dissemination,
        published=published,
        agencies=_agency_rows(records, rows),
        calendar=calendar,
        business_year=business_year_label(as_of, records.settings.year_start_month),
        indicators=indicators,
        framework=build_framework(records, plan, states, as_of, agency),
        **(_partners_part(records, as_of) if agency is None else {}),
    )


def _partners_part(records: Records, as_of: date) -> dict[str, Any]:
    from lif_cli.compute.partners import arrangements_view, incident_row, incident_states

    states = incident_states(records, as_of)
    return {
        "incidents": [incident_row(s) for s in states if s.open] if states else None,
        "arrangements": arrangements_view(records, as_of),
    }


def _due_order(row: ActionRow) -> tuple[date, str]:
    return (row.action.due, row.id)


def _involves(source: SourcePlan, agency: str | None) -> bool:
    if agency is None:
        return True
    return any(
        agency in rec.to or any(a.action.agency == agency for a in rec.actions)
        for rec in source.recommendations
    )


def _agency_rows(records: Records, rows: list[ActionRow]) -> list[AgencyRow]:
    """Per agency with at least one action: agencies.yaml order, then unknown ids."""
    tallies: dict[str, list[int]] = {}
    for r in rows:
        t = tallies.setdefault(r.action.agency, [0, 0, 0])
        if is_open(r.action):
            t[0] += 1
        if r.days_overdue > 0:
            t[1] += 1
        if r.action.status == "complete":
            t[2] += 1
    order = [a for a in records.agencies if a in tallies]
    order += sorted(a for a in tallies if a not in records.agencies)
    out = []
    for a in order:
        agency = records.agencies.get(a)
        out.append(AgencyRow(a, agency.name if agency else None, *tallies[a]))
    return out


def calendar_part(records: Records, as_of: date, agency: str | None) -> dict[str, Any]:
    """The reporting calendar for the business year holding ``as_of``, in the shape of
    ``calendar_summary`` plus the returns due this month: ``{"counts": {...},
    "overdue": [...], "due": [...]}``; with ``agency``, only the returns it makes
    (entries whose ``from`` is the agency)."""
    from lif_cli.compute.calendar import calendar_view

    view = calendar_view(records, as_of, agency=agency)
    listed: dict[str, list[dict[str, Any]]] = {"overdue": [], "due": []}
    for e in view.entries:
        for c in e.cells:
            if c.status in listed:
                listed[c.status].append(
                    {"entry": e.id, "title": e.title, "month": c.month, "from": e.from_}
                )
    for items in listed.values():
        items.sort(key=lambda o: (o["month"], o["entry"]))
    return {"counts": view.counts(), **listed}


def business_year_label(as_of: date, year_start_month: int) -> str:
    """The business year holding ``as_of``: 2016-17 (April years), 2016 (January years)."""
    year = as_of.year if as_of.month >= year_start_month else as_of.year - 1
    return str(year) if year_start_month == 1 else f"{year}-{(year + 1) % 100:02d}"
