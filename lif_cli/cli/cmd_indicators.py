"""`lif indicators`: performance data with RAG, trend and sparkline; open drilldowns."""

from __future__ import annotations

import sys
from enum import StrEnum
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
    usage,
)


class Level(StrEnum):
    surveillance = "surveillance"
    priority = "priority"


@app.command("indicators")
def indicators(
    level: Annotated[
        Level | None,
        typer.Option("--level", help="Only surveillance or only priority indicators."),
    ] = None,
    priority: Annotated[
        str | None,
        typer.Option(
            "--priority",
            help="Only the indicators serving this board priority (e.g. neglect).",
            show_default=False,
        ),
    ] = None,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    format: TextJsonOpt = TextJson.text,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Every indicator with its latest value, target, RAG, trend and recent values.

    Grouped surveillance first, then each board priority. RAG: green on target or
    better, amber worse than target by at most the tolerance, red worse by more.
    Trend compares the latest value with the one before. Values for periods that
    have not started by the as-of date are ignored. Below the indicators: each
    open drilldown with its questions, who they went to, due dates, responses and
    those overdue.
    """
    day = as_of_date(as_of)

    def show(records) -> int:
        from lif_cli.checks.rules import check_indicators
        from lif_cli.compute.indicators import indicators_view
        from lif_cli.model_errors import did_you_mean
        from lif_cli.render.indicators import render_json, render_text

        if priority is not None:
            known = sorted({i.priority for i in records.models("indicators") if i.priority})
            if priority not in known:
                guess = did_you_mean(priority, known)
                raise usage(
                    f"no indicator serves the priority '{priority}'",
                    f"did you mean '{guess}'?"
                    if guess
                    else "the priorities are: " + (", ".join(known) or "(none)"),
                )
        view = indicators_view(
            records, day, level=level.value if level else None, priority=priority
        )
        if format is TextJson.json:
            sys.stdout.write(render_json(view))
        else:
            sys.stdout.write(render_text(view, records.who, color=color_enabled()))
        return note_record_errors(records, list(check_indicators(records, day)))

    run_read(
        "indicators",
        repo,
        at,
        no_cache,
        day,
        (level.value if level else None, priority, format.value),
        show,
    )
