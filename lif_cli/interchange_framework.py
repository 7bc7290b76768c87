"""Spreadsheet tables of the framework kinds for `lif export --what ...`: the risk
register, outcomes, evidence requests, learning events and feedback.

Built from the same compute functions as `lif status` and the papers, as
:class:`lif_cli.interchange.Table` values (read-only: nothing here is imported back).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lif_cli.interchange import Table
from lif_cli.loader import Records


def _view(records: Records, as_of: date) -> Any:
    from lif_cli.compute.framework import build_framework
    from lif_cli.compute.plan import build_plan
    from lif_cli.compute.reviews import review_states

    plan = build_plan(records, as_of)
    return build_framework(records, plan, review_states(records, plan, as_of), as_of)


def risks_table(records: Records, as_of: date) -> Table:
    """The risk register, highest score first."""
    rows = [
        [
            r.id,
            r.risk.title,
            r.risk.owner,
            r.risk.status,
            r.risk.likelihood,
            r.risk.impact,
            r.score,
            r.rag,
            r.risk.direction,
            r.risk.reviewed,
            r.risk.next_review,
            r.review_overdue_days or None,
            ", ".join(r.risk.actions) or None,
            "; ".join(r.risk.controls) or None,
        ]
        for r in _view(records, as_of).risks
    ]
    return Table(
        title="Risks",
        headers=[
            "Risk",
            "Title",
            "Owner",
            "Status",
            "Likelihood",
            "Impact",
            "Score",
            "RAG",
            "Direction",
            "Reviewed",
            "Next review",
            "Days overdue for review",
            "Mitigating actions",
            "Controls",
        ],
        rows=rows,
        coloured=("RAG",),
        wide=("Title", "Controls"),
        notes=[
            f"Risk register as of {as_of.isoformat()}. Score = likelihood x impact; "
            "green 1-4, amber 5-12, red 15-25."
        ],
    )


def outcomes_table(records: Records, as_of: date) -> Table:
    """One row per impact measure of each outcome (an outcome without one has one row)."""
    rows: list[list[Any]] = []
    for o in _view(records, as_of).outcomes:
        head = [o.id, o.outcome.title, o.outcome.priority, o.evidence]
        tail = [
            ", ".join(r.id for r in o.actions) or None,
            o.complete,
            o.with_impact,
            "; ".join(o.missing) or None,
        ]
        for ms in o.measures or [None]:
            cells = [ms.text, ms.indicator, ms.latest, ms.rag, ms.trend] if ms else [None] * 5
            rows.append([*head, *cells, *tail])
    return Table(
        title="Outcomes",
        headers=[
            "Outcome",
            "Title",
            "Priority",
            "Evidence",
            "Impact measure",
            "Indicator",
            "Latest",
            "RAG",
            "Trend",
            "Contributing actions",
            "Complete",
            "With impact",
            "Still missing",
        ],
        rows=rows,
        coloured=("RAG",),
        wide=("Title", "Impact measure", "Still missing"),
        notes=[f"Outcome statements and their evidence as of {as_of.isoformat()}."],
    )


def evidence_requests_table(records: Records, as_of: date) -> Table:
    """Evidence requests by due date."""
    rows = []
    for s in _view(records, as_of).requests:
        req = s.request
        answered = req.answered if s.state in ("received", "late") else None
        rows.append(
            [
                s.id,
                req.to,
                req.requested_by,
                req.requested,
                req.due,
                s.state,
                s.chased,
                answered.date if answered else None,
                answered.record if answered else None,
                req.what,
                req.why,
            ]
        )
    return Table(
        title="Evidence requests",
        headers=[
            "Request",
            "To",
            "Requested by",
            "Requested",
            "Due",
            "State",
            "Times chased",
            "Answered",
            "Answered by",
            "What",
            "Why",
        ],
        rows=rows,
        coloured=("State",),
        wide=("What", "Why"),
        notes=[f"Evidence requests as of {as_of.isoformat()}."],
    )


def learning_events_table(records: Records, as_of: date) -> Table:
    """One row per learning event and agency attending (an event with no attendance
    recorded has one row)."""
    rows: list[list[Any]] = []
    for e in _view(records, as_of).events:
        ev = e.event
        head = [ev.id, ev.title, ev.type, ev.date, "yes" if e.held else "planned"]
        tail = [", ".join(ev.sources) or None, e.satisfied]
        for agency, n in ev.attendance.items() or [(None, None)]:
            rows.append([*head, agency, n, *tail])
    return Table(
        title="Learning events",
        headers=[
            "Event",
            "Title",
            "Type",
            "Date",
            "Held",
            "Agency",
            "Attended",
            "Sources",
            "% excellent or good",
        ],
        rows=rows,
        wide=("Title",),
        notes=[f"Learning events and attendance by agency as of {as_of.isoformat()}."],
    )


def feedback_table(records: Records, as_of: date) -> Table:
    """One row per theme of each feedback record (a record without themes has one row)."""
    rows: list[list[Any]] = []
    for f in _view(records, as_of).feedback:
        fb = f.feedback
        head = [fb.id, fb.title, fb.voice, fb.method, fb.respondents, fb.dates.collected]
        tail = [f.recommendations, f.gaps]
        for t in fb.themes or [None]:
            rows.append([*head, t.theme if t else None, t.count if t else None, *tail])
    return Table(
        title="Feedback",
        headers=[
            "Feedback",
            "Title",
            "Voice",
            "Method",
            "Respondents",
            "Collected",
            "Theme",
            "Raised by",
            "Recommendations",
            "With no action",
        ],
        rows=rows,
        wide=("Title", "Theme"),
        notes=[f"Feedback in aggregate as of {as_of.isoformat()}."],
    )


TABLES = {
    "risks": risks_table,
    "outcomes": outcomes_table,
    "evidence-requests": evidence_requests_table,
    "learning-events": learning_events_table,
    "feedback": feedback_table,
}
