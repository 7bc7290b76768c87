"""What changed in the records between two points in their git history.

:func:`compute_changes` is pure: it takes a :class:`lif_cli.history.History`
(commits with the blob ids of every record file they touched, the record files
at both ends, and the blobs' bytes) and compares plain YAML data, never the
validated models, so a file that was broken at some commit costs one note, not
the whole answer.

Two views are combined:

* per commit (who did what, when): action status changes, due-date moves,
  stage changes of reviews, audits and drilldowns, renamed records;
* net, between the two ends: actions added, completed, cancelled or removed;
  recommendations added, closed or removed; records added; records presented
  against the reporting calendar.

Records are matched by id, not by file name, so renaming a file changes
nothing; when a commit renames a file *and* its id (``SCR-2016-1`` to
``SCR-2016-01``), history before the rename is reported under the new id.

The facts compared come from :mod:`lif_cli.compute.change_facts`; the answer's
types (and their JSON) are in :mod:`lif_cli.compute.changeset`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lif_cli.compute.change_facts import (
    RECORD_NOUNS,
    ActionFacts,
    BlobFacts,
    FactsCache,
    FileFacts,
    RecordFacts,
    folder_of,
)
from lif_cli.compute.changeset import Changes, Event, Item, Slippage, StageChange, days_between
from lif_cli.history import UNCOMMITTED, Commit, History

STAGED_KINDS = {"reviews": "review", "audits": "audit", "drilldowns": "drilldown"}
PRESENTABLE = ("audits", "reports", "assessments", "training")
DONE = frozenset({"complete", "cancelled"})


# --- the computation ------------------------------------------------------------------------


def _collect(facts: Iterable[FileFacts]) -> tuple[dict[str, RecordFacts], dict[str, ActionFacts]]:
    records: dict[str, RecordFacts] = {}
    actions: dict[str, ActionFacts] = {}
    for f in facts:
        if f.record is not None:
            records.setdefault(f.record.id, f.record)
        if f.source is not None:
            for aid, a in f.actions.items():
                actions.setdefault(f"{f.source}/{aid}", a)
    return records, actions


class _Aliases:
    """Ids renamed by commits: old id -> new id, followed to the latest."""

    def __init__(self) -> None:
        self.map: dict[str, str] = {}

    def add(self, old: str, new: str) -> None:
        if old != new:
            self.map[old] = new

    def record(self, ident: str) -> str:
        seen = {ident}
        while ident in self.map:
            ident = self.map[ident]
            if ident in seen:
                break
            seen.add(ident)
        return ident

    def qualified(self, key: str) -> str:
        source, sep, rest = key.partition("/")
        return self.record(source) + sep + rest


def _event(key: str, kind: str, before: str | None, after: str | None, c: Commit) -> Event:
    return Event(key, kind, before, after, c.date, c.author, c.sha)


def compute_changes(
    history: History, known: dict[tuple[str, str], FileFacts] | None = None
) -> Changes:
    """Every change between the two ends of ``history`` (pure: no git, no clock).

    ``known`` may hold facts of blobs read before ({(folder, blob id): facts});
    facts read now are added to it.
    """
    facts = BlobFacts(history, known)
    aliases = _Aliases()
    status_events: list[Event] = []
    due_events: list[Event] = []
    stage_events: list[Event] = []
    renames: dict[tuple[str | None, str | None], Event] = {}

    for c in history.commits:
        old_files = [facts.get(ch.old_path, ch.old_sha) for ch in c.changes]
        new_files = [facts.get(ch.new_path, ch.new_sha) for ch in c.changes]
        for ch, old, new in zip(c.changes, old_files, new_files, strict=True):
            if ch.status != "R":
                continue
            if old.record and new.record and old.record.id != new.record.id:
                aliases.add(old.record.id, new.record.id)
                renames[(old.record.id, new.record.id)] = _event(
                    new.record.id, "record", old.record.id, new.record.id, c
                )
            if old.source and new.source and old.source != new.source:
                aliases.add(old.source, new.source)
                # the plan follows its source: one rename, said once
                renames.setdefault(
                    (old.source, new.source),
                    _event(new.source, "action plan", old.source, new.source, c),
                )
        old_records, old_actions = _collect(old_files)
        new_records, new_actions = _collect(new_files)
        old_records = {aliases.record(k): v for k, v in old_records.items()}
        old_actions = {aliases.qualified(k): v for k, v in old_actions.items()}
        for key, new_a in new_actions.items():
            old_a = old_actions.get(key)
            if old_a is None:
                continue
            if old_a.status != new_a.status:
                status_events.append(_event(key, "action", old_a.status, new_a.status, c))
            if old_a.due != new_a.due:
                due_events.append(_event(key, "action", old_a.due, new_a.due, c))
        for key, new_r in new_records.items():
            old_r = old_records.get(key)
            if new_r.kind not in STAGED_KINDS:
                continue
            before = old_r.status if old_r is not None else None
            if before != new_r.status:
                stage_events.append(_event(key, STAGED_KINDS[new_r.kind], before, new_r.status, c))

    # Net: compare the two ends, file by file where they differ.
    differ = sorted(
        rel
        for rel in history.start.keys() | history.end.keys()
        if history.start.get(rel) != history.end.get(rel)
    )
    start_facts = [facts.get(rel, history.start.get(rel)) for rel in differ]
    end_facts = [facts.get(rel, history.end.get(rel)) for rel in differ]
    start_records, start_actions = _collect(start_facts)
    end_records, end_actions = _collect(end_facts)
    start_records = {aliases.record(k): v for k, v in start_records.items()}
    start_actions = {aliases.qualified(k): v for k, v in start_actions.items()}

    canon = aliases.qualified
    status_events = [_recanon(e, canon) for e in status_events]
    due_events = [_recanon(e, canon) for e in due_events]
    stage_events = [_recanon(e, aliases.record) for e in stage_events]

    out = Changes(
        since=history.since.given,
        since_commit=history.since.commit,
        since_date=history.since.date,
        until=history.until.given,
        until_commit=history.until.commit,
        until_date=history.until.date,
        commits=sum(1 for c in history.commits if c.sha != UNCOMMITTED),
        uncommitted=history.uncommitted,
        shallow=history.shallow,
        notes=list(history.notes),
        status_changes=status_events,
        renamed=list(renames.values()),
    )
    if history.uncommitted:
        out.notes.append(
            f"{len(history.uncommitted)} record file(s) have uncommitted changes; they are "
            "included and marked 'uncommitted'"
        )
    if facts.broken:
        out.notes.append(
            f"{len(facts.broken)} file version(s) could not be read as records and were "
            "skipped: " + ", ".join(sorted(facts.broken)[:5])
        )
    if history.since.note:
        out.notes.append(history.since.note)
    out.problems = facts.problems()

    _net_actions(out, start_actions, end_actions)
    _slippage(out, start_actions, end_actions, due_events)
    _net_recommendations(out, start_records, end_records, start_actions, end_actions)
    _net_records(out, start_records, end_records, stage_events)
    if known is not None:
        known.update(facts.added)
    return out


def _recanon(e: Event, canon: Any) -> Event:
    new_id = canon(e.id)
    if new_id == e.id:
        return e
    return Event(new_id, e.kind, e.before, e.after, e.date, e.author, e.commit)


def _action_item(key: str, a: ActionFacts) -> Item:
    return Item(key, "action", text=a.text, status=a.status, agency=a.agency, due=a.due)


def _net_actions(out: Changes, start: dict[str, ActionFacts], end: dict[str, ActionFacts]) -> None:
    for key in sorted(end):
        a, before = end[key], start.get(key)
        if before is None:
            out.actions_added.append(_action_item(key, a))
        if a.status == "complete" and (before is None or before.status != "complete"):
            out.actions_completed.append(_action_item(key, a))
        if a.status == "cancelled" and (before is None or before.status != "cancelled"):
            out.actions_cancelled.append(_action_item(key, a))
    for key in sorted(start.keys() - end.keys()):
        out.actions_removed.append(_action_item(key, start[key]))


def _slippage(
    out: Changes,
    start: dict[str, ActionFacts],
    end: dict[str, ActionFacts],
    due_events: list[Event],
) -> None:
    moves: dict[str, list[Event]] = {}
    for e in due_events:
        moves.setdefault(e.id, []).append(e)
    keys = set(moves)
    keys |= {k for k in start.keys() & end.keys() if start[k].due != end[k].due}
    for key in sorted(keys):
        first = start.get(key)
        last = end.get(key)
        steps = tuple(moves.get(key, ()))
        first_due = first.due if first else (steps[0].before if steps else None)
        due = last.due if last else (steps[-1].after if steps else None)
        if not steps and first_due == due:
            continue
        agency = (last or first).agency if (last or first) else None
        out.slippage.append(
            Slippage(key, agency, first_due, due, days_between(first_due, due), steps)
        )
    out.slippage.sort(key=lambda s: (-s.days, s.id))


def _closed_recommendations(actions: dict[str, ActionFacts]) -> dict[str, bool]:
    """{SOURCE/R-ID: closed} from the plans: as ``lif plan`` counts a recommendation
    complete, every action on it complete or cancelled and at least one complete."""
    done: dict[str, bool] = {}
    completed: dict[str, bool] = {}
    for key, a in actions.items():
        source = key.split("/", 1)[0]
        for rid in a.recommendations:
            rec = f"{source}/{rid}"
            done[rec] = done.get(rec, True) and a.status in DONE
            completed[rec] = completed.get(rec, False) or a.status == "complete"
    return {rec: done[rec] and completed[rec] for rec in done}


def _net_recommendations(
    out: Changes,
    start_records: dict[str, RecordFacts],
    end_records: dict[str, RecordFacts],
    start_actions: dict[str, ActionFacts],
    end_actions: dict[str, ActionFacts],
) -> None:
    def recs(records: dict[str, RecordFacts]) -> dict[str, str | None]:
        return {
            f"{rid_source}/{rid}": text
            for rid_source, r in records.items()
            for rid, text in r.recommendations.items()
        }

    start_recs, end_recs = recs(start_records), recs(end_records)
    # Only records whose file differs between the ends are compared; a new
    # record's recommendations are new, a deleted record's are not listed one
    # by one (the record is reported as removed).
    for key in sorted(end_recs.keys() - start_recs.keys()):
        out.recommendations_added.append(Item(key, "recommendation", text=end_recs[key]))
    for key in sorted(start_recs.keys() - end_recs.keys()):
        if key.split("/", 1)[0] in end_records:
            out.recommendations_removed.append(Item(key, "recommendation", text=start_recs[key]))
    before = _closed_recommendations(start_actions)
    after = _closed_recommendations(end_actions)
    for key in sorted(after):
        if after[key] and not before.get(key, False):
            text = end_recs.get(key)
            out.recommendations_closed.append(Item(key, "recommendation", text=text))


def _net_records(
    out: Changes,
    start: dict[str, RecordFacts],
    end: dict[str, RecordFacts],
    stage_events: list[Event],
) -> None:
    for key in sorted(end.keys() - start.keys()):
        r = end[key]
        out.records_added.append(Item(key, RECORD_NOUNS[r.kind], text=r.title, status=r.status))
    for key in sorted(start.keys() - end.keys()):
        r = start[key]
        out.records_removed.append(Item(key, RECORD_NOUNS[r.kind], text=r.title))
    steps: dict[str, list[Event]] = {}
    for e in stage_events:
        steps.setdefault(e.id, []).append(e)
    for key in sorted(end):
        r = end[key]
        if r.kind not in STAGED_KINDS:
            continue
        was = start.get(key)
        before = was.status if was else None
        if before != r.status:
            mine = tuple(s for s in steps.get(key, ()) if s.before is not None)
            out.stages.append(
                StageChange(key, STAGED_KINDS[r.kind], r.title, before, r.status, mine)
            )
    for key in sorted(end):
        r = end[key]
        if r.kind not in PRESENTABLE or r.presented is None:
            continue
        was = start.get(key)
        if was is None or was.presented != r.presented:
            out.presented.append(
                Item(
                    key,
                    RECORD_NOUNS[r.kind],
                    text=r.title,
                    calendar=r.calendar,
                    date=r.presented,
                )
            )


def changes_between(
    root: Path, since: str | None, until: str | None = None, use_cache: bool = True
) -> Changes:
    """Read history and compute the changes (the function benchmarks time).

    Facts read from each blob are kept in the user's cache folder, keyed by the
    blob's id, so a second run parses only blobs it has not seen.
    """
    from lif_cli.history import read_history

    cache = FactsCache.open(root) if use_cache else None
    known = cache.load() if cache else None
    # a blob whose facts are kept (and read cleanly) is not read from git again
    good = {key for key, facts in (known or {}).items() if not facts.broken}
    history = read_history(
        root, since, until, lambda rel, sha: (folder_of(rel), sha) in good, use_cache=use_cache
    )
    before = len(known) if known is not None else 0
    result = compute_changes(history, known)
    if cache is not None and known is not None and len(known) != before:
        cache.save(known)
    return result
