"""Renderers of the status dashboard: terminal text and JSON.

Text is built for a support officer's morning: headline counts, then what needs
chasing (overdue, due soon, blocked, gaps), then reviews, returns, indicators
and the table by agency. Every status is a word, so it reads without colour,
and every section says "none" rather than disappearing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from lif_cli.compute.plan import STAGES, ActionRow
from lif_cli.compute.reviews import ReviewState
from lif_cli.compute.status import Status
from lif_cli.render.partners import partners_json, partners_sections
from lif_cli.render.plan import (
    RAG_STYLES,
    days_text,
    terminal_width,
)
from lif_cli.render.words import fmt_date, fmt_month, plural

if TYPE_CHECKING:
    from rich.text import Text

CALENDAR_STATES = ("received", "late", "overdue", "due", "upcoming")
# Short names of the dissemination duties (statutory.DISSEMINATION_DUTIES codes).
DUTY_WORDS = {
    "published": "report published",
    "training-reviewed": "training reviewed",
    "awareness": "briefing/roadshow/poster",
    "practice-briefing": "practice briefings",
    "slides": "slides",
}
_TIMESCALE_WORDS = {
    "notification": "notification",
    "rapid-review": "rapid review",
    "completion": "completion",
}


# --- text ----------------------------------------------------------------------------


def _heading(text: str, count: int | None = None) -> Text:
    from rich.text import Text

    t = Text("\n")
    t.append(text, style="bold")
    if count is not None and count == 0:
        t.append(": none")
    return t


def _take(items: list, limit: int) -> tuple[list, int]:
    """The first ``limit`` items (all when limit is 0) and how many are left out."""
    if limit and len(items) > limit:
        return items[:limit], len(items) - limit
    return items, 0


def _more(hidden: int, command: str) -> Text:
    from rich.text import Text

    return Text(f"  ... and {hidden} more: {command}", style="italic")


def _grid() -> Any:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(no_wrap=True, justify="right", min_width=7)
    grid.add_column(ratio=1, overflow="fold")
    return grid


def _action_block(row: ActionRow, show_latest: bool) -> Text:
    """Lines about one action: id, agency, due date and status; its text; owner;
    and (for actions to chase) the latest update."""
    from rich.text import Text

    a = row.action
    t = Text()
    t.append(row.id, style="bold")
    t.append(f"  {a.agency} · due {fmt_date(a.due)} · {a.status}")
    t.append("\n" + a.text)
    u = row.latest_update
    if a.owner:
        t.append(f"\nOwner: {a.owner}", style="dim")
    if show_latest:
        if u is None:
            t.append(" · no update recorded" if a.owner else "\nno update recorded", style="dim")
        else:
            t.append(
                f"\nLatest {fmt_date(u.date)}" + (f": {u.note}" if u.note else ""), style="dim"
            )
    return t


def _actions_section(
    title: str, rows: list[ActionRow], key, style: str, latest: bool, limit: int, command: str
) -> list:
    from rich.text import Text

    parts: list[Any] = [_heading(f"{title} ({len(rows)})" if rows else title, len(rows))]
    if rows:
        shown, hidden = _take(rows, limit)
        grid = _grid()
        for row in shown:
            grid.add_row(Text(key(row), style=style), _action_block(row, latest))
        parts.append(grid)
        if hidden:
            parts.append(_more(hidden, command))
    return parts


def _due_in(row: ActionRow, status: Status) -> str:
    left = (row.action.due - status.as_of).days
    return "today" if left == 0 else f"in {days_text(left)}"


def deadline_text(state: ReviewState) -> tuple[str, str]:
    """The next statutory deadline of a review and how it stands (two short lines)."""
    nxt = state.next_deadline
    if nxt is None:
        if not state.timescales:
            return "none", f"no statutory timescale for a {state.review.type.replace('-', ' ')}"
        return "none pending", "every statutory timescale met or not yet started"
    what = _TIMESCALE_WORDS.get(nxt.timescale.code, nxt.timescale.code)
    left = nxt.working_days_left or 0
    if nxt.state == "overdue":
        return (
            f"{what} was due {fmt_date(nxt.deadline)}",
            f"OVERDUE by {plural(-left, 'working day')}",
        )
    if left == 0:
        return f"{what} due {fmt_date(nxt.deadline)}", "due TODAY"
    return f"{what} due {fmt_date(nxt.deadline)}", f"{plural(left, 'working day')} left"


def _reviews_section(status: Status, limit: int, width: int) -> list:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    reviews = status.reviews or []
    parts: list[Any] = [
        _heading(
            f"Reviews in progress ({len(reviews)})" if reviews else "Reviews in progress",
            len(reviews),
        )
    ]
    if not reviews:
        return parts
    table = Table(
        box=box.SIMPLE_HEAD, expand=True, width=min(width, 110), show_edge=False, pad_edge=False
    )
    table.add_column("Review", ratio=2, overflow="fold")
    table.add_column("Stage", no_wrap=True)
    table.add_column("Next statutory deadline", ratio=2, overflow="fold")
    shown, hidden = _take(reviews, limit)
    for s in shown:
        r = s.review
        who = Text(r.id, style="bold")
        who.append(f"\n{r.title}\n")
        who.append(f"{r.type.replace('-', ' ')}, {r.status}", style="dim")
        what, how = deadline_text(s)
        nxt = s.next_deadline
        style = "bold red" if nxt and nxt.state == "overdue" else ""
        if nxt and nxt.state == "open" and (nxt.working_days_left or 0) <= 5:
            style = "bold yellow"
        dl = Text(what + "\n")
        dl.append(how, style=style)
        table.add_row(who, s.stage or "-", dl)
    parts.append(table)
    if hidden:
        parts.append(_more(hidden, "lif status --limit 0, or lif status --format json"))
    return parts


def _dissemination_section(status: Status, limit: int) -> list:
    from rich.text import Text

    missing = status.dissemination or []
    n = status.published
    if not missing:
        if n == 0:
            text = "no published reviews yet"
        else:
            text = f"every duty recorded for the {plural(n, 'published review')}"
        head = _heading("Dissemination of learning")
        head.append(f": {text}")
        return [head]
    parts: list[Any] = [
        _heading(f"Published reviews with dissemination missing ({len(missing)} of {n})")
    ]
    grid = _grid()
    shown, hidden = _take(missing, limit)
    for s in shown:
        block = Text(s.id, style="bold")
        block.append(f"  {s.review.title}")
        block.append(
            "\nmissing: " + " · ".join(DUTY_WORDS.get(d.code, d.code) for d in s.missing_duties)
        )
        grid.add_row(Text(f"{len(s.missing_duties)} of {len(s.duties)}", style="bold"), block)
    parts.append(grid)
    if hidden:
        parts.append(_more(hidden, "lif status --limit 0"))
    return parts


def _gaps_section(status: Status, limit: int, scope: str) -> list:
    from rich.text import Text

    gaps = status.gaps
    title = "Gaps: recommendations with no action"
    parts: list[Any] = [_heading(f"{title} ({len(gaps)})" if gaps else title, len(gaps))]
    if not gaps:
        return parts
    grid = _grid()
    shown, hidden = _take(gaps, limit)
    for rec in shown:
        block = Text(rec.id, style="bold")
        if rec.to:
            block.append("  to " + ", ".join(rec.to))
        if rec.actions:
            block.append(" · every action cancelled")
        block.append("\n" + (rec.text or ""))
        grid.add_row(Text("GAP", style="bold red"), block)
    parts.append(grid)
    if hidden:
        parts.append(_more(hidden, f"lif plan --format csv{scope}"))
    return parts


def _calendar_section(status: Status, limit: int) -> list:
    from rich.text import Text

    cal = status.calendar or {}
    counts = cal.get("counts", {})
    head = _heading(f"Reporting calendar {status.business_year}")
    head.append(" (returns by due month)\n")
    if any(counts.values()):
        head.append("  " + " · ".join(f"{counts.get(k, 0)} {k}" for k in CALENDAR_STATES))
    elif status.agency:
        head.append(f"  no return from {status.agency} is due this business year")
    else:
        head.append("  no return is due this business year (see calendar.yaml)")
    parts: list[Any] = [head]
    listed = [("OVERDUE", "bold red", i) for i in cal.get("overdue") or []]
    listed += [("due", "bold yellow", i) for i in cal.get("due") or []]
    if listed:
        grid = _grid()
        shown, hidden = _take(listed, limit)
        for word, style, item in shown:
            block = Text(str(item.get("entry", "")), style="bold")
            block.append(f"  {item.get('title', '')}")
            if item.get("from"):
                block.append(f" · from {item['from']}")
            grid.add_row(Text(f"{word} {fmt_month(item.get('month'))}", style=style), block)
        parts.append(grid)
        if hidden:
            parts.append(_more(hidden, "lif calendar"))
    return parts


def _indicators_section(status: Status, limit: int) -> list:
    from rich.text import Text

    inds = status.indicators or {}
    tally = {"red": 0, "amber": 0, "green": 0, None: 0}
    for v in inds.values():
        tally[v.get("rag") if v.get("rag") in tally else None] += 1
    head = _heading("Indicators")
    if not inds:
        head.append(": none")
        return [head]
    line = f"{tally['red']} red · {tally['amber']} amber · {tally['green']} green"
    if tally[None]:
        line += f" · {tally[None]} without a target or value"
    head.append(f": {line}")
    parts: list[Any] = [head]
    worrying = [(k, v) for k, v in inds.items() if v.get("rag") in ("red", "amber")]
    worrying.sort(key=lambda kv: (kv[1]["rag"] != "red", kv[0]))
    if worrying:
        grid = _grid()
        shown, hidden = _take(worrying, limit)
        for ident, v in shown:
            block = Text(ident, style="bold")
            block.append(f"  {v.get('title', '')}")
            latest = v.get("latest")
            if latest is not None:
                unit = v.get("unit")
                block.append(f"\nlatest {_quantity(latest, unit)}")
                if v.get("period"):
                    block.append(f" ({v['period']})")
                if v.get("target") is not None:
                    block.append(f" against a target of {_quantity(v['target'], unit)}")
                if v.get("trend"):
                    block.append(f", {v['trend']}")
            grid.add_row(Text(v["rag"].upper(), style=RAG_STYLES[v["rag"]]), block)
        parts.append(grid)
        if hidden:
            parts.append(_more(hidden, "lif indicators"))
    return parts


def _quantity(value: float, unit: str | None) -> str:
    """81% for a percentage; 450 assessments a quarter; a bare number otherwise."""
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:g} {unit}" if unit else f"{value:g}"


def _agencies_section(status: Status, width: int) -> list:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [_heading("By agency", len(status.agencies))]
    if not status.agencies:
        return parts
    # Wide enough for the longest names, no wider: the numbers stay near the names.
    table = Table(
        box=box.SIMPLE_HEAD, expand=True, width=min(width, 120), show_edge=False, pad_edge=False
    )
    table.add_column("Agency", no_wrap=True)
    table.add_column("Name", overflow="fold", ratio=1)
    table.add_column("Open", justify="right", no_wrap=True)
    table.add_column("Overdue", justify="right", no_wrap=True)
    table.add_column("Complete", justify="right", no_wrap=True)
    for a in status.agencies:
        table.add_row(
            a.id,
            a.name or "(not in agencies.yaml)",
            str(a.open),
            Text(str(a.overdue), style="bold red" if a.overdue else ""),
            str(a.complete),
        )
    parts.append(table)
    return parts


def headline(status: Status) -> Text:
    from rich.text import Text

    t = Text()
    t.append("Actions: ", style="bold")
    words = []
    for rag in ("red", "amber", "green", "blue"):
        words.append((f"{status.counts[rag]} {rag.upper()}", RAG_STYLES[rag]))
    for i, (w, style) in enumerate(words):
        if i:
            t.append(" · ")
        t.append(w, style=style)
    if status.cancelled:
        t.append(f" · {status.cancelled} cancelled")
    t.append(f"  ({status.total_actions} in all)")
    t.append(
        f"\nred overdue · amber due within {status.amber_days} days or blocked · "
        "green on track · blue done",
        style="dim",
    )
    return t


def cycle_line(status: Status) -> list:
    """The number of sources at each learning-cycle stage, as a one-row table."""
    from rich.table import Table
    from rich.text import Text

    counts = dict.fromkeys(STAGES, 0)
    for s in status.stages:
        if s.stage:
            counts[s.stage] += 1
    head = _heading("Learning cycle")
    head.append(" (sources at each stage)")
    grid = Table.grid(padding=(0, 2), pad_edge=True)
    grid.add_column(width=0)  # indent: the grid's edge padding gives two spaces
    for _ in STAGES:
        grid.add_column(justify="right", no_wrap=True)
    grid.add_row("", *[Text(stage, style="dim") for stage in STAGES])
    grid.add_row("", *[str(n) for n in counts.values()])
    return [head, grid]


def render_text(
    status: Status,
    width: int | None = None,
    color: bool = False,
    agency_name: str | None = None,
    limit: int = 10,
) -> str:
    """The dashboard for a terminal (readable at 80 columns and without colour).

    Each list shows at most ``limit`` items (0: all), then says how many more
    there are and which command lists them.
    """
    from rich.console import Group
    from rich.text import Text

    from lif_cli.render.console import render_to_text
    from lif_cli.render.status_framework import framework_sections

    width = terminal_width(width)
    who = status.partnership
    scope = ""
    if status.agency:
        who = f"{status.agency} ({agency_name})" if agency_name else status.agency
        scope = f" --agency {status.agency}"
    title = Text(f"{who}: status as of {status.as_of:%A} {fmt_date(status.as_of)}", style="bold")
    parts: list[Any] = [title, Text(""), headline(status), *cycle_line(status)]
    parts += _actions_section(
        "Overdue actions, oldest first",
        status.overdue,
        lambda r: f"{days_text(r.days_overdue)} late",
        "bold red",
        latest=True,
        limit=limit,
        command=f"lif plan --overdue{scope}",
    )
    parts += _actions_section(
        f"Due within {status.amber_days} days",
        status.due_soon,
        lambda r: _due_in(r, status),
        "bold yellow",
        latest=False,
        limit=limit,
        command=f"lif plan --rag amber{scope}",
    )
    parts += _actions_section(
        "Blocked",
        status.blocked,
        lambda r: "BLOCKED",
        "bold yellow",
        latest=True,
        limit=limit,
        command=f"lif plan --status blocked{scope}",
    )
    parts += _gaps_section(status, limit, scope)
    if status.reviews is not None:
        parts += _reviews_section(status, limit, width)
        parts += _dissemination_section(status, limit)
        parts += partners_sections(status, limit)
    parts += _calendar_section(status, limit)
    parts += _indicators_section(status, limit)
    parts += framework_sections(status.framework, limit, status.agency)
    if status.agency is None:
        parts += _agencies_section(status, width)
    return render_to_text(Group(*parts), width=width, color=color)


# --- JSON ----------------------------------------------------------------------------


def _review_json(s: ReviewState) -> dict[str, Any]:
    nxt = s.next_deadline
    return {
        "id": s.id,
        "title": s.review.title,
        "type": s.review.type,
        "framework": s.framework,
        "status": s.review.status,
        "stage": s.stage,
        "next_deadline": (
            {
                "timescale": nxt.timescale.code,
                "title": nxt.timescale.title,
                "date": nxt.deadline.isoformat() if nxt.deadline else None,
                "state": nxt.state,
                "working_days_left": nxt.working_days_left,
            }
            if nxt
            else None
        ),
        "timescales": [
            {
                "timescale": t.timescale.code,
                "deadline": t.deadline.isoformat() if t.deadline else None,
                "state": t.state,
                "met_on": t.met_on.isoformat() if t.met_on else None,
                "working_days_left": t.working_days_left,
            }
            for t in s.timescales
        ],
    }


def status_json(status: Status) -> dict[str, Any]:
    """The FORMAT.md `lif status --format json` object, plus lif's own keys."""
    from lif_cli.render.status_framework import framework_json

    return {
        "as_of": status.as_of.isoformat(),
        "agency": status.agency,
        "actions": dict(status.counts),
        "cancelled": status.cancelled,
        "overdue": [r.id for r in status.overdue],
        "due_soon": [r.id for r in status.due_soon],
        "blocked": [r.id for r in status.blocked],
        "gaps": [g.id for g in status.gaps],
        "stages": {s.id: s.stage for s in status.stages},
        "reviews": (
            [_review_json(s) for s in status.reviews] if status.reviews is not None else None
        ),
        "dissemination_missing": (
            {s.id: [d.code for d in s.missing_duties] for s in status.dissemination}
            if status.dissemination is not None
            else None
        ),
        "agencies": [
            {
                "id": a.id,
                "name": a.name,
                "open": a.open,
                "overdue": a.overdue,
                "complete": a.complete,
            }
            for a in status.agencies
        ],
        "calendar": dict((status.calendar or {}).get("counts", {})),
        "calendar_overdue": list((status.calendar or {}).get("overdue", [])),
        "calendar_due": list((status.calendar or {}).get("due", [])),
        "indicators": {
            k: {
                "target": v.get("target"),
                "unit": v.get("unit"),
                "rag": v.get("rag"),
                "trend": v.get("trend"),
                "latest": v.get("latest"),
                "period": v.get("period"),
                "title": v.get("title"),
            }
            for k, v in (status.indicators or {}).items()
        },
        **framework_json(status.framework),
        **partners_json(status),
    }


def render_json(status: Status) -> str:
    return json.dumps(status_json(status), indent=2, ensure_ascii=False) + "\n"
