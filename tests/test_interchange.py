"""`lif export` and `lif import`: spreadsheets out, an agency's returned sheet back in."""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from lif_cli import interchange, sheet_import
from lif_cli.render.xlsx import MAX_WIDTH

AS_OF = "2016-11-15"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _export(lif, root: Path, out: Path, *args: str) -> Path:
    r = lif("export", "-o", str(out), "--as-of", AS_OF, "-C", str(root), *args)
    assert r.exit_code == 0, r.output
    return out


def _edit_xlsx(path: Path, edits: dict[str, dict[str, object]], extra_rows=()) -> None:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        ref = row[0].value
        for header, value in edits.get(ref, {}).items():
            row[headers.index(header)].value = value
    for values in extra_rows:
        ws.append(values)
    wb.save(path)


def test_xlsx_round_trip_unchanged_is_a_no_op(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "plan.xlsx")
    before = _tree(example_repo)
    r = lif("import", str(sheet), "--as-of", AS_OF, "-C", str(example_repo))
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "no changes: the 32 rows of plan.xlsx match the records; no file was touched\n"
    )
    assert _tree(example_repo) == before


def test_csv_round_trip_unchanged_is_a_no_op(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "plan.csv")
    before = _tree(example_repo)
    r = lif("import", str(sheet), "--as-of", AS_OF, "-C", str(example_repo))
    assert r.exit_code == 0, r.output
    assert "no changes" in r.stdout
    assert _tree(example_repo) == before


def test_xlsx_layout(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "plan.xlsx")
    wb = load_workbook(sheet)
    ws = wb["Action plan"]
    assert ws.freeze_panes == "A2"
    headers = [c.value for c in ws[1]]
    assert headers == interchange.PLAN_HEADERS
    assert all(c.font.bold for c in ws[1])
    rag = headers.index("RAG")
    fills = {row[rag].value: row[rag].fill.fgColor.rgb[-6:] for row in ws.iter_rows(min_row=2)}
    assert fills["red"] == "FFC7CE"
    assert fills["amber"] == "FFEB9C"
    assert fills["green"] == "C6EFCE"
    assert fills["blue"] == "BDD7EE"
    assert ws.column_dimensions["G"].width == MAX_WIDTH + 2  # long action text
    assert ws.column_dimensions["B"].width >= len("SCR-2016-01")
    due = ws.cell(row=2, column=headers.index("Due") + 1)
    assert isinstance(due.value, datetime) and due.number_format == "yyyy-mm-dd"
    assert "Edit only the shaded columns" in " ".join(str(c.value) for c in wb["About"]["A"])


def test_formula_text_is_defused_and_reads_back(lif, example_repo, tmp_path):
    plan = example_repo / "actions/SCR-2016-01.yaml"
    plan.write_text(plan.read_text().replace(
        "evidence: Revised assessment guidance issued to all teams on 29 July 2016",
        "evidence: '=HYPERLINK(\"http://x.invalid\")'"))  # fmt: skip
    sheet = _export(lif, example_repo, tmp_path / "plan.xlsx")
    ws = load_workbook(sheet).worksheets[0]
    cells = {c.value: c for row in ws.iter_rows(min_row=2) for c in row}
    # an XLSX text cell is never a formula: the text as it is, no guarding apostrophe
    formula = cells['=HYPERLINK("http://x.invalid")']
    assert formula.data_type == "s"
    assert not any(isinstance(v, str) and v.startswith("'") for v in cells)
    with zipfile.ZipFile(sheet) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
    r = lif("import", str(sheet), "--as-of", AS_OF, "-C", str(example_repo))
    assert "no changes" in r.stdout, r.output
    csv_text = lif("export", "--as-of", AS_OF, "-C", str(example_repo)).stdout
    assert ",'=HYPERLINK" in csv_text.replace('"', "")


