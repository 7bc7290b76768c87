"""Row builders for the rest of the framework: risks, outcomes, learning events,
feedback and evidence requests.

Figures come from the same compute functions as `lif status` and
`lif export --what risks|outcomes|learning-events|feedback|evidence-requests`
(lif_cli.compute.risks, .outcomes, .learning, .evidence). Feedback is also a
source: its findings and recommendations are in the sources, findings and
recommendations tables; the feedback tables hold only what is its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from .schema import Context, Row


def risks(ctx: Context) -> Iterator[Row]:
    from lif_cli.compute.risks import risk_rows

    for r in risk_rows(ctx.records, ctx.plan, ctx.as_of):
        m = r.risk
        yield {
            "id": m.id,
            "title": m.title,
            "owner": m.owner,
            "status": m.status,
            "likelihood": m.likelihood,
            "impact": m.impact,
            "score": r.score,
            "rag": r.rag,
            "reviewed": m.reviewed,
            "next_review": m.next_review,
            "review_overdue_days": r.review_overdue_days,
            "direction": m.direction,
            "actions_open": r.actions_open,
        }


def risk_actions(ctx: Context) -> Iterator[Row]:
    for m in ctx.records.models("risks"):
        for a in m.actions:
            yield {"risk_id": m.id, "action_id": a}


def outcomes(ctx: Context) -> Iterator[Row]:
    from lif_cli.compute.outcomes import outcome_states

    for s in outcome_states(ctx.records, ctx.plan, ctx.as_of):
        o = s.outcome
        yield {
            "id": o.id,
            "title": o.title,
            "priority": o.priority,
            "owner": o.owner,
            "evidence": s.evidence,
            "actions_open": s.open,
            "actions_complete": s.complete,
            "actions_with_impact": s.with_impact,
        }


def outcome_measures(ctx: Context) -> Iterator[Row]:
    from lif_cli.compute.outcomes import outcome_states

    for s in outcome_states(ctx.records, ctx.plan, ctx.as_of):
        for i, m in enumerate(s.measures, 1):
            yield {
                "outcome_id": s.id,
                "seq": i,
                "text": m.text,
                "indicator_id": m.indicator,
                "latest": m.latest,
                "period": m.period,
                "rag": m.rag,
                "trend": m.trend,
            }


def outcome_actions(ctx: Context) -> Iterator[Row]:
    for m in ctx.records.models("outcomes"):
        for a in m.actions:
            yield {"outcome_id": m.id, "action_id": a}


def learning_events(ctx: Context) -> Iterator[Row]:
    from lif_cli.compute.learning import event_rows

    for r in event_rows(ctx.records, ctx.as_of):
        e = r.event
        yield {
            "id": e.id,
            "title": e.title,
            "type": e.type,
            "date": e.date,
            "delivered_by": e.delivered_by,
            "held": r.held,
            "places": e.places,
            "attended": r.attended,
            "satisfied_percent": r.satisfied,
        }


def learning_event_attendance(ctx: Context) -> Iterator[Row]:
    for e in ctx.records.models("learning-events"):
        for agency, n in e.attendance.items():
            yield {"event_id": e.id, "agency_id": agency, "attended": n}


def learning_event_sources(ctx: Context) -> Iterator[Row]:
    for e in ctx.records.models("learning-events"):
        for s in e.sources:
            yield {"event_id": e.id, "source_id": s}


def feedback(ctx: Context) -> Iterator[Row]:
    for f in ctx.records.models("feedback"):
        yield {
            "id": f.id,
            "title": f.title,
            "voice": f.voice,
            "method": f.method,
            "to": f.to,
            "respondents": f.respondents,
            "collected": f.dates.collected,
            "presented": f.dates.presented,
        }


def feedback_themes(ctx: Context) -> Iterator[Row]:
    for f in ctx.records.models("feedback"):
        for i, t in enumerate(f.themes, 1):
            yield {"feedback_id": f.id, "seq": i, "theme": t.theme, "count": t.count}


def evidence_requests(ctx: Context) -> Iterator[Row]:
    from lif_cli.compute.evidence import request_states

    for s in request_states(ctx.records, ctx.as_of):
        r = s.request
        # an answer dated after the as-of date has not happened yet (as the state says)
        answered = r.answered if s.state in ("received", "late") else None
        yield {
            "id": r.id,
            "title": s.label,
            "to": r.to,
            "requested_by": r.requested_by,
            "requested": r.requested,
            "due": r.due,
            "state": s.state,
            "chased": s.chased,
            "days_overdue": s.days_overdue,
            "answered": answered.date if answered else None,
            "answered_by_record": answered.record if answered else None,
            "withdrawn": r.withdrawn if s.state == "withdrawn" else None,
        }
