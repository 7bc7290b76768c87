"""Record text is shown literally, whatever it holds, in every output.

Reviewers type free text; a title such as "[red]Child A[/red]" must print as
typed (rich markup is off), a pipe must not break a Markdown table, a newline
must not break a GitHub annotation, "=HYPERLINK(...)" must not become a live
formula in a spreadsheet, "<script>" must not become HTML, and an escaped
control character ("\\e[31m") must not reach a terminal at all.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from lif_cli.render.tabular import safe_cell

AS_OF = ("--as-of", "2016-11-15")
TITLE = "[red]Child A[/red] | <script>x</script>"
# as written in a YAML double-quoted scalar
ACTION = (
    '=HYPERLINK(\\"http://example.invalid/x\\",\\"click\\") [bold]now[/bold] | pipe\\nnext line'
)

HOSTILE = {
    "agencies.yaml": """\
        agencies:
          - {id: csc, name: "[bold]Children's[/bold] | Services", sector: local-authority}
          - {id: police, name: Police, sector: police}
        """,
    "reviews/LR-1.yaml": f"""\
        id: LR-1
        type: learning-review
        title: "{TITLE}"
        status: in-progress
        dates: {{referred: 2016-01-10, decided: 2016-01-20, started: 2016-02-01}}
        recommendations:
          - {{id: R1, text: "Train [blink]staff[/blink] | all", to: csc}}
          - {{id: R2, text: "+44 gap =1+2 | pipe\\nsecond line", to: police}}
        """,
    "actions/LR-1.yaml": f"""\
        source: LR-1
        actions:
          - id: A1
            recommendation: R1
            text: "{ACTION}"
            agency: csc
            owner: "@SUM(A1:A9)"
            due: 2016-10-01
            status: in-progress
            updates:
              - {{date: 2016-09-01, status: in-progress, note: "-2+3 [i]noted[/i]"}}
        """,
}


@pytest.fixture
def hostile(make_repo):
    return make_repo(HOSTILE)


def run_ok(lif, *args: str) -> str:
    result = lif(*args, *AS_OF)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    return result.stdout


# --- rich markup prints literally --------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [("status",), ("plan",), ("plan", "--source", "LR-1"), ("plan", "--agency", "csc")],
    ids=" ".join,
)
def test_rich_markup_in_records_prints_literally(lif, hostile, command) -> None:
    out = run_ok(lif, *command, "-C", str(hostile))
    assert "[red]Child A[/red]" in out
    assert "[bold]now[/bold]" in out or "=HYPERLINK" not in out
    assert "[blink]staff[/blink]" in out or "Train" not in out


def test_status_agency_table_keeps_markup_in_names(lif, hostile) -> None:
    out = run_ok(lif, "status", "-C", str(hostile))
    assert "[bold]Children's[/bold] | Services" in out


def test_validate_text_shows_the_source_line_literally(lif, make_repo) -> None:
    root = make_repo(
        {
            "reviews/LR-1.yaml": """\
                id: LR-1
                type: learning-review
                title: "[red]Child A[/red]"
                status: [red]
                """
        }
    )
    result = lif("validate", "-C", str(root), *AS_OF)
    assert result.exit_code == 1
    assert "reviews/LR-1.yaml:4:9: error invalid-value" in result.stdout
    assert "    4 | status: [red]" in result.stdout


# --- control characters never reach the terminal ------------------------------------------


@pytest.mark.parametrize("escape", ["\\e[31m", "\\x1b]8;;http://x\\x07", "\\u0007", "\\x9b"])
def test_escaped_control_character_is_refused_and_located(lif, make_repo, escape) -> None:
    root = make_repo(
        {
            "reviews/LR-1.yaml": f"""\
                id: LR-1
                type: learning-review
                title: "Child A {escape}red"
                status: in-progress
                """
        }
    )
    result = lif("validate", "-C", str(root), *AS_OF)
    assert result.exit_code == 1
    assert "reviews/LR-1.yaml:3:8: error control-character" in result.stdout
    for command in ("status", "plan"):
        shown = lif(command, "-C", str(root), *AS_OF)
        assert shown.exit_code == 1
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown.output)


def test_tabs_and_newlines_as_escapes_are_fine(lif, make_repo) -> None:
    root = make_repo(
        {
            "reviews/LR-1.yaml": """\
                id: LR-1
                type: learning-review
                title: "Child A\\tsecond\\nline"
                status: in-progress
                """
        }
    )
    assert lif("validate", "-C", str(root), "--strict", *AS_OF).exit_code == 0


# --- Markdown tables ---------------------------------------------------------------------


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def assert_tables_intact(markdown: str) -> None:
    """Every row of every table has as many cells as its header."""
    header_pipes = None
    for line in markdown.splitlines():
        if line.startswith("|"):
            if header_pipes is None:
                header_pipes = unescaped_pipes(line)
            assert unescaped_pipes(line) == header_pipes, line
        else:
            header_pipes = None


def test_plan_markdown_escapes_pipes_newlines_and_markup(lif, hostile) -> None:
    out = run_ok(lif, "plan", "-C", str(hostile), "--format", "md")
    assert_tables_intact(out)
    assert "\\[red\\]Child A\\[/red\\] \\| " in out
    assert "<script>" not in out
    assert "next line" in out and "\\| pipe next line" in out  # the newline joined in the cell


@pytest.mark.parametrize("paper", ["board", "piqag", "annual"])
def test_report_markdown_tables_intact(lif, hostile, paper) -> None:
    result = lif("report", paper, "-C", str(hostile), *AS_OF)
    assert result.exit_code == 0, result.output
    assert_tables_intact(result.stdout)
    assert "<script>" not in result.stdout
    assert "\\| pipe next line" in result.stdout or "HYPERLINK" not in result.stdout


def test_report_agency_paper_tables_intact(lif, hostile) -> None:
    result = lif("report", "agency", "--agency", "csc", "-C", str(hostile), *AS_OF)
    assert result.exit_code == 0, result.output
    assert_tables_intact(result.stdout)
    assert "<script>" not in result.stdout


def test_report_html_escapes_record_text(lif, hostile, tmp_path) -> None:
    out = tmp_path / "paper.html"
    result = lif("report", "-C", str(hostile), "--format", "html", "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html or "&lt;script>x&lt;/script>" in html


# --- GitHub annotations ----------------------------------------------------------------------


def test_github_annotations_escape_properties_and_data(lif, make_repo) -> None:
    root = make_repo(
        {
            "reviews/a,b:c%d.yaml": """\
                id: LR-1
                type: learning-review
                title: Child A
                status: "in\\nprogress, 100%: done"
                """
        }
    )
    result = lif("validate", "-C", str(root), "--format", "github", *AS_OF)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == len(lines) - 1  # every annotation on one line, then the summary
    assert all(a.startswith("::error file=reviews/a%2Cb%3Ac%25d.yaml,") for a in annotations)
    [status] = [a for a in annotations if "invalid-value" in a]
    data = status.split("::", 2)[2]
    assert "%0A" in data and "%25" in data and "\n" not in data
    assert ",line=4,col=9," in status


# --- spreadsheets: formula injection -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+44 1603", "'+44 1603"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain", "plain"),
        (-2, -2),
        (1.5, 1.5),
    ],
)
def test_safe_cell(value, cell) -> None:
    assert safe_cell(value) == cell


def assert_no_formula_cells(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_plan_csv_neutralises_formulas(lif, hostile) -> None:
    out = run_ok(lif, "plan", "-C", str(hostile), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert_no_formula_cells(rows)
    flat = [cell for row in rows for cell in row]
    assert "'@SUM(A1:A9)" in flat
    assert any(c.startswith("'=HYPERLINK(") and c.endswith("next line") for c in flat)
    assert "'+44 gap =1+2 | pipe\nsecond line" in flat


def test_export_csv_neutralises_formulas(lif, hostile) -> None:
    out = run_ok(lif, "export", "-C", str(hostile), "--what", "plan", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert_no_formula_cells(rows)
    flat = [cell for row in rows for cell in row]
    assert "'@SUM(A1:A9)" in flat
    assert any(c.startswith("'=HYPERLINK(") for c in flat)


def test_export_xlsx_has_no_formula_cells(lif, hostile, tmp_path) -> None:
    import openpyxl

    out = tmp_path / "plan.xlsx"
    result = lif("export", "-C", str(hostile), "--what", "plan", "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert any("HYPERLINK" in t for t in texts)
    # an XLSX text cell is typed as text, never evaluated: the text as the record has
    # it, no guarding apostrophe (the CSV export keeps that guard)
    assert "@SUM(A1:A9)" in texts
    assert not any(t.startswith("'") and t[1:2] in ("=", "+", "-", "@") for t in texts)
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


# --- every text command, on the example records with markup in every title ---------------


@pytest.fixture
def marked_example(example_repo):
    """The example records with '[red]' markup at the start of every title and name."""
    pattern = re.compile(r"^(\s*(?:- )?(?:title|name|text): )([^'\"\[{|>&*!%@`].*)$")
    for path in example_repo.rglob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        out = []
        for line in lines:
            m = pattern.match(line)
            if m and " #" not in m.group(2):
                value = m.group(2).replace("\\", "\\\\").replace('"', '\\"')
                line = f'{m.group(1)}"[red]{value}"'
            out.append(line)
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return example_repo


@pytest.mark.parametrize(
    "command", ["validate", "status", "plan", "calendar", "indicators", "s11", "training"]
)
def test_markup_in_every_title_prints_literally(lif, marked_example, command) -> None:
    assert run_ok(lif, "validate", "-C", str(marked_example), "--strict")
    out = run_ok(lif, command, "-C", str(marked_example))
    if command != "validate":
        assert "[red]" in out, out


# --- calendar and changes: the other Markdown and CSV outputs ---------------------------------

CALENDAR = """\
    entries:
      - id: lado
        title: "=cmd|' /C calc'!A0 | [red]LADO[/red] [x](https://example.invalid) <img>"
        from: csc
        to: board
        months: [4, 10]
    """


def test_calendar_md_and_csv_escape_entry_titles(lif, make_repo) -> None:
    root = make_repo({**HOSTILE, "calendar.yaml": CALENDAR})
    md = run_ok(lif, "calendar", "-C", str(root), "--format", "md")
    assert_tables_intact(md)
    assert "\\[red\\]LADO\\[/red\\] \\[x\\](https://example.invalid) &lt;img>" in md
    rows = list(
        csv.reader(io.StringIO(run_ok(lif, "calendar", "-C", str(root), "--format", "csv")))
    )
    assert_no_formula_cells(rows)
    assert any(cell.startswith("'=cmd|") for row in rows for cell in row)
    text = run_ok(lif, "calendar", "-C", str(root))
    assert "[red]LADO[/red]" in text


def test_changes_md_escapes_record_text(lif, git_repo) -> None:
    from tests.conftest import git

    root = git_repo(HOSTILE)
    plan = root / "actions" / "LR-1.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("status: in-progress", "status: blocked", 1),
        encoding="utf-8",
    )
    git(root, "commit", "-q", "-am", "A1 blocked")
    result = lif("changes", "-C", str(root), "--since", "HEAD~1", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "LR-1/A1" in result.stdout
    assert_tables_intact(result.stdout)
    assert "<script>" not in result.stdout
    text = lif("changes", "-C", str(root), "--since", "HEAD~1")
    assert "\x1b" not in text.output
