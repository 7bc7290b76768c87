"""`lif plan`: the composite action plan."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app
from .options import (
    AsOfOpt,
    AtOpt,
    NoCacheOpt,
    RepoOpt,
    as_of_date,
    color_enabled,
    load_records,
    note_record_errors,
)

if TYPE_CHECKING:
    from lif_cli.loader import Records


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
    from lif_cli.compute.plan import PlanFilter, build_plan, filter_plan
    from lif_cli.render import plan as render

    day = as_of_date(as_of)
    records = load_records(repo, at, no_cache)
    require_records(records)
    check_agencies(records, agency or [])
    check_sources(records, source or [])
    check_who(records, to or [], "--to")

    selection = PlanFilter(
        agencies=tuple(agency or ()),
        sources=tuple(source or ()),
        statuses=tuple(s.value for s in status or ()),
        rags=tuple(r.value for r in rag or ()),
        overdue=overdue,
        to=tuple(to or ()),
    )
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
    raise typer.Exit(note_record_errors(records, reference_problems(records, day)))


# --- shared by `lif plan` and `lif status` ---------------------------------------------


def require_records(records: Records) -> None:
    """Stop with exit 2 when the repository holds nothing but lif.yaml."""
    from lif_cli.errors import UsageError

    if all(rf.kind == "lif" for rf in records.files):
        raise UsageError(
            f"the repository at {records.root} holds no records yet (only lif.yaml)",
            hint="add agencies.yaml and records (see `lif new --help`), "
            "or point -C at a records repository",
        )


def check_agencies(records: Records, agencies: list[str]) -> None:
    """Every --agency value must be an agency id (exit 2 with a did-you-mean otherwise)."""
    from lif_cli.errors import UsageError

    for a in agencies:
        if a in records.agencies:
            continue
        if a in records.groups:
            raise UsageError(
                f"'{a}' is a group, not an agency; actions are led by agencies",
                hint=f"use --to {a} for the recommendations addressed to it",
            )
        raise UsageError(
            f"'{a}' is not an agency in agencies.yaml", hint=_hint(a, records.agencies)
        )


def check_sources(records: Records, sources: list[str]) -> None:
    """Every --source value must be a source record or have an action plan."""
    from lif_cli.errors import UsageError

    known = [rf.model.id for rf in records.sources()] + list(records.plans)
    lowered = {k.lower() for k in known}
    for s in sources:
        if s.lower() not in lowered:
            raise UsageError(
                f"'{s}' is not a review, audit, report, assessment, challenge or drilldown "
                "in the records",
                hint=_hint(s, known),
            )


def check_who(records: Records, ids: list[str], option: str) -> None:
    """Every value must be an agency or group id."""
    from lif_cli.errors import UsageError

    for w in ids:
        if w not in records.agencies and w not in records.groups:
            raise UsageError(
                f"'{w}' ({option}) is not an agency or group id",
                hint=_hint(w, [*records.agencies, *records.groups]),
            )


def _hint(word: str, choices) -> str | None:
    from lif_cli.loader import did_you_mean

    guess = did_you_mean(word, choices)
    if guess:
        return f"did you mean '{guess}'?"
    choices = list(choices)
    if not choices:
        return None
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"known ids: {shown}"


def reference_problems(records: Records, day) -> list:
    """The id and reference checks (cheap: no file is re-read), so that an action led
    by an unknown agency or a plan for a missing source also counts as an error."""
    from lif_cli.checks.references import check_ids, check_references

    return [*check_ids(records, day), *check_references(records, day)]