def test_import_updates_status_notes_evidence_impact_due(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "plan.xlsx")
    _edit_xlsx(
        sheet,
        {
            "SCR-2016-01/A3": {"Status": "complete", "Evidence": "Form changed on 1 Nov",
                               "Note": "Notification form live"},
            "SCR-2016-01/A5": {"Due": datetime(2017, 6, 30), "Impact": "GP attendance up"},
        },
    )  # fmt: skip
    path = example_repo / "actions/SCR-2016-01.yaml"
    before = path.read_text()
    r = lif(
        "import", str(sheet), "--allow-other-agencies", "--as-of", AS_OF, "-C", str(example_repo)
    )
    assert r.exit_code == 0, r.output
    assert "updated 2 actions in 1 file from plan.xlsx" in r.stdout
    assert "+    status: complete" in r.stdout  # the diff is shown first
    after = path.read_text()
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert added == [
        "    status: complete",
        "    completed: 2016-11-15",
        "    evidence: Form changed on 1 Nov",
        "      - {date: 2016-11-15, status: complete, note: Notification form live}",
        "    due: 2017-06-30",
        "    impact: GP attendance up",
        "      - {date: 2016-11-15, note: Due date moved to 2017-06-30; impact recorded}",
    ]
    assert lif("validate", "--as-of", AS_OF, "-C", str(example_repo)).exit_code == 0
    # importing the same sheet again changes nothing more
    again = lif("import", str(sheet), "--as-of", AS_OF, "-C", str(example_repo))
    assert "no changes" in again.stdout, again.output


def test_dry_run_shows_the_diff_only(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "plan.xlsx")
    _edit_xlsx(sheet, {"SCR-2016-01/A4": {"Note": "Briefings done in the north"}})
    before = _tree(example_repo)
    r = lif("import", str(sheet), "--dry-run", "--as-of", AS_OF, "-C", str(example_repo))
    assert r.exit_code == 0
    assert "+      - {date: 2016-11-15, note: Briefings done in the north}" in r.stdout
    assert "dry run: would update 1 action in 1 file; nothing was written" in r.stdout
    assert _tree(example_repo) == before


@pytest.mark.parametrize(
    ("edits", "extra", "expected"),
    [
        ({}, [["SCR-2016-01/A99", None, None, None, None, None, None, None, "complete"]],
         "row 34: 'SCR-2016-01/A99': actions/SCR-2016-01.yaml has no action 'A99'"),
        ({}, [["NOPE-1/A1"]], "row 34: 'NOPE-1/A1': there is no action plan for 'NOPE-1'"),
        ({}, [["SCR-2016-01/A3", None, None, None, None, None, None, None, "blocked"]],
         "row 34: 'SCR-2016-01/A3' is also on row"),
        ({"SCR-2016-01/A3": {"Status": "done"}}, [],
         "'SCR-2016-01/A3': status 'done' is not one of"),
        ({"SCR-2016-01/A3": {"Due": "31/12/2016"}}, [],
         "'SCR-2016-01/A3': '31/12/2016' is not a date"),
        ({"SCR-2016-01/A3": {"Action": None}}, [], "has no action id in the 'Action' column"),
    ],
)  # fmt: skip
def test_a_bad_row_aborts_with_its_row_number_and_writes_nothing(
    lif, example_repo, tmp_path, edits, extra, expected
):
    sheet = _export(lif, example_repo, tmp_path / "plan.xlsx")
    good = {"SCR-2016-01/A4": {"Note": "A good row that must not be written"}}
    _edit_xlsx(sheet, {**good, **edits}, extra)
    before = _tree(example_repo)
    r = lif("import", str(sheet), "--as-of", AS_OF, "-C", str(example_repo))
    assert r.exit_code == 2, r.output
    assert "cannot be imported; nothing was written" in r.stderr
    assert expected in r.stderr
    assert _tree(example_repo) == before


