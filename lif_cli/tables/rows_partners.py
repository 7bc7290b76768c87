"""Row builders for serious incidents, scrutiny and national reviews (WT2018/2023)."""

from __future__ import annotations

from collections.abc import Iterator

from .schema import Context, Row


def incidents(ctx: Context) -> Iterator[Row]:
    for s in ctx.incidents:
        i, nxt = s.incident, s.next
        d = i.dates
        yield {
            "id": i.id,
            "title": i.title,
            "framework": s.framework,
            "where": s.where,
            "open": s.open,
            "decision": i.decision,
            "panel_agrees": i.panel_agrees,
            "national_review": i.national_review,
            "review_id": i.review,
            "aware": d.aware,
            "notified": d.notified,
            "rapid_review": d.rapid_review,
            "published": d.published,
            "next_step": nxt.step.code if nxt else None,
            "next_deadline": nxt.deadline if nxt else None,
            "steps_late": len(s.late),
        }


def incident_steps(ctx: Context) -> Iterator[Row]:
    for s in ctx.incidents:
        for r in s.steps:
            yield {
                "incident_id": s.id,
                "step": r.step.code,
                "title": r.step.title,
                "done": r.done_on,
                "deadline": r.deadline,
                "state": r.state,
            }


def scrutiny(ctx: Context) -> Iterator[Row]:
    for m in ctx.records.models("scrutiny"):
        yield {
            "id": m.id,
            "title": m.title,
            "activity": m.activity,
            "started": m.started,
            "reported": m.reported,
            "to": m.to,
        }


def national_reviews(ctx: Context) -> Iterator[Row]:
    for m in ctx.records.models("national-reviews"):
        yield {
            "id": m.id,
            "title": m.title,
            "publisher": m.publisher,
            "published": m.published,
            "adopted": m.adopted,
            "by": m.by,
        }
