"""The write transaction: plan a change, validate the records as they would be, write.

Every write is planned first as a :class:`FileChange` (the old and new text of
one file), validated with the same models and checks as ``lif validate`` on
the records *as they would be*, and only then written, atomically, by
``yamledit``. Nothing here prints: the commands show the diff and the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lif_cli import filewrite, yamledit
from lif_cli.errors import LifError, Problem
from lif_cli.loader import Records
from lif_cli.repo import WorkTree


@dataclass
class FileChange:
    """One file's planned new text; ``snapshot`` is None for a new file."""

    root: Path
    rel: str
    new_text: str
    snapshot: filewrite.Snapshot | None = None
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


def check_changes(
    root: Path, changes: Sequence[FileChange], as_of: date, current: Records | None = None
) -> Verdict:
    """Validate the records as they would be after ``changes``, as ``lif validate`` does.

    Only problems in the changed files count. When there are errors, the records
    as they are now are checked too, so an error the files already had (say an
    agency since removed from agencies.yaml) does not block an unrelated update.
    ``current``, the records already loaded from ``root``, lets an edit of
    existing files be validated incrementally (only they are parsed again).
    """
    from lif_cli import loader
    from lif_cli.checks import run_checks

    touched = {c.rel for c in changes}
    records = None
    if current is not None and isinstance(current.source, WorkTree):
        records = loader.with_changes(current, {c.rel: c.new_bytes() for c in changes})
    if records is None:
        records = loader.load(_Overlay(root, changes))
    after = run_checks(records, as_of, files=touched)
    errors = [p for p in after if p.is_error]
    warnings = [p for p in after if not p.is_error]
    if not errors:
        return Verdict([], [], warnings)
    now = current if current is not None else loader.load(WorkTree(root))
    before = {_key(p) for p in run_checks(now, as_of, files=touched) if p.is_error}
    blocking = [p for p in errors if _key(p) not in before]
    kept = [p for p in errors if _key(p) in before]
    return Verdict(blocking, kept, warnings)


def write_changes(changes: Sequence[FileChange]) -> None:
    """Write every change; first make sure no file changed on disk meanwhile.

    A read-only file refuses the whole write before anything is written, and the
    temp files a killed lif left beside the files are deleted first.
    """
    for c in changes:
        if c.snapshot is not None:
            filewrite.check_unchanged(c.snapshot)
            if c.changed:
                filewrite.check_writable(c.snapshot)
        elif c.path.exists():
            raise LifError(f"{c.rel} already exists; lif will not overwrite it")
    for folder in sorted({c.path.parent for c in changes}):
        filewrite.remove_stale_temp_files(folder)
    for c in changes:
        if not c.changed:
            continue
        if c.snapshot is None:
            make_folder(c.path.parent)
            filewrite.write_new(c.path, c.new_bytes())
        else:
            filewrite.write_atomic(c.snapshot, c.new_bytes())


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LifError(
            f"cannot create the folder {folder}: {exc.strerror or exc}",
            hint="check the path and that you may write there",
        ) from exc
