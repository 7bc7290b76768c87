"""Where records live in a repository: the kinds' folders, the top-level files,
and the size limit of a record file.

Only names, so that listing a repository's record files (shell completion, a
repeated ``lif validate``) needs neither pydantic nor the models. The models
(:mod:`lif_cli.models`) refuse to load if their kinds and these differ.
"""

from __future__ import annotations

# The kinds' folders, in the order their files are listed and read.
KIND_FOLDERS = (
    "reviews",
    "audits",
    "reports",
    "assessments",
    "challenges",
    "drilldowns",
    "indicators",
    "training",
    "actions",
    "incidents",
    "scrutiny",
    "national-reviews",
    "outcomes",
    "learning-events",
    "feedback",
    "risks",
    "evidence-requests",
)
# The kinds that may carry findings and recommendations (sources of actions).
SOURCE_FOLDERS = (
    "reviews",
    "audits",
    "reports",
    "assessments",
    "challenges",
    "drilldowns",
    "scrutiny",
    "national-reviews",
    "feedback",
)
# The singular noun of each kind, for messages and `lif new`.
KIND_NOUNS = {
    "reviews": "review",
    "audits": "audit",
    "reports": "report",
    "assessments": "assessment",
    "challenges": "challenge",
    "drilldowns": "drilldown",
    "indicators": "indicator",
    "training": "training",
    "actions": "action plan",
    "incidents": "incident",
    "scrutiny": "scrutiny",
    "national-reviews": "national review",
    "outcomes": "outcome",
    "learning-events": "learning event",
    "feedback": "feedback",
    "risks": "risk",
    "evidence-requests": "evidence request",
}
# Files at the repository root, by stem.
TOP_FILES = ("lif", "agencies", "groups", "calendar")

MAX_FILE_BYTES = 1_048_576  # repo.read_capped refuses larger files from their size, unread
# The suffix of the temp file a lif write goes through (``.<file>.<random>.lif-tmp``).
TEMP_SUFFIX = ".lif-tmp"
