"""`lif training`: training evaluations, attendance, ratings and impact."""

from __future__ import annotations

import sys

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


@app.command("training")
def training(
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    format: TextJsonOpt = TextJson.text,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Each training evaluation: attendance rate, share of evaluations good or better,
    and whether impact is evidenced and how.

    Impact entries are sorted by their method into immediate feedback (at the
    course), follow-up (delegates asked again later) and practice change (seen in
    case files, audits or supervision). Evaluations presented after the as-of date,
    and impact dated after it, are left out.
    """
    day = as_of_date(as_of)

    def show(records) -> int:
        from lif_cli.compute.training import training_view
        from lif_cli.render.assurance import render_json, render_training_text

        rows = training_view(records, day)
        if format is TextJson.json:
            sys.stdout.write(render_json(rows))
        else:
            sys.stdout.write(render_training_text(rows, day.isoformat(), color=color_enabled()))
        return note_record_errors(records)

    run_read("training", repo, at, no_cache, day, (format.value,), show)
