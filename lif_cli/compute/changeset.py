"""The answer of ``lif changes``: events, due-date moves, items and stage changes,
and their JSON (``lif changes --format json``, the papers' changes section)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lif_cli.errors import Problem


@dataclass(frozen=True)
class Event:
    """One change made by one commit."""

    id: str
    kind: str  # action | review | audit | drilldown
    before: str | None
    after: str | None
    date: str  # YYYY-MM-DD ('' for uncommitted changes)
    author: str
    commit: str  # full sha, or 'uncommitted'

    @property
    def when(self) -> str:
        return self.date or "uncommitted"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "from": self.before,
            "to": self.after,
            "date": self.date or None,
            "author": self.author,
            "commit": self.commit,
        }


@dataclass(frozen=True)
class Slippage:
    """An action whose due date moved: by how much, how often."""

    id: str
    agency: str | None
    first_due: str | None  # the due date at the start
    due: str | None  # the due date at the end
    days: int  # net days later (negative: brought forward)
    moves: tuple[Event, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agency": self.agency,
            "from": self.first_due,
            "to": self.due,
            "days": self.days,
            "times": len(self.moves),
            "moves": [{**m.as_json(), "days": days_between(m.before, m.after)} for m in self.moves],
        }


@dataclass(frozen=True)
class Item:
    """Something added, completed, closed or presented, named by id."""

    id: str
    kind: str
    text: str | None = None
    status: str | None = None
    agency: str | None = None
    due: str | None = None
    calendar: str | None = None
    date: str | None = None  # presented date

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        for name in ("text", "status", "agency", "due", "calendar", "date"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class StageChange:
    """A review, audit or drilldown whose status differs between the ends."""

    id: str
    kind: str
    title: str | None
    before: str | None
    after: str | None
    steps: tuple[Event, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "from": self.before,
            "to": self.after,
            "steps": [s.as_json() for s in self.steps],
        }


@dataclass
class Changes:
    """Everything that changed between two points."""

    since: str  # as given
    since_commit: str | None
    since_date: str | None
    until: str
    until_commit: str | None
    until_date: str | None
    commits: int  # commits that touched the records (uncommitted step excluded)
    uncommitted: tuple[str, ...]
    shallow: bool
    notes: list[str]
    status_changes: list[Event] = field(default_factory=list)
    slippage: list[Slippage] = field(default_factory=list)
    actions_added: list[Item] = field(default_factory=list)
    actions_completed: list[Item] = field(default_factory=list)
    actions_cancelled: list[Item] = field(default_factory=list)
    actions_removed: list[Item] = field(default_factory=list)
    recommendations_added: list[Item] = field(default_factory=list)
    recommendations_closed: list[Item] = field(default_factory=list)
    recommendations_removed: list[Item] = field(default_factory=list)
    records_added: list[Item] = field(default_factory=list)
    records_removed: list[Item] = field(default_factory=list)
    stages: list[StageChange] = field(default_factory=list)
    presented: list[Item] = field(default_factory=list)
    renamed: list[Event] = field(default_factory=list)
    # errors the reader found in file versions that were skipped
    problems: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.status_changes,
                self.slippage,
                self.actions_added,
                self.actions_completed,
                self.actions_cancelled,
                self.actions_removed,
                self.recommendations_added,
                self.recommendations_closed,
                self.recommendations_removed,
                self.records_added,
                self.records_removed,
                self.stages,
                self.presented,
                self.renamed,
            )
        )

    def as_json(self) -> dict[str, Any]:
        def items(xs: Iterable[Any]) -> list[dict[str, Any]]:
            return [x.as_json() for x in xs]

        return {
            "since": {"ref": self.since, "commit": self.since_commit, "date": self.since_date},
            "until": {
                "ref": self.until,
                "commit": self.until_commit,
                "date": self.until_date,
                "uncommitted": list(self.uncommitted),
            },
            "commits": self.commits,
            "shallow": self.shallow,
            "notes": list(self.notes),
            "problems": [p.as_json() for p in self.problems],
            "status_changes": items(self.status_changes),
            "due_dates_moved": items(self.slippage),
            "actions": {
                "added": items(self.actions_added),
                "completed": items(self.actions_completed),
                "cancelled": items(self.actions_cancelled),
                "removed": items(self.actions_removed),
            },
            "recommendations": {
                "added": items(self.recommendations_added),
                "closed": items(self.recommendations_closed),
                "removed": items(self.recommendations_removed),
            },
            "records": {
                "added": items(self.records_added),
                "removed": items(self.records_removed),
            },
            "stages": items(self.stages),
            "presented": items(self.presented),
            "renamed": items(self.renamed),
        }


def days_between(a: str | None, b: str | None) -> int:
    try:
        return (date.fromisoformat(str(b)) - date.fromisoformat(str(a))).days
    except (TypeError, ValueError):
        return 0
