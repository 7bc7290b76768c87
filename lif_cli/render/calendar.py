"""Rendering `lif calendar`: the year's grid (text, Markdown), CSV and JSON.

Renderers return strings. In the text grid each status is a short word with a
legend (``rcvd``, ``late``, ``OVER``, ``due``, ``upc``), so the grid fits 80
columns and reads the same without colour; a list of the returns needing
attention and of the records behind each cell follows.
"""

from __future__ import annotations

import json
from typing import Any

from lif_cli.compute.calendar import MONTH_NAMES, STATUSES, CalendarView
from lif_cli.render.words import fmt_date, fmt_month

SHORT = {"received": "rcvd", "late": "late", "overdue": "OVER", "due": "due", "upcoming": "upc"}
STYLE = {
    "received": "green",
    "late": "yellow",
    "overdue": "bold red",
    "due": "bold yellow",
    "upcoming": "dim",
}
LEGEND = (
    "rcvd = received, late = received late, OVER = overdue, due = due this month, upc = upcoming"
)
# At this width or more the grid also shows each entry's title.
WIDE = 120


def _month_head(month: str) -> str:
    return f"{MONTH_NAMES[int(month[5:]) - 1][:3]}\n{month[:4]}"


def render_json(view: CalendarView) -> str:
    """FORMAT.md's shape: a list of {entry, month, status, records}."""
    return json.dumps([c.as_json() for c in view.cells()], indent=2, ensure_ascii=False) + "\n"


def render_csv(view: CalendarView) -> str:
    from lif_cli.render.tabular import to_csv

    titles = {e.id: e for e in view.entries}
    rows = [
        [
            c.entry,
            titles[c.entry].title,
            titles[c.entry].from_,
            titles[c.entry].to,
            c.month,
            c.status,
            " ".join(c.records),
        ]
        for c in view.cells()
    ]
    return to_csv(["entry", "title", "from", "to", "month", "status", "records"], rows)


def _md_escape(text: str) -> str:
    # The papers' escaping: besides pipes and newlines, no link, emphasis or HTML
    # can come from a record ("[x](https://...)", "<img ...>").
    from lif_cli.render.report import md_escape

    return md_escape(text)


def render_md(view: CalendarView, partnership: str) -> str:
    """A Markdown table for board papers: returns by month, full status words."""
    months = view.months
    lines = [
        f"# Reporting calendar {view.label}",
        "",
        f"{_md_escape(partnership)}: {view.span}, as of {view.as_of.isoformat()}.",
        "",
        "| Return | From | To | "
        + " | ".join(f"{MONTH_NAMES[int(m[5:]) - 1][:3]} {m[:4]}" for m in months)
        + " |",
        "|---|---|---|" + "---|" * len(months),
    ]
    for e in view.entries:
        by_month = {c.month: c for c in e.cells}
        cells = []
        for m in months:
            c = by_month.get(m)
            if c is None:
                cells.append("")
            else:
                text = c.status
                if c.records:
                    text += ": " + ", ".join(c.records)
                cells.append(_md_escape(text))
        title = _md_escape(e.title)
        if e.problem:
            title += f" ({_md_escape(e.problem)})"
        lines.append(
            f"| {title} | {_md_escape(e.from_ or '-')} | {_md_escape(e.to)} | "
            + " | ".join(cells)
            + " |"
        )
    counts = view.counts()
    lines += ["", "Due months this year: " + _counts_text(counts) + "."]
    return "\n".join(lines) + "\n"


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[s]} {s}" for s in STATUSES)


# Each month is a cell of four letters and a space.
CELL = 5


