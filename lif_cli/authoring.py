"""Writing records: start a repository, add a record, update an action.

Every write is planned first as a :class:`FileChange` (the old and new text of
one file), validated with the same models and checks as ``lif validate`` on
the records *as they would be*, and only then written, atomically, by
``yamledit``. Nothing here prints: the commands show the diff and the result.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from lif_cli import yamledit
from lif_cli.errors import LifError, Problem, UsageError
from lif_cli.loader import Records, did_you_mean
from lif_cli.models import KIND_MODELS, KIND_NOUNS, SOURCE_KINDS
from lif_cli.models.records import ActionStatus
from lif_cli.repo import WorkTree

ACTION_STATUSES: tuple[str, ...] = ActionStatus.__args__  # type: ignore[attr-defined]
OPEN_STATUSES = frozenset({"not-started", "in-progress", "blocked"})


# --- planned changes and their validation ---------------------------------------------


@dataclass
class FileChange:
    """One file's planned new text; ``snapshot`` is None for a new file."""

    root: Path
    rel: str
    new_text: str
    snapshot: yamledit.Snapshot | None = None
    old_text: str = ""
    summary: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.root / self.rel

    @property
    def changed(self) -> bool:
        return self.snapshot is None or self.new_text != self.old_text

    def new_bytes(self) -> bytes:
        if self.snapshot is None:
            return self.new_text.encode("utf-8")
        return self.snapshot.encode(self.new_text)

    def diff(self) -> str:
        return yamledit.unified_diff(self.old_text, self.new_text, self.rel)


class _Overlay:
    """The working tree as it would be after some planned changes (a FileSource).

    Deliberately not a WorkTree subclass: the loader may skip reading a working
    tree's unchanged files by their stat signature, which would read the file on
    disk instead of the planned text.
    """

    def __init__(self, root: Path, changes: Sequence[FileChange]):
        self._tree = WorkTree(root)
        self.root = root
        self.label = self._tree.label
        self._new = {c.rel: c.new_bytes() for c in changes}

    def files(self) -> list[str]:
        names = self._tree.files()
        extra = [rel for rel in self._new if rel not in names]
        if not extra:
            return names
        from lif_cli.repo import list_record_files

        listing: dict[str, list[str]] = {}
        for rel in (*names, *extra):
            folder, _, name = rel.rpartition("/")
            listing.setdefault(folder, []).append(name)
        return list_record_files(listing)

    def read(self, rel: str) -> bytes:
        if rel in self._new:
            return self._new[rel]
        return self._tree.read(rel)

    def cache_key(self) -> str:
        # The working tree's own key: cache entries are keyed by content hash, so
        # the changed files miss and every unchanged file is a hit.
        return self._tree.cache_key()


@dataclass
class Verdict:
    """What validation says about planned changes.

    ``blocking``: errors the changes would bring in (refuse). ``kept``: errors the
    changed files already had, which the changes neither cause nor fix (the
    change is allowed; they are reported). ``warnings``: every warning after.
    """

    blocking: list[Problem]
    kept: list[Problem]
    warnings: list[Problem]


def _key(p: Problem) -> tuple[str, str, str]:
    return (p.file, p.code, p.message)


def check_changes(root: Path, changes: Sequence[FileChange], as_of: date) -> Verdict:
    """Validate the records as they would be after ``changes``, as ``lif validate`` does.

    Only problems in the changed files count. When there are errors, the records
    as they are now are checked too, so an error the files already had (say an
    agency since removed from agencies.yaml) does not block an unrelated update.
    """
    from lif_cli import loader
    from lif_cli.checks import run_checks

    touched = {c.rel for c in changes}
    records = loader.load(_Overlay(root, changes))
    after = [p for p in run_checks(records, as_of) if p.file in touched]
    errors = [p for p in after if p.is_error]
    warnings = [p for p in after if not p.is_error]
    if not errors:
        return Verdict([], [], warnings)
    now = loader.load(WorkTree(root))
    before = {_key(p) for p in run_checks(now, as_of) if p.is_error and p.file in touched}
    blocking = [p for p in errors if _key(p) not in before]
    kept = [p for p in errors if _key(p) in before]
    return Verdict(blocking, kept, warnings)


