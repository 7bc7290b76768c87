"""Action RAG, exactly as FORMAT.md defines it.

``blue`` complete; ``red`` open and due before the as-of date; ``amber`` open
and due on or before as-of + ``amber_days``, or blocked; ``green`` otherwise;
cancelled actions have no RAG. "Open" is not-started, in-progress or blocked.
"""

from __future__ import annotations

from datetime import date, timedelta

from lif_cli.models import Action

OPEN_STATUSES = frozenset({"not-started", "in-progress", "blocked"})
RAG_ORDER = ("red", "amber", "green", "blue")


def is_open(action: Action) -> bool:
    return action.status in OPEN_STATUSES


def action_rag(action: Action, as_of: date, amber_days: int) -> str | None:
    """The computed RAG of one action as of a date (None when cancelled)."""
    if action.status == "cancelled":
        return None
    if action.status == "complete":
        return "blue"
    if action.due < as_of:
        return "red"
    if action.status == "blocked" or action.due <= as_of + timedelta(days=amber_days):
        return "amber"
    return "green"


def days_overdue(action: Action, as_of: date) -> int:
    """Days past due for an open action (0 when not overdue)."""
    if not is_open(action) or action.due >= as_of:
        return 0
    return (as_of - action.due).days