def _grid(view: CalendarView, width: int, wide: bool) -> list[Any]:
    """The grid of entries by month, built line by line so no id is ever cut.

    An id that does not fit beside the twelve months gets a line of its own,
    with its months on the next line; ids are names people type.
    """
    from rich.text import Text

    months = view.months
    ids = [e.id for e in view.entries]
    label = max(len("Return"), *(len(i) for i in ids))
    label = min(label, max(len("Return"), width - CELL * len(months)))
    if wide:
        label = max(label, *(len(i) for i in ids))
    lines: list[Any] = []
    head1 = " " * (label + 1) + "".join(
        f"{MONTH_NAMES[int(m[5:]) - 1][:3]:<{CELL}}" for m in months
    )
    head2 = f"{'Return':<{label}} " + "".join(f"{m[:4]:<{CELL}}" for m in months)
    lines.append(Text(head1.rstrip(), style="bold"))
    lines.append(Text(head2.rstrip(), style="bold"))
    lines.append(Text("─" * min(width, label + 1 + CELL * len(months) - 1)))
    for e in view.entries:
        # a title is cut at the screen's edge (the list below gives it whole)
        row = Text(no_wrap=True, overflow="ellipsis")
        if len(e.id) > label:
            lines.append(Text(e.id))
            row.append(" " * (label + 1))
        else:
            row.append(f"{e.id:<{label}} ")
        if e.problem:
            row.append("(cannot place: see lif validate)", style="red")
        else:
            by_month = {c.month: c for c in e.cells}
            cells = []
            for m in months:
                c = by_month.get(m)
                cells.append((SHORT[c.status], STYLE[c.status]) if c else ("·", "dim"))
            for i, (word, style) in enumerate(cells):
                last = i == len(cells) - 1 and not wide
                row.append(word if last else f"{word:<{CELL}}", style=style)
        if wide:
            row.append(f" {e.title}", style="dim")
        lines.append(row)
    return lines


def render_text(
    view: CalendarView, partnership: str, width: int | None = None, color: bool = False
) -> str:
    """The grid of entries by month, then what needs attention, then the records."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from lif_cli.render.console import make_console, render_to_text

    width = width or make_console().width
    wide = width >= WIDE
    parts: list[Any] = [
        Text(
            f"Reporting calendar {view.label} ({view.span}), as of {fmt_date(view.as_of)}",
            style="bold",
        )
    ]
    if view.unreadable:
        n = view.unreadable
        parts.append(
            Text(
                f"{n} calendar entr{'ies' if n != 1 else 'y'} could not be read and "
                f"{'are' if n != 1 else 'is'} not shown: run `lif validate`.",
                style="bold red",
            )
        )
    if not view.entries:
        parts.append(Text("No calendar entries to show."))
        return render_to_text(Group(*parts), width=width, color=color)

    parts.extend(_grid(view, width, wide))
    parts.append(Text(LEGEND + "; · = not due.", style="dim"))
    parts.append(Text("Due months this year: " + _counts_text(view.counts()) + "."))

    attention = [(e, c) for e in view.entries for c in e.cells if c.status in ("overdue", "due")]
    parts.append(Text(""))
    if attention:
        parts.append(Text("Needs attention", style="bold underline"))
        # a grid, so a long description wraps under itself, not under the month
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column()
        for e, c in sorted(attention, key=lambda ec: (ec[1].month, ec[0].id)):
            word = "OVERDUE" if c.status == "overdue" else "DUE NOW"
            grid.add_row(
                fmt_month(c.month),
                Text(word, style=STYLE[c.status]),
                f"{e.title} ({e.id}), from {e.from_ or '-'} to {e.to}",
            )
        parts.append(Padding(grid, (0, 0, 0, 2)))
    else:
        parts.append(Text("Nothing overdue or due this month."))

    problems = [e for e in view.entries if e.problem]
    for e in problems:
        parts.append(Text(f"{e.id}: {e.problem}", style="red"))

    parts.append(Text(""))
    parts.append(Text("Returns and the records that count for them", style="bold underline"))
    for e in view.entries:
        if not e.cells:
            continue
        head = Text(e.id, style="bold")
        head.append(f"  {e.title}, {e.from_ or '-'} to {e.to}")
        parts.append(head)
        for c in e.cells:
            line = Text(f"{fmt_month(c.month):<8}  ")
            line.append(f"{c.status:<8}", style=STYLE[c.status])
            if c.records:
                line.append(
                    "  "
                    + ", ".join(
                        f"{r} ({fmt_date(view.presented[r])})" if r in view.presented else r
                        for r in c.records
                    )
                )
            parts.append(Padding(line, (0, 0, 0, 2)))
    return render_to_text(Group(*parts), width=width, color=color)
