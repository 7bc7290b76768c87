"""Models of every record kind, named exactly as FORMAT.md names them.

Optional fields lif adds beyond FORMAT.md are marked "lif extension" and
documented in docs/FORMAT-EXTENSIONS.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from lif_cli.statutory import DEFAULT_S11_STANDARDS

from .additions import Cascade, Practitioners, TriggerDecision
from .arrangements import (
    CDOP_SUPPRESS_DEFAULT,
    Arrangements,
    CdopSuppress,
    Framework,
    Transitions,
)
from .common import (
    Bool,
    Date,
    Id,
    IdList,
    IdRefList,
    Model,
    Number,
    SourceModel,
    Text,
    describe,
    many,
)

Sector = Literal[
    "local-authority", "police", "health", "education", "probation", "voluntary", "other"
]
ReviewType = Literal[
    "serious-case-review",
    "child-safeguarding-practice-review",
    "rapid-review",
    "child-death-review",
    "learning-review",
    "multi-agency-review",
]
ReviewStatus = Literal[
    "referred",
    "decided",
    "in-progress",
    "report-received",
    "published",
    "closed",
    "not-progressed",
]
Known = Literal["known", "suspected", "none"]
DisseminationActivity = Literal[
    "briefing",
    "training-updated",
    "roadshow",
    "poster",
    "practice-briefing",
    "slides",
    "published",
    "other",
]
AuditType = Literal["multi-agency", "single-agency"]
SINGLE_AGENCY_AREAS = (
    "school-self-audit",
    "early-years",
    "childrens-services-qa",
    "public-health-daat",
    "health-qa",
    "other",
)
AuditTrigger = Literal[
    "performance-data",
    "emerging-concern",
    "review",
    "board-priority",
    "agency-request",
    "calendar",
]
AuditStatus = Literal["planned", "in-progress", "reported", "closed"]
Rating = Literal["met", "partially-met", "not-met"]
DrilldownStatus = Literal["open", "responded", "closed"]
Level = Literal["surveillance", "priority"]
Better = Literal["lower", "higher"]
ActionStatus = Literal["not-started", "in-progress", "complete", "blocked", "cancelled"]
Rag = Literal["red", "amber", "green", "blue"]
PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"


def _month(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise PydanticCustomError(
            "lif_month",
            "expected a month number 1 to 12, found {found}",
            {"found": describe(value)},
        )
    return value


Month = Annotated[
    int, PlainValidator(_month), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 12})
]


# --- lif.yaml -----------------------------------------------------------------


class Standard(Model):
    id: Id
    title: Text
    # lif extension: the business years (by their first calendar year) the
    # standard applies to; absent means every year
    from_year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    to_year: Annotated[int, Field(ge=1900, le=2200)] | None = None

    def applies_in(self, year: int) -> bool:
        """Whether an assessment of ``year`` is checked against this standard."""
        return (self.from_year is None or self.from_year <= year) and (
            self.to_year is None or year <= self.to_year
        )


def _default_standards() -> list[Standard]:
    return [Standard(id=i, title=t) for i, t in DEFAULT_S11_STANDARDS]


# lif extension: the controlled list of themes a source's `themes:` draws from,
# written into lif.yaml by `lif init` and used when lif.yaml has no `themes:`.
DEFAULT_THEMES: tuple[tuple[str, str], ...] = (
    ("neglect", "Neglect"),
    ("domestic-abuse", "Domestic abuse"),
    ("parental-mental-health", "Parental mental health"),
    ("parental-substance-misuse", "Parental substance misuse"),
    ("child-sexual-exploitation", "Child sexual exploitation"),
    ("criminal-exploitation", "Child criminal exploitation"),
    ("online-harm", "Online harm"),
    ("sudi", "Sudden unexpected death in infancy"),
    ("sexual-abuse", "Child sexual abuse"),
    ("physical-abuse", "Physical abuse"),
    ("emotional-abuse", "Emotional abuse"),
    ("self-harm-suicide", "Self-harm and suicide"),
    ("disability", "Children with disabilities"),
    ("adolescents", "Adolescents at risk"),
    ("missing-children", "Children missing from home, care or education"),
    ("safer-sleep", "Safer sleeping"),
    ("non-accidental-injury", "Non-accidental injury in infants"),
    ("information-sharing", "Information sharing between agencies"),
)


class Theme(Model):
    """A theme reviews, audits and other sources can be tagged with (lif extension)."""

    id: Id
    title: Text


def _default_themes() -> list[Theme]:
    return [Theme(id=i, title=t) for i, t in DEFAULT_THEMES]


class DisseminationDutySetting(Model):
    """A local dissemination duty: discharged by any of ``activities``."""

    id: Id
    title: Text
    activities: Annotated[list[DisseminationActivity], Field(min_length=1)]


class ReportSettings(Model):
    """lif extension: how papers are made."""

    # a .docx inside the records repository whose styles, header and cover page
    # Word papers are written into (docs/reports-and-history.md)
    docx_template: Text | None = None


# A web address: http(s) only, so a link built from it can never run script.
WEB_ADDRESS_PATTERN = r"^https?://[^\s<>\"']+$"


class SiteSettings(Model):
    """lif extension: settings of the static site `lif site` writes."""

    # The address a record's repository-relative path is appended to, making its
    # "edit this record" link, e.g. https://github.com/ORG/REPO/edit/main/
    repo_url: Annotated[str, Field(pattern=WEB_ADDRESS_PATTERN)] | None = None


class Settings(Model):
    """lif.yaml: the partnership's settings; marks the repository root."""

    partnership: Text
    short_name: Text | None = None
    framework: Framework = "wt2023"
    year_start_month: Month = 4
    holidays: Literal["england", "wales", "scotland", "northern-ireland", "none"] = "england"
    amber_days: Annotated[int, Field(ge=0, le=365)] = 30
    s11_standards: list[Standard] = Field(default_factory=_default_standards)
    # lif extension: how the personal-data guard reports (warning by default)
    personal_data: Literal["warning", "error", "off"] = "warning"
    # lif extension: the local duties to spread learning once a review is
    # published (default: statutory.DISSEMINATION_DUTIES)
    dissemination_duties: list[DisseminationDutySetting] | None = None
    # lif extension: how papers are made (a house template for Word papers)
    reports: ReportSettings | None = None
    # lif extension: the controlled list for sources' `themes:` (default DEFAULT_THEMES)
    themes: list[Theme] = Field(default_factory=_default_themes)
    # lif extension: when the area moved to each framework (per-case frameworks)
    transitions: Transitions | None = None
    # lif extension: the safeguarding partners' arrangements (WT2018, WT2023)
    arrangements: Arrangements | None = None
    # lif extension: child death counts from 1 to this minus 1 are suppressed in papers
    cdop_suppress_below: CdopSuppress = CDOP_SUPPRESS_DEFAULT
    # lif extension: settings of `lif site` (the edit-this-record links)
    site: SiteSettings | None = None