def test_row_numbers_are_the_sheets(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "plan.xlsx")
    ws = load_workbook(sheet).worksheets[0]
    row_of = {row[0].value: row[0].row for row in ws.iter_rows(min_row=2)}
    _edit_xlsx(sheet, {"MAA-2016-02/A1": {"Status": "finished"}})
    r = lif("import", str(sheet), "--as-of", AS_OF, "-C", str(example_repo))
    assert f"  row {row_of['MAA-2016-02/A1']}: 'MAA-2016-02/A1': status 'finished'" in r.stderr


def test_a_result_that_would_not_validate_names_the_row(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "plan.xlsx")
    ws = load_workbook(sheet).worksheets[0]
    row_of = {row[0].value: row[0].row for row in ws.iter_rows(min_row=2)}
    _edit_xlsx(sheet, {"SCR-2016-01/A3": {"Status": "complete"}})
    before = _tree(example_repo)
    r = lif("import", str(sheet), "--as-of", AS_OF, "-C", str(example_repo))
    assert r.exit_code == 1
    assert "nothing was written" in r.stderr
    assert f"row {row_of['SCR-2016-01/A3']}: actions/SCR-2016-01.yaml:38:13: error " \
           "complete-without-evidence" in r.stderr  # fmt: skip
    assert _tree(example_repo) == before


def test_csv_from_excel_with_bom_and_semicolon_free_quotes(lif, example_repo, tmp_path):
    text = lif("export", "--as-of", AS_OF, "-C", str(example_repo)).stdout
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        if row[0] == "SCR-2016-01/A7":
            row[rows[0].index("Note")] = 'Second report, with "quotes", received'
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    sheet = tmp_path / "back.csv"
    sheet.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode())
    r = lif(
        "import", str(sheet), "--allow-other-agencies", "--as-of", AS_OF, "-C", str(example_repo)
    )
    assert r.exit_code == 0, r.output
    text = (example_repo / "actions/SCR-2016-01.yaml").read_text()
    assert "      - {date: 2016-11-15, note: 'Second report, with \"quotes\", received'}\n" in text


def test_not_a_plan_sheet(lif, example_repo, tmp_path):
    wb = Workbook()
    wb.active.append(["Entry", "Status"])
    wb.active.append(["lado", "received"])
    wb.save(tmp_path / "cal.xlsx")
    r = lif("import", str(tmp_path / "cal.xlsx"), "-C", str(example_repo))
    assert r.exit_code == 2
    assert "no 'Action' column" in r.stderr
    (tmp_path / "x.txt").write_text("hi")
    r = lif("import", str(tmp_path / "x.txt"), "-C", str(example_repo))
    assert r.exit_code == 2
    assert "not a .csv or .xlsx" in r.stderr
    r = lif("import", str(tmp_path / "missing.xlsx"), "-C", str(example_repo))
    assert r.exit_code == 2
    assert "does not exist" in r.stderr


