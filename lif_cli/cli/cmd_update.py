"""`lif update`: record progress on one action, changing only the lines it must."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lif_cli.completion import for_typer
from lif_cli.render.words import plural

from .app import app
from .options import AsOfOpt, RepoOpt, as_of_date, load_records, say, text_width


class Status(StrEnum):
    not_started = "not-started"
    in_progress = "in-progress"
    complete = "complete"
    blocked = "blocked"
    cancelled = "cancelled"


def parse_date(value: str | None) -> str | None:
    """Option callback: a YYYY-MM-DD date or a clear usage error."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            date.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise typer.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD, e.g. 2016-11-15")


def show_refusal(changes, problems, root: Path) -> None:
    """Explain on stderr why planned changes were refused (nothing was written)."""
    from lif_cli.render.problems import render_text

    texts = {c.rel: c.new_text.splitlines() for c in changes}

    def line_of(p) -> str:
        lines = texts.get(p.file, [])
        return lines[p.line - 1] if 0 < p.line <= len(lines) else ""

    errors = [p for p in problems if p.is_error]
    say("lif: the change would leave the records with errors; nothing was written")
    shown = render_text(errors, len(changes), line_of, width=text_width(sys.stderr), summary=False)
    sys.stderr.write(shown.rstrip("\n") + "\n")
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    say(f"{count}: add what is missing to the command (or fix the file) and run it again")


def show_after_write(verdict) -> int:
    """Warnings, and errors the files already had, after writing; the exit code."""
    from lif_cli.render.problems import shown
    from lif_cli.render.safe import visible
    from lif_cli.render.words import wrap_words

    width = text_width(sys.stderr)
    for p in verdict.warnings:
        loc = f"{visible(p.file)}:{p.line}:{p.column}" if p.line else visible(p.file)
        lines = wrap_words("", f"{loc}: warning {p.code}: {shown(p.message)}", "    ", width)
        if p.hint:
            lines += wrap_words("  hint: ", shown(p.hint), " " * 8, width)
        sys.stderr.write("\n".join(lines) + "\n")
    if not verdict.kept:
        return 0
    files = sorted({p.file for p in verdict.kept})
    say(
        f"lif: {', '.join(files)} still has {plural(len(verdict.kept), 'error')} it had before "
        "this change; run `lif validate` to see them"
    )
    return 1


@app.command("update")
def update(
    ref: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE/ACTION",
            autocompletion=for_typer("actions"),
            help="The action, as SOURCE-ID/ACTION-ID (e.g. SCR-2016-01/A3).",
            show_default=False,
        ),
    ],
    status: Annotated[
        Status | None, typer.Option("--status", "-s", help="The action's new status.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="A progress note for the dated update.")
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", help="What shows the action was done (needed to complete)."),
    ] = None,
    impact: Annotated[
        str | None, typer.Option("--impact", help="What shows the action made a difference.")
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="A new due date, YYYY-MM-DD.", callback=parse_date),
    ] = None,
    completed: Annotated[
        str | None,
        typer.Option(
            "--completed",
            help="The completion date, YYYY-MM-DD (default: the as-of date when the status "
            "becomes complete).",
            callback=parse_date,
        ),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the changed file to git, naming the action.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change; write nothing.")
    ] = False,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Record progress on one action: status, note, evidence, impact, due date.

    Edits the action in its plan file and appends a dated entry to its updates
    (the as-of date). Only the changed lines differ: comments, quoting, layout
    and line endings stay as they were. The result is validated first and
    refused (exit 1, nothing written) if it would have errors, e.g. completing
    an action without evidence. Prints the change as a diff.
    """
    from lif_cli import authoring, gitwrite
    from lif_cli.errors import UsageError
    from lif_cli.render.safe import visible

    records = load_records(repo)
    day = as_of_date(as_of)
    rel, source_id, action_id, action = authoring.resolve_action(records, ref)
    changes = authoring.ActionChanges(
        status=status.value if status else None,
        note=note,
        evidence=evidence,
        impact=impact,
        due=date.fromisoformat(due) if due else None,
        completed=date.fromisoformat(completed) if completed else None,
    )
    if changes.is_empty():
        raise UsageError(
            "nothing to update: give at least one of --status, --note, --evidence, "
            "--impact, --due, --completed",
            hint=f"e.g. lif update {source_id}/{action_id} --status in-progress --note '...'",
        )
    if commit and not dry_run and not gitwrite.is_work_tree(records.root):
        raise UsageError(
            f"{records.root} is not in a git repository, so --commit cannot be used",
            hint="run without --commit, or make the folder a git repository (git init)",
        )
    edit = authoring.action_edit(action, changes, day)
    if edit is None:
        typer.echo(f"{source_id}/{action_id} already says that; {rel} is unchanged")
        return
    change = authoring.plan_file_edits(records.root, rel, [edit], source_id)
    verdict = authoring.check_changes(records.root, [change], day, records)
    if verdict.blocking:
        sys.stdout.write(visible(change.diff(), lines=True))
        show_refusal([change], verdict.blocking, records.root)
        raise typer.Exit(1)
    sys.stdout.write(visible(change.diff(), lines=True))
    if dry_run:
        typer.echo(f"dry run: {rel} was not changed")
        return
    authoring.write_changes([change])
    typer.echo(f"updated {source_id}/{action_id} in {rel}")
    code = show_after_write(verdict)
    if commit:
        message = "Update " + authoring.describe_edit(edit, source_id)
        short = gitwrite.commit(records.root, [rel], message)
        typer.echo(f"committed {short}: {message}")
    raise typer.Exit(code)