# --- agencies.yaml, groups.yaml, calendar.yaml -----------------------------------


class Agency(Model):
    id: Id
    name: Text
    sector: Sector | None = None


class AgenciesFile(Model):
    agencies: list[Agency] = many()


class Group(Model):
    id: Id
    name: Text
    parent: Id | None = None


class GroupsFile(Model):
    groups: list[Group] = many()


class CalendarEntry(Model):
    id: Id
    title: Text
    from_: Id | None = Field(default=None, alias="from")
    to: Id
    months: Annotated[list[Month], Field(min_length=1)]
    every_years: Annotated[int, Field(ge=1, le=10)] = 1
    start_year: Annotated[int, Field(ge=1900, le=2200)] | None = None


class CalendarFile(Model):
    entries: list[CalendarEntry] = many()


# --- sources ---------------------------------------------------------------------------


class Criteria(Model):
    abuse_or_neglect: Known | None = None
    child_died: Bool | None = None
    seriously_harmed: Bool | None = None
    concern_about_working_together: Bool | None = None
    died_in_custody: Bool | None = None


REVIEW_DATE_ORDER = ("referred", "decided", "started", "report_received", "published")


class ReviewDates(Model):
    aware: Date | None = None
    notified: Date | None = None
    rapid_review: Date | None = None
    referred: Date | None = None
    decided: Date | None = None
    started: Date | None = None
    report_received: Date | None = None
    published: Date | None = None


def _modifiable(value: object) -> bool | str:
    if isinstance(value, bool) or value == "unknown":
        return value  # type: ignore[return-value]
    raise PydanticCustomError(
        "lif_modifiable",
        "expected true, false or unknown, found {found}",
        {"found": describe(value)},
    )


class Cdop(Model):
    category: Annotated[int, Field(ge=1, le=10)] | None = None
    modifiable: (
        Annotated[
            bool | str,
            PlainValidator(_modifiable),
            WithJsonSchema({"enum": [True, False, "unknown"]}),
        ]
        | None
    ) = None


class Dissemination(Model):
    activity: DisseminationActivity
    date: Date | None = None
    note: Text | None = None


