"""Section 11 assurance: the agencies-by-standards matrix, shortfalls, peer challenge.

Choices where FORMAT.md is silent (documented in docs/calendar-and-assurance.md):

* The year shown by default is the latest assessment ``year`` with an
  assessment presented by the as-of date (else the as-of year); ``--year``
  picks another.
* An assessment counts as submitted once its ``presented`` date is on or before
  the as-of date. One with no ``presented`` date is shown in the matrix as a
  draft but the agency is still listed as not submitted.
* The agencies expected to submit are those that have submitted an assessment
  in any year up to the as-of date: the partnership's Section 11 cycle.
* A shortfall (``not-met`` or ``partially-met``) is answered by the actions of
  the assessment's action plan that answer a recommendation linked to the
  standard. A recommendation is linked by the lif extension field
  ``standards: [S8]``; a recommendation without that field is linked to every
  standard whose id its text names as a word ("standard S8 not met").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lif_cli.compute.rag import action_rag
from lif_cli.models import Assessment, Recommendation

RATING_ORDER = ("met", "partially-met", "not-met")
SHORTFALL = ("not-met", "partially-met")


def default_year(records: Any, as_of: date) -> int:
    """The latest year with an assessment presented by as_of (else the as-of year)."""
    years = [a.year for a in records.models("assessments") if _submitted(a, as_of)]
    return max(years, default=as_of.year)


def _submitted(a: Assessment, as_of: date) -> bool:
    return a.presented is not None and a.presented <= as_of


def linked_standards(rec: Recommendation, standard_ids: list[str]) -> tuple[list[str], str]:
    """The standards a recommendation answers, and how that was known."""
    explicit = rec.standards
    if explicit:
        return list(explicit), "field"
    named = [s for s in standard_ids if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", rec.text)]
    return named, "text"


def _actions_for(records: Any, a: Assessment, standard: str, as_of: date) -> dict[str, Any]:
    standard_ids = [s.id for s in records.settings.s11_standards]
    recs = []
    for rec in a.recommendations:
        ids, how = linked_standards(rec, standard_ids)
        if standard in ids:
            recs.append((rec, how))
    plan_rf = records.plans.get(a.id)
    plan = plan_rf.model if plan_rf is not None else None
    actions = []
    linked = {rec.id for rec, _ in recs}
    if plan is not None and linked:
        for act in plan.actions:
            if linked.intersection(act.recommendation):
                actions.append(
                    {
                        "id": f"{a.id}/{act.id}",
                        "recommendation": [f"{a.id}/{r}" for r in act.recommendation],
                        "text": act.text,
                        "agency": act.agency,
                        "due": act.due.isoformat(),
                        "status": act.status,
                        "rag": action_rag(act, as_of, records.settings.amber_days),
                    }
                )
    answering = [x for x in actions if x["status"] != "cancelled"]
    return {
        "recommendations": [f"{a.id}/{rec.id}" for rec, _ in recs],
        "linked_by": sorted({how for _, how in recs}),
        "actions": actions,
        "answered": bool(answering),
    }


def _challenge_events(records: Any, year: int, as_of: date) -> list[dict[str, Any]]:
    events = []
    for ev in records.models("challenges"):
        if ev.date.year != year or ev.date > as_of:
            continue
        plan_rf = records.plans.get(ev.id)
        actions = []
        if plan_rf is not None:
            for act in plan_rf.model.actions:
                actions.append(
                    {
                        "id": f"{ev.id}/{act.id}",
                        "recommendation": [f"{ev.id}/{r}" for r in act.recommendation],
                        "text": act.text,
                        "agency": act.agency,
                        "due": act.due.isoformat(),
                        "status": act.status,
                        "rag": action_rag(act, as_of, records.settings.amber_days),
                    }
                )
        events.append(
            {
                "id": ev.id,
                "title": ev.title,
                "date": ev.date.isoformat(),
                "agencies": list(ev.agencies),
                "challenges": [
                    {"to": c.to, "by": c.by, "question": c.question, "response": c.response}
                    for c in ev.challenges
                ],
                "recommendations": [
                    {"id": f"{ev.id}/{r.id}", "text": r.text} for r in ev.recommendations
                ],
                "actions": actions,
            }
        )
    events.sort(key=lambda e: (e["date"], e["id"]))
    return events


def s11_view(records: Any, as_of: date, year: int | None = None) -> dict[str, Any]:
    """The `lif s11` view for one assessment year."""
    if year is None:
        year = default_year(records, as_of)
    # The standards that applied in that year (lif.yaml from_year/to_year).
    standards = [
        {"id": s.id, "title": s.title} for s in records.settings.s11_standards if s.applies_in(year)
    ]
    assessments = [
        a
        for a in records.models("assessments")
        if a.year == year and (a.presented is None or a.presented <= as_of)
    ]
    assessments.sort(key=lambda a: (a.agency, a.id))
    rows = []
    shortfalls = []
    for a in assessments:
        ratings = {s.standard: s.rating for s in a.standards}
        rows.append(
            {
                "assessment": a.id,
                "agency": a.agency,
                "presented": a.presented.isoformat() if a.presented else None,
                "submitted": _submitted(a, as_of),
                "ratings": ratings,
            }
        )
        for s in a.standards:
            if s.rating in SHORTFALL:
                shortfalls.append(
                    {
                        "assessment": a.id,
                        "agency": a.agency,
                        "standard": s.standard,
                        "rating": s.rating,
                        "evidence": s.evidence,
                        **_actions_for(records, a, s.standard, as_of),
                    }
                )
    order = {s["id"]: i for i, s in enumerate(standards)}
    shortfalls.sort(
        key=lambda x: (x["rating"] != "not-met", x["agency"], order.get(x["standard"], 99))
    )
    expected = sorted({a.agency for a in records.models("assessments") if _submitted(a, as_of)})
    submitted = {r["agency"] for r in rows if r["submitted"]}
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "standards": standards,
        "matrix": rows,
        "expected": expected,
        "not_submitted": [x for x in expected if x not in submitted],
        "shortfalls": shortfalls,
        "challenges": _challenge_events(records, year, as_of),
    }
