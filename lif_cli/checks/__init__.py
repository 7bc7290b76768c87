"""Validation: every check, in one registry, run over loaded records.

A check is a function ``(records, as_of) -> Iterable[Problem]``. The registry
is an immutable tuple: add a check by adding it here, never at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from lif_cli.errors import Problem
from lif_cli.loader import Records

from .framework import check_framework_references, check_framework_rules
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
    check_framework_references,
    check_framework_rules,
)


def run_checks(records: Records, as_of: date, checks: tuple[Check, ...] = CHECKS) -> list[Problem]:
    """All problems: the loader's and every check's, located and sorted."""
    found: list[Problem] = list(records.problems)
    for check in checks:
        found.extend(check(records, as_of))
    # A problem with the file as a whole (too large, unreadable) is reported at
    # 1:1: FORMAT.md promises 1-based lines and columns to CI jobs.
    located = [p if p.line else replace(p, line=1, column=1) for p in records.locate(found)]
    # the same problem can be reached twice (e.g. a file read twice): keep one
    unique = list(dict.fromkeys(located))
    unique.sort(key=Problem.sort_key)
    return unique