class Review(SourceModel):
    type: ReviewType
    # lif extension: the framework this case is judged by (default: derived from its dates)
    framework: Framework | None = None
    title: Text
    case_ref: Text | None = None
    status: ReviewStatus
    commissioned_by: Id | None = None
    lead_reviewer: Text | None = None
    independent: Bool | None = None
    criteria: Criteria | None = None
    dates: ReviewDates = ReviewDates()
    cdop: Cdop | None = None
    dissemination: list[Dissemination] = many()
    # lif extension: each agency's confirmation that it cascaded the learning
    cascade: list[Cascade] = many()


class Sampling(Model):
    method: Literal["random", "purposive"] | None = None
    cases: Annotated[int, Field(ge=0)] | None = None


class AuditDates(Model):
    planned: Date | None = None
    started: Date | None = None
    presented: Date | None = None


class Grades(Model):
    outstanding: Annotated[int, Field(ge=0)] | None = None
    good: Annotated[int, Field(ge=0)] | None = None
    requires_improvement: Annotated[int, Field(ge=0)] | None = Field(
        default=None, alias="requires-improvement"
    )
    inadequate: Annotated[int, Field(ge=0)] | None = None


class Audit(SourceModel):
    type: AuditType
    area: Text | None = None
    title: Text
    trigger: AuditTrigger | None = None
    triggered_by: IdRefList = many()
    requested_by: Id | None = None
    agencies: IdList = many()
    sampling: Sampling | None = None
    status: AuditStatus
    calendar: Id | None = None
    dates: AuditDates = AuditDates()
    grades: Grades | None = None
    # lif extensions: who took part, and the QA group's decision on the trigger
    practitioners: Practitioners | None = None
    trigger_decision: TriggerDecision | None = None


class Report(SourceModel):
    title: Text
    from_: Id | None = Field(default=None, alias="from")
    to: Id | None = None
    calendar: Id | None = None
    presented: Date | None = None


class StandardRating(Model):
    standard: Id
    rating: Rating
    evidence: Text | None = None


class Assessment(SourceModel):
    agency: Id
    year: Annotated[int, Field(ge=1900, le=2200)]
    title: Text | None = None  # lif extension
    calendar: Id | None = None
    presented: Date | None = None
    standards: list[StandardRating] = many()


class Challenge(Model):
    to: Id
    by: Id | None = None
    question: Text
    response: Text | None = None


class ChallengeEvent(SourceModel):
    date: Date
    title: Text | None = None  # lif extension
    agencies: IdList = many()
    challenges: list[Challenge] = many()


class Question(Model):
    id: Id
    text: Text
    to: Id
    due: Date | None = None
    response: Text | None = None
    responded: Date | None = None


class Drilldown(SourceModel):
    raised: Date
    title: Text | None = None  # lif extension
    raised_by: Id | None = None
    indicators: IdList = many()
    status: DrilldownStatus
    questions: list[Question] = many()


# --- indicators, training -------------------------------------------------------------


class IndicatorValue(Model):
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)]
    value: Number


class Indicator(Model):
    id: Id
    title: Text
    level: Level | None = None
    priority: Text | None = None
    agency: Id | None = None
    unit: Text | None = None
    better: Better
    target: Number | None = None
    tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    values: list[IndicatorValue] = many()


class Evaluations(Model):
    responses: Annotated[int, Field(ge=0)] | None = None
    excellent: Annotated[int, Field(ge=0)] | None = None
    good: Annotated[int, Field(ge=0)] | None = None
    satisfactory: Annotated[int, Field(ge=0)] | None = None
    poor: Annotated[int, Field(ge=0)] | None = None


class Impact(Model):
    date: Date | None = None
    method: Text | None = None
    finding: Text


class Training(Model):
    id: Id
    title: Text
    calendar: Id | None = None
    presented: Date | None = None
    courses: Annotated[int, Field(ge=0)] | None = None
    places: Annotated[int, Field(ge=0)] | None = None
    attended: Annotated[int, Field(ge=0)] | None = None
    evaluations: Evaluations | None = None
    impact: list[Impact] = many()


# --- action plans ---------------------------------------------------------------------


class Approval(Model):
    by: Id | None = None
    date: Date | None = None


class Update(Model):
    date: Date
    status: ActionStatus | None = None
    note: Text | None = None


class Action(Model):
    id: Id
    recommendation: Annotated[IdList, Field(min_length=1)]
    text: Text
    agency: Id
    owner: Text | None = None
    due: Date
    status: ActionStatus
    completed: Date | None = None
    evidence: Text | None = None
    impact: Text | None = None
    rag: Rag | None = None
    updates: list[Update] = many()


class ActionPlan(Model):
    source: Id
    approved: Approval | None = None
    actions: Annotated[list[Action], Field(min_length=1)]
