"""Spreadsheets back in: an agency's returned action-plan sheet, for `lif import`.

The sheet comes from outside, so it is read with care. Its size on disk, an
.xlsx's stated unzipped size, its parts' compression ratio (a zip bomb) and its
number of parts are checked before openpyxl opens it; at most ``MAX_ROWS`` rows
and ``MAX_COLUMNS`` columns are read, whatever the sheet says its dimensions
are. CSV must be UTF-8.

Each row is matched to an action by its id (``SOURCE/A-ID``), and the edits
(status, due, completed, evidence, impact and a new progress note) are planned
as ``authoring`` file changes. Every row is checked before anything is planned:
one bad row (an unknown or repeated id, a status or date that cannot be read)
stops the import, naming its row, and nothing is written. Rows that change an
action another agency leads are named for the command to show and refuse.

A cell reads back as the text a record holds: the apostrophe ``safe_cell`` put
before a formula-like CSV cell is undone, so an unchanged sheet reads back as
exactly what was exported. The columns read are those :mod:`lif_cli.interchange`
exports as editable (``PLAN_EDITABLE``).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lif_cli import authoring
from lif_cli.errors import LifError
from lif_cli.interchange import GAP_STATUS, PLAN_EDITABLE
from lif_cli.loader import Records
from lif_cli.model_errors import did_you_mean


@dataclass(frozen=True)
class RowProblem:
    """Why one spreadsheet row cannot be imported (``row`` is the sheet's row number)."""

    row: int
    message: str
    hint: str | None = None


@dataclass
class ImportPlan:
    """What an import would change: file changes, and which row asked for which action."""

    changes: list[authoring.FileChange]
    rows_for: dict[str, int]  # "SOURCE/A-ID" -> sheet row
    rows_read: int
    actions_changed: int
    # the agency whose sheet this is (given, or the one leading most of its rows)
    agency: str | None = None
    # (sheet row, SOURCE/A-ID, leading agency) of each change to another agency's action
    other_agencies: list[tuple[int, str, str]] = field(default_factory=list)


def _cell_text(value: Any) -> str | None:
    """A cell as the text a record holds: None when empty; safe_cell's apostrophe undone."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    return text if text.strip() else None


def _cell_date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueError(f"'{value}' has a time of day; give the date only")
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"'{text[:40]}' is not a date; write YYYY-MM-DD, e.g. 2016-11-15")


# Limits on a returned sheet, checked before anything parses it. An exported
# plan of 25,000 actions is about 2 MB zipped, 20 MB unzipped, ratio about 10.
MAX_SHEET_BYTES = 20 * 1024 * 1024  # the file on disk
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # every part of an .xlsx, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for a part over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 1_000  # files inside an .xlsx
MAX_ROWS = 50_000  # rows of the sheet
MAX_COLUMNS = 64  # columns read from each row


def _too_big(path: Path, what: str, hint: str | None = None) -> LifError:
    return LifError(
        f"{path.name} {what}; lif will not read it",
        hint=hint or "export the plan again with 'lif export --what plan' and fill that in",
    )


def _check_zip(path: Path) -> None:
    """Refuse an .xlsx whose parts would unzip to too much, before openpyxl opens it.

    Python's zipfile never inflates a part beyond the size its directory
    states, so checking the stated sizes bounds what openpyxl can read.
    """
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(path) as zf:
            parts = zf.infolist()
    except (BadZipFile, OSError, ValueError) as exc:
        raise LifError(
            f"{path.name} cannot be read as an Excel workbook",
            hint="open it in Excel and save it again as Excel Workbook (.xlsx)",
        ) from exc
    if len(parts) > MAX_PARTS:
        raise _too_big(path, f"holds {len(parts):,} parts (at most {MAX_PARTS:,})")
    total = 0
    for part in parts:
        total += part.file_size
        if total > MAX_UNZIPPED_BYTES:
            raise _too_big(
                path, f"would unzip to more than {MAX_UNZIPPED_BYTES // 1024 // 1024} MB"
            )
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise _too_big(
                path,
                f"has a part ({part.filename[:60]!r}) that unzips {MAX_RATIO} times larger "
                "than it is stored, as a zip bomb does",
            )


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """(headers, [(sheet row number, values)]) of a CSV or XLSX file's first sheet.

    The file's size, an .xlsx's unzipped size and ratio, and the number of rows
    are checked before (and while) it is read: see the limits above.
    """
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LifError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if size > MAX_SHEET_BYTES:
        raise _too_big(
            path, f"is {size // 1024 // 1024} MB (at most {MAX_SHEET_BYTES // 1024 // 1024} MB)"
        )
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        if suffix == ".csv":
            return _read_csv(path)
    except OSError as exc:
        raise LifError(f"cannot read {path}: {exc.strerror or exc}") from exc
    raise LifError(
        f"{path.name} is not a .csv or .xlsx file",
        hint="save the sheet as Excel Workbook (.xlsx) or CSV UTF-8 (.csv)",
    )


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LifError(
            f"{path.name} is not UTF-8 text",
            hint="in Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)'",
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    for row in reader:
        rows.append(row[:MAX_COLUMNS])
        if len(rows) > MAX_ROWS + 1:
            raise _too_big(path, f"has more than {MAX_ROWS:,} rows")
    if not rows:
        raise LifError(f"{path.name} is empty")
    headers = [h.strip() for h in rows[0]]
    # a row's number is its line in the sheet (the header is row 1), as Excel shows it
    return headers, [(n, list(r)) for n, r in enumerate(rows[1:], start=2)]


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    _check_zip(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError) as exc:
        raise LifError(
            f"{path.name} cannot be read as an Excel workbook",
            hint="open it in Excel and save it again as Excel Workbook (.xlsx)",
        ) from exc
    try:
        ws = wb.worksheets[0]
        # the sheet's stated dimensions may lie: read rows as stored, capped
        ws.reset_dimensions()
        rows = []
        for r in ws.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(list(r[:MAX_COLUMNS]))
            if len(rows) > MAX_ROWS + 1:
                raise _too_big(path, f"has more than {MAX_ROWS:,} rows")
    finally:
        wb.close()
    if not rows:
        raise LifError(f"{path.name} has an empty first sheet")
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    return headers, [(n, r) for n, r in enumerate(rows[1:], start=2)]


def plan_import(
    records: Records,
    headers: Sequence[str],
    rows: Sequence[tuple[int, Sequence[Any]]],
    as_of: date,
    agency: str | None = None,
) -> tuple[ImportPlan | None, list[RowProblem]]:
    """Check every row and plan the edits. Any row problem means no plan at all.

    ``agency`` is the agency returning the sheet; when None, it is the agency
    that leads most of the sheet's actions. Changes to actions another agency
    leads are listed in the plan's ``other_agencies`` for the command to show
    and refuse.
    """
    col = {h: i for i, h in enumerate(headers) if h}
    if "Action" not in col:
        raise LifError(
            "the first sheet has no 'Action' column, so its rows cannot be matched to actions",
            hint="import a sheet made by 'lif export --what plan', with its header row kept",
        )
    readable = [h for h in PLAN_EDITABLE if h in col]
    if not readable:
        raise LifError(
            "the sheet has none of the columns lif reads back: " + ", ".join(PLAN_EDITABLE)
        )

    def get(values: Sequence[Any], header: str) -> Any:
        i = col.get(header)
        return values[i] if i is not None and i < len(values) else None

    problems: list[RowProblem] = []
    first_row: dict[str, int] = {}
    wanted: dict[str, tuple[int, str, str, Any, authoring.ActionChanges]] = {}
    rows_read = 0
    for number, values in rows:
        if all(_cell_text(v) is None for v in values):
            continue  # a blank line
        rows_read += 1
        ref = _cell_text(get(values, "Action"))
        if ref is None:
            if _cell_text(get(values, "Status")) == GAP_STATUS:
                continue  # a recommendation with no action: nothing to update
            problems.append(
                RowProblem(
                    number,
                    "has no action id in the 'Action' column",
                    "put back the SOURCE/A-ID the row was exported with, or delete the row",
                )
            )
            continue
        ref = ref.strip()
        try:
            rel, source_id, action_id, action = authoring.resolve_action(records, ref)
        except LifError as exc:
            problems.append(RowProblem(number, f"'{ref}': {exc.message}", exc.hint))
            continue
        key = f"{source_id}/{action_id}"
        if key in first_row:
            problems.append(
                RowProblem(
                    number,
                    f"'{key}' is also on row {first_row[key]}: which row is right is ambiguous",
                    "keep one row per action",
                )
            )
            continue
        first_row[key] = number
        try:
            changes = _row_changes(values, get)
        except ValueError as exc:
            problems.append(RowProblem(number, f"'{key}': {exc}"))
            continue
        wanted[key] = (number, rel, source_id, action, changes)
    if problems:
        return None, problems

    if agency is None:
        leads = Counter(w[3].agency for w in wanted.values())
        ranked = leads.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            agency = ranked[0][0]
    by_file: dict[str, list[Any]] = {}
    sources: dict[str, str] = {}
    others: list[tuple[int, str, str]] = []
    for key, (number, rel, source_id, action, changes) in wanted.items():
        edit = authoring.action_edit(action, changes, as_of)
        if edit is not None:
            by_file.setdefault(rel, []).append(edit)
            sources[rel] = source_id
            if action.agency != agency:
                others.append((number, key, action.agency))
    file_changes = [
        authoring.plan_file_edits(records.root, rel, edits, sources[rel])
        for rel, edits in by_file.items()
    ]
    return (
        ImportPlan(
            changes=file_changes,
            rows_for={k: v[0] for k, v in wanted.items()},
            rows_read=rows_read,
            actions_changed=sum(len(e) for e in by_file.values()),
            agency=agency,
            other_agencies=sorted(others),
        ),
        [],
    )


def _row_changes(values: Sequence[Any], get: Any) -> authoring.ActionChanges:
    status = _cell_text(get(values, "Status"))
    if status is not None:
        status = status.strip().lower()
        if status not in authoring.ACTION_STATUSES:
            guess = did_you_mean(status, authoring.ACTION_STATUSES)
            raise ValueError(
                f"status '{status}' is not one of "
                + ", ".join(authoring.ACTION_STATUSES)
                + (f" (did you mean '{guess}'?)" if guess else "")
            )
    return authoring.ActionChanges(
        status=status,
        note=_strip(_cell_text(get(values, "Note"))),
        evidence=_strip(_cell_text(get(values, "Evidence"))),
        impact=_strip(_cell_text(get(values, "Impact"))),
        due=_cell_date(get(values, "Due")),
        completed=_cell_date(get(values, "Completed")),
    )


def _strip(text: str | None) -> str | None:
    return text.strip() if text is not None else None
