"""Row builders for the calendar, indicators, drilldowns, Section 11 and training."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from lif_cli.compute.calendar import calendar_entries
from lif_cli.compute.indicators import drilldown_state, indicator_state, rag_of
from lif_cli.compute.s11 import s11_view
from lif_cli.compute.training import training_view

from .schema import Context, Row


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def calendar_entry_rows(ctx: Context) -> Iterator[Row]:
    entries, _ = calendar_entries(ctx.records)
    for e in entries:
        yield {
            "id": e.id,
            "title": e.title,
            "from": e.from_,
            "to": e.to,
            "months": ",".join(str(m) for m in e.months),
            "every_years": e.every_years,
            "start_year": e.start_year,
        }
    # evidence requests are one-off returns in the calendar: an entry each, so
    # every calendar cell joins to its entry
    known = {e.id for e in entries}
    for row in ctx.calendar.entries:
        if row.id in known or not row.cells:
            continue
        yield {
            "id": row.id,
            "title": row.title,
            "from": row.from_,
            "to": row.to,
            "months": ",".join(str(int(c.month[5:])) for c in row.cells),
            "every_years": None,
            "start_year": None,
        }


def calendar_cells(ctx: Context) -> Iterator[Row]:
    view = ctx.calendar
    for e in view.entries:
        for c in e.cells:
            yield {
                "entry_id": c.entry,
                "month": c.month,
                "business_year": view.label,
                "from": e.from_,
                "to": e.to,
                "status": c.status,
                "records": len(c.records),
            }


def calendar_cell_records(ctx: Context) -> Iterator[Row]:
    for c in ctx.calendar.cells():
        for rid in c.records:
            yield {"entry_id": c.entry, "month": c.month, "record_id": rid}


def indicators(ctx: Context) -> Iterator[Row]:
    for ind in ctx.records.models("indicators"):
        s = indicator_state(ind, ctx.as_of)
        yield {
            "id": s["id"],
            "title": s["title"],
            "level": s["level"],
            "priority": s["priority"],
            "agency_id": s["agency"],
            "unit": s["unit"],
            "better": s["better"],
            "target": s["target"],
            "tolerance": s["tolerance"],
            "period": s["period"],
            "latest": s["latest"],
            "previous": s["previous"],
            "rag": s["rag"],
            "trend": s["trend"],
        }


def indicator_values(ctx: Context) -> Iterator[Row]:
    for ind in ctx.records.models("indicators"):
        for v in indicator_state(ind, ctx.as_of)["values"]:
            yield {
                "indicator_id": ind.id,
                "period": v["period"],
                "value": v["value"],
                "rag": rag_of(v["value"], ind),
            }


def drilldown_questions(ctx: Context) -> Iterator[Row]:
    for dd in ctx.records.models("drilldowns"):
        for q in drilldown_state(dd, ctx.as_of)["questions"]:
            yield {
                "drilldown_id": dd.id,
                "question": q["id"],
                "to": q["to"],
                "due": _day(q["due"]),
                "responded": _day(q["responded"]),
                "answered": q["answered"],
                "overdue": q["overdue"],
            }


def s11_standards(ctx: Context) -> Iterator[Row]:
    for s in ctx.records.settings.s11_standards:
        yield {"id": s.id, "title": s.title}


def s11_ratings(ctx: Context) -> Iterator[Row]:
    years = sorted({a.year for a in ctx.records.models("assessments")})
    evidence = {
        (a.id, s.standard): s.evidence
        for a in ctx.records.models("assessments")
        for s in a.standards
    }
    for year in years:
        view = s11_view(ctx.records, ctx.as_of, year)
        for row in view["matrix"]:
            for standard, rating in row["ratings"].items():
                yield {
                    "assessment_id": row["assessment"],
                    "agency_id": row["agency"],
                    "year": year,
                    "standard_id": standard,
                    "rating": rating,
                    "submitted": row["submitted"],
                    "presented": _day(row["presented"]),
                    "evidence": evidence.get((row["assessment"], standard)),
                }


def training(ctx: Context) -> Iterator[Row]:
    for t in training_view(ctx.records, ctx.as_of):
        yield {
            "id": t["id"],
            "title": t["title"],
            "presented": _day(t["presented"]),
            "courses": t["courses"],
            "places": t["places"],
            "attended": t["attended"],
            "attendance_rate": t["attendance_rate"],
            "responses": t["responses"],
            "good_or_better": t["good_or_better"],
            "good_or_better_share": t["good_or_better_share"],
            "impact_evidenced": t["impact_evidenced"],
        }


def training_impact(ctx: Context) -> Iterator[Row]:
    for t in training_view(ctx.records, ctx.as_of):
        for i, entry in enumerate(t["impact"], 1):
            yield {
                "training_id": t["id"],
                "seq": i,
                "date": _day(entry["date"]),
                "method": entry["method"],
                "kind": entry["kind"],
                "finding": entry["finding"],
            }
