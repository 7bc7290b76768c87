"""`lif validate`: check every record, reference and rule."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .app import app
from .options import AsOfOpt, AtOpt, NoCacheOpt, RepoOpt, as_of_date, color_enabled, load_records


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
    from lif_cli.checks import run_checks
    from lif_cli.checks.privacy import HIDDEN_SOURCE_CODES, suppressions
    from lif_cli.render.problems import render_github, render_json, render_suppressions, render_text

    records = load_records(repo, at, no_cache)
    problems = run_checks(records, as_of_date(as_of))
    count = len(records.files)
    listed = suppressions(records) if show_suppressed else None
    if format is ValidateFormat.json:
        sys.stdout.write(render_json(problems, count, suppressions=listed))
    elif format is ValidateFormat.github:
        sys.stdout.write(render_github(problems, count, prefix=_workspace_prefix(records.root)))
    else:

        def source_line(p):
            # Never echo a line that holds personal data, even as context.
            return "" if p.code in HIDDEN_SOURCE_CODES else records.source_line(p)

        sys.stdout.write(render_text(problems, count, source_line, color=color_enabled()))
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
