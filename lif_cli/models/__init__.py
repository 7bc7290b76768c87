"""Pydantic models of every record kind, and which folder or file holds each."""

from __future__ import annotations

from pydantic import BaseModel

from lif_cli.layout import KIND_FOLDERS, KIND_NOUNS, SOURCE_FOLDERS, TOP_FILES

from .arrangements import Incident, NationalReview, Scrutiny
from .common import Finding, Model, Recommendation, SourceModel
from .framework import EvidenceRequest, Feedback, LearningEvent, Outcome, Risk
from .records import (
    Action,
    ActionPlan,
    AgenciesFile,
    Agency,
    Assessment,
    Audit,
    CalendarEntry,
    CalendarFile,
    ChallengeEvent,
    Drilldown,
    Group,
    GroupsFile,
    Indicator,
    Report,
    Review,
    Settings,
    Training,
)

# The folder of each record kind, and its model. Order is display order.
KIND_MODELS: dict[str, type[BaseModel]] = {
    "reviews": Review,
    "audits": Audit,
    "reports": Report,
    "assessments": Assessment,
    "challenges": ChallengeEvent,
    "drilldowns": Drilldown,
    "indicators": Indicator,
    "training": Training,
    "actions": ActionPlan,
    "incidents": Incident,
    "scrutiny": Scrutiny,
    "national-reviews": NationalReview,
    "outcomes": Outcome,
    "learning-events": LearningEvent,
    "feedback": Feedback,
    "risks": Risk,
    "evidence-requests": EvidenceRequest,
}
# Records that may carry findings and recommendations.
SOURCE_KINDS = SOURCE_FOLDERS


def source_nouns() -> str:
    """'review, audit, ... or feedback': the kinds that carry recommendations, in words."""
    nouns = [KIND_NOUNS[k] for k in SOURCE_KINDS]
    return ", ".join(nouns[:-1]) + " or " + nouns[-1]


# Files at the repository root, by stem.
TOP_MODELS: dict[str, type[BaseModel]] = {
    "lif": Settings,
    "agencies": AgenciesFile,
    "groups": GroupsFile,
    "calendar": CalendarFile,
}

if (
    tuple(KIND_MODELS) != KIND_FOLDERS
    or tuple(TOP_MODELS) != TOP_FILES
    or set(KIND_NOUNS) != set(KIND_FOLDERS)
):
    # lif_cli.layout lists the same names for code that must not import models
    raise RuntimeError("lif_cli.layout and lif_cli.models disagree on the record kinds")

__all__ = [
    "KIND_MODELS",
    "KIND_NOUNS",
    "SOURCE_KINDS",
    "TOP_MODELS",
    "Action",
    "ActionPlan",
    "AgenciesFile",
    "Agency",
    "Assessment",
    "Audit",
    "CalendarEntry",
    "CalendarFile",
    "ChallengeEvent",
    "Drilldown",
    "EvidenceRequest",
    "Feedback",
    "Finding",
    "Group",
    "GroupsFile",
    "Incident",
    "Indicator",
    "LearningEvent",
    "Model",
    "NationalReview",
    "Outcome",
    "Recommendation",
    "Report",
    "Review",
    "Risk",
    "Scrutiny",
    "Settings",
    "SourceModel",
    "Training",
    "source_nouns",
]
