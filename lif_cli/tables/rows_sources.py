"""Row builders for the partnership, its agencies and its sources of learning.

Each builder takes the shared :class:`~lif_cli.tables.schema.Context` and yields
one dict per row, keyed by the column names its registry entry lists. Figures
come from the compute layer (the composite plan, review states), so they are
the numbers the screens show.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from lif_cli import __version__
from lif_cli.models import KIND_NOUNS

from .schema import Context, Row


def partnerships(ctx: Context) -> Iterator[Row]:
    s = ctx.records.settings
    yield {
        "name": s.partnership,
        "short_name": s.short_name,
        "framework": s.framework,
        "year_start_month": s.year_start_month,
        "amber_days": s.amber_days,
        "dirty": ctx.dirty,
        "record_files": len(ctx.records.files),
        "lif_version": __version__,
    }


def agencies(ctx: Context) -> Iterator[Row]:
    for a in ctx.records.agencies.values():
        yield {"id": a.id, "name": a.name, "sector": a.sector}


def groups(ctx: Context) -> Iterator[Row]:
    for g in ctx.records.groups.values():
        yield {"id": g.id, "name": g.name, "parent": g.parent}


def themes(ctx: Context) -> Iterator[Row]:
    for t in ctx.records.settings.themes:
        yield {"id": t.id, "title": t.title}


def source_date(kind: str | None, model: Any) -> date | None:
    """The one date a source is counted by (see the `sources.date` column)."""
    if model is None:
        return None
    if kind == "reviews":
        d = model.dates
        return d.decided or d.referred or d.rapid_review or d.notified or d.aware
    if kind == "audits":
        return model.dates.presented or model.dates.started or model.dates.planned
    if kind in ("reports", "assessments"):
        return model.presented
    if kind == "challenges":
        return model.date
    if kind == "drilldowns":
        return model.raised
    if kind == "feedback":
        return model.dates.presented or model.dates.collected
    return getattr(model, "date", None) or getattr(model, "presented", None)


def _model(ctx: Context, source_id: str) -> Any:
    rf = ctx.records.by_id.get(source_id)
    return rf.model if rf is not None else None


def sources(ctx: Context) -> Iterator[Row]:
    for sp in ctx.plan.sources:
        model = _model(ctx, sp.id) if sp.kind else None
        recs = [r for r in sp.recommendations if r.text is not None]
        yield {
            "id": sp.id,
            "kind": KIND_NOUNS.get(sp.kind or "", None),
            "type": getattr(model, "type", None),
            "title": sp.title,
            "description": sp.description,
            "status": getattr(model, "status", None),
            "date": source_date(sp.kind, model),
            "concluded": sp.concluded,
            "stage": sp.stage,
            "has_plan": sp.has_plan,
            "plan_approved": sp.approved,
            "approved_by": sp.approved_by,
            "approved_on": sp.approved_on,
            "findings": len(getattr(model, "findings", ()) or ()),
            "recommendations": len(recs),
            "gaps": sum(1 for r in recs if r.is_gap),
        }


def source_themes(ctx: Context) -> Iterator[Row]:
    for rf in ctx.records.sources():
        for theme in rf.model.themes:
            if isinstance(theme, str):  # a kind's own `themes` of another shape is not these
                yield {"source_id": rf.model.id, "theme_id": theme}


def reviews(ctx: Context) -> Iterator[Row]:
    for state in ctx.reviews:
        r = state.review
        d = r.dates
        crit = r.criteria
        cdop = r.cdop
        yield {
            "id": r.id,
            "type": r.type,
            "status": r.status,
            "framework": state.framework,
            "case_ref": r.case_ref,
            "commissioned_by": r.commissioned_by,
            "independent": r.independent,
            "stage": state.stage,
            "in_progress": state.in_progress,
            "published": state.published,
            **{f: getattr(d, f) for f in REVIEW_DATES},
            "published_on": d.published,
            "abuse_or_neglect": crit.abuse_or_neglect if crit else None,
            "child_died": crit.child_died if crit else None,
            "seriously_harmed": crit.seriously_harmed if crit else None,
            "cdop_category": cdop.category if cdop else None,
            "cdop_modifiable": None
            if cdop is None or cdop.modifiable is None
            else str(cdop.modifiable).lower(),
            "duties_missing": len(state.missing_duties),
        }


REVIEW_DATES = (
    "aware",
    "notified",
    "rapid_review",
    "referred",
    "decided",
    "started",
    "report_received",
)


def audits(ctx: Context) -> Iterator[Row]:
    for a in ctx.records.models("audits"):
        s, g = a.sampling, a.grades
        yield {
            "id": a.id,
            "type": a.type,
            "area": a.area,
            "trigger": a.trigger,
            "requested_by": a.requested_by,
            "status": a.status,
            "calendar_entry": a.calendar,
            "planned": a.dates.planned,
            "started": a.dates.started,
            "presented": a.dates.presented,
            "sampling_method": s.method if s else None,
            "cases": s.cases if s else None,
            "outstanding": g.outstanding if g else None,
            "good": g.good if g else None,
            "requires_improvement": g.requires_improvement if g else None,
            "inadequate": g.inadequate if g else None,
        }


def audit_agencies(ctx: Context) -> Iterator[Row]:
    for a in ctx.records.models("audits"):
        for agency in a.agencies:
            yield {"audit_id": a.id, "agency_id": agency}


def findings(ctx: Context) -> Iterator[Row]:
    for rf in ctx.records.sources():
        m = rf.model
        for f in m.findings:
            yield {"id": f"{m.id}/{f.id}", "source_id": m.id, "finding": f.id, "text": f.text}


def recommendations(ctx: Context) -> Iterator[Row]:
    for rec in ctx.plan.recommendations():
        if rec.text is None:
            continue  # an action names a recommendation the source lacks
        yield {
            "id": rec.id,
            "source_id": rec.source,
            "recommendation": rec.rec_id,
            "text": rec.text,
            "status": rec.status,
            "actions": len(rec.actions),
        }


def recommendation_to(ctx: Context) -> Iterator[Row]:
    for rec in ctx.plan.recommendations():
        for who in rec.to:
            yield {"recommendation_id": rec.id, "to": who}


def recommendation_findings(ctx: Context) -> Iterator[Row]:
    for rf in ctx.records.sources():
        m = rf.model
        for rec in m.recommendations:
            for fid in rec.findings:
                yield {"recommendation_id": f"{m.id}/{rec.id}", "finding_id": f"{m.id}/{fid}"}
