"""Evidence requests as of a date: the board's mandate for evidence, tracked like a return.

A request is a return with one due date. Its state uses the calendar's words,
so it sits in the reporting calendar beside the returns (its due month is the
cell): ``received`` answered on or before the due date; ``late`` answered
after it; ``overdue`` unanswered and the due date has passed; ``due``
unanswered, due later this month; ``upcoming`` due in a later month. A
withdrawn request has the state ``withdrawn`` and no calendar cell. An answer
or a withdrawal dated after the as-of date has not happened yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli.models import EvidenceRequest

STATES = ("received", "late", "overdue", "due", "upcoming", "withdrawn")


@dataclass(frozen=True, slots=True)
class RequestState:
    request: EvidenceRequest
    state: str
    chased: int  # times chased by the as-of date
    days_overdue: int  # 0 unless overdue

    @property
    def id(self) -> str:
        return self.request.id

    @property
    def open(self) -> bool:
        return self.state in ("overdue", "due", "upcoming")

    @property
    def label(self) -> str:
        return self.request.title or self.request.what

    @property
    def month(self) -> str:
        return f"{self.request.due.year}-{self.request.due.month:02d}"


def request_state(req: EvidenceRequest, as_of: date) -> RequestState:
    """One request as of a date (see the module docstring)."""
    chased = sum(1 for d in req.chased if d <= as_of)
    if req.withdrawn is not None and req.withdrawn <= as_of:
        return RequestState(req, "withdrawn", chased, 0)
    answered = req.answered
    if answered is not None and answered.date <= as_of:
        return RequestState(req, "late" if answered.date > req.due else "received", chased, 0)
    if req.due < as_of:
        return RequestState(req, "overdue", chased, (as_of - req.due).days)
    same_month = (req.due.year, req.due.month) == (as_of.year, as_of.month)
    return RequestState(req, "due" if same_month else "upcoming", chased, 0)


def request_states(records: Any, as_of: date, agency: str | None = None) -> list[RequestState]:
    """Every readable request (to ``agency`` when given), by due date."""
    out = [
        request_state(m, as_of)
        for m in records.models("evidence-requests")
        if agency is None or m.to == agency
    ]
    out.sort(key=lambda s: (s.request.due, s.id))
    return out


def calendar_rows(records: Any, as_of: date, months: list[str], agency: str | None) -> list[Any]:
    """Calendar rows (``compute.calendar.EntryRow``) of the requests due in ``months``."""
    from lif_cli.compute.calendar import Cell, EntryRow

    rows = []
    for s in request_states(records, as_of, agency):
        if s.state == "withdrawn" or s.month not in months:
            continue
        req = s.request
        answered = req.answered
        recs = (answered.record,) if s.state in ("received", "late") and answered.record else ()
        cell = Cell(req.id, s.month, s.state, recs)
        title = f"Evidence request: {s.label}"
        rows.append(EntryRow(req.id, title, req.to, req.requested_by or "board", [cell]))
    return rows
