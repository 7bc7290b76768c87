"""`lif calendar`: the reporting calendar of a business year, as a grid or a feed."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from lif_cli.completion import for_typer

from .app import app
from .options import (
    AsOfOpt,
    AtOpt,
    NoCacheOpt,
    RepoOpt,
    as_of_date,
    color_enabled,
    note_record_errors,
    run_read,
    usage,
)


class CalendarFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    csv = "csv"
    ics = "ics"


@app.command("calendar")
def calendar(
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="The business year that starts in this year (default: the one holding "
            "the as-of date).",
            min=1900,
            max=2200,
            show_default=False,
        ),
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            autocompletion=for_typer("agencies"),
            help="Only the returns this agency (or group) makes: entries whose `from` is it.",
            show_default=False,
        ),
    ] = None,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        CalendarFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, md for papers, csv for spreadsheets, json for scripts, "
            "ics for Outlook and other calendar programs.",
        ),
    ] = CalendarFormat.text,
    at: AtOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """The reporting calendar: each return by month, received, late, overdue, due or upcoming.

    A record (audit, report, assessment, training) counts for a return when it names
    the entry in `calendar:` and was presented on or before the as-of date. One
    presented in a due month counts for that month; one presented in another month
    counts for the latest earlier due month nothing satisfies yet (late), or else for
    the next due month (early, received). The business year starts in lif.yaml's
    year_start_month. --format ics exports every due month of the year (an all-day
    event on the month's last day) and every open action's due date, with stable
    UIDs, so a re-import updates rather than duplicates.
    """
    day = as_of_date(as_of)

    def show(records) -> int:
        from lif_cli.checks.rules import check_calendar_entries
        from lif_cli.compute.calendar import calendar_view, open_actions
        from lif_cli.model_errors import did_you_mean

        if agency is not None and agency not in records.agencies and agency not in records.groups:
            guess = did_you_mean(agency, [*records.agencies, *records.groups])
            raise usage(
                f"'{agency}' is not an agency or group id",
                f"did you mean '{guess}'?" if guess else "see agencies.yaml and groups.yaml",
            )
        view = calendar_view(records, day, year=year, agency=agency)
        partnership = records.settings.short_name or records.settings.partnership
        if format is CalendarFormat.json:
            from lif_cli.render.calendar import render_json

            out = render_json(view)
        elif format is CalendarFormat.csv:
            from lif_cli.render.calendar import render_csv

            out = render_csv(view)
        elif format is CalendarFormat.md:
            from lif_cli.render.calendar import render_md

            out = render_md(view, partnership)
        elif format is CalendarFormat.ics:
            from lif_cli.render.ics import render_ics

            out = render_ics(
                view,
                open_actions(records, day, agency),
                partnership,
                records.who,
                *_event_history(records),
            )
        else:
            from lif_cli.render.calendar import render_text

            out = render_text(view, partnership, color=color_enabled())
        sys.stdout.write(out)
        return note_record_errors(records, list(check_calendar_entries(records, day)))

    run_read(
        "calendar",
        repo,
        at,
        no_cache,
        day,
        (year, agency, format.value),
        show,
        keep=format is not CalendarFormat.ics,
    )


def _event_history(records: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Each record file's git history, and which file is behind each kind of event."""
    from lif_cli.history import file_revisions

    revisions = file_revisions(records.root, getattr(records.source, "commit", None))
    files = {rf.model.source: rf.file for rf in records.by_kind["actions"] if rf.model}
    files[":calendar"] = next((f for f in revisions if f.startswith("calendar.")), "")
    return revisions, files
