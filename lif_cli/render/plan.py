"""Renderers of the composite action plan: terminal text, Markdown, CSV and JSON.

Renderers return strings and never print. Text is a rich table per source; RAG
is always a word (RED, AMBER, GREEN, BLUE) so it reads without colour.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from lif_cli.compute.plan import ActionRow, Plan, RecommendationRow, SourcePlan
from lif_cli.render.words import fmt_date, plural

if TYPE_CHECKING:
    from rich.text import Text

RAG_STYLES = {
    "red": "bold red",
    "amber": "bold yellow",
    "green": "bold green",
    "blue": "bold blue",
}
REC_STYLES = {
    "gap": "bold red",
    "open": "bold",
    "complete": "bold blue",
    "impact-evidenced": "bold blue",
}
STAGE_WORDS = {
    "review": "review under way",
    "action-plan": "action plan awaited",
    "implementation": "implementation",
    "monitoring": "monitoring impact",
    "lessons-learned": "lessons learned",
}


def rag_word(rag: str | None) -> str:
    return rag.upper() if rag else "-"


def days_text(n: int) -> str:
    return plural(n, "day")


def approval_text(s: SourcePlan) -> str:
    """How far the source's action plan has got, in words."""
    if not s.has_plan:
        return "no action plan"
    if s.approved:
        by = f" by {s.approved_by}" if s.approved_by else ""
        on = f" on {fmt_date(s.approved_on)}" if s.approved_on else ""
        return f"plan approved{by}{on}"
    if s.approved_on is not None:
        return f"plan to be approved on {fmt_date(s.approved_on)}"
    return "draft plan, not yet approved"


def source_heading(s: SourcePlan) -> str:
    return f"{s.id}  {s.title}"


def source_subheading(s: SourcePlan) -> str:
    """What the source is, how far its plan has got, and its learning-cycle stage."""
    stage = f" · stage: {s.stage}" if s.stage else ""
    return f"{s.description}\n{approval_text(s)}{stage}"


def recommendation_label(rec: RecommendationRow) -> str:
    if rec.status == "gap":
        why = "every action cancelled" if rec.actions else "no action"
        return f"gap: {why}"
    return rec.status


def orphan_text(rec: RecommendationRow) -> str:
    """What to say about a recommendation the source does not have."""
    if not rec.rec_id:
        return "(these actions name no recommendation: run lif validate)"
    return f"({rec.rec_id} is not a recommendation of {rec.source}: run lif validate)"


def latest_text(row: ActionRow) -> str | None:
    u = row.latest_update
    if u is None:
        return None
    status = f" ({u.status})" if u.status else ""
    note = f": {u.note}" if u.note else ""
    return f"{fmt_date(u.date)}{status}{note}"


def due_text(row: ActionRow, as_of: date) -> str:
    """How the due date stands, in a few words: late, today, in N days."""
    a = row.action
    if a.status in ("complete", "cancelled"):
        return "done" if a.status == "complete" else "cancelled"
    if row.days_overdue:
        return f"{days_text(row.days_overdue)} late"
    left = (a.due - as_of).days
    return "due today" if left == 0 else f"in {days_text(left)}"


def status_text(row: ActionRow) -> str:
    a = row.action
    if a.status == "complete" and a.completed:
        return f"complete on {fmt_date(a.completed)}"
    return a.status


# --- text ----------------------------------------------------------------------------


def _action_details(row: ActionRow, also: list[str], wide: bool, room: int = 0) -> Text:
    """The action's details; ``room`` is the column's width in the narrow layout."""
    from rich.text import Text

    a = row.action
    t = Text()
    if not wide:
        lead, state = lead_text(row), status_text(row)
        t.append(lead, style="bold")
        # a status that would wrap (inside its date) starts a line of its own
        last = lead.rsplit("\n", 1)[-1]
        if room and _last_line_length(last, room) + 3 + len(state) > room:
            t.append(f"\n{state}")
        else:
            t.append(f" · {state}")
        if also:
            t.append(f" · also answers {', '.join(also)}", style="italic")
        t.append("\n")
    elif also:
        t.append(f"(also answers {', '.join(also)}) ", style="italic")
    t.append(a.text)
    latest = latest_text(row)
    if latest or row.rag in ("red", "amber", "green"):
        t.append("\nLatest: ", style="dim")
        t.append(latest or "no update recorded", style="dim")
    if a.evidence:
        t.append("\nEvidence: ", style="dim")
        t.append(a.evidence)
    if a.impact:
        t.append("\nImpact: ", style="dim")
        t.append(a.impact)
    if row.serves:
        t.append("\nServes: ", style="dim")
        t.append(", ".join(row.serves))
    return t


def _last_line_length(text: str, room: int) -> int:
    """How long the last line of ``text`` is once wrapped at ``room`` columns."""
    import textwrap

    lines = textwrap.wrap(text, room) or [""]
    return len(lines[-1])


def lead_text(row: ActionRow) -> str:
    a = row.action
    return a.agency + (f", {a.owner}" if a.owner else "")


