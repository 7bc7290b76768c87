"""Rendering `lif indicators`: grouped indicator tables, sparklines and drilldowns.

Renderers return strings. Status words are always written out (RED, AMBER,
GREEN, OVERDUE), so the output reads the same without colour.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from lif_cli.render.words import fmt_date, plural

SPARK_BARS = "▁▂▃▄▅▆▇█"
SPARK_PERIODS = 8
RAG_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "green"}


def sparkline(values: list[float], width: int = SPARK_PERIODS) -> str:
    """A unicode sparkline of the last ``width`` values, scaled to their range."""
    recent = values[-width:]
    if not recent:
        return ""
    lo, hi = min(recent), max(recent)
    if hi == lo:
        return SPARK_BARS[3] * len(recent)
    top = len(SPARK_BARS) - 1
    return "".join(SPARK_BARS[round((v - lo) / (hi - lo) * top)] for v in recent)


def number(value: float | None) -> str:
    """A value as people write it: 20 not 20.0, 17.2 as given."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _with_unit(value: float | None, unit: str | None) -> str:
    text = number(value)
    if value is not None and unit in {"percent", "%"}:
        return text + "%"
    return text


def _target(s: dict[str, Any]) -> str:
    if s["target"] is None:
        return "none"
    text = _with_unit(s["target"], s["unit"])
    if s["tolerance"]:
        text += f" ±{number(s['tolerance'])}"
    return text


def _group_key(s: dict[str, Any]) -> tuple[int, str]:
    if s["level"] == "priority":
        return (1, s["priority"] or "(no priority named)")
    return (0, "")


def group_title(key: tuple[int, str]) -> str:
    return "Surveillance" if key[0] == 0 else f"Priority: {key[1]}"


def grouped(indicators: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Indicators grouped: surveillance first, then each priority by name."""
    groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for s in indicators:
        groups.setdefault(_group_key(s), []).append(s)
    return [(group_title(k), groups[k]) for k in sorted(groups)]


def _indicator_table(groups: list[tuple[str, list[dict[str, Any]]]]) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(expand=False, box=box.SIMPLE_HEAD, leading=1, pad_edge=False)
    table.add_column("Indicator", ratio=1, min_width=20, overflow="fold")
    table.add_column("Latest", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("RAG", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    table.add_column("Recent", no_wrap=True)
    for n, (title, rows) in enumerate(groups):
        if n:
            table.add_section()
        table.add_row(Text(title, style="bold underline"), end_section=False)
        for s in rows:
            name = Text(s["title"])
            # the id on a line of its own, so it is never broken by wrapping
            details = [f"{s['better']} is better"]
            if s["unit"] and s["unit"] not in {"percent", "%"}:
                details.insert(0, s["unit"])
            name.append(f"\n{s['id']}\n" + ", ".join(details), style="dim")
            if s["latest"] is None:
                latest = Text("no values")
            else:
                latest = Text(_with_unit(s["latest"], s["unit"]))
                latest.append("\n" + s["period"], style="dim")
            rag = s["rag"]
            rag_text = (
                Text(rag.upper(), style=RAG_STYLE[rag]) if rag else Text("no target", style="dim")
            )
            values = [v["value"] for v in s["values"]]
            spark = Text(sparkline(values))
            table.add_row(name, latest, _target(s), rag_text, s["trend"] or "-", spark)
    return table


def _drilldown_block(dd: dict[str, Any], view_by_id: dict[str, Any], who: Any, as_of: date) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    head = Text(dd["id"], style="bold")
    if dd["title"]:
        head.append(f": {dd['title']}", style="bold")
    raised_by = f" by {who(dd['raised_by']) or dd['raised_by']}" if dd["raised_by"] else ""
    head.append(f"\n{dd['status']}, raised {fmt_date(dd['raised'])}{raised_by}")
    links = []
    for ind_id in dd["indicators"]:
        s = view_by_id.get(ind_id)
        if s is not None and s["rag"]:
            links.append(f"{ind_id} ({s['rag'].upper()})")
        else:
            links.append(ind_id)
    if links:
        head.append("\nindicators: " + ", ".join(links))
    n_over = len(dd["overdue"])
    if n_over:
        head.append(f"\n{n_over} question{'s' if n_over != 1 else ''} overdue", style="bold red")

    from rich import box

    table = Table(expand=False, box=box.SIMPLE_HEAD, leading=1, pad_edge=False)
    table.add_column("Q", no_wrap=True)
    table.add_column("Question and response", ratio=1, min_width=24)
    table.add_column("To", no_wrap=True)  # an id, never broken
    table.add_column("Due", no_wrap=True)
    table.add_column("State", no_wrap=True)
    for q in dd["questions"]:
        body = Text(q["text"])
        if q["response"]:
            body.append("\n> " + q["response"], style="italic")
        if q["answered"]:
            late = q["responded"] and q["due"] and q["responded"] > q["due"]
            state = Text("answered late" if late else "answered")
            if q["responded"]:
                state.append("\n" + fmt_date(q["responded"]), style="dim")
        elif q["overdue"]:
            days = (as_of - date.fromisoformat(q["due"])).days
            state = Text("OVERDUE", style="bold red")
            state.append(f"\n{days} day{'s' if days != 1 else ''}", style="red")
        else:
            state = Text("awaited")
        table.add_row(q["id"], body, q["to"], fmt_date(q["due"]) or "-", state)
    return Group(head, table)


def render_text(
    view: dict[str, Any], who: Any, width: int | None = None, color: bool = False
) -> str:
    """The indicators view as terminal tables."""
    from rich.console import Group
    from rich.text import Text

    from lif_cli.render.console import render_to_text

    as_of = date.fromisoformat(view["as_of"])
    parts: list[Any] = []
    if not view["indicators"]:
        parts.append(Text("No indicators match."))
    else:
        parts.append(_indicator_table(grouped(view["indicators"])))
    counts: dict[str, int] = {}
    for s in view["indicators"]:
        key = s["rag"] or "no target"
        counts[key] = counts.get(key, 0) + 1
    if counts:
        order = ["red", "amber", "green", "no target"]
        summary = ", ".join(f"{counts[k]} {k}" for k in order if k in counts)
        parts.append(
            Text(
                f"{plural(len(view['indicators']), 'indicator')} as of "
                f"{fmt_date(view['as_of'])}: {summary}"
            )
        )
        parts.append(
            Text(
                "RAG: GREEN on target or better, AMBER worse by at most the tolerance (±), "
                "RED worse by more. Trend compares the latest value with the one before. "
                f"Recent: the last {SPARK_PERIODS} periods at most, oldest first.",
                style="dim",
            )
        )
    by_id = {s["id"]: s for s in view["indicators"]}
    parts.append(Text(""))
    if view["drilldowns"]:
        parts.append(Text("Open drilldowns", style="bold underline"))
        for dd in view["drilldowns"]:
            parts.append(_drilldown_block(dd, by_id, who, as_of))
            parts.append(Text(""))
    else:
        parts.append(Text("No open drilldowns."))
    return render_to_text(Group(*parts), width=width, color=color)


def render_json(view: dict[str, Any]) -> str:
    return json.dumps(view, indent=2, ensure_ascii=False) + "\n"
