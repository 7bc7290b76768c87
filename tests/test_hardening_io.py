"""Sheets, file names, author names and writes (issue 17, points 6, 11, 14 and 15)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from openpyxl import Workbook

from lif_cli import sheet_import
from lif_cli.errors import LifError
from tests.conftest import git
from tests.test_hardening_values import PLAN, records

AS_OF = ("--as-of", "2016-11-15")
HEADER = "Action,Source,Agency,Status,Note\n"
TWO_AGENCIES = PLAN.replace("RAG", "amber").replace("DUE", "2016-10-01") + (
    "  - id: A2\n    recommendation: R1\n    text: Train officers\n    agency: police\n"
    "    due: 2016-12-01\n    status: not-started\n"
)


def repo_with_two_agencies(make_repo) -> Path:
    files = records()
    files["actions/LR-1.yaml"] = TWO_AGENCIES
    files["reviews/LR-1.yaml"] = files["reviews/LR-1.yaml"].replace("to: csc", "to: [csc, police]")
    return make_repo(files)


# --- point 6: spreadsheet limits before openpyxl opens the file ------------------------------


def xlsx_with_bomb(path: Path, bomb_bytes: int) -> Path:
    wb = Workbook()
    wb.active.append(["Action", "Status"])
    wb.active.append(["LR-1/A1", "complete"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * bomb_bytes)
    path.write_bytes(buf.getvalue())
    return path


def test_an_xlsx_that_unzips_far_larger_than_it_is_stored_is_refused(
    lif, make_repo, tmp_path
) -> None:
    root = make_repo(records())
    sheet = xlsx_with_bomb(tmp_path / "bomb.xlsx", 8 * 1024 * 1024)
    assert sheet.stat().st_size < 100_000
    before = (root / "actions/LR-1.yaml").read_text()
    result = lif("import", str(sheet), "-C", str(root), *AS_OF)
    assert result.exit_code == 2, result.output
    assert "as a zip bomb does; lif will not read it" in result.stderr
    assert (root / "actions/LR-1.yaml").read_text() == before


def test_an_xlsx_whose_parts_unzip_to_too_much_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sheet_import, "MAX_UNZIPPED_BYTES", 2 * 1024 * 1024)
    monkeypatch.setattr(sheet_import, "MAX_RATIO", 10**9)
    sheet = xlsx_with_bomb(tmp_path / "big.xlsx", 3 * 1024 * 1024)
    try:
        sheet_import.read_rows(sheet)
    except LifError as exc:
        assert "would unzip to more than 2 MB" in exc.message
    else:
        raise AssertionError("the sheet was read")


def test_a_sheet_with_too_many_rows_is_refused(lif, make_repo, tmp_path) -> None:
    root = make_repo(records())
    sheet = tmp_path / "long.csv"
    sheet.write_text(HEADER + "LR-1/A1,LR-1,csc,complete,\n" * (sheet_import.MAX_ROWS + 5))
    result = lif("import", str(sheet), "-C", str(root), *AS_OF)
    assert result.exit_code == 2, result.output[-500:]
    assert f"has more than {sheet_import.MAX_ROWS:,} rows" in result.stderr


# --- point 11: outside text is escaped at output ----------------------------------------------


def test_a_file_name_cannot_forge_a_github_annotation(lif, make_repo) -> None:
    root = make_repo(records())
    name = "x\n::error file=lif.yaml,line=1::forged\x1b[2J.yaml"
    (root / "reviews" / name).write_text("id: [\n")
    for fmt in ("text", "github"):
        result = lif("validate", "-C", str(root), "--format", fmt, *AS_OF)
        assert result.exit_code == 1, result.output
        assert "\x1b" not in result.output
        forged = [line for line in result.stdout.splitlines() if "forged" in line]
        assert forged, result.stdout
        assert all(not line.startswith("::error file=lif.yaml") for line in forged), forged


def test_a_git_author_name_with_an_escape_sequence_is_shown_escaped(lif, git_repo) -> None:
    root = git_repo(records())
    (root / "actions/LR-1.yaml").write_text(
        (root / "actions/LR-1.yaml").read_text().replace("in-progress", "blocked")
    )
    author = "Eve \x1b]0;owned\x07\x1b[31m <eve@example.invalid>"
    git(root, "commit", "-qam", "blocked", f"--author={author}")
    for fmt in ("text", "md"):
        result = lif("changes", "-C", str(root), "--since", "HEAD~1", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "Eve" in result.stdout


def test_an_import_cell_with_an_escape_sequence_is_shown_escaped(lif, make_repo, tmp_path):
    root = make_repo(records())
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(HEADER + "LR-1/A9\x1b[2J\x1b[31m,LR-1,csc,complete,\n")
    result = lif("import", str(sheet), "-C", str(root), *AS_OF)
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output
    assert "LR-1/A9\\x1b[2J" in result.stderr


# --- point 14: read-only files and left-over temp files ----------------------------------------


def test_update_and_import_refuse_a_read_only_file(lif, make_repo, tmp_path) -> None:
    root = make_repo(records())
    plan = root / "actions/LR-1.yaml"
    before = plan.read_text()
    plan.chmod(0o444)
    try:
        result = lif("update", "LR-1/A1", "--note", "Chased", "-C", str(root), *AS_OF)
        assert result.exit_code != 0, result.output
        assert "actions/LR-1.yaml" not in result.stderr or "read-only" in result.stderr
        assert "LR-1.yaml is read-only; lif will not replace it" in result.stderr
        sheet = tmp_path / "sheet.csv"
        sheet.write_text(HEADER + "LR-1/A1,LR-1,csc,,Chased by phone\n")
        result = lif("import", str(sheet), "-C", str(root), *AS_OF)
        assert result.exit_code != 0, result.output
        assert "LR-1.yaml is read-only; lif will not replace it" in result.stderr
        assert plan.read_text() == before
        assert oct(plan.stat().st_mode & 0o777) == oct(0o444)
    finally:
        plan.chmod(0o644)


def test_a_killed_writes_temp_file_is_reported_then_removed(lif, make_repo) -> None:
    root = make_repo(records())
    left = root / "actions/.LR-1.yaml.k3j2h1.lif-tmp"
    left.write_text("source: LR-1\n")
    os.utime(left, (1, 1))
    result = lif("validate", "-C", str(root), "--format", "json", *AS_OF)
    assert '"code": "temp-file-left"' in result.stdout
    assert "git may commit it" in result.stdout  # this repository has no .gitignore
    result = lif("update", "LR-1/A1", "--note", "Chased", "-C", str(root), *AS_OF)
    assert result.exit_code == 0, result.output
    assert not left.exists()
    assert "temp-file-left" not in lif("validate", "-C", str(root), *AS_OF).stdout


def test_init_keeps_temp_files_out_of_git(lif, tmp_path) -> None:
    result = lif("init", str(tmp_path / "new"), "-p", "Test Partnership", "--no-git")
    assert result.exit_code == 0, result.output
    assert "*.lif-tmp" in (tmp_path / "new/.gitignore").read_text().splitlines()


# --- point 15: other agencies' rows ----------------------------------------------------------


def test_import_names_and_refuses_rows_for_other_agencies(lif, make_repo, tmp_path) -> None:
    root = repo_with_two_agencies(make_repo)
    plan = root / "actions/LR-1.yaml"
    before = plan.read_text()
    sheet = tmp_path / "csc.csv"
    sheet.write_text(
        HEADER + "LR-1/A1,LR-1,csc,,Protocol drafted\nLR-1/A2,LR-1,csc,cancelled,Not needed\n"
    )
    dry = lif("import", str(sheet), "--dry-run", "-C", str(root), *AS_OF)
    assert dry.exit_code == 0, dry.output
    assert "row 3: LR-1/A2 is led by police" in dry.stderr
    assert "refuses them unless --allow-other-agencies" in dry.stderr
    refused = lif("import", str(sheet), "--agency", "csc", "-C", str(root), *AS_OF)
    assert refused.exit_code == 2, refused.output
    assert "row 3: LR-1/A2 is led by police" in refused.stderr
    assert plan.read_text() == before
    allowed = lif(
        "import", str(sheet), "--agency", "csc", "--allow-other-agencies", "-C", str(root), *AS_OF
    )
    assert allowed.exit_code == 0, allowed.output
    assert "status: cancelled" in plan.read_text()
