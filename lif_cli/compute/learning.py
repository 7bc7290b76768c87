"""Learning events, dissemination from every source, cascade confirmations, feedback.

Dissemination counts learning events: an event held on or before the as-of
date that names a record in ``sources`` spreads that record's learning, so
learning from audits, feedback and any other source is tracked as well as
from reviews. For a review, each held event also counts as the dissemination
activity its type maps to (:data:`EVENT_ACTIVITY`), beside the review's own
``dissemination`` list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli.models import Feedback, LearningEvent

# The review dissemination activity (FORMAT.md) each type of learning event is.
EVENT_ACTIVITY = {
    "practitioner-event": "practice-briefing",
    "seven-minute-briefing": "briefing",
    "roadshow": "roadshow",
    "conference": "other",
    "workshop": "practice-briefing",
    "e-learning": "training-updated",
    "other": "other",
}


@dataclass(frozen=True, slots=True)
class EventRow:
    event: LearningEvent
    held: bool  # dated on or before the as-of date
    attended: int
    satisfied: int | None  # percent of responses rating it excellent or good

    @property
    def id(self) -> str:
        return self.event.id


def _satisfied(e: Any) -> int | None:
    if e is None or not e.responses:
        return None
    good = (e.excellent or 0) + (e.good or 0)
    return round(100 * good / e.responses)


def event_rows(records: Any, as_of: date) -> list[EventRow]:
    """Every readable learning event, by date then id."""
    rows = [
        EventRow(m, m.date <= as_of, sum(m.attendance.values()), _satisfied(m.evaluations))
        for m in records.models("learning-events")
    ]
    rows.sort(key=lambda r: (r.event.date, r.id))
    return rows


def events_by_source(records: Any, as_of: date) -> dict[str, list[LearningEvent]]:
    """source record id -> the learning events held by ``as_of`` that spread its learning."""
    out: dict[str, list[LearningEvent]] = {}
    for m in records.models("learning-events"):
        if m.date <= as_of:
            for source in m.sources:
                out.setdefault(source, []).append(m)
    return out


def event_activities(records: Any, as_of: date) -> dict[str, list[str]]:
    """record id -> the dissemination activities its held learning events count as."""
    return {
        sid: [EVENT_ACTIVITY[e.type] for e in events]
        for sid, events in events_by_source(records, as_of).items()
    }


@dataclass(frozen=True, slots=True)
class SourceLearning:
    """One concluded source with findings, and the events that spread its learning."""

    id: str
    noun: str
    title: str
    events: tuple[str, ...]
    attended: int
    # The framework's dissemination guides name reviews and multi-agency audits; the
    # board also answers feedback. These are flagged when no event has spread them.
    expected: bool


def source_learning(records: Any, plan: Any, as_of: date) -> list[SourceLearning]:
    """Every concluded source that has findings, in plan order, with its learning events."""
    by_source = events_by_source(records, as_of)
    findings = {rf.model.id for rf in records.sources() if rf.model.findings}
    out = []
    for s in plan.sources:
        if s.id not in findings or not s.concluded:
            continue
        events = by_source.get(s.id, [])
        out.append(
            SourceLearning(
                s.id,
                s.noun,
                s.title,
                tuple(e.id for e in events),
                sum(sum(e.attendance.values()) for e in events),
                _expected(s.kind, records.by_id.get(s.id)),
            )
        )
    return out


def _expected(kind: str | None, rf: Any) -> bool:
    if kind == "audits":
        return rf is not None and rf.model.type == "multi-agency"
    return kind in ("reviews", "feedback")


@dataclass(frozen=True, slots=True)
class CascadeState:
    """A published review and which agencies have confirmed they cascaded its learning."""

    id: str
    title: str
    confirmed: tuple[str, ...]
    awaiting: tuple[str, ...]


def cascade_states(
    records: Any, plan: Any, published: list[Any], as_of: date
) -> list[CascadeState]:
    """For each published review (ReviewState): the agencies that confirmed by ``as_of``
    that they cascaded its learning, and the agencies involved that have not yet.

    The agencies involved are those its recommendations are addressed to and those
    leading one of its actions, in agencies.yaml order.
    """
    out = []
    for state in published:
        review = state.review
        involved = {w for rec in review.recommendations for w in rec.to}
        source = plan.by_source.get(review.id)
        if source is not None:
            involved.update(
                row.action.agency for rec in source.recommendations for row in rec.actions
            )
        confirmed = tuple(dict.fromkeys(c.agency for c in review.cascade if c.date <= as_of))
        awaiting = tuple(a for a in records.agencies if a in involved and a not in confirmed)
        out.append(CascadeState(review.id, review.title, confirmed, awaiting))
    return out


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    feedback: Feedback
    recommendations: int
    gaps: int  # recommendations with no live action
    open: int  # recommendations with open actions

    @property
    def id(self) -> str:
        return self.feedback.id


def feedback_rows(records: Any, plan: Any) -> list[FeedbackRow]:
    """Every readable feedback record with how far the plan answers it."""
    out = []
    for m in records.models("feedback"):
        source = plan.by_source.get(m.id)
        recs = source.recommendations if source else ()
        out.append(
            FeedbackRow(
                m,
                len(recs),
                sum(1 for r in recs if r.status == "gap"),
                sum(1 for r in recs if r.status == "open"),
            )
        )
    return out
