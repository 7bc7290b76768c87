"""`lif site`: the partnership's dashboard as a self-contained static web site."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .app import app
from .options import AsOfOpt, AtOpt, NoCacheOpt, RepoOpt, as_of_date, load_records, say


@app.command("site")
def site(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to write the site to (new, empty, or a site lif wrote before, "
            "which is replaced whole).",
            show_default=False,
        ),
    ],
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write the dashboard as a static web site: open DIR/index.html, or publish DIR.

    Pages: the status dashboard (RAG headline, overdue, due soon, blocked, gaps,
    reviews and statutory deadlines, the calendar, indicators with charts, and what
    changed since the last board-* tag), the composite action plan (filter by agency,
    RAG, source and status; sort by due date), one page per agency and per record
    (reviews, audits and every other source, serious incidents with the Panel's
    steps, outcomes, risks, learning events, evidence requests), the calendar as a
    year grid, indicators, the Section 11 matrix and training. Every page is stamped
    with the as-of date and git commit and asks search engines not to index it.
    Self-contained: works from file:// and any static host. Refuses (exit 1) while
    the records appear to hold personal data. Publish it only behind the host's
    sign-in: see docs/site.md.
    """
    from lif_cli.checks.privacy import personal_data_problems
    from lif_cli.errors import LifError
    from lif_cli.site.build import build_site, write_site

    records = load_records(repo, at, no_cache)
    day = as_of_date(as_of)
    findings = personal_data_problems(records)
    if findings:
        n = len(findings)
        raise LifError(
            f"the records appear to hold personal data ({n} finding{'s' if n != 1 else ''}); "
            "the site was not written",
            hint="run 'lif validate' to see where; remove the data, or mark a checked "
            "false alarm with '# lif: allow personal-data -- reason'",
            exit_code=1,
        )
    built = build_site(records, day, at=at, use_cache=not no_cache)
    write_site(built, output)
    sys.stderr.write(f"wrote {len(built.pages)} pages to {output}\n")
    for note in built.notes:
        say(f"lif: note: {note}")
    if records.has_errors:
        say("lif: the records have errors, so the site may be incomplete: run 'lif validate'")
        raise typer.Exit(1)
    raise typer.Exit(0)
