"""The rest of the framework in one view, for `lif status` and the papers.

Pure: built from the loaded records, the composite plan, the review states
and the as-of date. Each part comes from its own module: outcomes, risks,
evidence requests, learning (events, dissemination, cascade, feedback).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli.compute.evidence import RequestState, request_states
from lif_cli.compute.learning import (
    CascadeState,
    EventRow,
    FeedbackRow,
    SourceLearning,
    cascade_states,
    event_rows,
    feedback_rows,
    source_learning,
)
from lif_cli.compute.outcomes import OutcomeState, outcome_states
from lif_cli.compute.risks import RiskRow, risk_rows


@dataclass(frozen=True)
class FrameworkView:
    """Outcomes, risks, evidence requests, learning events, dissemination, feedback."""

    year_first: date  # the business year holding the as-of date
    year_last: date
    outcomes: list[OutcomeState]
    risks: list[RiskRow]  # highest score first
    requests: list[RequestState]  # by due date
    events: list[EventRow]  # by date
    source_learning: list[SourceLearning]  # concluded sources with findings
    cascade: list[CascadeState]  # published reviews
    feedback: list[FeedbackRow]

    @property
    def open_risks(self) -> list[RiskRow]:
        return [r for r in self.risks if r.open]

    @property
    def risks_review_overdue(self) -> list[RiskRow]:
        return sorted(
            (r for r in self.risks if r.review_overdue_days > 0),
            key=lambda r: (-r.review_overdue_days, r.id),
        )

    @property
    def requests_overdue(self) -> list[RequestState]:
        return [s for s in self.requests if s.state == "overdue"]

    @property
    def requests_due(self) -> list[RequestState]:
        return [s for s in self.requests if s.state == "due"]

    @property
    def events_this_year(self) -> list[EventRow]:
        return [e for e in self.events if e.held and e.event.date >= self.year_first]

    @property
    def unspread(self) -> list[SourceLearning]:
        """Concluded reviews, multi-agency audits and feedback with findings that no
        learning event has spread yet."""
        return [s for s in self.source_learning if s.expected and not s.events]

    @property
    def cascade_awaiting(self) -> list[CascadeState]:
        return [c for c in self.cascade if c.awaiting]

    def is_empty(self) -> bool:
        return not (self.outcomes or self.risks or self.requests or self.events or self.feedback)


def build_framework(
    records: Any, plan: Any, reviews: list[Any], as_of: date, agency: str | None = None
) -> FrameworkView:
    """The view as of ``as_of``; with ``agency``, only the evidence requests made to it
    and the risks it owns (the rest is the board's own business)."""
    first, last = _business_year(as_of, records.settings.year_start_month)
    risks = risk_rows(records, plan, as_of)
    requests = request_states(records, as_of, agency)
    if agency is not None:
        risks = [r for r in risks if r.risk.owner == agency]
        return FrameworkView(first, last, [], risks, requests, [], [], [], [])
    published = [s for s in reviews if s.published]
    return FrameworkView(
        first,
        last,
        outcome_states(records, plan, as_of),
        risks,
        requests,
        event_rows(records, as_of),
        source_learning(records, plan, as_of),
        cascade_states(records, plan, published, as_of),
        feedback_rows(records, plan),
    )


def action_links(records: Any) -> dict[str, tuple[str, ...]]:
    """action address -> the outcomes and risks that name it, outcomes first."""
    links: dict[str, list[str]] = {}
    for kind in ("outcomes", "risks"):
        for m in records.models(kind):
            for ref in m.actions:
                links.setdefault(ref, []).append(m.id)
    return {k: tuple(dict.fromkeys(v)) for k, v in links.items()}


def _business_year(as_of: date, start_month: int) -> tuple[date, date]:
    year = as_of.year if as_of.month >= start_month else as_of.year - 1
    first = date(year, start_month, 1)
    return first, date.fromordinal(date(year + 1, start_month, 1).toordinal() - 1)


def framework_decisions(
    view: FrameworkView, chased: frozenset[str] = frozenset()
) -> list[tuple[str, tuple[str, ...]]]:
    """What the board is asked to decide about these parts: (text, record ids).

    ``chased``: ids already asked to be chased as overdue returns (an evidence
    request due this business year is one), so no request is named twice.
    """
    out: list[tuple[str, tuple[str, ...]]] = []
    overdue = [s.id for s in view.requests_overdue if s.id not in chased]
    if overdue:
        out.append(("Chase the evidence requests that are overdue", tuple(overdue)))
    red = [r.id for r in view.open_risks if r.rag == "red"]
    late = [r.id for r in view.risks_review_overdue]
    if red or late:
        out.append(
            (
                "Review the red risks and the risks overdue for review",
                tuple(dict.fromkeys([*red, *late])),
            )
        )
    if view.unspread:
        out.append(
            (
                "Agree how the learning will be spread from sources with no learning event",
                tuple(s.id for s in view.unspread),
            )
        )
    return out
