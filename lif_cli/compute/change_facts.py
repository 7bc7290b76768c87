"""What ``lif changes`` compares, read from each version of each record file.

Plain YAML data, never the validated models: a file that was broken at some
commit costs one note, not the whole answer. A blob's id names its bytes, so
the facts read from it are kept (one signed file per repository in the
user's private cache folder) and a later run reads only blobs it has not seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lif_cli.errors import Problem
from lif_cli.history import History
from lif_cli.layout import KIND_FOLDERS, KIND_NOUNS

if TYPE_CHECKING:
    from lif_cli.cache import SignedFile

# The kinds whose records ``lif changes`` follows besides action plans (FORMAT.md's
# kinds, listed before ``actions``; the framework kinds after it are not followed).
RECORD_NOUNS = {kind: KIND_NOUNS[kind] for kind in KIND_FOLDERS[: KIND_FOLDERS.index("actions")]}


# --- facts read from one file's plain data ---------------------------------------------------


@dataclass(frozen=True)
class ActionFacts:
    status: str | None
    due: str | None
    agency: str | None
    text: str | None
    recommendations: tuple[str, ...]


@dataclass(frozen=True)
class RecordFacts:
    kind: str  # folder
    id: str
    title: str | None
    status: str | None
    presented: str | None
    calendar: str | None
    recommendations: dict[str, str | None]


@dataclass(frozen=True)
class FileFacts:
    record: RecordFacts | None = None
    source: str | None = None  # an action plan's source id
    actions: dict[str, ActionFacts] = field(default_factory=dict)
    broken: bool = False


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    if value is None:
        return ()
    return (str(value),)


def read_facts(kind: str, content: bytes | None) -> FileFacts:
    """The facts ``lif changes`` compares, from one file's bytes."""
    if content is None:
        return FileFacts()
    from lif_cli import yamlio  # only for a blob not seen before: a warm run needs no parser

    data = yamlio.read_bytes(content, kind).data
    if not isinstance(data, dict):
        return FileFacts(broken=True)
    if kind == "actions":
        source = _text(data.get("source"))
        actions: dict[str, ActionFacts] = {}
        raw_actions = data.get("actions")
        for a in raw_actions if isinstance(raw_actions, list) else []:
            if not isinstance(a, dict) or _text(a.get("id")) is None:
                continue
            actions.setdefault(
                str(a["id"]),
                ActionFacts(
                    status=_text(a.get("status")),
                    due=_text(a.get("due")),
                    agency=_text(a.get("agency")),
                    text=_text(a.get("text")),
                    recommendations=_ids(a.get("recommendation")),
                ),
            )
        return FileFacts(source=source, actions=actions, broken=source is None)
    if kind not in RECORD_NOUNS:
        return FileFacts()
    ident = _text(data.get("id"))
    if ident is None:
        return FileFacts(broken=True)
    recs: dict[str, str | None] = {}
    raw_recs = data.get("recommendations")
    for r in raw_recs if isinstance(raw_recs, list) else []:
        if isinstance(r, dict) and _text(r.get("id")) is not None:
            recs.setdefault(str(r["id"]), _text(r.get("text")))
    dates = data.get("dates") if isinstance(data.get("dates"), dict) else {}
    presented = dates.get("presented") if kind == "audits" else data.get("presented")
    return FileFacts(
        record=RecordFacts(
            kind=kind,
            id=ident,
            title=_text(data.get("title")),
            status=_text(data.get("status")),
            presented=_text(presented),
            calendar=_text(data.get("calendar")),
            recommendations=recs,
        )
    )


# --- each blob read once, and kept ---------------------------------------------------------


def folder_of(rel: str) -> str:
    return rel.split("/", 1)[0] if "/" in rel else ""


class BlobFacts:
    """Parse each blob once (the same blob is new in one commit, old in the next).

    ``known`` holds facts already read in an earlier run (blob ids never change
    meaning, so they are safe cache keys); new ones are collected in ``added``.
    """

    def __init__(self, history: History, known: dict[tuple[str, str], FileFacts] | None = None):
        self.history = history
        self.cache: dict[tuple[str, str], FileFacts] = dict(known or {})
        self.added: dict[tuple[str, str], FileFacts] = {}
        self.broken: set[str] = set()
        self.broken_versions: set[tuple[str, str]] = set()

    def get(self, rel: str | None, sha: str | None) -> FileFacts:
        if rel is None or sha is None:
            return FileFacts()
        kind = folder_of(rel)
        key = (kind, sha)
        facts = self.cache.get(key)
        if facts is None:
            facts = read_facts(kind, self.history.content(sha))
            self.cache[key] = facts
            self.added[key] = facts
        if facts.broken:
            self.broken.add(rel)
            self.broken_versions.add((rel, sha))
        return facts

    def problems(self) -> list[Problem]:
        """The reader's problems in each file version that could not be read.

        Broken versions are rare, so they are read again here for their
        located problems; the file is named as ``path@blob``.
        """
        out: list[Problem] = []
        if not self.broken_versions:
            return out
        from lif_cli import yamlio
        from lif_cli.yamltext import too_large

        for rel, sha in sorted(self.broken_versions):
            if sha in self.history.oversized:  # never read: too large, found from its size
                p = too_large(rel, self.history.oversized[sha])
                out.append(replace(p, message=f"{p.message} ({_version(sha)})"))
                continue
            content = self.history.content(sha)
            if content is None:
                continue
            for p in yamlio.read_bytes(content, rel).problems:
                if p.is_error:
                    out.append(replace(p, message=f"{p.message} ({_version(sha)})"))
        return out


def _version(sha: str) -> str:
    if sha.startswith("too-large-"):
        return "in the working tree"
    return f"in the version `git show {sha[:10]}`"


class FactsCache:
    """{(folder, blob id): FileFacts} in one signed pickle per repository; failures ignored."""

    FORMAT = 2  # 2: the facts' classes moved to compute/change_facts.py
    LIMIT = 200_000  # entries kept; beyond this the cache starts afresh

    def __init__(self, file: SignedFile):
        self.file = file

    @classmethod
    def open(cls, root: Path) -> FactsCache | None:
        from lif_cli import __version__
        from lif_cli.cache import SignedFile

        file = SignedFile.open("history", str(Path(root).resolve()), f"{cls.FORMAT}|{__version__}")
        return cls(file) if file is not None else None

    def load(self) -> dict[tuple[str, str], FileFacts]:
        data = self.file.load()
        return data if isinstance(data, dict) else {}

    def save(self, data: dict[tuple[str, str], FileFacts]) -> None:
        self.file.save(data if len(data) <= self.LIMIT else {})
