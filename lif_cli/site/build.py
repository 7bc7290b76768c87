"""Building the site: every figure from the compute layer, then the pages, then the folder.

:func:`build_site` is pure apart from reading git for the provenance stamp and
"what changed since the last board": it takes loaded records and an as-of
date and returns the site as ``{relative path: bytes}``. The figures come from
:func:`lif_cli.report.build_context`, the context every paper is rendered from
(which in turn calls the compute modules `lif status`, `lif plan` and the
other screens use), so a page, a paper and a screen never disagree.

:func:`write_site` puts the files in place: into a fresh folder beside the
target, then swapped in whole, so a reader never sees half a site and a record
that was removed leaves no stale page behind. It refuses to replace a folder
that it did not write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lif_cli.errors import LifError, UsageError
from lif_cli.loader import Records

# The file that marks a folder as written by `lif site` (and so safe to replace).
MARKER = ".lif-site"


@dataclass
class Site:
    """A built site: its files, and notes for stderr."""

    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".html"))


def plan_rows(records: Records, plan: Any) -> list[dict[str, Any]]:
    """One row per action (once, even when it answers two recommendations), then one per
    gap, in source order: the composite plan as the site's table shows it."""
    titles = {s.id: s.title for s in plan.sources}
    rows: list[dict[str, Any]] = []
    for r in plan.actions():
        a = r.action
        latest = r.latest_update
        rows.append(
            {
                "id": r.id,
                "anchor": a.id,
                "source": r.source,
                "source_title": titles.get(r.source, r.source),
                "recommendations": r.recommendation_ids,
                "text": a.text,
                "agencies": [a.agency],
                "owner": a.owner,
                "due": a.due,
                "status": a.status,
                "rag": r.rag,
                "days_overdue": r.days_overdue,
                "latest": latest,
                "evidence": a.evidence,
            }
        )
    for g in plan.gaps():
        rows.append(
            {
                "id": None,
                "anchor": None,
                "source": g.source,
                "source_title": titles.get(g.source, g.source),
                "recommendations": [g.id],
                "text": g.text,
                "agencies": list(g.to),
                "owner": None,
                "due": None,
                "status": "gap",
                "rag": None,
                "days_overdue": 0,
                "latest": None,
                "evidence": None,
            }
        )
    return rows