def write_changes(changes: Sequence[FileChange]) -> None:
    """Write every change; first make sure no file changed on disk meanwhile."""
    for c in changes:
        if c.snapshot is not None:
            yamledit.check_unchanged(c.snapshot)
        elif c.path.exists():
            raise LifError(f"{c.rel} already exists; lif will not overwrite it")
    for c in changes:
        if not c.changed:
            continue
        if c.snapshot is None:
            _make_folder(c.path.parent)
            yamledit.write_new(c.path, c.new_bytes())
        else:
            yamledit.write_atomic(c.snapshot, c.new_bytes())


# --- lif update ---------------------------------------------------------------------------


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
    snapshot = yamledit.read_snapshot(root / rel)
    old = snapshot.text()
    new = yamledit.edit_actions(old, edits, rel)
    return FileChange(root, rel, new, snapshot, old, [describe_edit(e, source_id) for e in edits])


# --- lif new --------------------------------------------------------------------------------

KIND_ALIASES = {
    **{noun.replace(" ", "-"): kind for kind, noun in KIND_NOUNS.items()},
    **{kind: kind for kind in KIND_NOUNS},
    "plan": "actions",
    "action-plan": "actions",
    "actions": "actions",
}
_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<year>(?:19|20)\d{2})(?P<sep>[-_.])(?P<num>\d+)$")
_YEARLY = re.compile(r"^(?P<prefix>.*?)(?P<year>(?:19|20)\d{2})$")
DEFAULT_PREFIX = {
    "audits": "MAA",
    "reports": "RPT",
    "challenges": "PC",
    "drilldowns": "DD",
    "training": "TR",
}


def kind_of_word(word: str) -> str:
    """'review' or 'reviews' -> 'reviews'; UsageError for an unknown kind."""
    kind = KIND_ALIASES.get(word.lower())
    if kind is None:
        guess = did_you_mean(word.lower(), KIND_ALIASES)
        raise UsageError(
            f"'{word}' is not a kind of record",
            hint=(f"did you mean '{guess}'? " if guess else "")
            + "kinds: review, audit, report, assessment, challenge, drilldown, indicator, "
            "training, plan",
        )
    return kind


def _review_prefix(records: Records) -> str:
    return "SCR" if records.settings.framework == "wt2015" else "CSPR"


def next_id(records: Records, kind: str, year: int, type_: str | None = None) -> str:
    """The next free id in the pattern this repository already uses for ``kind``.

    Ids like PREFIX-YYYY-NN: the most used prefix (ties: the latest) among
    records of this ``type_`` if there are any, else of the kind; the as-of
    year; one more than the highest number that year, padded as before.
    """
    taken = {rf.stem.lower() for k in KIND_MODELS for rf in records.by_kind[k]}
    stems = [rf.stem for rf in records.by_kind[kind]]
    if type_ is not None:
        typed = [
            rf.stem for rf in records.by_kind[kind] if getattr(rf.model, "type", None) == type_
        ]
        stems = typed or stems
    found = [m for m in map(_NUMBERED.match, stems) if m]
    if found:
        counts = Counter((m["prefix"], m["sep"]) for m in found)
        best = max(counts.values())
        prefix, sep = next(
            key for key in reversed([(m["prefix"], m["sep"]) for m in found]) if counts[key] == best
        )
        same = [m for m in found if (m["prefix"], m["sep"]) == (prefix, sep)]
        width = max(len(m["num"]) for m in same)
        numbers = [int(m["num"]) for m in same if int(m["year"]) == year]
    else:
        yearly = [m for m in map(_YEARLY.match, stems) if m]
        if yearly:  # one a year, e.g. PCD-2016: PCD-2017, or PCD-2016-02 if taken
            prefix = Counter(m["prefix"] for m in yearly).most_common(1)[0][0]
            if f"{prefix}{year}".lower() not in taken:
                return f"{prefix}{year}"
            numbers = [1]
        else:
            base = _review_prefix(records) if kind == "reviews" else DEFAULT_PREFIX.get(kind, "X")
            prefix, numbers = f"{base}-", []
        sep, width = "-", 2
    n = max(numbers, default=0) + 1
    while True:
        candidate = f"{prefix}{year}{sep}{n:0{width}d}"
        if candidate.lower() not in taken:
            return candidate
        n += 1


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:48].rstrip("-") or "indicator"


