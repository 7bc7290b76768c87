"""Indicator RAG and trend, exactly as FORMAT.md defines them.

An indicator's RAG is that of its latest value: ``green`` on target or better,
``amber`` worse than target by at most ``tolerance``, ``red`` worse by more,
``None`` without a target. Its trend compares the latest value with the one
before: ``improving``, ``worsening`` or ``steady``, in the direction of
``better``.

Choices where FORMAT.md is silent (documented in docs/calendar-and-assurance.md):

* Values are ordered by period, never by their order in the file.
* A period counts once it has *started* on or before the as-of date: an officer
  who records a value for the current quarter expects to see it, and only
  values for periods that have not begun yet (forecasts, typos) are ignored.
* With mixed period forms (an error ``lif validate`` reports) periods are
  ordered by their first day, then their last; with a duplicate period (also an
  error) the first value in the file is used.
* No ``tolerance`` means a tolerance of 0: anything worse than target is red.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli.models import Drilldown, Indicator

RAG_WORDS = ("green", "amber", "red")
TRENDS = ("improving", "worsening", "steady")


def period_bounds(period: str) -> tuple[date, date]:
    """The first and last day of a period written YYYY, YYYY-Qn or YYYY-MM."""
    year = int(period[:4])
    if len(period) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    if period[5] == "Q":
        q = int(period[6])
        first_month = 3 * (q - 1) + 1
        last_month = first_month + 2
        return date(year, first_month, 1), date(year, last_month, monthrange(year, last_month)[1])
    month = int(period[5:7])
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


@dataclass(frozen=True, slots=True)
class Point:
    period: str
    value: float


def series(indicator: Indicator, as_of: date) -> list[Point]:
    """The indicator's values in period order, one per period, started by as_of."""
    seen: set[str] = set()
    points = []
    for v in indicator.values:
        if v.period in seen:
            continue
        seen.add(v.period)
        if period_bounds(v.period)[0] <= as_of:
            points.append(Point(v.period, v.value))
    points.sort(key=lambda p: period_bounds(p.period))
    return points


def rag_of(value: float, indicator: Indicator) -> str | None:
    """green, amber or red for one value against the indicator's target."""
    if indicator.target is None:
        return None
    target = indicator.target
    shortfall = value - target if indicator.better == "lower" else target - value
    if shortfall <= 0:
        return "green"
    if shortfall <= (indicator.tolerance or 0):
        return "amber"
    return "red"


def trend_of(latest: float, previous: float | None, better: str) -> str | None:
    """improving, worsening or steady; None with fewer than two values."""
    if previous is None:
        return None
    if latest == previous:
        return "steady"
    went_down = latest < previous
    return "improving" if went_down == (better == "lower") else "worsening"


def indicator_state(indicator: Indicator, as_of: date) -> dict[str, Any]:
    """Everything shown about one indicator as of a date."""
    points = series(indicator, as_of)
    latest = points[-1] if points else None
    previous = points[-2] if len(points) > 1 else None
    return {
        "id": indicator.id,
        "title": indicator.title,
        "level": indicator.level,
        "priority": indicator.priority,
        "agency": indicator.agency,
        "unit": indicator.unit,
        "better": indicator.better,
        "target": indicator.target,
        "tolerance": indicator.tolerance,
        "latest": latest.value if latest else None,
        "period": latest.period if latest else None,
        "previous": previous.value if previous else None,
        "rag": rag_of(latest.value, indicator) if latest else None,
        "trend": trend_of(latest.value, previous.value, indicator.better)
        if latest and previous
        else None,
        "values": [{"period": p.period, "value": p.value} for p in points],
    }


def indicator_summary(records: Any, as_of: date) -> dict[str, dict[str, Any]]:
    """id -> {title, rag, trend, latest, period} for every valid indicator."""
    out: dict[str, dict[str, Any]] = {}
    for ind in records.models("indicators"):
        s = indicator_state(ind, as_of)
        out[ind.id] = {k: s[k] for k in ("title", "rag", "trend", "latest", "period")}
    return out


def _question_state(q: Any, as_of: date) -> dict[str, Any]:
    # a response with no date counts as in; one dated after as_of had not arrived
    arrived = q.responded is None or q.responded <= as_of
    answered = arrived and (q.response is not None or q.responded is not None)
    overdue = not answered and q.due is not None and q.due < as_of
    return {
        "id": q.id,
        "text": q.text,
        "to": q.to,
        "due": q.due.isoformat() if q.due else None,
        "response": q.response if arrived else None,
        "responded": q.responded.isoformat() if q.responded and arrived else None,
        "answered": answered,
        "overdue": overdue,
    }


def drilldown_state(drilldown: Drilldown, as_of: date) -> dict[str, Any]:
    """One drilldown with its questions; a question is overdue when unanswered past due.

    A response dated after the as-of date is not shown: it had not arrived yet.
    """
    questions = [_question_state(q, as_of) for q in drilldown.questions]
    return {
        "id": drilldown.id,
        "title": drilldown.title,
        "raised": drilldown.raised.isoformat(),
        "raised_by": drilldown.raised_by,
        "status": drilldown.status,
        "indicators": list(drilldown.indicators),
        "questions": questions,
        "overdue": [q["id"] for q in questions if q["overdue"]],
    }


def indicators_view(
    records: Any, as_of: date, level: str | None = None, priority: str | None = None
) -> dict[str, Any]:
    """The `lif indicators` view: indicators grouped by level, and open drilldowns.

    Indicators without a level are shown with surveillance (the board watches
    them but they serve no named priority). A drilldown is shown while it is
    open, or raised on or before as_of and still not closed.
    """
    indicators = []
    for ind in records.models("indicators"):
        lvl = ind.level or "surveillance"
        if level is not None and lvl != level:
            continue
        if priority is not None and ind.priority != priority:
            continue
        indicators.append(indicator_state(ind, as_of))
    shown = {i["id"] for i in indicators}
    drilldowns = []
    for dd in records.models("drilldowns"):
        if dd.status == "closed" or dd.raised > as_of:
            continue
        if (level is not None or priority is not None) and not shown.intersection(dd.indicators):
            continue
        drilldowns.append(drilldown_state(dd, as_of))
    drilldowns.sort(key=lambda d: (d["raised"], d["id"]))
    return {"as_of": as_of.isoformat(), "indicators": indicators, "drilldowns": drilldowns}
