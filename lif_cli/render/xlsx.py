"""Spreadsheets that edit and print well: an export table written as an XLSX workbook.

``table`` is a :class:`lif_cli.interchange.Table` (title, headers, rows and
which columns are coloured, editable, wide, months or have a drop-down).
openpyxl is imported here, only when a workbook is written, and in
:mod:`lif_cli.sheet_import`, which reads a returned sheet (ruff's banned-API
rule keeps it to these two).
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

# RAG and status words -> fill colour (Excel's own "good / neutral / bad" palette).
FILLS = {
    "red": "FFC7CE",
    "amber": "FFEB9C",
    "green": "C6EFCE",
    "blue": "BDD7EE",
    "overdue": "FFC7CE",
    "late": "FFEB9C",
    "due": "FFEB9C",
    "received": "C6EFCE",
    "not-met": "FFC7CE",
    "partially-met": "FFEB9C",
    "met": "C6EFCE",
    "gap": "FFC7CE",
}
EDITABLE_FILL = "FFF2CC"
MAX_WIDTH = 30  # widest column, in characters; longer text wraps
LINE_HEIGHT = 15  # points per line of wrapped text (11 pt Calibri)


def write_xlsx(table: Any) -> bytes:
    """An Excel workbook that edits and prints well.

    The table has a frozen, bold header row (repeated on every printed page),
    filters, RAG fills, column widths from content with long text wrapped and
    rows tall enough to show it, a drop-down of valid values where a column has
    them (Status), and real dates (a month shown as ``Apr 2016``). Text cells
    are written as text, never formulas, so no guarding apostrophe is needed
    (CSV keeps it). Printing: A4 landscape, one page wide, page numbers. An
    "About" sheet holds the notes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = table.title[:31]
    # One named style per look, registered once: styling each cell with its own
    # style objects costs openpyxl a hash per cell (a minute for 25,000 rows).
    styles: dict[tuple[str | None, bool, str | None, bool], str] = {}

    def style(fill: str | None, wrap: bool, number: str | None, bold: bool = False) -> str:
        key = (fill, wrap, number, bold)
        name = styles.get(key)
        if name is None:
            name = f"lif-{len(styles)}"
            named = NamedStyle(name=name)
            named.alignment = Alignment(wrap_text=wrap, vertical="top")
            if fill:
                named.fill = PatternFill("solid", fgColor=fill)
            if number:
                named.number_format = number
            if bold:
                named.font = Font(bold=True)
            wb.add_named_style(named)
            styles[key] = name
        return name

    ws.append(list(table.headers))
    for col, header in enumerate(table.headers, start=1):
        fill = EDITABLE_FILL if header in table.editable else None
        ws.cell(row=1, column=col).style = style(fill, True, None, bold=True)
    widths = [min(max(len(w) for w in h.split()), MAX_WIDTH) for h in table.headers]
    index = {h: i for i, h in enumerate(table.headers)}
    coloured = {index[h] for h in table.coloured if h in index}
    wide = {index[h] for h in table.wide if h in index}
    editable = {index[h] for h in table.editable if h in index}
    months = {index[h] for h in table.months if h in index}
    for r, values in enumerate(table.rows, start=2):
        for c, value in enumerate(values):
            cell = ws.cell(row=r, column=c + 1)
            number = None
            if c in months and isinstance(value, str) and _MONTH.match(value):
                value = date(int(value[:4]), int(value[5:7]), 1)
                number, shown = "mmm yyyy", 8
            elif isinstance(value, date):
                number, shown = "yyyy-mm-dd", 10
            if isinstance(value, date):
                cell.value = value
            elif isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # text, even when it starts with '=': never a formula
                shown = max((len(line) for line in value.splitlines()), default=0)
            else:
                cell.value = value
                shown = len(str(value)) if value is not None else 0
            widths[c] = max(widths[c], min(shown, MAX_WIDTH))
            fill = None
            if c in coloured and isinstance(value, str) and value in FILLS:
                fill = FILLS[value]
            elif c in editable:
                fill = EDITABLE_FILL
            cell.style = style(fill, c in wide or isinstance(value, str), number)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width + 2
    for r, values in enumerate(table.rows, start=2):
        lines = 1
        for c, value in enumerate(values):
            if isinstance(value, str):
                lines = max(lines, _wrapped_lines(value, widths[c]))
        if lines > 1:
            ws.row_dimensions[r].height = LINE_HEIGHT * lines
    for header, allowed in table.choices.items():
        if header in index and table.rows:
            _drop_down(ws, index[header] + 1, len(table.rows) + 1, header, allowed)
    ws.freeze_panes = "A2"
    if table.rows:
        ws.auto_filter.ref = ws.dimensions
    _print_setup(ws, table.title)
    if table.notes:
        about = wb.create_sheet("About")
        for line in table.notes:
            about.append([line])
            about.cell(row=about.max_row, column=1).data_type = "s"
        about.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_MONTH = re.compile(r"\A\d{4}-(0[1-9]|1[0-2])\Z")


def _wrapped_lines(text: str, width: int) -> int:
    """Lines a wrapped cell of ``width`` characters needs for ``text``."""
    import textwrap

    return sum(
        max(1, len(textwrap.wrap(line, max(width, 1)))) for line in text.splitlines() or [""]
    )


def _drop_down(ws: Any, col: int, last_row: int, header: str, allowed: tuple[str, ...]) -> None:
    """A list of the valid values on a column, so a returned sheet has no typos."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(allowed) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Not a {header.lower()}",
        error=f"{header} is one of: " + ", ".join(allowed),
        promptTitle=header,
        prompt="Pick from the list",
        showInputMessage=True,
    )
    letter = get_column_letter(col)
    dv.add(f"{letter}2:{letter}{last_row}")
    ws.add_data_validation(dv)


def _print_setup(ws: Any, title: str) -> None:
    """A4 landscape, one page wide, the header row on every page, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.right.text = "Page &P of &N"
