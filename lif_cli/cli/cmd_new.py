"""`lif new`: a new record skeleton with the next free id."""

from __future__ import annotations

from typing import Annotated

import typer

from lif_cli.completion import for_typer

from .app import app
from .options import AsOfOpt, RepoOpt, as_of_date, load_records


@app.command("new")
def new(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            autocompletion=for_typer("kinds"),
            help="review, audit, report, assessment, challenge, drilldown, indicator, "
            "training, plan, incident, scrutiny, national-review, outcome, learning-event, "
            "feedback, risk or evidence-request.",
            show_default=False,
        ),
    ],
    id: Annotated[
        str | None,
        typer.Option(
            "--id", help="The record's id (default: the next free one, e.g. SCR-2016-03)."
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", "-t", help="The record's title.")] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            autocompletion=for_typer("sources"),
            help="For a plan: the review, audit, ... whose recommendations it answers.",
        ),
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            autocompletion=for_typer("agencies"),
            help="For an assessment: the agency assessing itself; for a "
            "plan: the agency for actions addressed to a group; for an evidence "
            "request: the agency asked.",
        ),
    ] = None,
    type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="For a review or audit: its type (e.g. learning-review); the id follows "
            "the pattern of existing records of that type. For a learning event: its "
            "type (e.g. roadshow); for feedback: its method (e.g. consultation).",
        ),
    ] = None,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Add a new record: a commented skeleton in the right folder, with the next free id.

    The id follows the repository's own pattern (SCR-2016-03 after SCR-2016-02;
    the year is the as-of date's). The skeleton validates as it is; its comments
    say what to fill in. 'lif new plan --source ID' drafts one action per
    recommendation of the source. Never overwrites a file.
    """
    from lif_cli import authoring
    from lif_cli.cli.cmd_update import show_after_write, show_refusal

    records = load_records(repo)
    day = as_of_date(as_of)
    request = authoring.NewRecord(
        kind=authoring.kind_of_word(kind),
        id=id,
        title=title,
        source=source,
        agency=agency,
        type=type,
    )
    change = authoring.new_record(records, request, day)
    verdict = authoring.check_changes(records.root, [change], day, records)
    if verdict.blocking:
        show_refusal([change], verdict.blocking, records.root)
        raise typer.Exit(1)
    authoring.write_changes([change])
    typer.echo(f"created {change.rel}")
    show_after_write(verdict)
    typer.echo("next: fill it in (its comments say how), then run 'lif validate'")
