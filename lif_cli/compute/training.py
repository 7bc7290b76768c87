"""Training evaluation roll-up: attendance, ratings and evidence of impact.

FORMAT.md records an impact entry's ``method`` as free text. lif sorts each
entry into one of three kinds of evidence, the levels a training impact
assessment reports on, by words in the method (documented in
docs/calendar-and-assurance.md):

* ``practice change``: evidence from practice itself (case file samples,
  audits, observation, supervision);
* ``follow-up``: delegates asked again some time after the course (follow-up
  surveys, "three-month" questionnaires);
* ``immediate feedback``: what delegates said at the course (evaluation forms,
  pre- and post-course questionnaires).

A method that names none of these is ``other`` and shown as written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lif_cli.models import Training

IMPACT_KINDS = ("immediate feedback", "follow-up", "practice change", "other")

# Checked in order: the first that matches wins, strongest evidence first.
_KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "practice change",
        re.compile(
            r"case[- ]?file|case sample|sampled cases|audit|observ|supervision|practice|"
            r"dip[- ]?sample|casework",
            re.I,
        ),
    ),
    (
        "follow-up",
        re.compile(
            r"follow[- ]?up|\b(one|two|three|four|six|nine|twelve|\d+)[- ]months?\b|"
            r"months? (later|after)|after the course|later survey|revisit",
            re.I,
        ),
    ),
    (
        "immediate feedback",
        re.compile(
            r"evaluation|feedback|questionnaire|post-course|end of (the )?course|"
            r"pre- and post|on the day|course form|survey",
            re.I,
        ),
    ),
)


def impact_kind(method: str | None) -> str:
    """The kind of evidence an impact entry's method gives."""
    if method:
        for kind, pattern in _KIND_WORDS:
            if pattern.search(method):
                return kind
    return "other"


def _ratio(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def training_state(t: Training, as_of: date) -> dict[str, Any]:
    """One training evaluation as of a date (impact dated after as_of is left out)."""
    e = t.evaluations
    responses = None
    good_or_better = None
    if e is not None:
        ratings = [e.excellent, e.good, e.satisfactory, e.poor]
        responses = e.responses
        if responses is None and all(r is not None for r in ratings):
            responses = sum(ratings)  # type: ignore[arg-type]
        if e.excellent is not None or e.good is not None:
            good_or_better = (e.excellent or 0) + (e.good or 0)
    impact = []
    for entry in t.impact:
        if entry.date is not None and entry.date > as_of:
            continue
        impact.append(
            {
                "date": entry.date.isoformat() if entry.date else None,
                "method": entry.method,
                "kind": impact_kind(entry.method),
                "finding": entry.finding,
            }
        )
    kinds = [k for k in IMPACT_KINDS if any(i["kind"] == k for i in impact)]
    return {
        "id": t.id,
        "title": t.title,
        "presented": t.presented.isoformat() if t.presented else None,
        "courses": t.courses,
        "places": t.places,
        "attended": t.attended,
        "attendance_rate": _ratio(t.attended, t.places),
        "responses": responses,
        "good_or_better": good_or_better,
        "good_or_better_share": _ratio(good_or_better, responses),
        "impact_evidenced": bool(impact),
        "impact_kinds": kinds,
        "impact": impact,
    }


def training_view(records: Any, as_of: date) -> list[dict[str, Any]]:
    """Every training evaluation presented by as_of (or not yet presented), by title.

    One presented after as_of is left out: it did not exist yet on that date.
    """
    out = [
        training_state(t, as_of)
        for t in records.models("training")
        if t.presented is None or t.presented <= as_of
    ]
    out.sort(key=lambda s: (s["presented"] or "9999", s["id"]))
    return out
