"""Options shared by every command, defined once."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from lif_cli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from lif_cli.loader import Records


def _parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise typer.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD, e.g. 2016-11-15")


def _check_as_of(value: str | None) -> str | None:
    _parse_as_of(value)
    return value


RepoOpt = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        "-C",
        help="The records repository (default: the nearest folder upward holding lif.yaml).",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Compute as of this date, YYYY-MM-DD (default: today).",
        show_default=False,
        callback=_check_as_of,
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Read the records as they were at this git revision (the working tree is "
        "not touched).",
        show_default=False,
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Parse every file afresh, ignoring the cache."),
]


class TextJson(StrEnum):
    text = "text"
    json = "json"


# --format for the commands whose only outputs are text and JSON.
TextJsonOpt = Annotated[
    TextJson, typer.Option("--format", "-f", help="text for people, json for scripts.")
]


def as_of_date(value: str | None) -> date:
    """The as-of date: the option, else today (the only place lif reads the clock)."""
    parsed = _parse_as_of(value)
    return parsed or date.today()


def color_enabled(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def text_width(stream=None) -> int | None:
    """The width to wrap problems to: the terminal's, when ``stream`` is one.

    None for a pipe or a file (CI logs, ``| grep``), where each problem stays
    on one line. ``COLUMNS`` wins over what the terminal reports, as for rich.
    """
    stream = stream or sys.stdout
    if not getattr(stream, "isatty", lambda: False)():
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(stream.fileno()).columns or None
    except (OSError, ValueError):
        return None


def say(text: str, stream=None) -> None:
    """Write a line of lif's own (a note, why a run failed) to ``stream``
    (stderr): at a terminal broken between words, never inside one."""
    from lif_cli.render.words import wrap_words

    stream = stream or sys.stderr
    stream.write("\n".join(wrap_words("", text, "  ", text_width(stream))) + "\n")


def load_records(repo: Path | None, at: str | None = None, no_cache: bool = False):
    """Open the repository (or a past revision of it) and load every record."""
    from lif_cli import loader
    from lif_cli.repo import WorkTree, open_repo

    root = open_repo(repo)
    if at is not None:
        from lif_cli.revisions import revision_source

        source = revision_source(root, at)
    else:
        source = WorkTree(root)
    records = loader.load(source, use_cache=not no_cache)
    if records.settings.personal_data == "off":
        say(f"lif: note: {GUARD_OFF}")
    return records


def run_read(
    command: str,
    repo: Path | None,
    at: str | None,
    no_cache: bool,
    day: date,
    options: tuple[Any, ...],
    show: Callable[[Records], int],
    *,
    keep: bool = True,
) -> NoReturn:
    """Run a read command: load the records, and ``show`` prints and returns the
    exit code.

    When an earlier run of ``command`` with the same ``options`` read exactly
    the same record files, as of the same day, through the same code, to the
    same kind of terminal, what it printed is printed again without loading a
    model (:func:`lif_cli.verdict.recall_output`). ``options`` must hold every
    option that changes the output, as plain values; ``keep=False`` for an
    output that depends on more than the records (git history).
    """
    from lif_cli import verdict

    keep = keep and at is None and not no_cache
    if keep:
        from lif_cli.repo import open_repo

        kept = verdict.recall_output(command, open_repo(repo), day, options)
        if kept is not None:
            sys.stderr.write(kept.stderr)
            sys.stdout.write(kept.stdout)
            raise typer.Exit(kept.code)
    from lif_cli.helptext import recording

    with recording("stdout") as out, recording("stderr") as err:
        records = load_records(repo, at, no_cache)
        code = show(records)
    if keep and out.text is not None and err.text is not None:
        verdict.remember_output(
            command, records, day, options, verdict.Output(out.text, err.text, code)
        )
    raise typer.Exit(code)


# Said on every run, and on every paper, while lif.yaml switches the guard off.
GUARD_OFF = (
    "the personal-data guard is off (lif.yaml says personal_data: off): "
    "nothing read here was checked for personal data"
)


def usage(message: str, hint: str | None = None) -> UsageError:
    return UsageError(message, hint=hint)


def note_record_errors(records, extra=()) -> int:
    """Say on stderr that the records have errors; the exit code to use (1 or 0).

    ``extra`` holds problems from the cheap rule checks a command relies on (a
    calendar entry without start_year, an indicator with duplicate periods),
    which the loader alone does not see. Read commands still show what they can
    compute; this line tells the officer why the exit status is 1.
    """
    if not records.has_errors and not any(p.is_error for p in extra):
        return 0
    say(
        "lif: the records have errors; what could be read is shown. Run `lif validate` to see them."
    )
    return 1


# --- record checks that several commands share (plan, status, ...) -------------------------


def require_records(records: Records) -> None:
    """Stop with exit 2 when the repository holds nothing but lif.yaml."""
    from lif_cli.errors import UsageError

    if all(rf.kind == "lif" for rf in records.files):
        raise UsageError(
            f"the repository at {records.root} holds no records yet (only lif.yaml)",
            hint="add agencies.yaml and records (see `lif new --help`), "
            "or point -C at a records repository",
        )


def check_agencies(records: Records, agencies: list[str]) -> None:
    """Every --agency value must be an agency id (exit 2 with a did-you-mean otherwise)."""
    from lif_cli.errors import UsageError

    for a in agencies:
        if a in records.agencies:
            continue
        if a in records.groups:
            raise UsageError(
                f"'{a}' is a group, not an agency; actions are led by agencies",
                hint=f"use --to {a} for the recommendations addressed to it",
            )
        raise UsageError(
            f"'{a}' is not an agency in agencies.yaml", hint=_hint(a, records.agencies)
        )


def check_sources(records: Records, sources: list[str]) -> None:
    """Every --source value must be a source record or have an action plan."""
    from lif_cli.errors import UsageError
    from lif_cli.models import source_nouns

    known = [rf.model.id for rf in records.sources()] + list(records.plans)
    lowered = {k.lower() for k in known}
    for s in sources:
        if s.lower() not in lowered:
            raise UsageError(
                f"'{s}' is not a {source_nouns()} in the records",
                hint=_hint(s, known),
            )


def check_who(records: Records, ids: list[str], option: str) -> None:
    """Every value must be an agency or group id."""
    from lif_cli.errors import UsageError

    for w in ids:
        if w not in records.agencies and w not in records.groups:
            raise UsageError(
                f"'{w}' ({option}) is not an agency or group id",
                hint=_hint(w, [*records.agencies, *records.groups]),
            )


def _hint(word: str, choices) -> str | None:
    from lif_cli.model_errors import did_you_mean

    guess = did_you_mean(word, choices)
    if guess:
        return f"did you mean '{guess}'?"
    choices = list(choices)
    if not choices:
        return None
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"known ids: {shown}"


def reference_problems(records: Records, day) -> list:
    """The id and reference checks (cheap: no file is re-read), so that an action led
    by an unknown agency or a plan for a missing source also counts as an error."""
    from lif_cli.checks.references import check_ids, check_references

    return [*check_ids(records, day), *check_references(records, day)]
