"""The statutory rules behind lif's checks: timescales, review criteria, fixed lists.

Every rule names its source. Working Together to Safeguard Children is cited as
WT2015, WT2018 or WT2023 with its chapter; a paragraph is given only where it is
known, otherwise the citation says "see" and names the part of the guidance.
Nothing here reads files or the clock: dates and settings come in as arguments.
Working days and months are counted by lif_cli.working_days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from lif_cli.working_days import add_months, add_working_days, working_days_between

FRAMEWORKS: tuple[str, ...] = ("wt2015", "wt2018", "wt2023")


# --------------------------------------------------------------------------
# Statutory timescales
# --------------------------------------------------------------------------

# Review types (FORMAT.md reviews/ `type`) that each timescale applies to.
_NOTIFIABLE_TYPES = ("serious-case-review", "child-safeguarding-practice-review", "rapid-review")
_COMPLETED_TYPES = ("serious-case-review", "child-safeguarding-practice-review")


@dataclass(frozen=True)
class Timescale:
    """One statutory timescale: `end` should be recorded by the deadline counted from `start`.

    `start` and `end` are names of fields in a review's `dates`. Exactly one of
    `working_days` and `months` is set.
    """

    code: str
    title: str
    start: str
    end: str
    working_days: int | None
    months: int | None
    source: str
    applies_to: tuple[str, ...]


_NOTIFY_WT2015 = Timescale(
    code="notification",
    title="Notifiable incident reported to Ofsted and the LSCB within 5 working days",
    start="aware",
    end="notified",
    working_days=5,
    months=None,
    source=(
        "Working Together to Safeguard Children 2015, ch 4: see 'Notifiable incidents' "
        "(the local authority should report any incident that meets the criteria to "
        "Ofsted and the relevant LSCB promptly, and within five working days of "
        "becoming aware that the incident has occurred)"
    ),
    applies_to=_NOTIFIABLE_TYPES,
)

_SCR_COMPLETE_WT2015 = Timescale(
    code="completion",
    title="Serious case review completed within 6 months of the decision to initiate it",
    start="decided",
    end="report_received",
    working_days=None,
    months=6,
    source=(
        "Working Together to Safeguard Children 2015, ch 4: see 'Serious case reviews' "
        "(LSCBs should aim for completion within six months of initiating the SCR)"
    ),
    applies_to=_COMPLETED_TYPES,
)


def _notify_panel(wt: str, chapter: int) -> Timescale:
    return Timescale(
        code="notification",
        title=(
            "Serious incident notified to the Child Safeguarding Practice Review Panel "
            "within 5 working days"
        ),
        start="aware",
        end="notified",
        working_days=5,
        months=None,
        source=(
            f"Children Act 2004 s16C(1); Working Together to Safeguard Children {wt}, "
            f"ch {chapter}: see 'Notifiable incidents' (within five working days of "
            "becoming aware of the incident)"
        ),
        applies_to=_NOTIFIABLE_TYPES,
    )


def _rapid_review(wt: str, chapter: int) -> Timescale:
    # Working Together words this as 15 working days "of becoming aware of the
    # incident"; the records contract (FORMAT.md, reviews/) counts from the
    # notification, and lif follows the contract. The contract's reading is
    # the more lenient one by at most the 5 notification days.
    return Timescale(
        code="rapid-review",
        title="Rapid review completed within 15 working days of the notification",
        start="notified",
        end="rapid_review",
        working_days=15,
        months=None,
        source=(
            f"Working Together to Safeguard Children {wt}, ch {chapter}: see 'Rapid reviews' "
            "(15 working days; the guidance counts from becoming aware of the incident, "
            "lif from the notification as the records contract says)"
        ),
        applies_to=_NOTIFIABLE_TYPES,
    )


def _practice_review_complete(wt: str, chapter: int) -> Timescale:
    return Timescale(
        code="completion",
        title="Practice review completed and published within 6 months of the decision",
        start="decided",
        end="published",
        working_days=None,
        months=6,
        source=(
            f"Working Together to Safeguard Children {wt}, ch {chapter}: see 'Local child "
            "safeguarding practice reviews' (completed and published within six months "
            "of the decision to undertake the review)"
        ),
        applies_to=_COMPLETED_TYPES,
    )


# WT2018 sets these rules in ch 4 ("Improving child protection and safeguarding
# practice"); WT2023 moved them to ch 5 ("Learning from serious child
# safeguarding incidents").
TIMESCALES: dict[str, tuple[Timescale, ...]] = {
    "wt2015": (_NOTIFY_WT2015, _SCR_COMPLETE_WT2015),
    "wt2018": (
        _notify_panel("2018", 4),
        _rapid_review("2018", 4),
        _practice_review_complete("2018", 4),
    ),
    "wt2023": (
        _notify_panel("2023", 5),
        _rapid_review("2023", 5),
        _practice_review_complete("2023", 5),
    ),
}

TimescaleState = Literal["met", "missed", "open", "overdue", "not-started"]


@dataclass(frozen=True)
class TimescaleResult:
    """How one review stands against one timescale as of a date.

    `deadline` is None only when the start date is not recorded (`not-started`).
    `working_days_left` is set for `open` (0 on the deadline itself) and
    `overdue` (always negative) and None otherwise.
    """

    timescale: Timescale
    start_date: date | None
    deadline: date | None
    met_on: date | None
    state: TimescaleState
    working_days_left: int | None


def _check_framework(framework: str) -> None:
    if framework not in FRAMEWORKS:
        raise ValueError(
            f"unknown framework {framework!r}; valid frameworks are: {', '.join(FRAMEWORKS)}"
        )


def deadline(t: Timescale, start_date: date, calendar_name: str) -> date:
    """The date by which `t` must be met when it runs from `start_date`."""
    if t.working_days is not None:
        return add_working_days(start_date, t.working_days, calendar_name)
    if t.months is not None:
        return add_months(start_date, t.months)
    raise ValueError(f"timescale {t.code!r} sets neither working_days nor months")


def timescale_status(
    review_type: str,
    dates: Mapping[str, date | None],
    framework: str,
    calendar_name: str,
    as_of: date,
) -> list[TimescaleResult]:
    """Each timescale of `framework` that applies to `review_type`, assessed as of `as_of`.

    `dates` is a review's `dates` mapping. A review type no timescale applies to
    gives an empty list. Raises ValueError for an unknown framework or calendar.
    """
    _check_framework(framework)
    results: list[TimescaleResult] = []
    for t in TIMESCALES[framework]:
        if review_type not in t.applies_to:
            continue
        start_date = dates.get(t.start)
        met_on = dates.get(t.end)
        if start_date is None:
            results.append(TimescaleResult(t, None, None, met_on, "not-started", None))
            continue
        due = deadline(t, start_date, calendar_name)
        state: TimescaleState
        left: int | None = None
        if met_on is not None:
            state = "met" if met_on <= due else "missed"
        elif as_of <= due:
            state = "open"
            left = working_days_between(as_of, due, calendar_name)
        else:
            state = "overdue"
            # A deadline missed over a weekend or holiday has no working day
            # after it yet; -1 keeps the sign in step with the state.
            left = min(-1, working_days_between(as_of, due, calendar_name))
        results.append(TimescaleResult(t, start_date, due, met_on, state, left))
    return results


# --------------------------------------------------------------------------
# Statutory criteria for a review
# --------------------------------------------------------------------------

# Source of the SCR test: Local Safeguarding Children Boards Regulations 2006
# reg 5(1)(e) and 5(2), quoted in WT2015 ch 4 (see "Serious case reviews"),
# which adds that an SCR should always be carried out when a child dies in
# custody (police custody, on remand or sentenced, a YOI, secure training
# centre or secure children's home) or detained under mental health law.
_SCR_TEST = "the SCR test (LSCB Regulations 2006 reg 5(2))"
# Source of the serious-incident test: Children Act 2004 s16C(1), inserted by
# the Children and Social Work Act 2017 (see also s16A(3) for "serious child
# safeguarding cases"); WT2018 ch 4 and WT2023 ch 5.
_INCIDENT_TEST = "the serious incident test (Children Act 2004 s16C)"

_SCR_REPLACED = (
    "serious case reviews were replaced by child safeguarding practice reviews under wt2018; "
    "use child-safeguarding-practice-review"
)
_CSPR_TOO_EARLY = (
    "child safeguarding practice reviews began with wt2018; under wt2015 use serious-case-review"
)


def _is_true(value: object) -> bool:
    # Only a real YAML true counts: "yes" as a string is not evidence.
    return value is True


def _abuse_or_neglect(criteria: Mapping[str, object]) -> bool:
    return criteria.get("abuse_or_neglect") in ("known", "suspected")


def _unmet(test: str, reason: str) -> list[str]:
    return [f"criteria do not meet {test}: {reason}"]


_NO_ABUSE = "abuse or neglect is not known or suspected"
_NO_HARM = "the child neither died nor was seriously harmed"


def _scr_problems(criteria: Mapping[str, object]) -> list[str]:
    if _is_true(criteria.get("died_in_custody")):
        return []
    if not _abuse_or_neglect(criteria):
        return _unmet(_SCR_TEST, _NO_ABUSE)
    if _is_true(criteria.get("child_died")):
        return []
    if not _is_true(criteria.get("seriously_harmed")):
        return _unmet(_SCR_TEST, _NO_HARM)
    if not _is_true(criteria.get("concern_about_working_together")):
        return _unmet(
            _SCR_TEST,
            "the child was seriously harmed but no concern about how agencies worked "
            "together is recorded",
        )
    return []


def _incident_problems(criteria: Mapping[str, object]) -> list[str]:
    if not _abuse_or_neglect(criteria):
        return _unmet(_INCIDENT_TEST, _NO_ABUSE)
    if not (_is_true(criteria.get("child_died")) or _is_true(criteria.get("seriously_harmed"))):
        return _unmet(_INCIDENT_TEST, _NO_HARM)
    return []


# Which statutory test each review type is held to. The test follows the type,
# not the framework: an SCR recorded under wt2018 is still judged by the SCR
# regulations it was run under (and separately warned about). A rapid review
# follows a notified serious incident, so it meets the s16C test.
_TESTS = {
    "serious-case-review": _scr_problems,
    "child-safeguarding-practice-review": _incident_problems,
    "rapid-review": _incident_problems,
}


CRITERIA_NOT_RECORDED = "statutory criteria are not recorded"


def criteria_problems(
    review_type: str, criteria: Mapping[str, object], framework: str
) -> list[str]:
    """Plain-English warnings about a review's type and `criteria` under `framework`.

    Review types with no statutory test (learning reviews, child death reviews,
    ...) give no warnings. Raises ValueError for an unknown framework.
    """
    _check_framework(framework)
    problems: list[str] = []
    if review_type == "serious-case-review" and framework != "wt2015":
        problems.append(_SCR_REPLACED)
    if review_type == "child-safeguarding-practice-review" and framework == "wt2015":
        problems.append(_CSPR_TOO_EARLY)
    test = _TESTS.get(review_type)
    if test is None:
        return problems
    if not criteria:
        problems.append(CRITERIA_NOT_RECORDED)
    else:
        problems.extend(test(criteria))
    return problems


# --------------------------------------------------------------------------
# Fixed lists
# --------------------------------------------------------------------------

# Categories of death, numbered as on the CDOP analysis form (WT2015 ch 5,
# child death reviews; see the DfE child death analysis form). Text as in
# FORMAT.md, reviews/.
CDOP_CATEGORIES: dict[int, str] = {
    1: "deliberately inflicted injury, abuse or neglect",
    2: "suicide or deliberate self-inflicted harm",
    3: "trauma and other external factors",
    4: "malignancy",
    5: "acute medical or surgical condition",
    6: "chronic medical condition",
    7: "chromosomal, genetic and congenital anomalies",
    8: "perinatal/neonatal event",
    9: "infection",
    10: "sudden unexpected, unexplained death",
}

# The default lif.yaml `s11_standards`: the eight key features of the
# arrangements agencies make under Children Act 2004 s11, from "Statutory
# guidance on making arrangements to safeguard and promote the welfare of
# children under section 11 of the Children Act 2004" (DfES, 2007), ch 2
# (WT2015 ch 2 para 4 words its own list differently). Wording as in
# FORMAT.md, lif.yaml.
DEFAULT_S11_STANDARDS: tuple[tuple[str, str], ...] = (
    ("S1", "Senior management commitment to safeguarding and promoting children's welfare"),
    (
        "S2",
        "A clear statement of the agency's responsibilities towards children, "
        "available to all staff",
    ),
    ("S3", "A clear line of accountability for safeguarding"),
    (
        "S4",
        "Service development that takes account of the need to safeguard, "
        "informed by children's views",
    ),
    ("S5", "Safeguarding training for all staff who work with or are in contact with children"),
    ("S6", "Safer recruitment and vetting"),
    ("S7", "Effective inter-agency working"),
    ("S8", "Effective information sharing"),
)


class DisseminationDuty(NamedTuple):
    """A minimum dissemination duty and the `dissemination` activities that discharge it."""

    code: str
    title: str
    satisfying_activities: frozenset[str]


class DutyStatus(NamedTuple):
    """Whether one dissemination duty has been discharged."""

    code: str
    title: str
    done: bool


# The board's minimum duties once an SCR is published: NSCB Learning and
# Improvement Framework s3.1.1 "Learning from SCRs", part 2 "NSCB
# Responsibilities" (publish the report and notify partners; then a) to d)).
# Activities are the FORMAT.md reviews/ `dissemination` values.
DISSEMINATION_DUTIES: tuple[DisseminationDuty, ...] = (
    DisseminationDuty(
        "published",
        "Publish the report and notify partners",
        frozenset({"published"}),
    ),
    DisseminationDuty(
        "training-reviewed",
        "Review training programmes and build in the key learning",  # a)
        frozenset({"training-updated"}),
    ),
    DisseminationDuty(
        "awareness",
        "Raise awareness with roadshows, posters or briefings",  # b)
        frozenset({"roadshow", "poster", "briefing"}),
    ),
    DisseminationDuty(
        "practice-briefing",
        "Deliver multi-agency practice briefings",  # c)
        frozenset({"practice-briefing"}),
    ),
    DisseminationDuty(
        "slides",
        "Publish slides summarising the practice episodes and learning",  # d)
        frozenset({"slides"}),
    ),
)


def duties_from_settings(settings: object) -> tuple[DisseminationDuty, ...]:
    """The repository's dissemination duties: lif.yaml's, else the defaults."""
    configured = getattr(settings, "dissemination_duties", None)
    if not configured:
        return DISSEMINATION_DUTIES
    return tuple(DisseminationDuty(d.id, d.title, frozenset(d.activities)) for d in configured)


def dissemination_status(
    activities: Iterable[str], duties: Iterable[DisseminationDuty] | None = None
) -> list[DutyStatus]:
    """Each dissemination duty, in order, and whether `activities` discharge it.

    `duties` defaults to DISSEMINATION_DUTIES; pass duties_from_settings(settings)
    so a partnership's own list in lif.yaml applies.
    """
    done = set(activities)
    return [
        DutyStatus(duty.code, duty.title, not duty.satisfying_activities.isdisjoint(done))
        for duty in (DISSEMINATION_DUTIES if duties is None else duties)
    ]


def dissemination_gaps(
    activities: Iterable[str], duties: Iterable[DisseminationDuty] | None = None
) -> list[str]:
    """Titles of the dissemination duties that `activities` leave undone."""
    return [s.title for s in dissemination_status(activities, duties) if not s.done]
