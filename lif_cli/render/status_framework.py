"""The status dashboard's sections for the rest of the framework: outcomes, risks,
evidence requests, learning events and dissemination, feedback. Text and JSON.

Kept apart from :mod:`lif_cli.render.status` so the two can change separately;
each section says "none" rather than disappearing, like the others.
"""

from __future__ import annotations

from typing import Any

from lif_cli.compute.framework import FrameworkView
from lif_cli.render.plan import RAG_STYLES, days_text, fmt_date, plural

EVIDENCE_WORDS = {"evidenced": "EVIDENCED", "partial": "PARTIAL", "none": "NO EVIDENCE"}
EVIDENCE_STYLES = {"evidenced": "bold blue", "partial": "bold yellow", "none": "bold red"}
DIRECTION_WORDS = {"up": "rising", "down": "falling", "same": "unchanged", "new": "new"}


def _parts() -> tuple[Any, Any, Any, Any]:
    from lif_cli.render.status import _grid, _heading, _more, _take

    return _heading, _grid, _take, _more


def outcomes_section(view: FrameworkView, limit: int) -> list:
    from rich.text import Text

    heading, grid_of, take, more = _parts()
    outcomes = view.outcomes
    title = "What good looks like: outcomes and their evidence"
    parts: list[Any] = [heading(f"{title} ({len(outcomes)})" if outcomes else title, len(outcomes))]
    if not outcomes:
        return parts
    grid = grid_of()
    shown, hidden = take(outcomes, limit)
    for o in shown:
        block = Text(o.id, style="bold")
        block.append(f"  {o.outcome.title}")
        for m in o.measures:
            if m.indicator is None:
                block.append(f"\n{m.text}: no indicator", style="dim")
            elif m.latest is None:
                block.append(f"\n{m.indicator}: no value yet", style="dim")
            else:
                block.append(f"\n{m.indicator}: {(m.rag or 'no target').upper()}")
                if m.trend:
                    block.append(f", {m.trend}")
        live = len([a for a in o.actions if a.action.status != "cancelled"])
        block.append(
            f"\nactions: {o.complete} of {live} complete, {o.with_impact} with evidence of impact"
        )
        if o.missing:
            block.append("\nmissing: " + "; ".join(o.missing), style="dim")
        grid.add_row(Text(EVIDENCE_WORDS[o.evidence], style=EVIDENCE_STYLES[o.evidence]), block)
    parts.append(grid)
    if hidden:
        parts.append(more(hidden, "lif status --limit 0"))
    return parts


def risks_section(view: FrameworkView, limit: int) -> list:
    from rich.text import Text

    heading, grid_of, take, more = _parts()
    open_ = view.open_risks
    head = heading("Risk register")
    if not open_:
        head.append(": no open risk")
        return [head]
    tally = {rag: sum(1 for r in open_ if r.rag == rag) for rag in ("red", "amber", "green")}
    head.append(
        f": {plural(len(open_), 'open risk')}, {tally['red']} red · {tally['amber']} amber · "
        f"{tally['green']} green"
    )
    parts: list[Any] = [head]
    late = view.risks_review_overdue
    if late:
        parts.append(heading(f"Risks overdue for review ({len(late)})"))
        grid = grid_of()
        shown, hidden = take(late, limit)
        for r in shown:
            block = Text(r.id, style="bold")
            block.append(f"  {r.risk.title}\nowner {r.risk.owner} · review was due ")
            block.append(fmt_date(r.risk.next_review))
            grid.add_row(Text(f"{days_text(r.review_overdue_days)} late", style="bold red"), block)
        parts.append(grid)
        if hidden:
            parts.append(more(hidden, "lif status --format json"))
    parts.append(heading("Highest-scoring risks"))
    grid = grid_of()
    shown, hidden = take(open_, min(limit, 5) if limit else 0)
    for r in shown:
        block = Text(r.id, style="bold")
        block.append(f"  {r.risk.title}")
        block.append(
            f"\nlikelihood {r.risk.likelihood} x impact {r.risk.impact} · owner {r.risk.owner}"
        )
        if r.risk.direction:
            block.append(f" · {DIRECTION_WORDS[r.risk.direction]}")
        if r.risk.actions:
            block.append(f" · {r.actions_open} of {len(r.risk.actions)} mitigating actions open")
        grid.add_row(Text(f"{r.score} {r.rag.upper()}", style=RAG_STYLES[r.rag]), block)
    parts.append(grid)
    if hidden:
        parts.append(more(hidden, "lif report board"))
    return parts


def requests_section(view: FrameworkView, limit: int) -> list:
    from rich.text import Text

    heading, grid_of, take, more = _parts()
    listed = [*view.requests_overdue, *view.requests_due]
    open_ = [s for s in view.requests if s.open]
    head = heading("Evidence requests")
    if not view.requests:
        head.append(": none")
        return [head]
    head.append(
        f": {len(open_)} open · {len(view.requests_overdue)} overdue · "
        f"{len(view.requests_due)} due this month"
    )
    parts: list[Any] = [head]
    if listed:
        grid = grid_of()
        shown, hidden = take(listed, limit)
        for s in shown:
            req = s.request
            block = Text(s.id, style="bold")
            block.append(f"  to {req.to} · due {fmt_date(req.due)}")
            if s.chased:
                block.append(f" · chased {plural(s.chased, 'time')}")
            block.append(f"\n{s.label}")
            if s.state == "overdue":
                key = Text(f"{days_text(s.days_overdue)} late", style="bold red")
            else:
                key = Text("DUE", style="bold yellow")
            grid.add_row(key, block)
        parts.append(grid)
        if hidden:
            parts.append(more(hidden, "lif calendar"))
    return parts


