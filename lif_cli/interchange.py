"""Spreadsheets out: the action plan (and other tables) as CSV or Excel.

Export builds a :class:`Table` from the same compute functions as the read
commands, then writes it: CSV text through ``to_csv``, whose ``safe_cell``
gives a formula-like text cell a leading apostrophe (formula injection), or an
Excel workbook through ``lif_cli.render.xlsx``, whose text cells are typed as
text and need no apostrophe.

``PLAN_HEADERS``, ``PLAN_EDITABLE`` and ``GAP_STATUS`` are the action-plan
sheet's layout; :mod:`lif_cli.sheet_import` reads a returned sheet by them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args

from lif_cli import authoring
from lif_cli.loader import Records
from lif_cli.models.records import ActionStatus
from lif_cli.render.tabular import to_csv


@dataclass
class Table:
    """One sheet: headers, rows of plain values, and which columns carry colour."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    coloured: tuple[str, ...] = ()  # columns whose words get a RAG fill
    editable: tuple[str, ...] = ()  # columns an import reads back
    wide: tuple[str, ...] = ()  # long-text columns, wrapped
    notes: list[str] = field(default_factory=list)  # shown on an "About" sheet
    months: tuple[str, ...] = ()  # YYYY-MM columns: a real date in XLSX, shown 'Apr 2016'
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # drop-down lists


# --- building tables -------------------------------------------------------------------

PLAN_HEADERS = [
    "Action",
    "Source",
    "Source title",
    "Recommendation",
    "Agency",
    "Owner",
    "Action text",
    "Due",
    "Status",
    "RAG",
    "Days overdue",
    "Completed",
    "Evidence",
    "Impact",
    "Last update",
    "Note",
]
PLAN_EDITABLE = ("Status", "Due", "Completed", "Evidence", "Impact", "Note")
ACTION_STATUSES = get_args(ActionStatus)
GAP_STATUS = "no action (gap)"


def plan_table(records: Records, as_of: date, agency: str | None = None) -> Table:
    """The composite action plan, one row per action, plus one per gap."""
    from lif_cli.compute.plan import PlanFilter, build_plan, filter_plan

    plan = build_plan(records, as_of)
    if agency is not None:
        plan = filter_plan(plan, PlanFilter(agencies=(agency,)))
    rows: list[list[Any]] = []
    seen: set[str] = set()
    for source in plan.sources:
        for rec in source.recommendations:
            if not rec.actions:
                rows.append(
                    [
                        None,
                        source.id,
                        source.title,
                        rec.rec_id,
                        ", ".join(rec.to),
                        None,
                        rec.text,
                        None,
                        GAP_STATUS,
                        "gap",
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                    ]
                )
                continue
            for row in rec.actions:
                if row.id in seen:  # an action answering two recommendations: one row
                    continue
                seen.add(row.id)
                a = row.action
                last = authoring.latest_update(a)
                rows.append(
                    [
                        row.id,
                        source.id,
                        source.title,
                        ", ".join(a.recommendation),
                        a.agency,
                        a.owner,
                        a.text,
                        a.due,
                        a.status,
                        row.rag,
                        row.days_overdue or None,
                        a.completed,
                        a.evidence,
                        a.impact,
                        last.date if last else None,
                        last.note if last else None,
                    ]
                )
    return Table(
        title="Action plan",
        headers=PLAN_HEADERS,
        rows=rows,
        coloured=("RAG",),
        editable=PLAN_EDITABLE,
        choices={"Status": ACTION_STATUSES},
        wide=("Source title", "Action text", "Evidence", "Impact", "Note"),
        notes=[
            f"Action plan as of {as_of.isoformat()}, exported by lif.",
            "Edit only the shaded columns: " + ", ".join(PLAN_EDITABLE) + ".",
            "Status: not-started, in-progress, complete, blocked or cancelled.",
            "Dates: YYYY-MM-DD. A completed action needs Evidence.",
            "Note: type a new progress note over the last one; it is added, dated, "
            "to the action's updates.",
            "An empty cell leaves the record as it is. Other columns are not read back.",
            "Do not change the Action column: it is how each row finds its action.",
            "Rows marked 'no action (gap)' are recommendations no action answers yet.",
        ],
    )


def calendar_table(records: Records, as_of: date, year: int | None = None) -> Table:
    """The reporting calendar: one row per entry and due month."""
    from lif_cli.compute.calendar import calendar_view

    view = calendar_view(records, as_of, year)
    rows: list[list[Any]] = []
    for entry in view.entries:
        if not entry.cells:
            rows.append(
                [entry.id, entry.title, entry.from_, entry.to, None, "unplaced", entry.problem]
            )
        for cell in entry.cells:
            rows.append(
                [
                    entry.id,
                    entry.title,
                    entry.from_,
                    entry.to,
                    cell.month,
                    cell.status,
                    ", ".join(cell.records) or None,
                ]
            )
    return Table(
        title=f"Calendar {view.label}",
        headers=["Entry", "Title", "From", "To", "Month", "Status", "Records"],
        rows=rows,
        coloured=("Status",),
        wide=("Title",),
        months=("Month",),
        notes=[f"Reporting calendar {view.label} ({view.span}) as of {as_of.isoformat()}."],
    )


def indicators_table(records: Records, as_of: date) -> Table:
    """Performance indicators: latest value, RAG and trend."""
    from lif_cli.compute.indicators import indicators_view

    view = indicators_view(records, as_of)
    rows = [
        [
            i["id"],
            i["title"],
            i["level"],
            i["agency"],
            i["unit"],
            i["better"],
            i["target"],
            i["tolerance"],
            i["period"],
            i["latest"],
            i["previous"],
            i["rag"],
            i["trend"],
        ]
        for i in view["indicators"]
    ]
    return Table(
        title="Indicators",
        headers=[
            "Indicator",
            "Title",
            "Level",
            "Agency",
            "Unit",
            "Better",
            "Target",
            "Tolerance",
            "Period",
            "Latest",
            "Previous",
            "RAG",
            "Trend",
        ],
        rows=rows,
        coloured=("RAG",),
        wide=("Title",),
        notes=[f"Indicators as of {as_of.isoformat()}."],
    )


def s11_table(records: Records, as_of: date, year: int | None = None) -> Table:
    """Section 11 self-assessments: one row per agency, one column per standard."""
    from lif_cli.compute.s11 import s11_view

    view = s11_view(records, as_of, year)
    ids = [s["id"] for s in view["standards"]]
    rows = [
        [r["agency"], r["assessment"], r["presented"] and date.fromisoformat(r["presented"])]
        + [r["ratings"].get(s) for s in ids]
        for r in view["matrix"]
    ]
    return Table(
        title=f"Section 11 {view['year']}",
        headers=["Agency", "Assessment", "Presented", *ids],
        rows=rows,
        coloured=tuple(ids),
        notes=[f"Section 11 self-assessments for {view['year']} as of {as_of.isoformat()}."]
        + [f"{s['id']}: {s['title']}" for s in view["standards"]],
    )


# --- writing ----------------------------------------------------------------------------


def table_csv(table: Table) -> str:
    """CSV text of a table: one header row, safe cells, ISO dates."""
    return to_csv(table.headers, table.rows)


def table_xlsx(table: Table) -> bytes:
    """An Excel workbook of the table that edits and prints well (lif_cli.render.xlsx)."""
    from lif_cli.render.xlsx import write_xlsx

    return write_xlsx(table)
