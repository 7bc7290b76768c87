"""`lif status`: the morning dashboard."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from lif_cli.completion import for_typer

from .app import app
from .options import (
    AsOfOpt,
    AtOpt,
    NoCacheOpt,
    RepoOpt,
    TextJson,
    as_of_date,
    color_enabled,
    note_record_errors,
    run_read,
)


@app.command("status")
def status(
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            autocompletion=for_typer("agencies"),
            metavar="AGENCY",
            help="One agency's own view: the actions it leads, gaps addressed to it, "
            "its returns and indicators.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            metavar="N",
            help="At most this many items in each list of the text screen (0: all); "
            "the JSON always has them all.",
        ),
    ] = 10,
    format: Annotated[
        TextJson,
        typer.Option("--format", "-f", help="text for people, json for scripts."),
    ] = TextJson.text,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show the morning dashboard: what is overdue, due soon, blocked or missing.

    Headline action counts by RAG and each source's learning-cycle stage; overdue
    actions oldest first; actions due within amber_days; blocked actions;
    recommendations with no action (gaps); reviews in progress with their stage and
    next statutory deadline in working days; published reviews whose dissemination
    is incomplete; serious incidents still in the national Panel's process, with
    their next step and deadline; the published arrangements' review date; the
    reporting calendar (evidence requests among the returns); indicators; outcome
    statements and their evidence; the risk register (risks overdue for review, the
    highest scores); evidence requests overdue and due; learning events and the
    spread of learning; feedback from children, families and the workforce; open,
    overdue and complete actions by agency.
    """
    day = as_of_date(as_of)

    def show(records) -> int:
        from lif_cli.cli.options import check_agencies, reference_problems, require_records
        from lif_cli.compute.status import build_status
        from lif_cli.render import status as render

        require_records(records)
        if agency is not None:
            check_agencies(records, [agency])
        result = build_status(records, day, agency)
        if format is TextJson.json:
            out = render.render_json(result)
        else:
            name = records.who(agency) if agency else None
            out = render.render_text(result, color=color_enabled(), agency_name=name, limit=limit)
        sys.stdout.write(out)
        return note_record_errors(records, reference_problems(records, day))

    run_read("status", repo, at, no_cache, day, (agency, limit, format.value), show)
