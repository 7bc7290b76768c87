"""Validation: every check, in one registry, run over loaded records.

A check is a function ``(records, as_of) -> Iterable[Problem]``. The registry
is an immutable tuple: add a check by adding it here, never at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from datetime import date

from lif_cli.errors import KEY, Problem
from lif_cli.loader import Records

from .framework import check_framework_references, check_framework_rules
from .partial import partial_view
from .partners import check_arrangements, check_incidents, check_partner_sources
from .privacy import check_personal_data
from .references import check_ids, check_references
from .rules import (
    check_actions,
    check_audits,
    check_calendar_entries,
    check_drilldowns,
    check_indicators,
    check_review_dates,
    check_settings,
    check_training,
)
from .workspace import check_temp_files

Check = Callable[[Records, date], Iterable[Problem]]

CHECKS: tuple[Check, ...] = (
    check_ids,
    check_references,
    check_settings,
    check_review_dates,
    check_audits,
    check_actions,
    check_training,
    check_calendar_entries,
    check_indicators,
    check_drilldowns,
    check_personal_data,
    check_arrangements,
    check_incidents,
    check_partner_sources,
    check_temp_files,
    check_framework_references,
    check_framework_rules,
)


# Checks that read broken files on their own terms (the raw text), not through
# partial models.
WHOLE_FILE_CHECKS: frozenset[Check] = frozenset({check_personal_data})


def _beside_schema_errors(found: list[Problem], schema: list[Problem]) -> list[Problem]:
    """Drop what a partial model says about a part the loader already reported.

    A field with a wrong value is None in a partial model; a rule about that
    field would only repeat the schema error in other words.
    """
    reported: dict[str, list[tuple]] = {}
    for p in schema:
        # a missing field is located at its parent, whose other fields still count
        if p.path is not None and p.code != "missing-field":
            reported.setdefault(p.file, []).append(tuple(q for q in p.path if q != KEY))
    if not reported:
        return found

    def repeats(p: Problem) -> bool:
        if p.path is None or p.file not in reported:
            return False
        here = tuple(q for q in p.path if q != KEY)
        return any(here[: len(r)] == r for r in reported[p.file])

    return [p for p in found if not repeats(p)]


def run_checks(
    records: Records,
    as_of: date,
    checks: tuple[Check, ...] = CHECKS,
    *,
    files: Collection[str] | None = None,
) -> list[Problem]:
    """All problems: the loader's and every check's, located and sorted.

    With ``files``, only the problems in those files: the checks still see
    every record, but no other file is parsed again to locate its problems
    (``lif update`` asks about the file it edits, in a repository that may
    hold hundreds of warnings elsewhere).
    """
    found: list[Problem] = list(records.problems)
    # Files with a schema error are checked too, on the parts that did validate,
    # so that every problem is reported in one run (see checks.partial).
    view = partial_view(records)
    for check in checks:
        if view is None or check in WHOLE_FILE_CHECKS:
            found.extend(check(records, as_of))
            continue
        try:
            more = list(check(view, as_of))
        except Exception:  # a rule that needs what the broken part lacked
            more = list(check(records, as_of))
        found.extend(_beside_schema_errors(more, records.problems))
    if files is not None:
        found = [p for p in found if p.file in files]
    # A problem with the file as a whole (too large, unreadable) is reported at
    # 1:1: FORMAT.md promises 1-based lines and columns to CI jobs.
    located = [p if p.line else replace(p, line=1, column=1) for p in records.locate(found)]
    # the same problem can be reached twice (e.g. a file read twice): keep one
    unique = list(dict.fromkeys(located))
    unique.sort(key=Problem.sort_key)
    return unique