def test_agency_sheet_holds_only_its_actions(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "police.xlsx", "--agency", "police")
    ws = load_workbook(sheet).worksheets[0]
    agencies = {row[4].value for row in ws.iter_rows(min_row=2) if row[0].value}
    assert agencies == {"police"}
    r = lif("export", "--agency", "polise", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "did you mean 'police'?" in r.stderr


@pytest.mark.parametrize(
    ("what", "header", "title"),
    [
        ("calendar", "Entry,Title,From,To,Month,Status,Records", "Calendar 2016-17"),
        ("indicators", "Indicator,Title,Level,Agency,Unit,Better,Target", "Indicators"),
        ("s11", "Agency,Assessment,Presented,S1,S2,S3,S4,S5,S6,S7,S8", "Section 11 2016"),
    ],
)
def test_other_tables(lif, example_repo, tmp_path, what, header, title):
    r = lif("export", "--what", what, "--as-of", AS_OF, "-C", str(example_repo))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(header)
    sheet = _export(lif, example_repo, tmp_path / f"{what}.xlsx", "--what", what)
    wb = load_workbook(sheet)
    assert wb.worksheets[0].title == title
    assert wb.worksheets[0].freeze_panes == "A2"


def test_s11_ratings_are_coloured(lif, example_repo, tmp_path):
    sheet = _export(lif, example_repo, tmp_path / "s11.xlsx", "--what", "s11")
    ws = load_workbook(sheet).worksheets[0]
    fills = {c.value: c.fill.fgColor.rgb[-6:] for row in ws.iter_rows(min_row=2) for c in row[3:]}
    assert fills["not-met"] == "FFC7CE"
    assert fills["met"] == "C6EFCE"


def test_export_usage(lif, example_repo, tmp_path):
    r = lif("export", "--format", "xlsx", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "-o FILE.xlsx" in r.stderr
    r = lif("export", "-o", str(tmp_path / "x.yaml"), "--format", "csv", "-C", str(example_repo))
    assert r.exit_code == 2
    assert not (tmp_path / "x.yaml").exists()
    r = lif("export", "-o", str(tmp_path / "x.xlsx"), "--format", "csv", "-C", str(example_repo))
    assert r.exit_code == 2
    assert "does not match" in r.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_cell_reading_rules():
    assert sheet_import._cell_text("'=1+1") == "=1+1"
    assert sheet_import._cell_text("'quoted'") == "'quoted'"
    assert sheet_import._cell_text("  ") is None
    assert sheet_import._cell_text(2016.0) == "2016"
    assert sheet_import._cell_date(datetime(2016, 1, 2)) == date(2016, 1, 2)
    assert sheet_import._cell_date("2016-01-02") == date(2016, 1, 2)
    with pytest.raises(ValueError, match="time of day"):
        sheet_import._cell_date(datetime(2016, 1, 2, 9, 30))


def test_a_csv_in_another_encoding_is_refused_with_the_fix(lif, example_repo, tmp_path):
    sheet = tmp_path / "latin.csv"
    sheet.write_bytes("Action,Note\r\nSCR-2016-01/A3,Caf\u00e9 meeting\r\n".encode("cp1252"))
    before = _tree(example_repo)
    r = lif("import", str(sheet), "-C", str(example_repo))
    assert r.exit_code == 2
    assert "is not UTF-8 text" in r.stderr
    assert "CSV UTF-8" in r.stderr
    assert _tree(example_repo) == before


def test_import_commit_names_the_sheet_and_actions(lif, git_repo, tmp_path):
    import shutil

    from .conftest import EXAMPLE, git

    root = git_repo({})
    for item in EXAMPLE.iterdir():
        dest = root / item.name
        if item.is_dir():
            shutil.copytree(item, dest, dirs_exist_ok=True)
        else:
            shutil.copy(item, dest)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "example records")
    sheet = _export(lif, root, tmp_path / "plan.xlsx")
    _edit_xlsx(sheet, {"SCR-2016-01/A4": {"Note": "North done"},
                       "MAA-2016-02/A1": {"Note": "Started"}})  # fmt: skip
    r = lif(
        "import",
        str(sheet),
        "--commit",
        "--allow-other-agencies",
        "--as-of",
        AS_OF,
        "-C",
        str(root),
    )
    assert r.exit_code == 0, r.output
    subject = git(root, "log", "-1", "--format=%s").strip()
    assert subject.startswith("Import plan.xlsx: update 2 actions (")
    assert "SCR-2016-01/A4" in subject and "MAA-2016-02/A1" in subject
    assert git(root, "status", "--porcelain").strip() == ""


def test_export_counts_its_rows_in_words(lif, example_repo, tmp_path):
    out = tmp_path / "one.csv"
    r = lif("export", "-o", str(out), "--agency", "yot", "--as-of", AS_OF, "-C", str(example_repo))
    assert r.exit_code == 0, r.output
    assert re.search(r"wrote 1 row \(", r.stderr), r.stderr
    r = lif("export", "-o", str(out), "--as-of", AS_OF, "-C", str(example_repo))
    assert re.search(r"wrote \d+ rows \(", r.stderr), r.stderr
