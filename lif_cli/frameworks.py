"""Each case judged by the rules of its own time, and the national Panel's process.

A repository's ``framework:`` is the framework it works under *now* (the
default for new cases); each case's own framework comes from its dates and the
repository's ``transitions:`` (when the area's safeguarding partner
arrangements took effect, when it applied Working Together 2023), or from the
record's own ``framework:``. The Panel's process for a serious incident is a
sequence of steps, each with the timescale that applies to it. Every rule
names its source; docs/STATUTORY.md quotes them. Nothing here reads files or
the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from lif_cli.statutory import FRAMEWORKS
from lif_cli.working_days import add_months, add_working_days, working_days_between

# The national dates a framework's rules apply from, when lif.yaml gives no
# `transitions:`. WT2018: safeguarding partners had to publish their
# arrangements by 29 June 2019 and implement them by 29 September 2019; until
# then the LSCB and WT2015's serious case reviews continued (Working Together:
# transitional guidance, 2018). WT2023 was published on 15 December 2023 and
# applied from then.
NATIONAL_STARTS: dict[str, date] = {
    "wt2018": date(2019, 9, 29),
    "wt2023": date(2023, 12, 15),
}
_TRANSITION_FIELDS = {"wt2018": "safeguarding_partners", "wt2023": "wt2023"}


def framework_starts(transitions: object | None) -> dict[str, date]:
    """The date each later framework applies from: lif.yaml `transitions:`, else national."""
    return dict(_starts(transitions))


@cache
def _starts(transitions: object | None) -> tuple[tuple[str, date], ...]:
    # Cached per (frozen, hashable) transitions value: one run asks once per case.
    starts = dict(NATIONAL_STARTS)
    if transitions is not None:
        for fw, name in _TRANSITION_FIELDS.items():
            value = getattr(transitions, name, None)
            if value is not None:
                starts[fw] = value
    return tuple(starts.items())


_ORDER = {fw: i for i, fw in enumerate(FRAMEWORKS)}


def case_framework(
    begun: date | None,
    default: str,
    transitions: object | None = None,
    override: str | None = None,
) -> str:
    """The framework a case begun on ``begun`` is judged by.

    ``override`` (the record's own ``framework:``) wins. Otherwise the latest
    framework in force on ``begun``, never later than ``default`` (the
    repository's ``framework:``, so a repository still on wt2015 keeps every
    case on wt2015). A case with no date is judged by ``default``.
    """
    if override is not None:
        return override
    if begun is None:
        return default
    chosen = FRAMEWORKS[0]
    cap = _ORDER[default]
    for fw, start in _starts(transitions):
        if _ORDER[fw] <= cap and start <= begun:
            chosen = fw if _ORDER[fw] > _ORDER[chosen] else chosen
    return chosen


# The dates that mark when a case began, earliest first wins.
REVIEW_BEGUN = ("aware", "notified", "referred", "decided", "started")
INCIDENT_BEGUN = ("aware", "notified")


def begun_on(dates: Mapping[str, date | None], fields: tuple[str, ...]) -> date | None:
    """The earliest of ``fields`` recorded in ``dates`` (None when none is)."""
    found = [d for f in fields if (d := dates.get(f)) is not None]
    return min(found, default=None)


def settings_framework(
    settings: object,
    record: object,
    dates: Mapping[str, date | None],
    begun_fields: tuple[str, ...] = REVIEW_BEGUN,
) -> str:
    """The framework of one review (or, with INCIDENT_BEGUN, incident) under the settings."""
    return case_framework(
        begun_on(dates, begun_fields),
        settings.framework,  # type: ignore[attr-defined]
        settings.transitions,  # type: ignore[attr-defined]
        record.framework,  # type: ignore[attr-defined]
    )


# --------------------------------------------------------------------------
# Serious case reviews: the lead reviewer's independence
# --------------------------------------------------------------------------

LEAD_REVIEWER_SOURCE = (
    "Working Together to Safeguard Children 2015, ch 4: see 'Serious case reviews' "
    "(the LSCB appoints one or more suitable individuals to lead the SCR, who should "
    "be independent of the LSCB and of the organisations involved)"
)


def lead_reviewer_problem(review_type: str, independent: bool | None) -> str | None:
    """A warning when a serious case review's lead reviewer is recorded as not independent."""
    if review_type == "serious-case-review" and independent is False:
        return "the lead reviewer of a serious case review is recorded as not independent"
    return None


# --------------------------------------------------------------------------
# Serious incidents and the national Panel's process
# --------------------------------------------------------------------------

# Short names of the Panel process steps (frameworks.Step codes), for 80 columns.
STEP_WORDS = {
    "notification": "notification",
    "rapid-review": "rapid review to the Panel",
    "panel-response": "the Panel's response",
    "review-decided": "local review commissioned",
    "final-report": "final report to the Panel and SoS",
    "publication": "publication",
}

StepState = Literal["met", "missed", "open", "overdue", "waiting", "done"]


@dataclass(frozen=True)
class Step:
    """One step of the Panel's process for a serious incident."""

    code: str
    title: str
    field: str  # the incident `dates` field that records it
    source: str


@dataclass(frozen=True)
class StepResult:
    """How one step stands as of a date.

    ``deadline`` is None for a step with no timescale; ``state`` is then
    ``done`` or ``waiting``. ``working_days_left`` as for a review's timescale.
    """

    step: Step
    done_on: date | None
    deadline: date | None
    state: StepState
    working_days_left: int | None


def _wt(fw: str) -> tuple[str, int]:
    return ("2018", 4) if fw == "wt2018" else ("2023", 5)


def _steps(fw: str) -> dict[str, Step]:
    if fw == "wt2015":
        return {
            "notification": Step(
                "notification",
                "Notifiable incident reported to Ofsted and the LSCB within 5 working days",
                "notified",
                "Working Together to Safeguard Children 2015, ch 4: see 'Notifiable incidents'",
            )
        }
    wt, ch = _wt(fw)
    guide = f"Working Together to Safeguard Children {wt}, ch {ch}"
    return {
        "notification": Step(
            "notification",
            "Serious incident notified to the Panel within 5 working days of becoming aware",
            "notified",
            f"Children Act 2004 s16C(1); {guide}: see 'Notifiable incidents'",
        ),
        "rapid-review": Step(
            "rapid-review",
            "Rapid review completed and sent to the Panel within 15 working days of becoming aware",
            "rapid_review",
            f"{guide}: see 'Rapid reviews'",
        ),
        "panel-response": Step(
            "panel-response",
            "The Panel's response to the rapid review (no timescale confirmed)",
            "panel_response",
            f"{guide}: see 'Rapid reviews'; Child Safeguarding Practice Review Panel "
            "practice guidance",
        ),
        "review-decided": Step(
            "review-decided",
            "Local child safeguarding practice review commissioned",
            "review_decided",
            f"Children Act 2004 s16F; {guide}: see 'Local child safeguarding practice reviews'",
        ),
        "final-report": Step(
            "final-report",
            "Final report sent to the Panel and the Secretary of State at least 7 working "
            "days before publication",
            "final_report_sent",
            f"{guide}: see 'Publication of reports' (not confirmed from the primary text: "
            "see STATUTORY.md)",
        ),
        "publication": Step(
            "publication",
            "Local review published within 6 months of the decision to undertake it",
            "published",
            f"{guide}: see 'Local child safeguarding practice reviews'",
        ),
    }


def incident_steps(
    dates: Mapping[str, date | None],
    *,
    framework: str,
    calendar_name: str,
    as_of: date,
    decision: str | None = None,
    panel_agrees: bool | None = None,
    national_review: bool | None = None,
) -> list[StepResult]:
    """The steps of the Panel's process that apply to an incident, in order, as of ``as_of``.

    A national review taken by the Panel, or a decision not to hold a local
    review that the Panel agrees with, ends the local process at the Panel's
    response. Dates after ``as_of`` have not happened yet.
    """
    seen = {k: (v if v is not None and v <= as_of else None) for k, v in dates.items()}
    steps = _steps(framework)
    aware = seen.get("aware")
    deadlines: dict[str, date | None] = {}
    if aware is not None:
        deadlines["notification"] = add_working_days(aware, 5, calendar_name)
        deadlines["rapid-review"] = add_working_days(aware, 15, calendar_name)
    codes = list(steps)
    ends_at_panel = national_review is True or (
        decision == "no-local-review" and panel_agrees is True
    )
    if ends_at_panel:
        codes = codes[: codes.index("panel-response") + 1]
    decided = seen.get("review_decided")
    published = seen.get("published")
    if decided is not None:
        due = add_months(decided, 6)
        deadlines["publication"] = due
        last_send = published or due
        # 7 working days before publication: the day 7 working days back.
        deadlines["final-report"] = _working_days_before(last_send, 7, calendar_name)
    out: list[StepResult] = []
    for code in codes:
        step = steps[code]
        done_on = seen.get(step.field)
        due = deadlines.get(code)
        out.append(_assess(step, done_on, due, calendar_name, as_of))
    return out


def _working_days_before(end: date, n: int, calendar_name: str) -> date:
    # The latest day from which `end` is at least n working days later.
    from datetime import timedelta

    day = end
    while working_days_between(day, end, calendar_name) < n:
        day -= timedelta(days=1)
    return day


def _assess(
    step: Step, done_on: date | None, due: date | None, calendar_name: str, as_of: date
) -> StepResult:
    if due is None:
        return StepResult(step, done_on, None, "done" if done_on else "waiting", None)
    if done_on is not None:
        return StepResult(step, done_on, due, "met" if done_on <= due else "missed", None)
    if as_of <= due:
        return StepResult(step, None, due, "open", working_days_between(as_of, due, calendar_name))
    left = min(-1, working_days_between(as_of, due, calendar_name))
    return StepResult(step, None, due, "overdue", left)


def next_step(results: list[StepResult]) -> StepResult | None:
    """The first step not yet done (None when every step is done)."""
    return next((r for r in results if r.done_on is None), None)


# Who must be told of a serious incident, by framework. Looked after children:
# see STATUTORY.md (not confirmed from the primary text).
def required_notified(framework: str, looked_after: bool | None) -> list[tuple[str, ...]]:
    """Groups of `notified_to` values: at least one of each group must be recorded."""
    if framework == "wt2015":
        return [("ofsted",), ("lscb",)]
    groups: list[tuple[str, ...]] = [("panel",)]
    if looked_after:
        groups += [("ofsted",), ("secretary-of-state", "dfe")]
    return groups
