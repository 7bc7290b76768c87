"""`lif report`: board, PIQAG, agency and annual papers from Jinja2 templates."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lif_cli.completion import for_typer

from .app import app
from .options import AsOfOpt, AtOpt, NoCacheOpt, RepoOpt, as_of_date, load_records, say


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"


_PAPER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")


@app.command("report")
def report(
    paper: Annotated[
        str,
        typer.Argument(
            autocompletion=for_typer("papers"),
            help="board, piqag, agency, annual or yearly; or the name of a template the records "
            "repository adds in templates/<name>.md.j2.",
            show_default=True,
        ),
    ] = "board",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the paper to FILE instead of stdout (Markdown: its SVG charts "
            "beside it; needed for docx).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="'What changed' since this ref or date (default: the last tag named "
            "<paper>-*, e.g. board-2016-09-27).",
            show_default=False,
        ),
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            autocompletion=for_typer("agencies"),
            help="The agency id (for the agency paper).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown), html (one self-contained file, charts inline, prints on "
            "A4), or docx (Word, with -o; in the house template of lif.yaml "
            "reports.docx_template if set).",
        ),
    ] = ReportFormat.md,
    allow_personal_data: Annotated[
        bool,
        typer.Option(
            "--allow-personal-data",
            help="Write the paper even though the records appear to hold personal data.",
        ),
    ] = False,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write a paper: board, piqag, agency (--agency X), annual, or yearly.

    The board paper has a summary, the RAG headline, what changed since the last
    meeting (from git), overdue actions and gaps, reviews in progress with statutory
    deadlines, dissemination of published reviews, the reporting calendar, indicators
    with trends, Section 11 and training, outcomes with their evidence, the risk
    register, evidence requests, learning events and feedback, and the decisions the
    board is asked to take. The PIQAG and annual papers show how each audit was done.
    --format docx writes a Word document (A4, Word's heading styles, tables that repeat
    their header row, RAG cells shaded with the word kept, charts with alt text, the
    stamp and page numbers in the footer). Every paper is stamped with the partnership,
    the as-of date and the git commit (and whether the tree was dirty); every line
    carries record ids. With -o FILE, SVG charts
    are written beside it. A repository's own templates/ folder may override or add
    templates (run in a sandbox). Refuses (exit 1) when the records appear to hold
    personal data, unless --allow-personal-data. The yearly paper is the safeguarding
    partners' yearly report (Working Together 2023) for the business year holding
    the as-of date.
    """
    from lif_cli.errors import LifError, UsageError
    from lif_cli.model_errors import did_you_mean
    from lif_cli.render.report import user_templates
    from lif_cli.report import PAPERS
    from lif_cli.resources import templates_dir

    if not _PAPER_NAME.match(paper):
        raise UsageError(
            f"'{paper}' is not a paper name", hint="use board, piqag, agency, annual or yearly"
        )
    records = load_records(repo, at, no_cache)
    root = records.root
    day = as_of_date(as_of)
    extra = user_templates(root)
    known = list(PAPERS)
    if extra is not None:
        known += sorted(
            p.name.removesuffix(".md.j2")
            for p in extra.glob("*.md.j2")
            if not p.name.startswith("_") and p.name.removesuffix(".md.j2") not in known
        )
    if paper not in known:
        guess = did_you_mean(paper, known)
        raise UsageError(
            f"there is no paper called '{paper}'",
            hint=(f"did you mean '{guess}'? " if guess else "")
            + "papers: "
            + ", ".join(known)
            + f" (built-in templates are in {templates_dir()})",
        )
    if format is ReportFormat.docx and output is None:
        raise UsageError(
            "a Word paper is a file: give --output FILE.docx",
            hint=f"e.g. lif report {paper} --format docx -o {paper}.docx",
        )
    if paper == "agency" and agency is None:
        raise UsageError("the agency paper needs --agency ID", hint="e.g. --agency police")
    if agency is not None and agency not in records.agencies:
        guess = did_you_mean(agency, list(records.agencies))
        raise UsageError(
            f"'{agency}' is not an agency in agencies.yaml",
            hint=f"did you mean '{guess}'?"
            if guess
            else "agencies: " + ", ".join(records.agencies),
        )

    from lif_cli.checks.privacy import personal_data_problems

    findings = personal_data_problems(records)
    if findings and not allow_personal_data:
        n = len(findings)
        raise LifError(
            f"the records appear to hold personal data ({n} finding{'s' if n != 1 else ''}); "
            "the paper was not written",
            hint="run 'lif validate' to see where; remove the data, or pass "
            "--allow-personal-data if it is a false alarm you have checked",
            exit_code=1,
        )

    from lif_cli.report import make_paper

    result = make_paper(
        records,
        day,
        paper,
        at=at,
        since=since,
        agency=agency,
        fmt=format.value,
        output=output,
        use_cache=not no_cache,
    )
    if output is None:
        sys.stdout.write(result.text)
    else:
        for name in result.written:
            sys.stderr.write(f"wrote {name}\n")
    for note in result.notes:
        say(f"lif: note: {note}")
    if records.has_errors:
        say("lif: the records have errors, so the paper may be incomplete: run 'lif validate'")
        raise typer.Exit(1)
    raise typer.Exit(0)
