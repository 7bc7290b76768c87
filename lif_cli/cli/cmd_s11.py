"""`lif s11`: Section 11 self-assessments by agency and standard, and peer challenge."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .app import app
from .options import (
    AsOfOpt,
    AtOpt,
    NoCacheOpt,
    RepoOpt,
    TextJson,
    TextJsonOpt,
    as_of_date,
    color_enabled,
    note_record_errors,
    run_read,
)


@app.command("s11")
def s11(
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="The assessment year (default: the latest year with an assessment presented).",
            min=1900,
            max=2200,
            show_default=False,
        ),
    ] = None,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    format: TextJsonOpt = TextJson.text,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """The Section 11 matrix: each agency's rating of each standard for a year.

    Also lists the agencies expected to submit (those that have submitted in any
    year) that have not submitted for this one, every standard not met or
    partially met with the actions that answer it, and each peer challenge of the
    year with its response and agreed actions. An action answers a standard when
    it answers a recommendation of the assessment that names the standard
    (`standards: [S8]`, or the id in the recommendation's text).
    """
    day = as_of_date(as_of)

    def show(records) -> int:
        from lif_cli.compute.s11 import s11_view
        from lif_cli.render.assurance import render_json, render_s11_text

        view = s11_view(records, day, year)
        if format is TextJson.json:
            sys.stdout.write(render_json(view))
        else:
            sys.stdout.write(render_s11_text(view, records.who, color=color_enabled()))
        return note_record_errors(records)

    run_read("s11", repo, at, no_cache, day, (year, format.value), show)
