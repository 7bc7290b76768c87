"""`lif plan`: the composite action plan."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from lif_cli.completion import for_typer

from .app import app
from .options import (
    AsOfOpt,
    AtOpt,
    NoCacheOpt,
    RepoOpt,
    as_of_date,
    check_agencies,
    check_sources,
    check_who,
    color_enabled,
    note_record_errors,
    reference_problems,
    require_records,
    run_read,
)


class PlanFormat(StrEnum):
    text = "text"
    md = "md"
    csv = "csv"
    json = "json"


class StatusChoice(StrEnum):
    not_started = "not-started"
    in_progress = "in-progress"
    complete = "complete"
    blocked = "blocked"
    cancelled = "cancelled"


class RagChoice(StrEnum):
    red = "red"
    amber = "amber"
    green = "green"
    blue = "blue"


@app.command("plan")
def plan(
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    agency: Annotated[
        list[str] | None,
        typer.Option(
            "--agency",
            "-a",
            autocompletion=for_typer("agencies"),
            metavar="AGENCY",
            help="Actions this agency leads (and gaps addressed to it). Repeat for several.",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            "-s",
            autocompletion=for_typer("sources"),
            metavar="SOURCE-ID",
            help="Only this source record (review, audit, ...). Repeat for several.",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        list[StatusChoice] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Actions with this status: not-started, in-progress, complete, blocked, "
            "cancelled. Repeat for several.",
            show_default=False,
        ),
    ] = None,
    rag: Annotated[
        list[RagChoice] | None,
        typer.Option(
            "--rag",
            metavar="RAG",
            help="Actions with this RAG: red, amber, green, blue. Repeat for several.",
            show_default=False,
        ),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open actions past their due date.")
    ] = False,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            autocompletion=for_typer("who"),
            metavar="AGENCY-OR-GROUP",
            help="Recommendations addressed to this agency or group. Repeat for several.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        PlanFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for the terminal, md for papers, csv for spreadsheets, json for scripts.",
        ),
    ] = PlanFormat.text,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show the composite action plan: every source, its recommendations and their actions.

    Grouped source -> recommendation -> actions, with lead agency, owner, due date,
    status, RAG, latest update, evidence and impact. Recommendations with no action
    (gaps) are listed; --status, --rag and --overdue select actions, so under them
    the gaps are counted in a closing note instead. Filters combine: --agency police
    --overdue lists the police's overdue actions. RAG: red overdue; amber due within
    amber_days (today included) or blocked; green on track; blue complete; cancelled
    actions have none.
    """
    day = as_of_date(as_of)
    chosen = (
        tuple(agency or ()),
        tuple(source or ()),
        tuple(s.value for s in status or ()),
        tuple(r.value for r in rag or ()),
        overdue,
        tuple(to or ()),
    )

    def show(records) -> int:
        from lif_cli.compute.plan import PlanFilter, build_plan, filter_plan
        from lif_cli.render import plan as render

        require_records(records)
        check_agencies(records, agency or [])
        check_sources(records, source or [])
        check_who(records, to or [], "--to")
        selection = PlanFilter(*chosen)
        result = filter_plan(build_plan(records, day), selection)
        if format is PlanFormat.json:
            out = render.render_json(result)
        elif format is PlanFormat.csv:
            out = render.render_csv(result)
        elif format is PlanFormat.md:
            out = render.render_md(result)
        else:
            out = render.render_text(result, color=color_enabled())
        sys.stdout.write(out)
        return note_record_errors(records, reference_problems(records, day))

    run_read("plan", repo, at, no_cache, day, (*chosen, format.value), show)
