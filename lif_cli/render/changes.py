"""Renderers of ``lif changes``: terminal text, JSON and Markdown.

Renderers return strings and never print. Every line names the record id it
is about, so it can be traced back to a file.
"""

from __future__ import annotations

import json
from typing import Any

from lif_cli.compute.changes import Changes, Event, Item


def _short(commit: str | None) -> str:
    if commit is None:
        return ""
    return commit if commit == "uncommitted" else commit[:10]


def point_text(given: str, commit: str | None, day: str | None) -> str:
    """'board-2016-09 (3f2a1b9c0d, 2016-09-27)' or 'the first commit'."""
    if commit is None:
        return given
    bits = [_short(commit)] + ([day] if day else [])
    if given == commit:
        return f"{_short(commit)}" + (f" ({day})" if day else "")
    return f"{given} ({', '.join(bits)})"


def heading(ch: Changes) -> str:
    """Three short lines: how many commits, from where, to where."""
    since = point_text(ch.since, ch.since_commit, ch.since_date)
    until = point_text(ch.until, ch.until_commit, ch.until_date)
    if ch.uncommitted:
        until += " plus uncommitted changes"
    n = ch.commits
    return (
        f"Changes to the records: {n} commit{'s' if n != 1 else ''}\n  from {since}\n  to   {until}"
    )


def step_text(e: Event) -> str:
    who = e.author if e.commit == "uncommitted" else f"{e.author}, {_short(e.commit)}"
    return f"{e.when} ({who})"


def _sections(ch: Changes) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, headers, rows) of every non-empty section, in reading order."""
    out: list[tuple[str, list[str], list[list[str]]]] = []

    def add(title: str, headers: list[str], rows: list[list[str]]) -> None:
        if rows:
            out.append((f"{title} ({len(rows)})", headers, rows))

    add(
        "Action status changes",
        ["Action", "From", "To", "When", "By"],
        [[e.id, e.before or "-", e.after or "-", e.when, e.author] for e in ch.status_changes],
    )
    add(
        "Due dates moved",
        ["Action", "Agency", "Was due", "Now due", "Slippage", "Moved"],
        [
            [
                s.id,
                s.agency or "",
                s.first_due or "-",
                s.due or "-",
                f"{s.days:+d} days",
                f"{len(s.moves)} time{'s' if len(s.moves) != 1 else ''}",
            ]
            for s in ch.slippage
        ],
    )
    action_headers = ["Action", "Agency", "Due", "Status", "Text"]

    def action_rows(items: list[Item]) -> list[list[str]]:
        return [[i.id, i.agency or "", i.due or "", i.status or "", i.text or ""] for i in items]

    add("Actions added", action_headers, action_rows(ch.actions_added))
    add("Actions completed", action_headers, action_rows(ch.actions_completed))
    add("Actions cancelled", action_headers, action_rows(ch.actions_cancelled))
    add("Actions removed", action_headers, action_rows(ch.actions_removed))

    def rec_rows(items: list[Item]) -> list[list[str]]:
        return [[i.id, i.text or ""] for i in items]

    add("Recommendations added", ["Recommendation", "Text"], rec_rows(ch.recommendations_added))
    add(
        "Recommendations closed",
        ["Recommendation", "Text"],
        rec_rows(ch.recommendations_closed),
    )
    add("Recommendations removed", ["Recommendation", "Text"], rec_rows(ch.recommendations_removed))
    add(
        "Reviews, audits and drilldowns that moved stage",
        ["Record", "Kind", "From", "To", "Steps"],
        [
            [
                s.id,
                s.kind,
                s.before or "(new)",
                s.after or "-",
                "; ".join(f"{e.before} -> {e.after} {step_text(e)}" for e in s.steps),
            ]
            for s in ch.stages
        ],
    )
    add(
        "Records added",
        ["Record", "Kind", "Status", "Title"],
        [[i.id, i.kind, i.status or "", i.text or ""] for i in ch.records_added],
    )
    add(
        "Records removed",
        ["Record", "Kind", "Title"],
        [[i.id, i.kind, i.text or ""] for i in ch.records_removed],
    )
    add(
        "Presented against the reporting calendar",
        ["Record", "Kind", "Calendar entry", "Presented", "Title"],
        [[i.id, i.kind, i.calendar or "(none)", i.date or "", i.text or ""] for i in ch.presented],
    )
    add(
        "Renamed",
        ["Was", "Now", "When", "By"],
        [[e.before or "", e.after or "", e.when, e.author] for e in ch.renamed],
    )
    return out


def render_text(ch: Changes, width: int | None = None) -> str:
    """Rich tables for a terminal, readable without colour."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from lif_cli.render.console import render_to_text
    from lif_cli.render.safe import visible

    parts: list[Any] = [Text(heading(ch), style="bold")]
    for note in ch.notes:
        parts.append(Text(f"note: {visible(note)}"))
    sections = _sections(ch)
    if not sections:
        parts.append(Text("No changes to the records in this range."))
    for title, headers, rows in sections:
        table = Table(
            title=title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
        )
        for h in headers:
            wrap = h in ("Text", "Title", "Steps")
            table.add_column(h, overflow="fold", no_wrap=not wrap, ratio=3 if wrap else None)
        for row in rows:
            # file names, author names and titles come from outside lif
            table.add_row(*(visible(cell) for cell in row))
        parts.append(Text(""))
        parts.append(table)
    return render_to_text(Group(*parts), width=width)


def render_json(ch: Changes) -> str:
    return json.dumps(ch.as_json(), indent=2, ensure_ascii=False) + "\n"


def render_markdown(ch: Changes, title: str | None = None) -> str:
    """Markdown through the same template the board paper includes."""
    from lif_cli.render.report import render_builtin

    return render_builtin(
        "changes.md.j2", {"changes": ch, "changes_title": title, "changes_level": "#"}
    )