def agency_views(
    ctx: dict[str, Any], rows: list[dict[str, Any]], kinds: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """One view per agency in agencies.yaml: its actions, gaps, returns, indicators, S11,
    and the evidence requests made to it, risks and outcomes it owns, events it attended."""
    from lif_cli.site.kinds import agency_parts

    by_agency: dict[str, list[dict[str, Any]]] = {a: [] for a in ctx["agencies"]}
    for row in rows:
        for agency in row["agencies"]:
            if agency in by_agency:
                by_agency[agency].append(row)
    rag = {r["id"]: r for r in ctx["rag_by_agency"]}
    views = []
    for agency, name in ctx["agencies"].items():
        mine = by_agency[agency]
        views.append(
            {
                "id": agency,
                "name": name,
                "rag": rag.get(agency),
                "actions": [r for r in mine if r["status"] != "gap"],
                "gaps": [r for r in mine if r["status"] == "gap"],
                "returns": [row for row in ctx["calendar"]["rows"] if row["from"] == agency],
                "indicators": [i for i in ctx["indicators"] if i["agency"] == agency],
                "s11": [m for m in ctx["s11"]["matrix"] if m["agency"] == agency],
                "shortfalls": [x for x in ctx["s11"]["shortfalls"] if x["agency"] == agency],
                **agency_parts(agency, kinds),
            }
        )
    return views


def group_views(
    records: Records, ctx: dict[str, Any], sources: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One view per group in groups.yaml (the board and its subgroups): where it sits,
    the recommendations addressed to it and the actions answering them, the action
    plans it approved, the reviews and audits it asked for, and the returns it receives
    or makes. What each group is asked to do, for the people who sit on it."""
    groups = records.groups
    parts = ("children", "recommendations", "approved", "commissioned", "returns")
    of: dict[str, dict[str, list[Any]]] = {g: {p: [] for p in parts} for g in groups}
    for g in groups.values():
        if g.parent in of:
            of[g.parent]["children"].append(g.id)
    for s in ctx["plan"].sources:
        for rec in s.recommendations:
            for who in dict.fromkeys(rec.to):
                if who in of:
                    of[who]["recommendations"].append((s, rec))
        if s.approved_by in of:
            of[s.approved_by]["approved"].append(s)
    for v in sources:
        # reviews name who commissioned them, audits who requested them
        model = v["model"]
        asked = {getattr(model, "commissioned_by", None), getattr(model, "requested_by", None)}
        for who in asked & of.keys():
            of[who]["commissioned"].append(v["source"])
    for row in ctx["calendar"]["rows"]:
        for who in {row["from"], row["to"]} & of.keys():
            of[who]["returns"].append(row)
    return [
        {"id": ident, "name": group.name, "parent": group.parent, **of[ident]}
        for ident, group in groups.items()
    ]


def source_views(records: Records, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """One view per source of the plan: the record, its plan, review state, files."""
    states = {s.id: s for s in ctx["reviews"]}
    views = []
    for s in ctx["plan"].sources:
        rf = records.by_id.get(s.id)
        plan_rf = records.plans.get(s.id)
        rows = {row.action.id: row for rec in s.recommendations for row in rec.actions}
        views.append(
            {
                "source": s,
                "model": rf.model if rf is not None else None,
                "file": rf.file if rf is not None else None,
                "plan_file": plan_rf.file if plan_rf is not None else None,
                "plan_model": plan_rf.model if plan_rf is not None else None,
                "review": states.get(s.id),
                # each action once, in plan order, with its RAG as of the date
                "actions": list(rows.values()),
            }
        )
    return views


def record_files(records: Records) -> dict[str, str]:
    """id -> repository-relative file of every record with an id (for edit links)."""
    files = {ident: rf.file for ident, rf in records.by_id.items()}
    for kind in ("indicators", "training"):
        for rf in records.by_kind.get(kind, []):
            if rf.model is not None:
                files.setdefault(rf.model.id, rf.file)
    return files


def board_changes(
    records: Records, at: str | None, use_cache: bool
) -> tuple[Any | None, str | None, list[str]]:
    """What changed since the last ``board-*`` tag: (changes, tag, notes); None without one."""
    from lif_cli.gitrepo import GitError, NotAGitRepo
    from lif_cli.history import last_tag

    try:
        tag = last_tag(records.root, "board-*", at)
    except NotAGitRepo:
        return None, None, []
    except GitError as exc:
        return None, None, [f"what changed since the last board is not shown: {exc.message}"]
    if tag is None:
        return None, None, []
    from lif_cli.compute.changes import changes_between

    changes = changes_between(records.root, tag, at, use_cache=use_cache)
    if changes.until_commit:
        changes.until = changes.until_commit[:10]
    return changes, tag, [n for n in changes.notes if "shallow" in n]


def build_site(
    records: Records, as_of: date, *, at: str | None = None, use_cache: bool = True
) -> Site:
    """Every page of the site as of ``as_of`` (records read at ``at`` when given)."""
    from lif_cli.compute.calendar import calendar_view
    from lif_cli.compute.plan import few_collections
    from lif_cli.report import build_context, provenance_stamp
    from lif_cli.site import pages
    from lif_cli.site.kinds import kind_views, related

    site = Site()
    stamp = provenance_stamp(records, as_of, at, site.notes)
    changes, tag, notes = board_changes(records, at, use_cache)
    site.notes.extend(notes)
    with few_collections():
        ctx = build_context(records, as_of, "board", stamp, changes=changes)
        rows = plan_rows(records, ctx["plan"])
        kinds = kind_views(records, ctx)
        sources = source_views(records, ctx)
        data = {
            **ctx,
            "board_tag": tag,
            "plan_rows": rows,
            "agency_views": agency_views(ctx, rows, kinds),
            "group_views": group_views(records, ctx, sources),
            "kind_views": kinds,
            "related": related(kinds),
            "source_views": sources,
            "calendar_view": calendar_view(records, as_of),
            "files": record_files(records),
            "repo_url": _repo_url(records),
            "use_cache": use_cache,
        }
        site.files.update(pages.render_site(data))
    site.files[MARKER] = (
        b"This folder was written by `lif site` and is replaced whole by the next build.\n"
    )
    return site


def _repo_url(records: Records) -> str | None:
    site = records.settings.site
    if site is None or site.repo_url is None:
        return None
    return site.repo_url if site.repo_url.endswith("/") else site.repo_url + "/"


# --- writing ----------------------------------------------------------------------------------


def write_site(site: Site, out: Path) -> None:
    """Write the site to ``out``: built beside it, then swapped in whole.

    ``out`` may be missing, empty, or a folder an earlier `lif site` wrote
    (it holds :data:`MARKER`); anything else is refused, so a mistyped ``-o``
    never deletes someone's files.
    """
    out = out.resolve()
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out} is a file, not a folder", hint="give -o a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise UsageError(
                f"{out} is not empty and was not written by lif site; nothing was written",
                hint="give -o a new or empty folder (lif replaces only a site it wrote)",
            )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".new"))
    except OSError as exc:
        raise LifError(
            f"cannot write to {out.parent}: {exc.strerror or exc}",
            hint="check the folder exists and you may write to it",
        ) from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(fresh, 0o777 & ~mask)
        made: set[Path] = {fresh}
        for rel, content in site.files.items():
            path = fresh / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(content)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, old)
        os.replace(fresh, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise LifError(
            f"cannot write {exc.filename or out}: {exc.strerror or exc}",
            hint="check the folder exists and you may write to it",
        ) from None
