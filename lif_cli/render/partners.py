"""Status sections for today's arrangements: serious incidents in the Panel's process and
the published arrangements' review date. Text for the terminal (80 columns, no colour
needed) and JSON keys for `lif status --format json`.
"""

from __future__ import annotations

from typing import Any

from lif_cli.frameworks import STEP_WORDS
from lif_cli.render.plan import fmt_date, plural


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def incident_deadline(row: dict[str, Any]) -> tuple[str, str]:
    """The next step of an incident and how it stands (two short lines)."""
    if row["next"] is None:
        return row["where"], ""
    left = row["working_days_left"]
    what = STEP_WORDS.get(row["next"], row["next"])
    if row["deadline"] is None:
        return f"awaiting {what}", "no timescale"
    if left is not None and left < 0:
        return (
            f"{what} was due {fmt_date(row['deadline'])}",
            f"OVERDUE by {plural(-left, 'working day')}",
        )
    if left == 0:
        return f"{what} due {fmt_date(row['deadline'])}", "due TODAY"
    return f"{what} due {fmt_date(row['deadline'])}", f"{plural(left or 0, 'working day')} left"


def partners_sections(status: Any, limit: int) -> list[Any]:
    """Incidents in the Panel's process, then the arrangements' review date."""
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    incidents = status.incidents
    if incidents is not None:
        head = Text("\n")
        head.append(f"Serious incidents in the Panel's process ({len(incidents)})", style="bold")
        if not incidents:
            head.append(": none open")
        parts.append(head)
        shown = incidents if limit == 0 else incidents[:limit]
        # The id in a column of its own, so a line too long for the terminal
        # goes on under the title, not back at the left edge.
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for row in shown:
            what, how = incident_deadline(row)
            block = Text(f"{row['title']} ({row['framework']})\nnext: {what}")
            if how:
                style = "bold red" if "OVERDUE" in how else ""
                block.append(", ")
                block.append(how, style=style)
            grid.add_row(Text(row["id"], style="bold"), block)
        if shown:
            parts.append(grid)
        if len(incidents) > len(shown):
            parts.append(
                Text(f"  ... and {len(incidents) - len(shown)} more: lif status --limit 0")
            )
    a = status.arrangements
    if a is not None and a.get("review_by") is not None:
        line = Text("\n")
        line.append("Published arrangements", style="bold")
        if a["review_overdue"]:
            line.append(f": review was due by {fmt_date(a['review_by'])}: ")
            line.append("OVERDUE", style="bold red")
        else:
            line.append(f": next review by {fmt_date(a['review_by'])}")
        parts.append(line)
    return parts


def partners_json(status: Any) -> dict[str, Any]:
    """lif's own status keys for incidents and the arrangements."""
    incidents = status.incidents
    a = status.arrangements
    return {
        "incidents": (
            [
                {
                    **{k: _iso(v) for k, v in row.items() if k != "steps"},
                    "steps": [{k: _iso(v) for k, v in st.items()} for st in row["steps"]],
                }
                for row in incidents
            ]
            if incidents is not None
            else None
        ),
        "arrangements": (
            {
                "review_by": _iso(a["review_by"]),
                "review_overdue": a["review_overdue"],
                "scrutineer": a["scrutineer"],
            }
            if a is not None
            else None
        ),
    }
