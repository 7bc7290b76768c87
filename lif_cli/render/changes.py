"""Renderers of ``lif changes``: terminal text, JSON and Markdown.

Renderers return strings and never print. Every line names the record id it
is about, so it can be traced back to a file.
"""

from __future__ import annotations

import json
from typing import Any

from lif_cli.compute.changeset import Changes, Event, Item
from lif_cli.render.words import fmt_date, plural


def _short(commit: str | None) -> str:
    if commit is None:
        return ""
    return commit if commit == "uncommitted" else commit[:10]


def point_text(given: str, commit: str | None, day: str | None) -> str:
    """'board-2016-09 (3f2a1b9c0d, 2016-09-27)' or 'the first commit'."""
    given = fmt_date(given)  # a date as people write it; a ref as it is
    if commit is None:
        return given
    day = fmt_date(day) if day else day
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
    when = fmt_date(e.date) if e.date else e.when
    who = e.author if e.commit == "uncommitted" else f"{e.author}, {_short(e.commit)}"
    return f"{when} ({who})"


def _join(*bits: str | None) -> str:
    return " · ".join(b for b in bits if b)


# One entry: its id, a line of facts beside the id, and lines below it.
Entry = tuple[str, str, list[str]]


def _sections(ch: Changes) -> list[tuple[str, list[Entry]]]:
    """(title, entries) of every non-empty section, in reading order."""
    out: list[tuple[str, list[Entry]]] = []

    def add(title: str, entries: list[Entry]) -> None:
        if entries:
            out.append((f"{title} ({len(entries)})", entries))

    add(
        "Action status changes",
        [
            (e.id, _join(f"{e.before or '-'} -> {e.after or '-'}", step_text(e)), [])
            for e in ch.status_changes
        ],
    )
    add(
        "Due dates moved",
        [
            (
                s.id,
                _join(
                    s.agency,
                    f"was due {fmt_date(s.first_due) or '-'}, now {fmt_date(s.due) or '-'}",
                    f"{s.days:+d} days",
                    f"moved {plural(len(s.moves), 'time')}",
                ),
                [],
            )
            for s in ch.slippage
        ],
    )

    def actions(items: list[Item]) -> list[Entry]:
        return [
            (
                i.id,
                _join(i.agency, f"due {fmt_date(i.due)}" if i.due else None, i.status),
                [i.text] if i.text else [],
            )
            for i in items
        ]

    add("Actions added", actions(ch.actions_added))
    add("Actions completed", actions(ch.actions_completed))
    add("Actions cancelled", actions(ch.actions_cancelled))
    add("Actions removed", actions(ch.actions_removed))

    def recs(items: list[Item]) -> list[Entry]:
        return [(i.id, "", [i.text] if i.text else []) for i in items]

    add("Recommendations added", recs(ch.recommendations_added))
    add("Recommendations closed", recs(ch.recommendations_closed))
    add("Recommendations removed", recs(ch.recommendations_removed))
    add(
        "Reviews, audits and drilldowns that moved stage",
        [
            (
                s.id,
                _join(s.kind, f"{s.before or '(new)'} -> {s.after or '-'}"),
                ([s.title] if s.title else [])
                + [f"{e.before} -> {e.after} {step_text(e)}" for e in s.steps],
            )
            for s in ch.stages
        ],
    )
    add(
        "Records added",
        [(i.id, _join(i.kind, i.status), [i.text] if i.text else []) for i in ch.records_added],
    )
    add(
        "Records removed",
        [(i.id, i.kind, [i.text] if i.text else []) for i in ch.records_removed],
    )
    add(
        "Presented against the reporting calendar",
        [
            (
                i.id,
                _join(
                    i.kind,
                    i.calendar or "(no calendar entry)",
                    f"presented {fmt_date(i.date)}" if i.date else None,
                ),
                [i.text] if i.text else [],
            )
            for i in ch.presented
        ],
    )
    add(
        "Renamed",
        [(f"{e.before or ''} -> {e.after or ''}", step_text(e), []) for e in ch.renamed],
    )
    return out


def render_text(ch: Changes, width: int | None = None) -> str:
    """Sections of entries laid out as `lif status` does: the id line, then the
    text wrapped below it, so nothing is squeezed into a narrow column."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    from lif_cli.render.console import make_console, render_to_text
    from lif_cli.render.safe import visible

    width = width or make_console().width
    parts: list[Any] = [Text(heading(ch), style="bold")]
    for note in ch.notes:
        parts.append(Text(f"note: {visible(note)}"))
    sections = _sections(ch)
    if not sections:
        parts.append(Text("No changes to the records in this range."))
    for title, entries in sections:
        parts.append(Text(""))
        parts.append(Text(title, style="bold"))
        for ident, facts, below in entries:
            # file names, author names and titles come from outside lif
            ident, facts = visible(ident), visible(facts)
            below = [visible(t, lines=True) for t in below]
            line = Text(ident, style="bold")
            if facts and 2 + len(ident) + 2 + len(facts) <= width:
                line.append(f"  {facts}")
            elif facts:  # too long beside the id: the facts go below it, as the text does
                below = [facts, *below]
            parts.append(Padding(line, (0, 0, 0, 2)))
            for text in below:
                parts.append(Padding(Text(text), (0, 0, 0, 4)))
    return render_to_text(Group(*parts), width=width)


def render_json(ch: Changes) -> str:
    return json.dumps(ch.as_json(), indent=2, ensure_ascii=False) + "\n"


def render_markdown(ch: Changes, title: str | None = None) -> str:
    """Markdown through the same template the board paper includes."""
    from lif_cli.render.report import render_builtin

    return render_builtin(
        "changes.md.j2", {"changes": ch, "changes_title": title, "changes_level": "#"}
    )