def learning_section(view: FrameworkView, limit: int) -> list:
    from rich.text import Text

    heading, grid_of, take, more = _parts()
    held = view.events_this_year
    head = heading("Learning events")
    attended = sum(e.attended for e in held)
    head.append(
        f": {plural(len(held), 'event')} held this business year, {plural(attended, 'attendance')}"
    )
    planned = [e for e in view.events if not e.held]
    if planned:
        head.append(f"; {len(planned)} planned")
    parts: list[Any] = [head]
    spread = [s for s in view.source_learning if s.events]
    if view.source_learning:
        grid = grid_of()
        line = Text(
            "concluded sources with findings whose learning an event has spread"
            + (": " + ", ".join(s.id for s in spread) if spread else "")
        )
        grid.add_row(Text(f"{len(spread)} of {len(view.source_learning)}", style="bold"), line)
        parts.append(grid)
    awaiting = view.cascade_awaiting
    if awaiting:
        grid = grid_of()
        shown, hidden = take(awaiting, limit)
        for c in shown:
            block = Text(c.id, style="bold")
            block.append(f"  {c.title}\ncascade of the learning not yet confirmed by ")
            block.append(", ".join(c.awaiting))
            total = len(c.confirmed) + len(c.awaiting)
            grid.add_row(Text(f"{len(c.confirmed)} of {total}", style="bold"), block)
        parts.append(grid)
        if hidden:
            parts.append(more(hidden, "lif status --format json"))
    return parts


def feedback_section(view: FrameworkView, limit: int) -> list:
    from rich.text import Text

    heading, grid_of, take, more = _parts()
    rows = view.feedback
    title = "Feedback from children, families and the workforce"
    parts: list[Any] = [heading(f"{title} ({len(rows)})" if rows else title, len(rows))]
    if not rows:
        return parts
    grid = grid_of()
    shown, hidden = take(rows, limit)
    for f in shown:
        fb = f.feedback
        block = Text(fb.id, style="bold")
        block.append(f"  {fb.title}\n{fb.voice.replace('-', ' ')}, {fb.method.replace('-', ' ')}")
        if fb.respondents is not None:
            block.append(f", {plural(fb.respondents, 'respondent')}")
        block.append(f"; {plural(f.recommendations, 'recommendation')}")
        if f.gaps:
            block.append(f", {f.gaps} with no action", style="bold red")
        grid.add_row(Text(f"{len(fb.themes)} themes", style="dim"), block)
    parts.append(grid)
    if hidden:
        parts.append(more(hidden, "lif status --format json"))
    return parts


def framework_sections(view: FrameworkView | None, limit: int, agency: str | None) -> list:
    """Every section, in the order a support officer reads them."""
    if view is None:
        return []
    if agency is not None:
        return [*requests_section(view, limit)]
    return [
        *outcomes_section(view, limit),
        *risks_section(view, limit),
        *requests_section(view, limit),
        *learning_section(view, limit),
        *feedback_section(view, limit),
    ]


def framework_json(view: FrameworkView | None) -> dict[str, Any]:
    """lif's own `lif status --format json` keys for these parts."""
    if view is None:
        return {}
    return {
        "outcomes": {
            o.id: {
                "title": o.outcome.title,
                "evidence": o.evidence,
                "measures": [
                    {"text": m.text, "indicator": m.indicator, "rag": m.rag, "trend": m.trend}
                    for m in o.measures
                ],
                "actions_complete": o.complete,
                "actions_with_impact": o.with_impact,
                "actions_open": o.open,
                "missing": list(o.missing),
            }
            for o in view.outcomes
        },
        "risks": [
            {
                "id": r.id,
                "title": r.risk.title,
                "owner": r.risk.owner,
                "status": r.risk.status,
                "likelihood": r.risk.likelihood,
                "impact": r.risk.impact,
                "score": r.score,
                "rag": r.rag,
                "direction": r.risk.direction,
                "next_review": r.risk.next_review.isoformat() if r.risk.next_review else None,
                "review_overdue_days": r.review_overdue_days,
            }
            for r in view.risks
        ],
        "evidence_requests": [
            {
                "id": s.id,
                "to": s.request.to,
                "due": s.request.due.isoformat(),
                "state": s.state,
                "chased": s.chased,
                "days_overdue": s.days_overdue,
                "answered_by": s.request.answered.record if s.request.answered else None,
            }
            for s in view.requests
        ],
        "learning_events": {
            "held_this_year": [e.id for e in view.events_this_year],
            "attendance_this_year": sum(e.attended for e in view.events_this_year),
            "planned": [e.id for e in view.events if not e.held],
        },
        "learning_spread": {s.id: list(s.events) for s in view.source_learning},
        "cascade_awaiting": {c.id: list(c.awaiting) for c in view.cascade_awaiting},
        "feedback": [
            {
                "id": f.id,
                "voice": f.feedback.voice,
                "respondents": f.feedback.respondents,
                "recommendations": f.recommendations,
                "gaps": f.gaps,
            }
            for f in view.feedback
        ],
    }
