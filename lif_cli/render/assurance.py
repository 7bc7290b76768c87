"""Rendering partner assurance: `lif s11` (Section 11 and peer challenge) and `lif training`.

Renderers return strings. Ratings and states are written as words or short
abbreviations with a legend, so they read the same without colour.
"""

from __future__ import annotations

import json
from typing import Any

from lif_cli.render.words import fmt_date

RATING_SHORT = {"met": "Met", "partially-met": "Part", "not-met": "NOT"}
RATING_STYLE = {"met": "green", "partially-met": "bold yellow", "not-met": "bold red"}
RAG_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "green", "blue": "blue"}


def render_json(view: Any) -> str:
    return json.dumps(view, indent=2, ensure_ascii=False) + "\n"


def _percent(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio * 100:.0f}%"


def _indent(text: Any, n: int) -> Any:
    """Text indented by ``n`` spaces whose wrapped lines keep the indent."""
    from rich.padding import Padding

    return Padding(text, (0, 0, 0, n))


def _who(who: Any, ident: str | None) -> str:
    if ident is None:
        return "-"
    return who(ident) or ident


# --- lif s11 --------------------------------------------------------------------------


def _matrix(view: dict[str, Any], who: Any, wide: bool) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column("Agency", overflow="fold", min_width=10)
    for s in view["standards"]:
        # left-aligned, as the cells are: a centred 'S1' sits a column right of 'Met'
        table.add_column(s["id"], no_wrap=True)
    for row in view["matrix"]:
        label = Text(row["agency"])
        name = who(row["agency"])
        if wide and name:
            label.append(f"  {name}", style="dim")
        if not row["submitted"]:
            label.append(" (draft)", style="dim")
        cells = []
        for s in view["standards"]:
            rating = row["ratings"].get(s["id"])
            if rating is None:
                cells.append(Text("-", style="dim"))
            else:
                cells.append(Text(RATING_SHORT[rating], style=RATING_STYLE[rating]))
        table.add_row(label, *cells)
    return table


def _action_line(a: dict[str, Any]) -> Any:
    from rich.text import Text

    line = Text(f"{a['id']} ")
    rag = a["rag"]
    line.append(f"{a['status']}", style=RAG_STYLE.get(rag or "", ""))
    if rag:
        line.append(f" ({rag.upper()})", style=RAG_STYLE[rag])
    line.append(f", due {fmt_date(a['due'])}: {a['text']}")
    return line


def _shortfalls(view: dict[str, Any]) -> Any:
    from rich.console import Group
    from rich.text import Text

    titles = {s["id"]: s["title"] for s in view["standards"]}
    parts: list[Any] = []
    for sf in view["shortfalls"]:
        head = Text(f"{sf['agency']} {sf['standard']} ", style="bold")
        head.append(
            "NOT MET" if sf["rating"] == "not-met" else "PARTIALLY MET",
            style=RATING_STYLE[sf["rating"]],
        )
        head.append(f"  {titles.get(sf['standard'], '')}", style="dim")
        parts.append(head)
        if sf["evidence"]:
            parts.append(_indent(Text(f"evidence: {sf['evidence']}"), 2))
        if sf["answered"]:
            for a in sf["actions"]:
                parts.append(_indent(Text("answered by ").append_text(_action_line(a)), 2))
        elif sf["actions"]:
            ids = ", ".join(a["id"] for a in sf["actions"])
            parts.append(
                _indent(
                    Text(f"NO ACTION: its only actions are cancelled ({ids})", style="bold red"), 2
                )
            )
        elif sf["recommendations"]:
            recs = ", ".join(sf["recommendations"])
            parts.append(_indent(Text(f"NO ACTION: {recs} has no action yet", style="bold red"), 2))
        else:
            parts.append(
                _indent(
                    Text(
                        f"NO ACTION: no recommendation of {sf['assessment']} names "
                        f"{sf['standard']}",
                        style="bold red",
                    ),
                    2,
                )
            )
        parts.append(Text(""))
    return Group(*parts)


def _challenges(view: dict[str, Any], who: Any) -> Any:
    from rich.console import Group
    from rich.text import Text

    parts: list[Any] = []
    for ev in view["challenges"]:
        title = f": {ev['title']}" if ev["title"] else ""
        parts.append(Text(f"{ev['id']}{title} ({fmt_date(ev['date'])})", style="bold"))
        for n, c in enumerate(ev["challenges"], 1):
            by = f"{c['by']} to " if c["by"] else "to "
            parts.append(_indent(Text(f"{n}. {by}{c['to']}: {c['question']}"), 2))
            if c["response"]:
                parts.append(_indent(Text(f"response: {c['response']}", style="italic"), 5))
            else:
                parts.append(_indent(Text("NO RESPONSE recorded", style="bold yellow"), 5))
        if ev["actions"]:
            parts.append(_indent(Text("agreed actions:"), 2))
            for a in ev["actions"]:
                parts.append(_indent(_action_line(a), 4))
        elif ev["recommendations"]:
            parts.append(
                _indent(Text("agreed actions: none yet (no action plan)", style="bold red"), 2)
            )
        else:
            parts.append(_indent(Text("agreed actions: none recorded", style="dim"), 2))
        parts.append(Text(""))
    return Group(*parts)


