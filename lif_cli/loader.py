"""Loading a records repository: file -> plain data -> model, never raising.

The clean path is fast: an unchanged file's validated model comes from the
content-hash cache (``cache``) without parsing YAML at all. The error path is
exact: a problem found later (a dangling reference, a broken rule) carries the
path inside its document, and :meth:`Records.locate` re-reads just that file to
find the line and column. Positions are never kept for clean files, so memory
stays flat at scale.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from . import yamlio, yamltext
from .cache import content_digest, stat_signature
from .errors import KEY, LifError, Problem
from .model_errors import translate
from .models import (
    KIND_MODELS,
    SOURCE_KINDS,
    TOP_MODELS,
    ActionPlan,
    AgenciesFile,
    CalendarFile,
    GroupsFile,
    Settings,
)
from .repo import FileSource, FileTooLarge, LinkOutsideRepo, WorkTree


@dataclass(slots=True)
class RecordFile:
    """One record file and, when it is valid, its model."""

    kind: str  # a KIND_MODELS folder, or a TOP_MODELS stem
    file: str  # relative posix path
    model: Any | None
    # blake2b of the file's bytes when known: keys facts derived from the
    # content (see Records.facts), so a check can skip unchanged files.
    digest: str | None = None
    # Whether the bytes mention "personal" (where a personal-data suppression
    # comment may be), noted while they are at hand; None when not read this run.
    mentions_personal: bool | None = None
    # yamltext.after_hashes of the bytes (where every comment is), noted while
    # they are at hand; None when not read this run.
    after_hashes: tuple[str, ...] | None = None

    @property
    def stem(self) -> str:
        # as PurePosixPath(self.file).stem, without building a path (10,000 a run)
        name = self.file.rpartition("/")[2]
        stem, dot, _ = name.rpartition(".")
        return stem if dot and stem else name


@dataclass
class Records:
    """Everything read from a repository: records plus the problems found."""

    source: FileSource
    settings: Settings
    files: list[RecordFile]
    problems: list[Problem] = field(default_factory=list)
    _documents: dict[str, yamltext.Document] = field(default_factory=dict, repr=False)
    _facts: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    cache: Any = field(default=None, repr=False)  # the Cache this load used, if any

    # Derived indexes, built once.
    def __post_init__(self) -> None:
        self.by_kind: dict[str, list[RecordFile]] = {k: [] for k in (*TOP_MODELS, *KIND_MODELS)}
        for rf in self.files:
            self.by_kind[rf.kind].append(rf)
        self.agencies = {}
        self.groups = {}
        self.calendar = {}
        for rf in self.by_kind["agencies"]:
            if isinstance(rf.model, AgenciesFile):
                for a in rf.model.agencies:
                    self.agencies.setdefault(a.id, a)
        for rf in self.by_kind["groups"]:
            if isinstance(rf.model, GroupsFile):
                for g in rf.model.groups:
                    self.groups.setdefault(g.id, g)
        for rf in self.by_kind["calendar"]:
            if isinstance(rf.model, CalendarFile):
                for e in rf.model.entries:
                    self.calendar.setdefault(e.id, e)
        # Records by id (first file wins on duplicates; duplicates are errors).
        self.by_id: dict[str, RecordFile] = {}
        for kind in KIND_MODELS:
            if kind == "actions":
                continue
            for rf in self.by_kind[kind]:
                if rf.model is not None:
                    self.by_id.setdefault(rf.model.id, rf)
        self.plans: dict[str, RecordFile] = {}
        for rf in self.by_kind["actions"]:
            if isinstance(rf.model, ActionPlan):
                self.plans.setdefault(rf.model.source, rf)

    def facts(self, name: str) -> dict[str, Any]:
        """A persistent store of facts derived from file contents, keyed by digest.

        A check that derives something from a file's content alone (the
        personal-data scan) keeps it here, so an unchanged file is not read or
        scanned again on the next run. Empty, and never saved, without a cache.
        Call :meth:`save_facts` after adding to it.
        """
        store = self._facts.get(name)
        if store is None:
            cache = getattr(self, "cache", None)
            store = cache.load_facts(name) if cache is not None else {}
            self._facts[name] = store
        return store

    def save_facts(self, name: str, present: set[str]) -> None:
        """Write a facts store back, keeping only the digests in ``present``."""
        cache = getattr(self, "cache", None)
        store = self._facts.get(name)
        if cache is None or store is None:
            return
        for digest in [d for d in store if d not in present]:
            del store[digest]
        cache.save_facts(name, store)

    @property
    def root(self):
        return self.source.root

    def models(self, kind: str) -> list[Any]:
        """Valid models of one kind folder, in file order."""
        return [rf.model for rf in self.by_kind.get(kind, []) if rf.model is not None]

    def sources(self) -> list[RecordFile]:
        """Every valid record that can carry findings and recommendations."""
        return [rf for k in SOURCE_KINDS for rf in self.by_kind[k] if rf.model is not None]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def who(self, ident: str) -> str | None:
        """The display name of an agency or group id, or None if unknown."""
        if ident in self.agencies:
            return self.agencies[ident].name
        if ident in self.groups:
            return self.groups[ident].name
        return None

    def document(self, file: str) -> yamltext.Document:
        """The parsed document of ``file``, with positions (read on demand)."""
        doc = self._documents.get(file)
        if doc is None:
            try:
                raw = self.source.read(file)
            except OSError:
                raw = b""
            doc = yamlio.read_bytes(raw, file)
            self._documents[file] = doc
        return doc

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """Fill in line and column of problems that carry only a path."""
        out = []
        for p in problems:
            if p.line == 0 and p.path is not None and p.file:
                doc = self.document(p.file)
                if doc.data is not None:
                    key = bool(p.path) and p.path[-1] == KEY
                    path = p.path[:-1] if key else p.path
                    line, col = doc.locate(path, key=key)
                    p = replace(p, line=line, column=col)
            out.append(p)
        return out

    def source_line(self, p: Problem) -> str:
        if not p.line:
            return ""
        try:
            return self.document(p.file).line_text(p.line)
        except Exception:  # pragma: no cover - display only
            return ""


_MARKER = b"personal"


# --- loading ----------------------------------------------------------------------------


def kind_of(rel: str) -> str:
    parts = rel.split("/")
    if len(parts) == 1:
        return PurePosixPath(rel).stem
    return parts[0]


def model_for(kind: str) -> type[BaseModel]:
    return KIND_MODELS.get(kind) or TOP_MODELS[kind]


def parse_file(raw: bytes, rel: str) -> tuple[Any | None, list[Problem], yamltext.Document]:
    """Bytes of one record file -> (model or None, problems, document).

    A clean file is read without positions (the fast path); a file with a
    problem is read with them, so the returned document can locate it.
    """
    doc = yamlio.read_bytes(raw, rel, positions=False)
    if doc.data is None:
        return None, list(doc.problems), doc
    model_cls = model_for(kind_of(rel))
    model, problems = _validate(model_cls, doc, rel)
    if problems and not doc.positions:
        # The error path: everything again from lif's own reader, so the problems
        # are the same whichever reader took the clean path (see fastyaml).
        doc = yamlio.read_text(doc.text, rel)
        if doc.data is None:
            return None, list(doc.problems), doc
        model, problems = _validate(model_cls, doc, rel)
    if problems:
        # Positions are at hand: locate now rather than re-reading later.
        located = []
        for p in problems:
            if p.line == 0:
                key = bool(p.path) and p.path[-1] == KEY
                path = p.path[:-1] if key else p.path
                line, col = doc.locate(path, key=key)
                p = replace(p, line=line, column=col)
            located.append(p)
        problems = located
    return (model if not any(p.is_error for p in problems) else None), problems, doc


def _validate(
    model_cls: type[BaseModel], doc: yamltext.Document, rel: str
) -> tuple[Any | None, list[Problem]]:
    problems = list(doc.problems)
    try:
        return model_cls.model_validate(doc.data), problems
    except ValidationError as exc:
        return None, problems + translate(exc, model_cls, rel)


def _settings(files: list[RecordFile], documents: dict[str, yamltext.Document]) -> Settings:
    settings = next(
        (rf.model for rf in files if rf.kind == "lif" and isinstance(rf.model, Settings)),
        None,
    )
    if settings is None:
        # lif.yaml has errors (reported): carry on with its valid fields and
        # defaults for the rest, so every other problem is still found in the
        # same run, under the framework and holidays the partnership chose.
        lif_doc = next((d for rel, d in documents.items() if kind_of(rel) == "lif"), None)
        settings = _salvage_settings(lif_doc.data if lif_doc else None)
    return settings


def _salvage_settings(data: dict[str, Any] | None) -> Settings:
    """Settings from the fields of a broken lif.yaml that are valid on their own."""
    fields = dict(data) if isinstance(data, dict) else {}
    for _ in range(len(fields) + 1):
        try:
            return Settings.model_validate({"partnership": "(lif.yaml has errors)", **fields})
        except ValidationError as exc:
            bad = {e["loc"][0] for e in exc.errors() if e["loc"]}
            if not bad & fields.keys():
                break
            fields = {k: v for k, v in fields.items() if k not in bad}
    return Settings(partnership="(lif.yaml has errors)")


def _read_record(kind: str, rel: str, model: Any, digest: str, raw: bytes) -> RecordFile:
    """A record file read this run, with what its checks need from the bytes."""
    return RecordFile(kind, rel, model, digest, _MARKER in raw.lower(), yamltext.after_hashes(raw))


def load(source: FileSource, *, use_cache: bool = True) -> Records:
    """Read every record of ``source``. Never raises on user data.

    Raises :class:`LifError` only when the repository itself cannot be read.
    """
    from .cache import Cache  # local: the cache is optional machinery

    try:
        names = source.files()
    except OSError as exc:
        raise LifError(f"cannot list the records in {source.label}: {exc.strerror}") from exc

    cache = Cache.open(source.cache_key()) if use_cache else None
    # On a working tree, an unchanged file (same stat signature as last time)
    # need not be read or hashed to find its cached model. Files reached through
    # a symbolic link always go through source.read, which checks where they lead.
    folder = str(source.root) if cache is not None and isinstance(source, WorkTree) else None
    links = getattr(source, "_links", None)
    started_ns = time.time_ns()
    problems: list[Problem] = []
    files: list[RecordFile] = []
    documents: dict[str, yamltext.Document] = {}
    seen_stems: dict[tuple[str, str], str] = {}

    # Validation and the cache's unpickling allocate many small objects that
    # live for the whole run and hold no cycles: the collector's scans of them
    # are wasted work (half the load time with the default thresholds; a
    # further fifth of a warm load with raised ones), so it is paused.
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for rel in names:
            kind = kind_of(rel)
            stem_key = (kind, rel.rpartition("/")[2].rpartition(".")[0].lower())
            if stem_key in seen_stems:
                problems.append(
                    Problem(
                        code="duplicate-file",
                        message=f"{rel} and {seen_stems[stem_key]} are the same record "
                        "(names differ only in case or in .yaml/.yml)",
                        file=rel,
                        hint="keep one of the two files",
                    )
                )
                continue
            seen_stems[stem_key] = rel
            signature = None
            if cache is not None and folder is not None and links is not None and rel not in links:
                signature = stat_signature(os.path.join(folder, rel))
                known = cache.known_digest(rel, signature) if signature else None
                model = cache.get(rel, known) if known else None
                if model is not None:
                    files.append(RecordFile(kind, rel, model, known))
                    continue
            try:
                raw = source.read(rel)
            except LinkOutsideRepo:
                problems.append(
                    Problem(
                        code="symlink-outside-repo",
                        message="the file is a symbolic link to a file outside the "
                        "repository; lif does not read it",
                        file=rel,
                        hint="copy the record into the repository, or delete the link",
                    )
                )
                files.append(RecordFile(kind, rel, None))
                continue
            except FileTooLarge as exc:
                problems.append(yamltext.too_large(rel, exc.size))
                files.append(RecordFile(kind, rel, None))
                continue
            except OSError as exc:
                problems.append(
                    Problem(
                        code="unreadable-file",
                        message=f"cannot read the file: {exc.strerror or exc}",
                        file=rel,
                        hint="check the file's permissions",
                    )
                )
                files.append(RecordFile(kind, rel, None))
                continue
            digest = content_digest(raw)
            model = cache.get(rel, digest) if cache else None
            if signature is not None and cache is not None:
                # stat before read: a change in between shows as a new signature
                cache.note_stat(rel, signature, digest, started_ns)
            if model is None:
                model, file_problems, doc = parse_file(raw, rel)
                problems.extend(file_problems)
                if file_problems:
                    documents[rel] = doc
                elif cache is not None and model is not None:
                    cache.put(rel, digest, model)
            files.append(_read_record(kind, rel, model, digest, raw))
        if cache is not None:
            # Still without the collector: pickling makes a temporary state
            # dict per model, and each collection would scan every live model.
            cache.save(set(names))
    finally:
        # The records live for the rest of the run: move them out of the
        # collector's sight, or every later collection (in checks, compute,
        # rendering) rescans hundreds of thousands of objects that cannot be
        # garbage. At 10,000 records this made loading a small pickle 20x slower.
        gc.freeze()
        if gc_was:
            gc.enable()

    settings = _settings(files, documents)
    records = Records(source=source, settings=settings, files=files, problems=problems)
    records._documents.update(documents)
    records.cache = cache
    return records


def with_changes(records: Records, new: dict[str, bytes]) -> Records | None:
    """``records`` as they would be with the files in ``new`` holding new bytes.

    Incremental: only the changed files are parsed; every other file keeps the
    model already loaded, so validating an edit (``lif update``) costs one
    file, not a second load of the repository. Only for files that exist and
    loaded without a read problem; None otherwise (load an overlay instead).
    """
    by_rel = {rf.file: i for i, rf in enumerate(records.files)}
    if any(rel not in by_rel for rel in new):
        return None
    unread = {"symlink-outside-repo", "unreadable-file", "duplicate-file"}
    if any(p.file in new and p.code in unread for p in records.problems):
        return None
    files = list(records.files)
    problems = [p for p in records.problems if p.file not in new]
    documents = {rel: d for rel, d in records._documents.items() if rel not in new}
    for rel, raw in new.items():
        kind = kind_of(rel)
        model, file_problems, doc = parse_file(raw, rel)
        digest = content_digest(raw)
        files[by_rel[rel]] = _read_record(kind, rel, model, digest, raw)
        problems.extend(file_problems)
        # positions in the new text, for the checks' problems (never the old file's)
        documents[rel] = doc if doc.positions else yamlio.read_bytes(raw, rel)
    settings = _settings(files, documents)
    out = Records(source=records.source, settings=settings, files=files, problems=problems)
    out._documents.update(documents)
    out._facts = records._facts
    out.cache = records.cache
    return out