def _q(value: str) -> str:
    return yamledit.render_scalar(value, flow=False)


def _first_agency(records: Records) -> str | None:
    return next(iter(records.agencies), None)


@dataclass(frozen=True)
class NewRecord:
    """What `lif new` was asked for."""

    kind: str
    id: str | None = None
    title: str | None = None
    source: str | None = None
    agency: str | None = None
    type: str | None = None


def new_record(records: Records, request: NewRecord, as_of: date) -> FileChange:
    """Plan a new record file: its id, folder and commented skeleton."""
    kind = request.kind
    if kind == "actions":
        return _new_plan(records, request, as_of)
    agency = request.agency
    if agency is not None and agency not in records.agencies:
        guess = did_you_mean(agency, records.agencies)
        raise UsageError(
            f"'{agency}' is not an agency in agencies.yaml",
            hint=f"did you mean '{guess}'?" if guess else "see agencies.yaml",
        )
    if kind == "assessments" and agency is None:
        raise UsageError(
            "a Section 11 assessment is made by one agency: give --agency ID",
            hint="agencies: " + ", ".join(records.agencies) if records.agencies else None,
        )
    ident = request.id
    if ident is None:
        if kind == "assessments":
            ident = f"S11-{as_of.year}-{agency}"
        elif kind == "indicators":
            if not request.title:
                raise UsageError(
                    "an indicator is named by its id: give --id (e.g. re-referrals) or --title"
                )
            ident = _slug(request.title)
        else:
            ident = next_id(records, kind, as_of.year, request.type)
    _check_new_id(records, kind, ident)
    text = _SKELETONS[kind](records, ident, request, as_of)
    return FileChange(records.root, f"{kind}/{ident}.yaml", text, summary=[ident])


