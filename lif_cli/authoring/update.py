"""``lif update``: find an action and plan the edit of its lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lif_cli import filewrite, yamledit
from lif_cli.authoring.transaction import FileChange
from lif_cli.errors import LifError, UsageError
from lif_cli.loader import Records
from lif_cli.model_errors import did_you_mean
from lif_cli.models.records import ActionStatus

ACTION_STATUSES: tuple[str, ...] = ActionStatus.__args__  # type: ignore[attr-defined]
OPEN_STATUSES = frozenset({"not-started", "in-progress", "blocked"})


def resolve_action(records: Records, ref: str) -> tuple[str, str, str, Any]:
    """``SOURCE/A-ID`` -> (plan file, source id, action id, action); UsageError if unknown.

    Ids match case-insensitively (they are unique that way), reported as written
    in the records.
    """
    source_id, sep, action_id = ref.partition("/")
    if not sep or not source_id or not action_id or "/" in action_id:
        raise UsageError(
            f"'{ref}' is not an action reference",
            hint="write SOURCE-ID/ACTION-ID, e.g. SCR-2016-01/A3 (see 'lif plan')",
        )
    plans = records.plans
    if source_id not in plans:
        lowered = {k.lower(): k for k in plans}
        if source_id.lower() in lowered:
            source_id = lowered[source_id.lower()]
        else:
            broken = [
                rf.file
                for rf in records.by_kind["actions"]
                if rf.model is None and rf.stem.lower() == source_id.lower()
            ]
            if broken:
                first = next((p for p in records.problems if p.file == broken[0]), None)
                why = f" (line {first.line}: {first.message})" if first and first.line else ""
                raise LifError(
                    f"{broken[0]} has errors, so lif cannot update it{why}",
                    hint="run 'lif validate' and fix the file first",
                    exit_code=1,
                )
            guess = did_you_mean(source_id, plans)
            if source_id in records.by_id:
                hint = f"start one with 'lif new plan --source {source_id}'"
                raise UsageError(f"{source_id} has no action plan", hint=hint)
            raise UsageError(
                f"there is no action plan for '{source_id}'",
                hint=f"did you mean '{guess}/{action_id}'?" if guess else "see 'lif plan'",
            )
    rf = plans[source_id]
    actions = {a.id: a for a in rf.model.actions}
    if action_id not in actions:
        lowered = {k.lower(): k for k in actions}
        if action_id.lower() in lowered:
            action_id = lowered[action_id.lower()]
        else:
            guess = did_you_mean(action_id, actions)
            raise UsageError(
                f"{rf.file} has no action '{action_id}'",
                hint=f"did you mean '{source_id}/{guess}'?"
                if guess
                else "its actions: " + ", ".join(actions),
            )
    return rf.file, source_id, action_id, actions[action_id]


@dataclass(frozen=True)
class ActionChanges:
    """What a user asked to change in one action (None: leave as it is)."""

    status: str | None = None
    note: str | None = None
    evidence: str | None = None
    impact: str | None = None
    due: date | None = None
    completed: date | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in vars(self).values())


def latest_update(action: Any) -> Any | None:
    """The update with the latest date (the last written wins a tie), as `lif plan` shows."""
    latest = None
    for u in action.updates:
        if latest is None or u.date >= latest.date:
            latest = u
    return latest


def same_text(a: str | None, b: str | None) -> bool:
    """Equal as a reader sees them: line endings and surrounding blanks aside.

    A spreadsheet cell loses a block scalar's final line break; that is no change.
    """

    def norm(t: str | None) -> str:
        return (t or "").replace("\r\n", "\n").strip()

    return norm(a) == norm(b)


def action_edit(action: Any, changes: ActionChanges, as_of: date) -> yamledit.ActionEdit | None:
    """The edit that carries ``changes`` into ``action``, or None if nothing would change.

    Sets each changed field, sets ``completed`` (the as-of date unless given) when
    the status becomes complete, and appends one dated entry to ``updates``.
    """
    if changes.status is not None and changes.status not in ACTION_STATUSES:
        raise UsageError(
            f"'{changes.status}' is not an action status",
            hint="use one of: " + ", ".join(ACTION_STATUSES),
        )
    fields: dict[str, Any] = {}
    words: list[str] = []
    if changes.status is not None and changes.status != action.status:
        fields["status"] = changes.status
    if changes.due is not None and changes.due != action.due:
        fields["due"] = changes.due
        words.append(f"due date moved to {changes.due.isoformat()}")
    completed = changes.completed
    if completed is None and fields.get("status") == "complete" and action.completed is None:
        completed = as_of
    if completed is not None and completed != action.completed:
        fields["completed"] = completed
    elif (
        changes.completed is None
        and fields.get("status") in OPEN_STATUSES
        and action.completed is not None
    ):
        # reopened: a completed date would now be wrong
        fields["completed"] = yamledit.REMOVE
        words.append("reopened")
    if changes.evidence is not None and not same_text(changes.evidence, action.evidence):
        fields["evidence"] = changes.evidence
        words.append("evidence recorded")
    if changes.impact is not None and not same_text(changes.impact, action.impact):
        fields["impact"] = changes.impact
        words.append("impact recorded")
    # A note already among the updates is not new: a sheet exported before the
    # last update (or imported twice) must not add it again.
    note = changes.note
    if note is not None and any(same_text(note, u.note) for u in action.updates):
        note = None
    if not fields and note is None:
        return None
    entry: dict[str, Any] = {"date": as_of}
    if "status" in fields:
        entry["status"] = fields["status"]
    if note is not None:
        entry["note"] = note
    elif words:
        text = "; ".join(words)
        entry["note"] = text[0].upper() + text[1:]
    return yamledit.ActionEdit(action.id, fields, entry)


def describe_edit(edit: yamledit.ActionEdit, source_id: str) -> str:
    """One line naming the action and what changes, e.g. for a commit message."""
    parts = []
    for key, value in edit.set_fields.items():
        if value is yamledit.REMOVE:
            parts.append(f"{key} removed")
        elif key in ("evidence", "impact"):
            parts.append(key)
        else:
            shown = value.isoformat() if isinstance(value, date) else value
            parts.append(f"{key} {shown}")
    if edit.append_update and "note" in edit.append_update:
        parts.append("note")
    return f"{source_id}/{edit.action_id}: " + ", ".join(parts)


def plan_file_edits(
    root: Path, rel: str, edits: Sequence[yamledit.ActionEdit], source_id: str
) -> FileChange:
    """Read one plan file and apply ``edits`` to its text (nothing written)."""
    snapshot = filewrite.read_snapshot(root / rel)
    old = snapshot.text()
    new = yamledit.edit_actions(old, edits, rel)
    return FileChange(root, rel, new, snapshot, old, [describe_edit(e, source_id) for e in edits])