# Below this width the lead agency and status go inside the details column.
WIDE = 140


def _source_table(s: SourcePlan, as_of: date, wide: bool, width: int = 80) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("RAG", no_wrap=True, width=5)
    table.add_column("Id", no_wrap=True)
    # 12 columns hold a date; "124 days late" goes on over two lines, uncut
    table.add_column("Due", width=12, overflow="fold")
    if wide:
        table.add_column("Lead", ratio=1, overflow="fold")
        table.add_column("Status", no_wrap=True)
    table.add_column("Recommendation / action", ratio=3 if wide else 1, overflow="fold")
    # the details column's width in the narrow layout: what RAG, Id and Due leave
    ids = max((len(r.action.id) for rec in s.recommendations for r in rec.actions), default=2)
    ids = max([ids, len("Id"), *(len(rec.rec_id) for rec in s.recommendations)])
    room = width - 5 - ids - 12 - 6
    for i, rec in enumerate(s.recommendations):
        last = i == len(s.recommendations) - 1
        head = Text()
        head.append(recommendation_label(rec), style=REC_STYLES[rec.status])
        if rec.to:
            head.append(" · to " + ", ".join(rec.to))
        head.append("\n")
        if rec.text is None:
            head.append(orphan_text(rec), style="italic")
        else:
            head.append(rec.text, style="bold")
        flag = Text("GAP", style="bold red") if rec.is_gap else Text("")
        cells: list[Any] = [flag, Text(rec.rec_id, style="bold"), ""]
        if wide:
            cells += ["", ""]
        table.add_row(*cells, head, end_section=not rec.actions and not last)
        for j, row in enumerate(rec.actions):
            also = [r for r in row.action.recommendation if r != rec.rec_id]
            due = Text(fmt_date(row.action.due))
            due.append("\n" + due_text(row, as_of), style="" if row.days_overdue else "dim")
            cells = [
                Text(rag_word(row.rag), style=RAG_STYLES.get(row.rag or "", "")),
                Text(row.action.id),
                due,
            ]
            if wide:
                a = row.action
                lead = Text(a.agency, style="bold")
                if a.owner:
                    lead.append("\n" + a.owner)
                state = Text(a.status)
                if a.status == "complete" and a.completed:
                    state.append("\n" + fmt_date(a.completed))
                cells += [lead, state]
            cells.append(_action_details(row, also, wide, room))
            table.add_row(*cells, end_section=j == len(rec.actions) - 1 and not last)
    return table


def terminal_width(width: int | None) -> int:
    """The width rich will use: ``width``, else COLUMNS, else the terminal's."""
    if width is not None:
        return width
    import io

    from lif_cli.render.console import make_console

    return make_console(io.StringIO()).size.width


def render_text(plan: Plan, width: int | None = None, color: bool = False) -> str:
    """The plan as rich tables, one per source, for a terminal."""
    from rich.console import Group
    from rich.text import Text

    from lif_cli.render.console import render_to_text

    width = terminal_width(width)
    wide = width >= WIDE
    parts: list[Any] = []
    shown = [s for s in plan.sources if s.recommendations]
    parts.append(Text(f"Composite action plan as of {fmt_date(plan.as_of)}", style="bold"))
    parts.extend(Text(line) for line in plan_summary(plan))
    if not shown:
        if plan.filtered:
            parts.append(Text("\nNothing matches these filters."))
        else:
            parts.append(Text("\nNo source record makes a recommendation yet."))
    for s in shown:
        parts.append(Text(""))
        parts.append(Text(source_heading(s), style="bold underline"))
        parts.append(Text(source_subheading(s), style="dim"))
        parts.append(_source_table(s, plan.as_of, wide, width))
    if plan.hidden_gaps:
        parts.append(Text(""))
        parts.append(Text(hidden_gaps_note(plan.hidden_gaps)))
    return render_to_text(Group(*parts), width=width, color=color)


def plan_summary(plan: Plan) -> list[str]:
    """Two lines: actions by RAG; recommendations and gaps."""
    counts = {"red": 0, "amber": 0, "green": 0, "blue": 0}
    cancelled = 0
    actions = plan.actions()
    for row in actions:
        if row.rag is None:
            cancelled += 1
        else:
            counts[row.rag] += 1
    recs = list(plan.recommendations())
    gaps = sum(1 for r in recs if r.is_gap)
    by_rag = ", ".join(f"{n} {rag}" for rag, n in counts.items())
    extra = f", {cancelled} cancelled" if cancelled else ""
    return [
        f"{plural(len(actions), 'action')}: {by_rag}{extra}",
        f"{plural(len(recs), 'recommendation')}: {plural(gaps, 'gap')} (no action)",
    ]


def hidden_gaps_note(n: int) -> str:
    return (
        f"Not shown: {plural(n, 'gap')} (a recommendation with no action), because "
        "--status, --rag and --overdue select actions. Run without them to see "
        f"{'it' if n == 1 else 'them'}."
    )


