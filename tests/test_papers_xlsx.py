"""`lif export --format xlsx`: spreadsheets that print on A4 and edit without typos."""

from __future__ import annotations

from datetime import datetime

from openpyxl import load_workbook

from lif_cli import interchange
from tests.test_papers_docx import needs_office, pdf_pages, pdf_sizes, to_pdf

AS_OF = "2016-11-15"


def export(lif, root, out, *args):
    r = lif("export", "-o", str(out), "--as-of", AS_OF, "-C", str(root), *args)
    assert r.exit_code == 0, r.output
    return out


def test_the_plan_prints_landscape_one_page_wide_with_its_header_on_every_page(
    lif, example_repo, tmp_path
):
    ws = load_workbook(export(lif, example_repo, tmp_path / "plan.xlsx")).worksheets[0]
    setup = ws.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert ws.print_title_rows == "$1:$1"
    assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text
    headers = [c.value for c in ws[1]]
    text = headers.index("Action text") + 1
    for row in range(2, ws.max_row + 1):  # a row tall enough for its wrapped text
        value = ws.cell(row=row, column=text).value or ""
        width = ws.column_dimensions[ws.cell(row=1, column=text).column_letter].width
        if len(value) > width:
            assert (ws.row_dimensions[row].height or 15) >= 30, (row, value)
            assert ws.cell(row=row, column=text).alignment.wrap_text


def test_status_has_a_drop_down_of_valid_statuses(lif, example_repo, tmp_path):
    ws = load_workbook(export(lif, example_repo, tmp_path / "plan.xlsx")).worksheets[0]
    headers = [c.value for c in ws[1]]
    letter = ws.cell(row=1, column=headers.index("Status") + 1).column_letter
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.showErrorMessage
    assert dv.formula1 == '"not-started,in-progress,complete,blocked,cancelled"'
    assert str(dv.sqref) == f"{letter}2:{letter}{ws.max_row}"
    assert interchange.ACTION_STATUSES == (
        "not-started", "in-progress", "complete", "blocked", "cancelled",
    )  # fmt: skip


def test_the_calendar_month_is_a_real_date_shown_as_month_and_year(lif, example_repo, tmp_path):
    ws = load_workbook(
        export(lif, example_repo, tmp_path / "cal.xlsx", "--what", "calendar")
    ).worksheets[0]
    headers = [c.value for c in ws[1]]
    month = ws.cell(row=2, column=headers.index("Month") + 1)
    assert isinstance(month.value, datetime) and month.value.day == 1
    assert month.number_format == "mmm yyyy"
    csv_text = lif("export", "--what", "calendar", "--as-of", AS_OF, "-C", str(example_repo))
    assert ",2016-04," in csv_text.stdout  # CSV keeps YYYY-MM


@needs_office
def test_the_plan_prints_every_column_on_page_1_through_libreoffice(lif, example_repo, tmp_path):
    sheet = export(lif, example_repo, tmp_path / "plan.xlsx")
    pdf = to_pdf(sheet, tmp_path)
    sizes = pdf_sizes(pdf)
    pages = pdf_pages(pdf)
    plan = [i for i, p in enumerate(pages) if "Action text" in p]  # then the About sheet
    assert plan[0] == 0 and 1 <= len(plan) <= 4, len(plan)
    assert all(sizes[i][0] > sizes[i][1] for i in plan)  # landscape
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes)  # A4
    first = pages[0]
    for header in interchange.PLAN_HEADERS:
        for word in header.split():
            assert word in first, header
    assert "Page 1 of" in first
    for i in plan[1:]:  # the header row repeats
        assert "Evidence" in pages[i] and "Recommendation" in pages[i]
