"""`lif import`: read an agency's returned action-plan spreadsheet back into the records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lif_cli.render.words import plural

from .app import app
from .options import AsOfOpt, RepoOpt, as_of_date, load_records


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The sheet: .xlsx or .csv, as made by 'lif export --what plan'.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    commit: Annotated[
        bool,
        typer.Option("--commit", help="Commit the changed files to git, naming the sheet."),
    ] = False,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="The agency returning the sheet (default: the agency leading most of its "
            "actions).",
            show_default=False,
        ),
    ] = None,
    allow_other_agencies: Annotated[
        bool,
        typer.Option(
            "--allow-other-agencies",
            help="Also change actions that other agencies lead (refused otherwise).",
        ),
    ] = False,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Update actions from a returned action-plan spreadsheet, showing the changes first.

    Each row is matched to its action by the Action column (SOURCE/A-ID). The
    Status, Due, Completed, Evidence, Impact and Note columns are read; a note
    that differs from the last one is added, dated with the as-of date, to the
    action's updates. An empty cell changes nothing. Any bad row (an unknown or
    repeated id, a status or date lif cannot read) stops the import with its
    row number and nothing is written (exit 2); so does a result that would not
    validate (exit 1). An unchanged sheet changes nothing. A row that changes an
    action another agency leads (not --agency, or not the agency leading most of
    the sheet's actions) is named, and refused (exit 2) unless
    --allow-other-agencies is given; --dry-run shows them.
    """
    from lif_cli import authoring, gitwrite, sheet_import
    from lif_cli.errors import LifError, UsageError
    from lif_cli.render.safe import visible

    if not file.is_file():
        raise LifError(f"{file} does not exist", hint="check the path to the spreadsheet")
    records = load_records(repo)
    day = as_of_date(as_of)
    if commit and not dry_run and not gitwrite.is_work_tree(records.root):
        raise UsageError(
            f"{records.root} is not in a git repository, so --commit cannot be used",
            hint="run without --commit, or make the folder a git repository (git init)",
        )
    if agency is not None:
        from .options import check_agencies

        check_agencies(records, [agency])
    headers, rows = sheet_import.read_rows(file)
    plan, problems = sheet_import.plan_import(records, headers, rows, day, agency)
    if problems or plan is None:
        err = sys.stderr
        err.write(
            f"lif: {file.name}: {plural(len(problems), 'row')} cannot be imported; "
            "nothing was written\n"
        )
        for p in problems:
            err.write(f"  row {p.row}: {visible(p.message)}\n")
            if p.hint:
                err.write(f"          hint: {p.hint}\n")
        raise typer.Exit(2)
    if not plan.changes:
        typer.echo(
            f"no changes: the {plural(plan.rows_read, 'row')} of {file.name} match the records; "
            "no file was touched"
        )
        return
    for change in plan.changes:
        sys.stdout.write(visible(change.diff(), lines=True))
    if plan.other_agencies:
        _show_other_agencies(plan, dry_run, allow_other_agencies)
        if not (dry_run or allow_other_agencies):
            raise typer.Exit(2)
    verdict = authoring.check_changes(records.root, plan.changes, day, records)
    if verdict.blocking:
        _show_row_errors(verdict.blocking, plan)
        raise typer.Exit(1)
    actions = f"{plural(plan.actions_changed, 'action')} in {plural(len(plan.changes), 'file')}"
    if dry_run:
        typer.echo(f"dry run: would update {actions}; nothing was written")
        return
    authoring.write_changes(plan.changes)
    typer.echo(f"updated {actions} from {file.name}")
    from .cmd_update import show_after_write

    code = show_after_write(verdict)
    if commit:
        names = [line for c in plan.changes for line in c.summary]
        shown = ", ".join(n.partition(":")[0] for n in names[:6])
        more = f" and {len(names) - 6} more" if len(names) > 6 else ""
        message = (
            f"Import {file.name}: update {plural(plan.actions_changed, 'action')} ({shown}{more})"
        )
        short = gitwrite.commit(records.root, [c.rel for c in plan.changes], message)
        typer.echo(f"committed {short}: {message}")
    raise typer.Exit(code)


def _show_other_agencies(plan, dry_run: bool, allowed: bool) -> None:
    """Name each row that changes an action another agency leads."""
    from lif_cli.render.safe import visible

    err = sys.stderr
    whose = f"agency '{visible(plan.agency)}'" if plan.agency else "one agency"
    err.write(
        f"lif: {len(plan.other_agencies)} row(s) change actions that another agency leads, "
        f"not {whose}:\n"
    )
    for row, key, lead in plan.other_agencies:
        err.write(f"  row {row}: {visible(key)} is led by {visible(lead)}\n")
    if allowed:
        err.write("  (allowed by --allow-other-agencies)\n")
    elif dry_run:
        err.write("  an import without --dry-run refuses them unless --allow-other-agencies\n")
    else:
        err.write(
            "lif: nothing was written; if the sheet may change these, run again with "
            "--allow-other-agencies\n"
        )


def _show_row_errors(problems, plan) -> None:
    """Refusal: each error with the sheet row that caused it, where it can be told."""
    from lif_cli import yamlio

    data = {c.rel: yamlio.read_text(c.new_text, c.rel).data for c in plan.changes}
    sources = {c.rel: c.summary[0].partition("/")[0] for c in plan.changes if c.summary}
    err = sys.stderr
    err.write("lif: the sheet would leave the records with errors; nothing was written\n")
    for p in problems:
        if not p.is_error:
            continue
        where = f"{p.file}:{p.line}:{p.column}" if p.line else p.file
        row = None
        path = p.path or ()
        doc = data.get(p.file)
        if len(path) >= 2 and path[0] == "actions" and isinstance(path[1], int) and doc:
            try:
                action_id = doc["actions"][path[1]]["id"]
                row = plan.rows_for.get(f"{sources.get(p.file)}/{action_id}")
            except (KeyError, IndexError, TypeError):
                row = None
        lead = f"row {row}: " if row else ""
        err.write(f"  {lead}{where}: error {p.code}: {p.message}\n")
        if p.hint:
            err.write(f"          hint: {p.hint}\n")