# --- Markdown ------------------------------------------------------------------------


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\|*_`[]#"})


def _md(text: str | None) -> str:
    """Record text as literal Markdown, safe in a table cell: no emphasis, links,
    code or raw HTML can come from a record."""
    if not text:
        return ""
    flat = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return flat.translate(_MD_SPECIAL).replace("<", "&lt;")


def render_md(plan: Plan) -> str:
    """The plan as Markdown for a board paper: a heading per source, a table per
    recommendation."""
    lines = [f"# Composite action plan as of {fmt_date(plan.as_of)}", ""]
    lines += [f"{line}  " for line in plan_summary(plan)]
    for s in plan.sources:
        if not s.recommendations:
            continue
        sub = _md(source_subheading(s).replace("\n", " · "))
        lines += ["", f"## {_md(s.id)}: {_md(s.title)}", "", f"_{sub}_"]
        for rec in s.recommendations:
            to = f" (to {', '.join(rec.to)})" if rec.to else ""
            lines += ["", f"### {_md(rec.rec_id)}: {recommendation_label(rec)}{to}", ""]
            lines.append(_md(rec.text) if rec.text else f"_{orphan_text(rec)}_")
            if not rec.actions:
                lines += ["", "**Gap: no action answers this recommendation.**"]
                continue
            lines += [
                "",
                "| RAG | Action | Lead | Owner | Due | Status | Latest update | Evidence "
                "| Impact |",
                "|---|---|---|---|---|---|---|---|---|",
            ]
            for row in rec.actions:
                a = row.action
                status = a.status + (
                    f", {days_text(row.days_overdue)} late" if row.days_overdue else ""
                )
                serves = f" (serves {', '.join(row.serves)})" if row.serves else ""
                cells = [
                    rag_word(row.rag),
                    f"{a.id}: {a.text}{serves}",
                    a.agency,
                    a.owner,
                    fmt_date(a.due),
                    status,
                    latest_text(row),
                    a.evidence,
                    a.impact,
                ]
                lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
            if rec.is_gap:
                lines += ["", "**Gap: every action for this recommendation is cancelled.**"]
    if plan.hidden_gaps:
        lines += ["", "_" + hidden_gaps_note(plan.hidden_gaps) + "_"]
    return "\n".join(lines) + "\n"


# --- CSV -----------------------------------------------------------------------------

CSV_HEADERS = (
    "source",
    "source_title",
    "stage",
    "recommendation",
    "recommendation_status",
    "to",
    "recommendation_text",
    "action",
    "rag",
    "agency",
    "owner",
    "due",
    "status",
    "days_overdue",
    "completed",
    "action_text",
    "latest_update",
    "latest_update_date",
    "evidence",
    "impact",
)


def render_csv(plan: Plan) -> str:
    """One row per recommendation and action (a gap is a row with no action; an
    action answering two recommendations is on two rows), formula-safe."""
    from lif_cli.render.tabular import to_csv

    rows: list[list[Any]] = []
    for s in plan.sources:
        for rec in s.recommendations:
            base = [
                s.id,
                s.title,
                s.stage,
                rec.id,
                rec.status,
                list(rec.to),
                rec.text,
            ]
            if not rec.actions:
                rows.append(base + [None] * (len(CSV_HEADERS) - len(base)))
            for row in rec.actions:
                a = row.action
                u = row.latest_update
                rows.append(
                    [
                        *base,
                        row.id,
                        row.rag,
                        a.agency,
                        a.owner,
                        a.due,
                        a.status,
                        row.days_overdue,
                        a.completed,
                        a.text,
                        u.note if u else None,
                        u.date if u else None,
                        a.evidence,
                        a.impact,
                    ]
                )
    return to_csv(CSV_HEADERS, rows)


# --- JSON ----------------------------------------------------------------------------


def action_json(row: ActionRow) -> dict[str, Any]:
    """One action as FORMAT.md's `lif plan --format json` object, plus lif's fields."""
    a = row.action
    u = row.latest_update
    recs = row.recommendation_ids
    return {
        "id": row.id,
        "source": row.source,
        "recommendation": recs[0] if recs else None,
        "recommendations": recs,
        "agency": a.agency,
        "owner": a.owner,
        "text": a.text,
        "due": a.due.isoformat(),
        "status": a.status,
        "rag": row.rag,
        "days_overdue": row.days_overdue,
        "completed": a.completed.isoformat() if a.completed else None,
        "evidence": a.evidence,
        "impact": a.impact,
        "serves": list(row.serves),
        "latest_update": (
            {"date": u.date.isoformat(), "status": u.status, "note": u.note} if u else None
        ),
    }


def render_json(plan: Plan) -> str:
    """FORMAT.md: a JSON list, one object per action (each action once)."""
    # One action a line: readable, grep-able, and each line from the C encoder
    # (indent= would switch json to its pure-Python encoder, 5x slower at 10k actions).
    lines = [json.dumps(action_json(r), ensure_ascii=False) for r in plan.actions()]
    if not lines:
        return "[]\n"
    return "[\n" + ",\n".join(lines) + "\n]\n"
