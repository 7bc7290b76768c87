"""Today's multi-agency safeguarding arrangements: lif extensions beyond FORMAT.md.

The settings parts (``arrangements:``, ``transitions:``) live in lif.yaml; the
record kinds are serious incidents and the national Panel's process
(``incidents/``), independent scrutiny (``scrutiny/``) and national reviews and
Panel reports adopted locally (``national-reviews/``). Every field is
documented in docs/FORMAT-EXTENSIONS.md; the rules applied to them, with their
sources, in docs/STATUTORY.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Bool, Date, Id, IdList, Model, SourceModel, Text, many

Framework = Literal["wt2015", "wt2018", "wt2023"]
PartnerRole = Literal["local-authority", "integrated-care-board", "police"]
Notified = Literal["panel", "ofsted", "secretary-of-state", "dfe", "lscb", "other"]
LocalDecision = Literal["local-review", "no-local-review"]
ScrutinyActivity = Literal[
    "case-audit",
    "practice-observation",
    "challenge-session",
    "survey",
    "report-review",
    "voice-of-children",
    "other",
]
Publisher = Literal["panel", "dfe", "ofsted", "joint-inspectorates", "other"]


# --- lif.yaml -----------------------------------------------------------------


class Transitions(Model):
    """When the area moved from one framework to the next (lif.yaml ``transitions:``)."""

    # The date the area's safeguarding partner arrangements took effect: cases
    # begun before it stay under wt2015 (the transitional guidance).
    safeguarding_partners: Date | None = None
    # The date the partnership applies Working Together 2023 from.
    wt2023: Date | None = None


class LeadPartner(Model):
    """One of the three safeguarding partners, by its role in the area."""

    role: PartnerRole
    agency: Id  # agencies.yaml
    lead: Text | None = None  # the lead safeguarding partner, by post, never by name
    delegate: Text | None = None  # the delegated safeguarding partner, by post


class ArrangementsDocument(Model):
    """The published arrangements and when they are next to be reviewed."""

    title: Text
    url: Text | None = None
    published: Date | None = None
    review_by: Date | None = None


class Arrangements(Model):
    """lif.yaml ``arrangements:``: who the partners are and how they are held to account."""

    lead_partners: list[LeadPartner] = many()
    relevant_agencies: IdList = many()
    scrutineer: Text | None = None  # by post, never by name
    document: ArrangementsDocument | None = None


# --- incidents/ --------------------------------------------------------------------


class IncidentDates(Model):
    """Each step of the national Panel's process, in order."""

    aware: Date | None = None  # the local authority became aware of the incident
    notified: Date | None = None  # serious incident notification sent
    rapid_review: Date | None = None  # rapid review completed and sent to the Panel
    panel_response: Date | None = None  # the Panel's response received
    review_decided: Date | None = None  # partners decided to commission a local review
    final_report_sent: Date | None = None  # full report sent to the Panel and the SoS
    published: Date | None = None  # the local review's report published


INCIDENT_DATE_ORDER = (
    "aware",
    "notified",
    "rapid_review",
    "panel_response",
    "review_decided",
    "final_report_sent",
    "published",
)


class Incident(Model):
    """A serious incident notified to the Child Safeguarding Practice Review Panel."""

    id: Id
    title: Text
    case_ref: Text | None = None  # a pseudonym only
    framework: Framework | None = None  # override: the framework this case is judged by
    looked_after: Bool | None = None
    notified_to: list[Notified] = many()
    decision: LocalDecision | None = None  # the partners' view in the rapid review
    panel_agrees: Bool | None = None  # the Panel agrees with the partners' decision
    national_review: Bool | None = None  # the Panel takes a national review instead
    review: Id | None = None  # the local child safeguarding practice review (reviews/)
    closed: Bool | None = None  # nothing further to do (e.g. no review, Panel agrees)
    dates: IncidentDates = IncidentDates()
    note: Text | None = None


# --- scrutiny/, national-reviews/ ------------------------------------------------------


class Scrutiny(SourceModel):
    """An independent scrutiny activity, its findings and recommendations."""

    title: Text
    activity: ScrutinyActivity
    scrutineer: Text | None = None  # by post, never by name
    started: Date | None = None
    reported: Date | None = None
    to: Id | None = None  # the group it reported to


class NationalReview(SourceModel):
    """A national review or Panel report whose recommendations the partnership adopts."""

    title: Text
    publisher: Publisher
    published: Date
    url: Text | None = None
    adopted: Date | None = None  # the partners agreed the local recommendations
    by: Id | None = None  # the group that adopted them


CDOP_SUPPRESS_DEFAULT = 5
CdopSuppress = Annotated[int, Field(ge=0, le=100)]
