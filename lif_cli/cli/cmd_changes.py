"""`lif changes`: what changed in the records between two points in git history."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from .app import app
from .options import AsOfOpt, NoCacheOpt, RepoOpt, say


class ChangesFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@app.command("changes")
def changes(
    since: Annotated[
        str,
        typer.Option(
            "--since",
            help="From this point: a commit, branch or tag, or a date YYYY-MM-DD (the last "
            "commit on or before that day).",
            show_default=False,
        ),
    ],
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="To this point (a ref or a date). Default: the --as-of date if given, else "
            "the working tree, uncommitted changes included and marked.",
            show_default=False,
        ),
    ] = None,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        ChangesFormat,
        typer.Option("--format", "-f", help="text for people, json for scripts, md for papers."),
    ] = ChangesFormat.text,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show what changed in the records between two points in their git history.

    Lists actions whose status changed (from, to, when, by whom), due dates that
    moved (by how many days, how often), actions added, completed, cancelled or
    removed, recommendations added or closed, reviews, audits and drilldowns that
    moved stage, and records presented against the reporting calendar. Records are
    matched by id, so renamed files are followed. With --as-of and no --until, the
    changes run to the last commit on or before that day. Reads history in one pass; needs
    the records to be in a git repository (exit 2 otherwise).
    """
    from lif_cli.compute.changes import changes_between
    from lif_cli.render.changes import render_json, render_markdown, render_text
    from lif_cli.repo import open_repo

    root = open_repo(repo)
    # As of a day, the records are as they were committed by the end of it.
    if until is None and as_of is not None:
        until = as_of
    result = changes_between(root, since, until, use_cache=not no_cache)
    if format is ChangesFormat.json:
        sys.stdout.write(render_json(result))
    elif format is ChangesFormat.md:
        sys.stdout.write(render_markdown(result, title="Changes to the records"))
    else:
        sys.stdout.write(render_text(result))
    if format is not ChangesFormat.text:
        # the text output shows its notes; a script's output should be said on stderr too
        for note in result.notes:
            if "shallow" in note or "uncommitted" in note:
                say(f"lif: note: {note}")
    for p in result.problems:
        sys.stderr.write(f"{p.file}:{p.line}:{p.column}: error {p.code}: {p.message}\n")
    # A file version lif cannot read is an error in the records, as in every command.
    raise typer.Exit(1 if result.problems else 0)
