"""`lif export`: the action plan (or another table) as a CSV or Excel spreadsheet."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lif_cli.completion import for_typer
from lif_cli.render.words import plural

from .app import app
from .options import (
    AsOfOpt,
    AtOpt,
    NoCacheOpt,
    RepoOpt,
    as_of_date,
    load_records,
    note_record_errors,
)


class SheetFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    sqlite = "sqlite"
    parquet = "parquet"


TABLE_FORMATS = (SheetFormat.sqlite, SheetFormat.parquet)
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


class What(StrEnum):
    plan = "plan"
    calendar = "calendar"
    indicators = "indicators"
    s11 = "s11"
    incidents = "incidents"
    cdop = "cdop"
    risks = "risks"
    outcomes = "outcomes"
    evidence_requests = "evidence-requests"
    learning_events = "learning-events"
    feedback = "feedback"


@app.command("export")
def export(
    format: Annotated[
        SheetFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv or xlsx for one table (default: from the -o file's extension, else "
            "csv); sqlite (also from .sqlite or .db) or parquet for every table "
            "(see docs/DATA.md).",
            show_default=False,
        ),
    ] = None,
    what: Annotated[What, typer.Option("--what", "-w", help="Which table to export.")] = What.plan,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The file to write (default: CSV on standard output)."),
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            autocompletion=for_typer("agencies"),
            help="Plan only: the actions this agency leads.",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Calendar and s11: the year (default: the as-of date's)."),
    ] = None,
    partnership: Annotated[
        str | None,
        typer.Option(
            "--partnership",
            help="sqlite and parquet: the id in every table's partnership column "
            "(default: lif.yaml short_name, in lower case).",
        ),
    ] = None,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Export the action plan, calendar, indicators, Section 11 matrix, serious incidents,
    child death review analysis (cdop), risk register, outcomes, evidence requests,
    learning events or feedback as a spreadsheet, or every record kind as tables
    (--format sqlite or parquet).

    --format sqlite -o FILE writes one SQLite database; --format parquet -o FOLDER
    writes one TABLE.parquet per table (a snapshot 'lif region' can read). Both
    hold every table of docs/DATA.md with partnership, as_of and commit columns,
    ids as keys, and the numbers the screens show as of --as-of.

    The Excel workbook has a frozen header row, filters, RAG colours and an
    'About' sheet. An action-plan sheet can be edited by an agency (status,
    due, completed, evidence, impact, note) and read back with 'lif import'.
    Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
    """
    from lif_cli import interchange
    from lif_cli.errors import UsageError
    from lif_cli.model_errors import did_you_mean

    records = load_records(repo, at, no_cache)
    day = as_of_date(as_of)
    if format is None and output is not None and output.suffix.lower() in SQLITE_SUFFIXES:
        format = SheetFormat.sqlite
    if format is not None and format in TABLE_FORMATS:
        _export_tables(records, day, format, output, partnership, agency, year, what)
        raise typer.Exit(note_record_errors(records))
    if partnership is not None:
        raise UsageError("--partnership applies to --format sqlite or parquet only")
    if format is None:
        suffix = output.suffix.lower() if output else ""
        if suffix not in ("", ".csv", ".xlsx"):
            raise UsageError(
                f"cannot tell the format from '{output}'", hint="add --format csv or xlsx"
            )
        format = SheetFormat.xlsx if suffix == ".xlsx" else SheetFormat.csv
    elif (
        output is not None
        and output.suffix.lower() in (".csv", ".xlsx")
        and output.suffix.lower() != f".{format.value}"
    ):
        raise UsageError(
            f"--format {format.value} does not match the file name '{output.name}'",
            hint=f"name the file .{format.value}, or drop --format",
        )
    if format is SheetFormat.xlsx and output is None:
        raise UsageError("an Excel workbook must be written to a file", hint="add -o FILE.xlsx")
    if agency is not None:
        if what is not What.plan:
            raise UsageError("--agency applies to the plan only")
        if agency not in records.agencies:
            guess = did_you_mean(agency, records.agencies)
            raise UsageError(
                f"'{agency}' is not an agency in agencies.yaml",
                hint=f"did you mean '{guess}'?" if guess else "see agencies.yaml",
            )
    if what is What.plan:
        table = interchange.plan_table(records, day, agency)
    elif what is What.calendar:
        table = interchange.calendar_table(records, day, year)
    elif what is What.indicators:
        table = interchange.indicators_table(records, day)
    elif what is What.s11:
        table = interchange.s11_table(records, day, year)
    else:
        from lif_cli import interchange_framework, interchange_partners

        makers = {
            What.incidents: interchange_partners.incidents_table,
            What.cdop: interchange_partners.cdop_table,
        }
        maker = makers.get(what) or interchange_framework.TABLES[what.value]
        table = maker(records, day)
    data = (
        interchange.table_xlsx(table)
        if format is SheetFormat.xlsx
        else interchange.table_csv(table).encode("utf-8")
    )
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        _write(output, data)
        sys.stderr.write(f"wrote {plural(len(table.rows), 'row')} ({table.title}) to {output}\n")
    raise typer.Exit(note_record_errors(records))


def _export_tables(records, day, format, output, partnership, agency, year, what) -> None:
    from lif_cli import tables
    from lif_cli.errors import UsageError

    if output is None:
        noun = "file" if format is SheetFormat.sqlite else "folder"
        raise UsageError(f"--format {format.value} writes a {noun}", hint=f"add -o {noun.upper()}")
    for given, name in ((agency, "--agency"), (year, "--year")):
        if given is not None:
            raise UsageError(f"{name} does not apply to --format {format.value}")
    if what is not What.plan:
        raise UsageError(f"--what does not apply to --format {format.value}: it writes every table")
    if output.suffix.lower() in (".yaml", ".yml"):
        raise UsageError(f"{output} looks like a record; lif will not write tables there")
    commit, dirty = tables.records_commit(records)
    ctx = tables.context(records, day, partnership, commit, dirty)
    built = tables.build(ctx)
    if format is SheetFormat.sqlite:
        from lif_cli.tables.sqlite import write_sqlite

        total = write_sqlite(built, output)
    else:
        from lif_cli.tables.parquet import write_parquet

        total = write_parquet(built, output)
    sys.stderr.write(f"wrote {len(built)} tables, {total} rows ({format.value}) to {output}\n")
    for b in built:
        if b.dropped:
            sys.stderr.write(
                f"note: {b.dropped} {b.table.name} rows left out: their id repeats "
                "(see lif validate)\n"
            )


def _write(path: Path, data: bytes) -> None:
    import os
    import tempfile

    from lif_cli.errors import LifError

    if path.suffix.lower() in (".yaml", ".yml"):
        raise LifError(f"{path} looks like a record; lif will not write a spreadsheet there")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # an ordinary file, not mkstemp's private one
        os.replace(tmp, path)
    except OSError as exc:
        raise LifError(f"cannot write {path}: {exc.strerror or exc}") from exc
