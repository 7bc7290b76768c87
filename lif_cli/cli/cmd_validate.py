"""`lif validate`: check every record, reference and rule."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .app import app
from .options import (
    GUARD_OFF,
    AsOfOpt,
    AtOpt,
    NoCacheOpt,
    RepoOpt,
    as_of_date,
    color_enabled,
    load_records,
    say,
    text_width,
)


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command("validate")
def validate(
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, json for scripts, github for GitHub Actions annotations.",
        ),
    ] = ValidateFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings as well as errors.")
    ] = False,
    show_suppressed: Annotated[
        bool,
        typer.Option(
            "--show-suppressed",
            help="Also list every '# lif: allow personal-data -- reason' suppression.",
        ),
    ] = False,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check every record against its schema, resolve every reference, apply every rule.

    Reports every problem in one run as path:line:col with a stable code. Exit 0 when
    clean, 1 when the records have errors (or warnings, with --strict), 2 on misuse.
    """
    when = as_of_date(as_of)
    text = format is ValidateFormat.text
    if at is None and not no_cache and not show_suppressed:
        # Nothing changed since a run kept in the cache: its verdict, no load.
        from lif_cli import verdict
        from lif_cli.repo import open_repo

        root = open_repo(repo)
        kept = verdict.recall(root, when, with_lines=text)
        if kept is not None:
            if kept.guard_off:
                say(f"lif: note: {GUARD_OFF}")
            lines = dict(zip(kept.problems, kept.lines or (), strict=False))
            _report(list(kept.problems), kept.count, lines.get, format, root, None, strict)

    from lif_cli.checks import run_checks
    from lif_cli.checks.privacy import HIDDEN_SOURCE_CODES, suppressions

    records = load_records(repo, at, no_cache)
    problems = run_checks(records, when)
    listed = suppressions(records) if show_suppressed else None

    def source_line(p):
        # Never echo a line that holds personal data, even as context.
        return "" if p.code in HIDDEN_SOURCE_CODES else records.source_line(p)

    lines = [source_line(p) for p in problems] if text else None
    if at is None and not no_cache:
        from lif_cli import verdict

        verdict.remember(records, when, problems, lines)
    shown = dict(zip(problems, lines or (), strict=False))
    _report(problems, len(records.files), shown.get, format, records.root, listed, strict)


def _report(problems, count, source_line, format, root, listed, strict) -> NoReturn:
    """Print the problems in ``format`` and exit 1 on errors (or warnings, strict)."""
    from lif_cli.render.problems import render_github, render_json, render_suppressions, render_text

    if format is ValidateFormat.json:
        sys.stdout.write(render_json(problems, count, suppressions=listed))
    elif format is ValidateFormat.github:
        sys.stdout.write(render_github(problems, count, prefix=_workspace_prefix(root)))
    else:
        sys.stdout.write(
            render_text(problems, count, source_line, color=color_enabled(), width=text_width())
        )
    if listed is not None and format is not ValidateFormat.json:
        sys.stdout.write(render_suppressions(listed))
    failed = any(p.is_error for p in problems) or (strict and bool(problems))
    raise typer.Exit(1 if failed else 0)


def _workspace_prefix(root: Path) -> str:
    """Annotation paths are relative to the workspace (the current folder in CI)."""
    try:
        rel = os.path.relpath(root, Path.cwd())
    except ValueError:
        return ""
    if rel == "." or rel.startswith(".."):
        return ""
    return rel.replace(os.sep, "/") + "/"
