"""Models of the rest of the framework: outcomes, learning events, feedback,
risks and evidence requests (lif extensions, documented field by field in
docs/FORMAT-EXTENSIONS.md).

The founding framework names these alongside reviews and audits ("what good
looks like", the methods of learning, users' and workforce feedback, the risk
register the leadership group monitors, the board's mandate for evidence);
each is one record a file in its own folder, like every FORMAT.md kind.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Date, Id, IdList, IdRefList, Model, SourceModel, Text, many
from .records import Evaluations

Count = Annotated[int, Field(ge=0)]
OneToFive = Annotated[int, Field(ge=1, le=5)]

# --- outcomes/: "what good looks like" ----------------------------------------------------


class Measure(Model):
    """An impact measure: what would show the outcome, and the indicator that tracks it."""

    text: Text
    indicator: Id | None = None


class Outcome(Model):
    """An outcome statement for one of the partnership's priorities."""

    id: Id
    title: Text
    priority: Text | None = None  # the board priority it serves, as indicators name it
    outcome: Text  # the outcome sought for children, in their terms
    owner: Id | None = None  # the group (or agency) that holds it
    measures: list[Measure] = many()
    actions: IdRefList = many()  # contributing actions, SOURCE/A-ID


# --- learning-events/: the methods of learning -------------------------------------------

LearningEventType = Literal[
    "practitioner-event",
    "seven-minute-briefing",
    "roadshow",
    "conference",
    "workshop",
    "e-learning",
    "other",
]


class LearningEvent(Model):
    """An event (or product) that spreads learning, with who came and what they thought."""

    id: Id
    title: Text
    type: LearningEventType
    date: Date
    audience: Text | None = None
    delivered_by: Id | None = None  # agency or group
    sources: IdList = many()  # records whose learning it spreads: reviews, audits, any source
    places: Count | None = None
    attendance: dict[Id, Count] = {}  # by agency id
    evaluations: Evaluations | None = None  # the feedback scores
    note: Text | None = None


# --- feedback/: from children, families and the workforce --------------------------------

Voice = Literal["children-and-young-people", "parents-and-carers", "workforce", "mixed"]
FeedbackMethod = Literal[
    "survey",
    "consultation",
    "young-peoples-group",
    "practitioner-survey",
    "focus-group",
    "complaints-and-compliments",
    "other",
]


class Theme(Model):
    theme: Text
    count: Count | None = None  # how many respondents raised it


class Quote(Model):
    text: Text  # checked by the personal-data guard like any free text
    theme: Text | None = None


class FeedbackDates(Model):
    collected: Date | None = None  # when the survey or consultation closed
    presented: Date | None = None  # when it was presented to a group


class Feedback(SourceModel):
    """Feedback recorded in aggregate: numbers, themes, quotes; a source of recommendations."""

    title: Text
    voice: Voice
    method: FeedbackMethod
    to: Id | None = None  # the group it was presented to
    agencies: IdList = many()  # the agencies whose services it covers
    respondents: Count | None = None
    dates: FeedbackDates = FeedbackDates()
    themes: list[Theme] = many()
    quotes: list[Quote] = many()


# --- risks/: the risk register ------------------------------------------------------------

Direction = Literal["up", "down", "same", "new"]


class Risk(Model):
    """One risk on the register the leadership group monitors."""

    id: Id
    title: Text  # the risk, in a line
    description: Text | None = None
    owner: Id  # the agency or group that owns it
    status: Literal["open", "closed"] = "open"
    likelihood: OneToFive
    impact: OneToFive
    controls: list[Text] = many()
    actions: IdRefList = many()  # mitigating actions from the plan, SOURCE/A-ID
    reviewed: Date | None = None  # the last review
    next_review: Date | None = None
    direction: Direction | None = None  # since the last review


# --- evidence-requests/: the board's mandate for evidence -----------------------------------


class Answer(Model):
    date: Date
    record: Id | None = None  # the record that answered it (an audit, a report, ...)
    note: Text | None = None


class EvidenceRequest(Model):
    """A request for evidence to one agency: what, why, by when; chased; answered."""

    id: Id
    title: Text | None = None
    to: Id  # the agency asked
    requested_by: Id | None = None  # the board or a group
    requested: Date
    what: Text
    why: Text | None = None
    due: Date
    chased: list[Date] = many()
    answered: Answer | None = None
    withdrawn: Date | None = None
