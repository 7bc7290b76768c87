"""Outcome statements as of a date: what good looks like, and the evidence so far.

For each outcome: each impact measure with its indicator's RAG and trend;
its contributing actions, counted as complete with evidence of impact,
complete without it, open, or cancelled; and what is still missing. The
outcome's ``evidence`` is:

* ``evidenced``: every measure has an indicator that is on target or
  improving, and every live contributing action is complete with impact;
* ``none``: no measure has an indicator value and no action is complete;
* ``partial``: anything in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli.models import Outcome


@dataclass(frozen=True, slots=True)
class MeasureState:
    text: str
    indicator: str | None
    title: str | None  # the indicator's title
    rag: str | None
    trend: str | None
    latest: float | None
    period: str | None
    unit: str | None

    @property
    def good(self) -> bool:
        """On target, or moving the right way."""
        return self.rag == "green" or self.trend == "improving"


@dataclass(frozen=True, slots=True)
class OutcomeState:
    outcome: Outcome
    measures: tuple[MeasureState, ...]
    actions: tuple[Any, ...]  # the plan's ActionRows, found ones
    with_impact: int  # complete with impact recorded
    complete: int  # complete (with or without impact)
    open: int
    missing: tuple[str, ...]  # what is still missing, in words
    evidence: str  # evidenced | partial | none

    @property
    def id(self) -> str:
        return self.outcome.id


def outcome_state(
    outcome: Outcome, indicators: dict[str, Any], actions: dict[str, Any]
) -> OutcomeState:
    """One outcome, from indicator states (id -> indicator_state) and plan rows (id -> row)."""
    measures = []
    for m in outcome.measures:
        s = indicators.get(m.indicator) if m.indicator else None
        measures.append(
            MeasureState(
                m.text,
                m.indicator,
                s["title"] if s else None,
                s["rag"] if s else None,
                s["trend"] if s else None,
                s["latest"] if s else None,
                s["period"] if s else None,
                s["unit"] if s else None,
            )
        )
    rows = tuple(actions[a] for a in outcome.actions if a in actions)
    live = [r for r in rows if r.action.status != "cancelled"]
    complete = [r for r in live if r.action.status == "complete"]
    with_impact = sum(1 for r in complete if r.action.impact)
    missing: list[str] = []
    if not outcome.measures:
        missing.append("no impact measure is named")
    for ms in measures:
        if ms.indicator is None:
            missing.append(f"no indicator measures '{ms.text}'")
        elif ms.latest is None:
            missing.append(f"{ms.indicator} has no value yet")
        elif not ms.good:
            trend = ms.trend or "has no trend yet"
            missing.append(f"{ms.indicator} is {ms.rag or 'without a target'} and {trend}")
    if not outcome.actions:
        missing.append("no contributing action is named")
    unknown = [a for a in outcome.actions if a not in actions]
    if unknown:
        missing.append("actions not in the plan: " + ", ".join(unknown))
    open_ = len(live) - len(complete)
    if open_:
        missing.append(f"{open_} contributing action{'s' if open_ != 1 else ''} still open")
    if len(complete) > with_impact:
        n = len(complete) - with_impact
        missing.append(f"{n} complete action{'s' if n != 1 else ''} without evidence of impact")
    measured = [ms for ms in measures if ms.latest is not None]
    if not missing:
        evidence = "evidenced"
    elif not measured and not complete:
        evidence = "none"
    else:
        evidence = "partial"
    return OutcomeState(
        outcome, tuple(measures), rows, with_impact, len(complete), open_, tuple(missing), evidence
    )


def outcome_states(records: Any, plan: Any, as_of: date) -> list[OutcomeState]:
    """Every readable outcome, in file order."""
    from lif_cli.compute.indicators import indicator_state

    outcomes = records.models("outcomes")
    if not outcomes:  # spare a large repository the indicator roll-up
        return []
    indicators = {i.id: indicator_state(i, as_of) for i in records.models("indicators")}
    actions = {row.id: row for row in plan.actions()}
    return [outcome_state(o, indicators, actions) for o in outcomes]
