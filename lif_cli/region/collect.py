"""Reading each partnership of a region: its records (at a ref) or its snapshot.

A partnership that cannot be read is kept with the reason, so the region
still reports on the others and names the one that is missing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lif_cli.errors import LifError

from .config import PartnershipEntry, Region


@dataclass
class PartnershipRead:
    """One partnership of the region, read or not."""

    entry: PartnershipEntry
    source: str  # path, git or snapshot
    location: str
    ref: str | None = None
    commit: str | None = None
    reason: str | None = None  # why it could not be read
    errors: int = 0  # record errors found while loading
    built: list[Any] = field(default_factory=list)  # tables.Built, from records
    snapshot: str | None = None  # a Parquet snapshot folder (path or URL)

    @property
    def ok(self) -> bool:
        return self.reason is None


def _where(region: Region, text: str) -> Path:
    p = Path(text).expanduser()
    return (p if p.is_absolute() else region.folder / p).resolve()


def _is_url(text: str) -> bool:
    """An address for git (or DuckDB) rather than a path: scheme://, ext::, user@host:path."""
    return "://" in text or "::" in text or re.match(r"[\w.-]+@[\w.-]+:", text) is not None


def read_partnership(
    region: Region, e: PartnershipEntry, as_of: date, cache: Path
) -> PartnershipRead:
    """Read one partnership; any failure becomes its ``reason``."""
    if e.snapshot is not None:
        out = PartnershipRead(e, "snapshot", e.snapshot)
    elif e.git is not None:
        out = PartnershipRead(e, "git", e.git, e.ref or "HEAD")
    else:
        out = PartnershipRead(e, "path", e.path or "", e.ref)
    try:
        if e.snapshot is not None:
            _read_snapshot(region, out)
        else:
            _read_records(region, out, as_of, cache)
    except LifError as exc:
        out.reason = exc.message
    except OSError as exc:
        out.reason = f"cannot read {out.location}: {exc.strerror or exc}"
    return out


def _read_snapshot(region: Region, out: PartnershipRead) -> None:
    from lif_cli.tables.parquet import MARKER

    text = out.location
    if _is_url(text):
        out.snapshot = text.rstrip("/")
        return
    folder = _where(region, text)
    if not (folder / MARKER).is_file():
        raise LifError(f"{text} is not a lif snapshot (no {MARKER} in it)")
    out.snapshot = str(folder)


def _read_records(region: Region, out: PartnershipRead, as_of: date, cache: Path) -> None:
    from lif_cli import revisions, tables
    from lif_cli.loader import load
    from lif_cli.repo import WorkTree

    e = out.entry
    if e.git is not None:
        key = hashlib.sha256(e.git.encode()).hexdigest()[:16]
        git_url = e.git if _is_url(e.git) else str(_where(region, e.git))
        source: Any = revisions.fetch_records(
            git_url, out.ref or "HEAD", cache / key, e.subdir or ""
        )
    else:
        folder = _where(region, e.path or "")
        if e.subdir:
            folder = folder / e.subdir
        if not folder.is_dir():
            raise LifError(f"{e.path} is not a folder")
        if not (folder / "lif.yaml").is_file():
            raise LifError(f"there is no lif.yaml in {e.path}: it is not a records folder")
        source = revisions.revision_source(folder, e.ref) if e.ref else WorkTree(folder)
    records = load(source)
    out.errors = sum(1 for p in records.problems if p.is_error)
    if isinstance(source, revisions.RevisionSource):
        commit, dirty = source.commit, False
    else:
        commit, dirty = tables.records_commit(records)
    out.commit = commit
    ctx = tables.context(records, as_of, e.id, commit, dirty)
    out.built = tables.build(ctx)


def read_region(region: Region, as_of: date, cache: Path) -> list[PartnershipRead]:
    """Every partnership of the region, in region.yaml order."""
    return [read_partnership(region, e, as_of, cache) for e in region.partnerships]
