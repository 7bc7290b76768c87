"""Today's arrangements as of a date: incidents and the Panel, the arrangements, child deaths.

Pure: takes the loaded records and the as-of date. The rules themselves live
in :mod:`lif_cli.frameworks` and :mod:`lif_cli.statutory`, each with its
source; this module only applies them and shapes the results for status,
plan, papers and export.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli.frameworks import (
    INCIDENT_BEGUN,
    STEP_WORDS,
    StepResult,
    incident_steps,
    next_step,
    settings_framework,
)
from lif_cli.loader import Records
from lif_cli.models import Incident
from lif_cli.statutory import CDOP_CATEGORIES


@dataclass(frozen=True, slots=True)
class IncidentState:
    """One serious incident as of a date: where it stands in the Panel's process."""

    incident: Incident
    framework: str
    steps: tuple[StepResult, ...]

    @property
    def id(self) -> str:
        return self.incident.id

    @property
    def open(self) -> bool:
        """Still in the process: not closed and some step not yet done."""
        return not self.incident.closed and next_step(list(self.steps)) is not None

    @property
    def next(self) -> StepResult | None:
        return None if self.incident.closed else next_step(list(self.steps))

    @property
    def where(self) -> str:
        """Where the incident stands, in words."""
        if self.incident.closed:
            return "closed"
        nxt = self.next
        if nxt is None:
            if self.incident.national_review:
                return "national review taken by the Panel"
            if self.incident.decision == "no-local-review" and self.incident.panel_agrees:
                return "no local review: the Panel agrees"
            return "published"
        return f"awaiting {STEP_WORDS.get(nxt.step.code, nxt.step.code)}"

    @property
    def late(self) -> list[StepResult]:
        return [s for s in self.steps if s.state in ("missed", "overdue")]


def incident_states(records: Records, as_of: date) -> list[IncidentState]:
    """Every readable incident, in file order, assessed as of ``as_of``."""
    s = records.settings
    out: list[IncidentState] = []
    for inc in records.models("incidents"):
        dates = inc.dates.model_dump()
        fw = settings_framework(s, inc, dates, INCIDENT_BEGUN)
        steps = incident_steps(
            dates,
            framework=fw,
            calendar_name=s.holidays,
            as_of=as_of,
            decision=inc.decision,
            panel_agrees=inc.panel_agrees,
            national_review=inc.national_review,
        )
        out.append(IncidentState(inc, fw, tuple(steps)))
    return out


def incident_row(state: IncidentState) -> dict[str, Any]:
    """One incident as plain values, for JSON, papers and export."""
    nxt = state.next
    return {
        "id": state.id,
        "title": state.incident.title,
        "framework": state.framework,
        "where": state.where,
        "open": state.open,
        "next": nxt.step.code if nxt else None,
        "next_title": nxt.step.title if nxt else None,
        "deadline": nxt.deadline if nxt else None,
        "working_days_left": nxt.working_days_left if nxt else None,
        "late": [r.step.code for r in state.late],
        "review": state.incident.review,
        "steps": [
            {
                "code": r.step.code,
                "title": r.step.title,
                "done": r.done_on,
                "deadline": r.deadline,
                "state": r.state,
            }
            for r in state.steps
        ],
    }


# --- the arrangements ---------------------------------------------------------------------


def arrangements_view(records: Records, as_of: date) -> dict[str, Any] | None:
    """lif.yaml `arrangements:` as plain values, with whether the review date has passed."""
    a = records.settings.arrangements
    if a is None:
        return None
    doc = a.document
    review_by = doc.review_by if doc is not None else None
    return {
        "lead_partners": [
            {
                "role": p.role,
                "agency": p.agency,
                "name": records.who(p.agency) or p.agency,
                "lead": p.lead,
                "delegate": p.delegate,
            }
            for p in a.lead_partners
        ],
        "relevant_agencies": [{"id": x, "name": records.who(x) or x} for x in a.relevant_agencies],
        "scrutineer": a.scrutineer,
        "document": doc.title if doc is not None else None,
        "url": doc.url if doc is not None else None,
        "published": doc.published if doc is not None else None,
        "review_by": review_by,
        "review_overdue": review_by is not None and review_by < as_of,
    }


# --- child death reviews ---------------------------------------------------------------------

# The date that places a child death review in a year: when the review concluded.
_CDR_DATES = ("report_received", "published", "started", "decided", "referred")


def _business_year(d: date, start_month: int) -> str:
    first = d.year if d.month >= start_month else d.year - 1
    if start_month == 1:
        return str(first)
    return f"{first}-{(first + 1) % 100:02d}"


def suppress(count: int, below: int) -> str:
    """A count for a published table: 1 to ``below`` - 1 shown as '<below'."""
    if 0 < count < below:
        return f"<{below}"
    return str(count)