def _check_new_id(records: Records, kind: str, ident: str) -> None:
    from lif_cli.models.common import ID_PATTERN

    if not re.match(ID_PATTERN, ident):
        raise UsageError(
            f"'{ident}' is not a valid id",
            hint="use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    # A plan shares its source's id (its file is named after it); other records
    # need an id unique across every kind but plans.
    kinds = ["actions"] if kind == "actions" else [k for k in KIND_MODELS if k != "actions"]
    for k in kinds:
        for rf in records.by_kind[k]:
            if rf.stem.lower() == ident.lower():
                raise UsageError(
                    f"{rf.file} already exists; lif will not overwrite it",
                    hint="edit that file to add actions"
                    if kind == "actions"
                    else "pick another --id, or edit that file",
                )
    path = records.root / kind / f"{ident}.yaml"
    if path.exists() or path.with_suffix(".yml").exists():
        raise UsageError(f"{kind}/{ident}.yaml already exists; lif will not overwrite it")


def _title(request: NewRecord, default: str) -> str:
    return request.title or default


def _review(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    rtype = req.type or (
        "serious-case-review"
        if records.settings.framework == "wt2015"
        else "child-safeguarding-practice-review"
    )
    return f"""\
# A case review. Fill in what is known; leave the rest commented until it is.
id: {ident}
# type: serious-case-review | child-safeguarding-practice-review | rapid-review |
#       child-death-review | learning-review | multi-agency-review
type: {rtype}
title: {_q(_title(req, f"Case review {ident}"))}
# case_ref: Child A          # a pseudonym only: never a child's or family member's name
status: referred             # referred | decided | in-progress | report-received | published |
                             # closed | not-progressed
# commissioned_by: board     # the group that commissioned it (groups.yaml)
# lead_reviewer: Independent lead reviewer
# independent: true
# criteria:                  # the statutory test behind the decision
#   abuse_or_neglect: suspected   # known | suspected | none
#   child_died: false
#   seriously_harmed: true
#   concern_about_working_together: true
dates:                       # add each date as the stage is reached
  referred: {as_of.isoformat()}
  # aware: YYYY-MM-DD        # the partnership became aware of the incident
  # notified: YYYY-MM-DD     # notification sent
  # decided: YYYY-MM-DD
# findings:
#   - id: F1
#     text: What the review found.
# recommendations:
#   - id: R1
#     text: What the partnership should do.
#     to: [board]            # agency or group ids that must act
#     findings: [F1]
"""


def _audit(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# An audit. Fill in what is known; leave the rest commented until it is.
id: {ident}
type: {req.type or "multi-agency"}           # multi-agency | single-agency
title: {_q(_title(req, f"Audit {ident}"))}
# area: neglect              # the theme (single-agency: school-self-audit | early-years |
#                            # childrens-services-qa | public-health-daat | health-qa | other)
# trigger: board-priority    # performance-data | emerging-concern | review | board-priority |
#                            # agency-request | calendar
# requested_by: board        # group or agency id
# agencies: [csc, police, health]
# sampling: {{method: purposive, cases: 12}}   # random | purposive
status: planned              # planned | in-progress | reported | closed
# calendar: themed-audit     # the calendar.yaml entry it answers, if any
dates:
  planned: {as_of.isoformat()}
  # started: YYYY-MM-DD
  # presented: YYYY-MM-DD
# findings:
#   - id: F1
#     text: What the audit found.
# recommendations:
#   - id: R1
#     text: What should change.
#     to: [board]
"""


def _report(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A report presented to a group (LADO, CDOP annual report, ...).
id: {ident}
title: {_q(_title(req, f"Report {ident}"))}
# from: lado                 # the agency or group that reports
# to: board                  # the group that receives it
# calendar: lado             # the calendar.yaml entry it answers, if any
# presented: YYYY-MM-DD      # the meeting date: the calendar counts it from then
"""


def _assessment(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    lines = []
    for s in records.settings.s11_standards:
        lines.append(f"#   - standard: {s.id}          # {s.title}")
        lines.append("#     rating: met             # met | partially-met | not-met")
        lines.append("#     evidence: What shows it")
    standards = "\n".join(lines)
    return f"""\
# A Section 11 self-assessment by one agency.
id: {ident}
agency: {req.agency}
year: {as_of.year}
# calendar: s11              # the calendar.yaml entry it answers, if any
# presented: YYYY-MM-DD
# standards:                 # uncomment each standard as it is rated
{standards}
"""


def _challenge(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A peer challenge event.
id: {ident}
date: {as_of.isoformat()}
title: {_q(_title(req, f"Peer challenge {ident}"))}
# agencies: [csc, police, health]
# challenges:
#   - to: police             # the agency challenged
#     by: health             # the agency challenging
#     question: The question put.
#     response: The answer given.
"""


def _drilldown(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A data drilldown: questions put to agencies about what the data show.
id: {ident}
raised: {as_of.isoformat()}
title: {_q(_title(req, f"Drilldown {ident}"))}
# raised_by: board
# indicators: [re-referrals]  # indicator ids behind it
status: open                 # open | responded | closed
# questions:
#   - id: Q1
#     text: The question.
#     to: csc                # agency or group asked
#     due: YYYY-MM-DD
"""


def _indicator(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A performance indicator. Without a target it has no RAG.
id: {ident}
title: {_q(_title(req, ident))}
# level: surveillance        # surveillance | priority
# agency: csc
# unit: percent
better: higher               # check this: higher | lower, whichever is an improvement
# target: 80
# tolerance: 5               # this far on the wrong side of target is amber, beyond is red
values: []                   # add values as {{period: {as_of.year}-Q1, value: 75}}
"""


def _training(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A training evaluation.
id: {ident}
title: {_q(_title(req, f"Training {ident}"))}
# calendar: training-impact
# presented: YYYY-MM-DD
# courses: 0
# places: 0
# attended: 0
# evaluations: {{responses: 0, excellent: 0, good: 0, satisfactory: 0, poor: 0}}
# impact:
#   - date: YYYY-MM-DD
#     method: follow-up survey
#     finding: What changed in practice.
"""


_SKELETONS = {
    "reviews": _review,
    "audits": _audit,
    "reports": _report,
    "assessments": _assessment,
    "challenges": _challenge,
    "drilldowns": _drilldown,
    "indicators": _indicator,
    "training": _training,
}


def _new_plan(records: Records, req: NewRecord, as_of: date) -> FileChange:
    if not req.source:
        raise UsageError(
            "an action plan answers one source record: give --source ID",
            hint="e.g. lif new plan --source SCR-2016-01",
        )
    rf = records.by_id.get(req.source)
    if rf is None:
        lowered = {k.lower(): k for k in records.by_id}
        key = lowered.get(req.source.lower())
        rf = records.by_id.get(key) if key else None
    if rf is None or rf.kind not in SOURCE_KINDS:
        sources = [s.model.id for s in records.sources()]
        guess = did_you_mean(req.source, sources)
        raise UsageError(
            f"'{req.source}' is not a review, audit, report, assessment, challenge or drilldown",
            hint=f"did you mean '{guess}'?" if guess else None,
        )
    source = rf.model
    if req.id is not None and req.id != source.id:
        raise UsageError(
            "an action plan's file is named after its source; --id cannot differ from --source"
        )
    _check_new_id(records, "actions", source.id)
    if not source.recommendations:
        raise UsageError(
            f"{source.id} has no recommendations yet, so there is nothing to plan",
            hint=f"add its recommendations to {rf.file} first",
        )
    agency_default = req.agency or _first_agency(records)
    if agency_default is None:
        raise UsageError("agencies.yaml lists no agencies; add the partner agencies first")
    due = as_of + timedelta(days=91)
    out = [
        f"# Action plan answering the recommendations of {source.id}.",
        "# One action per recommendation to start with: rewrite each action's text as the",
        "# concrete step to be taken, check the agency and owner, and agree the due date.",
        f"source: {source.id}",
        "# approved: {by: board, date: YYYY-MM-DD}",
        "actions:",
    ]
    for n, rec in enumerate(source.recommendations, start=1):
        agency = next((w for w in rec.to if w in records.agencies), None)
        note = ""
        if agency is None:
            agency = agency_default
            if rec.to:
                note = f"   # addressed to {', '.join(rec.to)}: name the agency that will act"
        out += [
            f"  - id: A{n}",
            f"    recommendation: {rec.id}",
            f"    text: {_q(rec.text)}   # what will be done",
            f"    agency: {agency}{note}",
            "    # owner: Head of Service     # a role, not a person's name",
            f"    due: {due.isoformat()}",
            "    status: not-started          # not-started | in-progress | complete | "
            "blocked | cancelled",
        ]
    return FileChange(
        records.root, f"actions/{source.id}.yaml", "\n".join(out) + "\n", summary=[source.id]
    )


# --- lif init --------------------------------------------------------------------------------

KIND_README = {
    "reviews": "Case reviews, one a file: reviews/<ID>.yaml.",
    "audits": "Audits (multi-agency and single-agency), one a file.",
    "reports": "Other reports presented to a group (LADO, CDOP annual report, ...).",
    "assessments": "Section 11 self-assessments, one per agency per year.",
    "challenges": "Peer challenge events.",
    "drilldowns": "Data drilldowns: questions put to agencies about the data.",
    "indicators": "Performance indicators and their values.",
    "training": "Training evaluations.",
    "actions": "Action plans, one per source record: actions/<SOURCE-ID>.yaml.",
}


@dataclass(frozen=True)
class InitRequest:
    folder: Path
    partnership: str
    short_name: str | None = None
    framework: str = "wt2023"
    year_start_month: int = 4
    holidays: str = "england"


def init_files(req: InitRequest) -> dict[str, str]:
    """{relative path: text} of every file a new records repository starts with."""
    import json

    from lif_cli import __version__, schemas
    from lif_cli.models.records import DEFAULT_S11_STANDARDS

    files: dict[str, str] = {}
    standards = "\n".join(f"  - id: {i}\n    title: {_q(t)}" for i, t in DEFAULT_S11_STANDARDS)
    short = f"short_name: {_q(req.short_name)}\n" if req.short_name else ""
    files["lif.yaml"] = f"""\
# Partnership settings. This file marks the root of the records repository.
partnership: {_q(req.partnership)}
{short}framework: {req.framework}            # wt2015 | wt2018 | wt2023: the statutory timescales
year_start_month: {req.year_start_month}          # first month of the business year
holidays: {req.holidays}            # bank holidays left out of working-day timescales
amber_days: 30               # an open action due within this many days is amber
s11_standards:               # the Section 11 standards agencies assess themselves against
{standards}
"""
    files["agencies.yaml"] = """\
# Partner agencies. Their ids are used by `agency`, `to`, `from`, `by` and similar fields.
# The three statutory safeguarding partners are listed to start with: rename them to
# fit the partnership, and add each relevant agency.
agencies:
  - id: csc
    name: Children's Services
    sector: local-authority    # local-authority | police | health | education |
                               # probation | voluntary | other
  - id: police
    name: Police
    sector: police
  - id: health
    name: Integrated Care Board
    sector: health
  # - id: education
  #   name: Schools and colleges
  #   sector: education
"""
    files["groups.yaml"] = """\
# The board (or partnership executive) and its subgroups. Every subgroup names its parent.
groups:
  - id: board
    name: Safeguarding Children Partnership
  # - id: QA
  #   name: Quality Assurance Subgroup
  #   parent: board
"""
    files["calendar.yaml"] = """\
# The reporting calendar: what each agency or group reports, to whom, in which months.
entries: []
# entries:
#   - id: lado
#     title: LADO report
#     from: csc                # the agency or group that reports
#     to: board                # the group that receives it
#     months: [1, 4, 7, 10]    # months of the year it is due
"""
    for kind, text in KIND_README.items():
        command = "lif new plan --source ID" if kind == "actions" else f"lif new {KIND_NOUNS[kind]}"
        files[f"{kind}/README.md"] = (
            f"# {kind}/\n\n{text}\n\nStart one with `{command}`; check with `lif validate`.\n"
        )
    files[".gitignore"] = """\
# lif writes through a temp file named .<file>.<random>.lif-tmp; one is left only if
# lif was killed mid-write (the record itself is intact): delete it.
*.lif-tmp
# spreadsheets exported for agencies are copies, not records
*.xlsx
*.csv
.DS_Store
"""
    files[".pre-commit-config.yaml"] = """\
# Checks the records before each commit: `pip install pre-commit && pre-commit install`.
# The hook runs the lif installed on this machine, so it needs no network.
repos:
  - repo: local
    hooks:
      - id: lif-validate
        name: lif validate
        entry: lif validate
        language: system
        pass_filenames: false
        always_run: true
"""
    files[".github/workflows/lif.yml"] = f"""\
# Validates the records on every push and pull request; problems show as annotations.
name: lif
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install "lif-cli=={__version__}"
      - run: lif validate --format github
"""
    from lif_cli.site import ci

    install = f'pip install "lif-cli=={__version__}"'
    files.update(ci.workflows(f"        run: {install}", f"    - {install}"))
    names = schemas.schema_names()
    globs: dict[str, list[str]] = {}
    for name, kind in names.items():
        if kind in KIND_MODELS:
            pats = [f"{kind}/*.yaml", f"{kind}/*.yml"]
        else:
            pats = [f"{kind}.yaml", f"{kind}.yml"]
        globs[f"./.lif/schemas/{name}"] = pats
    files[".vscode/settings.json"] = json.dumps({"yaml.schemas": globs}, indent=2) + "\n"
    for name, text in schemas.generate().items():
        files[f".lif/schemas/{name}"] = text
    return files


def init_conflicts(folder: Path, files: Iterable[str]) -> list[str]:
    """The files ``lif init`` would write that already exist (it never overwrites)."""
    out = []
    if (folder / "lif.yaml").exists() or (folder / "lif.yml").exists():
        out.append("lif.yaml")
    out += [rel for rel in files if rel != "lif.yaml" and (folder / rel).exists()]
    return out


def write_init(folder: Path, files: dict[str, str]) -> None:
    """Write a new repository's files; every one must be new."""
    for rel, text in files.items():
        path = folder / rel
        _make_folder(path.parent)
        yamledit.write_new(path, text.encode("utf-8"))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LifError(
            f"cannot create the folder {folder}: {exc.strerror or exc}",
            hint="check the path and that you may write there",
        ) from exc
