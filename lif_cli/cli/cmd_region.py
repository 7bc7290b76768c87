"""`lif region status|report`: one view over many partnerships (region.yaml)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .app import app
from .options import AsOfOpt, as_of_date, text_width

region_app = typer.Typer(
    help="Compare many partnerships: RAG and overdue actions, reviews and timescales met, "
    "themes, indicators side by side, late returns (region.yaml lists them).",
    no_args_is_help=True,
)
app.add_typer(region_app, name="region")


class RegionFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    docx = "docx"


RegionFileArg = Annotated[
    Path,
    typer.Argument(help="The region file listing the partnerships.", show_default=True),
]
FormatOpt = Annotated[
    RegionFormat,
    typer.Option(
        "--format",
        "-f",
        help="text for the terminal, md for papers, docx for Word (with -o), json for scripts.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file (needed for docx).", show_default=False
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Also keep the region's DuckDB database in this new file (every table of "
        "docs/DATA.md with a partnership column).",
        show_default=False,
    ),
]


def _run(region_file: Path, as_of: str | None, db: Path | None, full: bool):
    from dataclasses import replace

    from lif_cli.region import RegionFileError, run_region
    from lif_cli.render.problems import render_text

    try:
        return run_region(region_file, as_of_date(as_of), db, full)
    except RegionFileError as exc:
        text = region_file.read_text(encoding="utf-8", errors="replace").splitlines()

        def line(p) -> str:
            return text[p.line - 1] if 0 < p.line <= len(text) else ""

        shown = [replace(p, file=str(region_file)) for p in exc.problems]
        sys.stderr.write(render_text(shown, 1, line, width=text_width(sys.stderr)))
        raise typer.Exit(1) from None


def _write(out: str | bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(out if isinstance(out, str) else "")
        return
    from lif_cli.render.report import write_atomic

    try:
        write_atomic(output, out)
    except OSError as exc:
        from lif_cli.errors import UsageError

        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    sys.stderr.write(f"wrote {output}\n")


def _check_output(format: RegionFormat, output: Path | None) -> None:
    if format is RegionFormat.docx and output is None:
        from lif_cli.errors import UsageError

        raise UsageError("--format docx writes a file: give -o FILE.docx")


def _show(
    region_file: Path,
    as_of: str | None,
    db: Path | None,
    format: RegionFormat,
    output: Path | None,
    full: bool,
) -> None:
    """Read the region, render it in ``format`` and exit 0, or 1 when a partnership
    could not be read."""
    from lif_cli.render import region as render

    _check_output(format, output)
    result = _run(region_file, as_of, db, full=full)
    out: str | bytes
    if format is RegionFormat.json:
        out = render.render_json(result.report)
    elif format is RegionFormat.md:
        out = render.render_md(result.report, full=full)
    elif format is RegionFormat.docx:
        out = render.render_docx(result.report, full=full)
    elif full:
        out = render.render_report_text(result.report)
    else:
        out = render.render_status_text(result.report)
    _write(out, output)
    _exit(result)


def _exit(result) -> None:
    # 0: every partnership was read; 1: at least one could not be (it is named).
    raise typer.Exit(1 if result.unreadable else 0)


@region_app.command("status")
def status(
    region_file: RegionFileArg = Path("region.yaml"),
    as_of: AsOfOpt = None,
    format: FormatOpt = RegionFormat.text,
    db: DbOpt = None,
    output: OutputOpt = None,
) -> None:
    """Show each partnership's actions by RAG, overdue actions, reviews in progress,
    statutory timescales met and missed, and late returns.

    Each partnership is read from its records folder, a git repository at a ref
    (fetched shallowly into the user's cache, never into the records) or its
    Parquet snapshot. A partnership that cannot be read is named with the reason
    and the rest still report; the exit status is then 1 (0 when all were read).
    """
    _show(region_file, as_of, db, format, output, full=False)


@region_app.command("report")
def report(
    region_file: RegionFileArg = Path("region.yaml"),
    as_of: AsOfOpt = None,
    format: FormatOpt = RegionFormat.text,
    db: DbOpt = None,
    output: OutputOpt = None,
) -> None:
    """The region's report: the status, then reviews by type with timescales met,
    themes across reviews, every overdue action, indicators side by side and
    returns late or overdue.

    Same sources, exit status and --db as 'lif region status'.
    """
    _show(region_file, as_of, db, format, output, full=True)