def cdop_analysis(records: Records, as_of: date) -> dict[str, Any]:
    """Child deaths reviewed, by category and by modifiable factors, by year: aggregate only.

    Counts from 1 to ``cdop_suppress_below`` - 1 are shown suppressed ("<5");
    then, in each year's column, further counts are withheld ("*"), smallest
    first, until the withheld cells are at least two and hold at least
    ``cdop_suppress_below`` deaths between them, so that no one cell can be
    worked out from the year's total by subtraction. A total is suppressed
    like any count. Reviews dated after ``as_of`` are not counted.
    """
    s = records.settings
    below = s.cdop_suppress_below
    by_cat: dict[str, Counter[int]] = {}
    by_mod: dict[str, Counter[str]] = {}
    for r in records.models("reviews"):
        if r.type != "child-death-review" or r.cdop is None:
            continue
        when = next((d for f in _CDR_DATES if (d := getattr(r.dates, f)) is not None), None)
        if when is None or when > as_of:
            continue
        year = _business_year(when, s.year_start_month)
        if r.cdop.category is not None:
            by_cat.setdefault(year, Counter())[r.cdop.category] += 1
        mod = r.cdop.modifiable
        key = "unknown" if mod is None or mod == "unknown" else ("yes" if mod else "no")
        by_mod.setdefault(year, Counter())[key] += 1
    years = sorted(set(by_cat) | set(by_mod))
    cat_rows = [
        (f"{n}. {CDOP_CATEGORIES[n]}", [by_cat.get(y, Counter())[n] for y in years])
        for n in CDOP_CATEGORIES
    ]
    mod_labels = {
        "yes": "modifiable factors identified",
        "no": "no modifiable factors",
        "unknown": "not known",
    }
    mod_rows = [
        (label, [by_mod.get(y, Counter())[k] for y in years]) for k, label in mod_labels.items()
    ]
    totals = [sum(by_mod.get(y, Counter()).values()) for y in years]
    return {
        "years": years,
        "suppress_below": below,
        "categories": _suppressed(cat_rows, len(years), below),
        "modifiable": _suppressed(mod_rows, len(years), below),
        "totals": [suppress(t, below) if below > 1 else str(t) for t in totals],
        "reviewed": sum(totals),
    }


def _suppressed(rows: list[tuple[str, list[int]]], ncols: int, below: int) -> list[dict[str, Any]]:
    """Cells for a published table; see :func:`cdop_analysis` for the rule."""
    cells = [[suppress(c, below) for c in counts] for _, counts in rows]
    if below > 1:
        for j in range(ncols):
            column = [counts[j] for _, counts in rows]
            hidden = [i for i, c in enumerate(column) if 0 < c < below]
            # Until the hidden cells hold at least `below` between at least two of
            # them, withhold the next smallest count too.
            while hidden and (len(hidden) < 2 or sum(column[i] for i in hidden) < below):
                shown = [(c, i) for i, c in enumerate(column) if c > 0 and i not in hidden]
                if not shown:
                    break
                _, i = min(shown)
                hidden.append(i)
                cells[i][j] = "*"
    return [{"label": label, "cells": cells[i]} for i, (label, _) in enumerate(rows)]


# --- the safeguarding partners' yearly report -----------------------------------------------


def _in_year(d: date | None, first: date, last: date) -> bool:
    return d is not None and first <= d <= last


def partners_context(
    records: Records,
    as_of: date,
    plan: Any,
    indicators: list[dict[str, Any]],
    year_first: date,
    year_last: date,
) -> dict[str, Any]:
    """What the yearly report (and the annual report's CDOP section) add to a paper's context.

    ``impact``: actions with evidence of impact recorded, completed in the year;
    ``trends``: indicators with a trend; ``scrutiny`` and ``national_reviews``:
    the sources of those kinds with their recommendations and how many local
    actions answer them; ``practice_reviews``: reviews with a statutory test
    decided or published in the year; ``priorities``: the board priorities the
    indicators serve, with their indicators.
    """
    end = min(as_of, year_last)
    states = incident_states(records, as_of)
    sources = {s.id: s for s in plan.sources}

    def source_rows(kind: str, when: str) -> list[dict[str, Any]]:
        rows = []
        for m in records.models(kind):
            sp = sources.get(m.id)
            recs = sp.recommendations if sp else ()
            rows.append(
                {
                    "id": m.id,
                    "title": m.title,
                    "date": getattr(m, when),
                    "in_year": _in_year(getattr(m, when), year_first, end),
                    "stage": sp.stage if sp else None,
                    "findings": [{"id": f.id, "text": f.text} for f in m.findings],
                    "recommendations": [
                        {
                            "id": f"{m.id}/{r.id}",
                            "text": r.text,
                            "actions": len(row.actions) if (row := _rec(recs, r.id)) else 0,
                            "status": row.status if row else "gap",
                        }
                        for r in m.recommendations
                    ],
                    "model": m,
                }
            )
        return rows

    impact = [
        r
        for r in plan.actions()
        if r.action.impact and _in_year(r.action.completed, year_first, end)
    ]
    practice = [
        r
        for r in records.models("reviews")
        if r.type in ("child-safeguarding-practice-review", "serious-case-review", "rapid-review")
        and (
            _in_year(r.dates.decided, year_first, end)
            or _in_year(r.dates.published, year_first, end)
            or _in_year(r.dates.rapid_review, year_first, end)
        )
    ]
    priorities: dict[str, list[dict[str, Any]]] = {}
    for i in indicators:
        if i.get("priority"):
            priorities.setdefault(i["priority"], []).append(i)
    return {
        "arrangements": arrangements_view(records, as_of),
        "incidents": [incident_row(s) for s in states],
        "incidents_in_year": [
            incident_row(s)
            for s in states
            if _in_year(s.incident.dates.notified or s.incident.dates.aware, year_first, end)
        ],
        "scrutiny": source_rows("scrutiny", "reported"),
        "national_reviews": source_rows("national-reviews", "adopted"),
        "practice_reviews": practice,
        "impact": impact,
        "trends": [i for i in indicators if i.get("trend")],
        "priorities": priorities,
        "cdop": cdop_analysis(records, as_of),
    }


def _rec(recs: Any, rid: str) -> Any:
    return next((r for r in recs if r.rec_id == rid), None)