def render_s11_text(view: dict[str, Any], who: Any, color: bool = False) -> str:
    """The Section 11 matrix, missing submissions, shortfalls and peer challenge."""
    from rich.console import Group
    from rich.text import Text

    from lif_cli.render.console import make_console, render_to_text

    wide = make_console().width >= 120
    parts: list[Any] = [
        Text(
            f"Section 11 self-assessments {view['year']} (as of {fmt_date(view['as_of'])})",
            style="bold",
        )
    ]
    if view["matrix"]:
        parts.append(_matrix(view, who, wide))
        parts.append(
            Text(
                "Met = met, Part = partially met, NOT = not met, - = not rated; "
                "(draft) = not yet presented.",
                style="dim",
            )
        )
    else:
        parts.append(Text(f"No self-assessments for {view['year']}."))
    parts.append(Text(""))
    if view["not_submitted"]:
        names = ", ".join(f"{a} ({_who(who, a)})" for a in view["not_submitted"])
        parts.append(Text(f"Not submitted for {view['year']}: {names}", style="bold"))
    elif view["expected"]:
        parts.append(Text(f"Every expected agency has submitted for {view['year']}."))
    parts.append(Text(""))
    n = len(view["shortfalls"])
    unanswered = sum(1 for s in view["shortfalls"] if not s["answered"])
    if n:
        head = f"Standards not met or partially met: {n}"
        head += f", {unanswered} with no action" if unanswered else ", each answered by an action"
        parts.append(Text(head, style="bold underline"))
        parts.append(_shortfalls(view))
    else:
        parts.append(Text("No standard is rated not met or partially met."))
        parts.append(Text(""))
    if view["challenges"]:
        parts.append(Text(f"Peer challenge {view['year']}", style="bold underline"))
        parts.append(_challenges(view, who))
    else:
        parts.append(Text(f"No peer challenge recorded for {view['year']}."))
    return render_to_text(Group(*parts), color=color)


# --- lif training ---------------------------------------------------------------------


def render_training_text(rows: list[dict[str, Any]], as_of: str, color: bool = False) -> str:
    """Each training evaluation: attendance, ratings and evidence of impact."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from lif_cli.render.console import render_to_text

    if not rows:
        return render_to_text(Text(f"No training evaluations as of {fmt_date(as_of)}."))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, leading=1, expand=False)
    table.add_column("Training", ratio=1, min_width=18, overflow="fold")
    table.add_column("Attended", no_wrap=True, justify="right")
    table.add_column("Good or\nbetter", no_wrap=True, justify="right")
    table.add_column("Impact evidenced", ratio=1, min_width=16)
    for r in rows:
        name = Text(r["title"])
        sub = [r["id"]]
        if r["presented"]:
            sub.append(f"presented {fmt_date(r['presented'])}")
        name.append("\n" + "\n".join(sub), style="dim")
        if r["attended"] is None:
            attended = Text("-")
        else:
            attended = Text(f"{r['attended']}")
            if r["places"]:
                attended.append(f"/{r['places']}")
                attended.append(f"\n{_percent(r['attendance_rate'])}", style="dim")
        # both columns alike: the count of the whole, then its percentage
        if r["good_or_better_share"] is None:
            good = Text("-")
        else:
            good = Text(f"{r['good_or_better']}/{r['responses']}")
            good.append(f"\n{_percent(r['good_or_better_share'])}", style="dim")
        if r["impact_evidenced"]:
            impact = Text("yes", style="green")
            for kind in r["impact_kinds"]:
                impact.append(f"\n{kind}")
        else:
            impact = Text("NO impact evidence yet", style="bold yellow")
        table.add_row(name, attended, good, impact)
    parts: list[Any] = [table]
    detail = [r for r in rows if r["impact"]]
    if detail:
        parts.append(Text("Impact evidence", style="bold underline"))
        for r in detail:
            parts.append(Text(r["id"], style="bold"))
            for i in r["impact"]:
                when = fmt_date(i["date"]) or "undated"
                line = Text(f"{when}  {i['kind']}", style="bold")
                line.append(f" ({i['method']})" if i["method"] else "")
                parts.append(_indent(line, 2))
                parts.append(_indent(Text(i["finding"]), 4))
        parts.append(Text(""))
    parts.append(
        Text(
            "Attended: delegates of places offered. Good or better: evaluations rated "
            "excellent or good, of responses. Impact kinds: immediate feedback (at the "
            "course), follow-up (delegates asked later), practice change (seen in practice).",
            style="dim",
        )
    )
    return render_to_text(Group(*parts), color=color)
