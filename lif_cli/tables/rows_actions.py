"""Row builders for actions, their updates, and reviews' timescales and dissemination."""

from __future__ import annotations

from collections.abc import Iterator

from lif_cli import statutory

from .schema import Context, Row


def actions(ctx: Context) -> Iterator[Row]:
    stages = {s.id: s.stage for s in ctx.plan.sources}
    for row in ctx.plan.actions():
        a = row.action
        latest = row.latest_update
        yield {
            "id": row.id,
            "source_id": row.source,
            "action": a.id,
            "text": a.text,
            "agency_id": a.agency,
            "owner": a.owner,
            "due": a.due,
            "status": a.status,
            "completed": a.completed,
            "rag": row.rag,
            "rag_recorded": a.rag,
            "overdue": row.days_overdue > 0,
            "days_overdue": row.days_overdue,
            "stage": stages.get(row.source),
            "evidence": a.evidence,
            "impact": a.impact,
            "last_update": latest.date if latest else None,
            "updates": len(a.updates),
        }


def action_recommendations(ctx: Context) -> Iterator[Row]:
    for row in ctx.plan.actions():
        for rid in row.recommendation_ids:
            yield {"action_id": row.id, "recommendation_id": rid}


def action_updates(ctx: Context) -> Iterator[Row]:
    for row in ctx.plan.actions():
        for i, u in enumerate(row.action.updates, 1):
            yield {
                "action_id": row.id,
                "seq": i,
                "date": u.date,
                "status": u.status,
                "note": u.note,
                "after_as_of": u.date > ctx.as_of,
            }


def review_timescales(ctx: Context) -> Iterator[Row]:
    s = ctx.records.settings
    for state in ctx.reviews:
        review = state.review
        dates = review.dates.model_dump()
        # A date after the as-of date has not happened yet as of that date.
        seen = {k: (v if v is not None and v <= ctx.as_of else None) for k, v in dates.items()}
        try:  # each case by its own framework, as `lif status` judges it
            results = statutory.timescale_status(
                review.type, seen, state.framework, s.holidays, ctx.as_of
            )
        except ValueError:
            continue
        for t in results:
            yield {
                "review_id": review.id,
                "timescale": t.timescale.code,
                "title": t.timescale.title,
                "starts": t.timescale.start,
                "ends": t.timescale.end,
                "start_date": t.start_date,
                "deadline": t.deadline,
                "met_on": t.met_on,
                "state": t.state,
                "working_days_left": t.working_days_left,
            }


def dissemination(ctx: Context) -> Iterator[Row]:
    for review in ctx.records.models("reviews"):
        for i, d in enumerate(review.dissemination, 1):
            yield {
                "review_id": review.id,
                "seq": i,
                "activity": d.activity,
                "date": d.date,
                "note": d.note,
            }


def dissemination_duties(ctx: Context) -> Iterator[Row]:
    for state in ctx.reviews:
        for duty in state.duties:
            yield {
                "review_id": state.id,
                "duty": duty.code,
                "title": duty.title,
                "done": duty.done,
            }
