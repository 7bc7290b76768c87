"""The commits between two points, each with the record files it changed.

One ``git log --raw`` pass over the range, limited to the records' paths
(git's default history simplification: a side branch whose record changes
the merge dropped is not walked).

What a commit changed never changes: its id names its parents and its tree.
So what was read is kept, in one signed file per records folder in the
user's private cache folder (see :mod:`lif_cli.cache`):

* each commit read, with its record changes (plain tuples);
* the commits of the last :data:`RANGES` ranges asked for, by their two ids.

A repeat over the same range runs no ``git log`` at all. A range with new
commits lists the range without diffs (about half the work: diffs are what
cost) and reads the diffs of the new commits alone. A shallow clone keeps
nothing: deepening it gives the same commits another history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .gitrepo import BLOB_MODES, ZERO_SHA, GitRepo
from .revisions import is_record_path

if TYPE_CHECKING:
    from .cache import SignedFile


@dataclass(frozen=True)
class FileChange:
    """One record file changed by one commit. A sha is None when absent."""

    status: str  # A M D R T (first letter of git's status)
    old_path: str | None
    new_path: str | None
    old_sha: str | None
    new_sha: str | None


@dataclass
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    date: str  # author date, YYYY-MM-DD
    subject: str
    changes: list[FileChange] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.sha[:10]


_HEADER = "%x1e%H%x00%P%x00%an%x00%as%x00%s"
# The options of every log lif reads; --raw and the revisions are added per call.
_LOG = (
    "log",
    "-z",
    "--no-abbrev",
    "-M",
    "--topo-order",
    "--reverse",
    "--no-show-signature",
    f"--format={_HEADER}",
)
_FORMAT = 1  # of the kept file
RANGES = 16  # ranges whose commit lists are kept
LIMIT = 200_000  # commits kept; beyond this the file starts afresh


def parse_log(repo: GitRepo, raw: bytes) -> list[Commit]:
    """Parse ``git log -z [--raw]`` with the _HEADER format, strictly in sequence."""
    tokens = raw.split(b"\0")
    commits: list[Commit] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i].lstrip(b"\n")
        if not tok:
            i += 1
            continue
        if tok.startswith(b"\x1e"):
            sha = tok[1:].decode()
            parents = tuple(tokens[i + 1].decode().split())
            author = tokens[i + 2].decode("utf-8", "replace")
            day = tokens[i + 3].decode()
            subject = tokens[i + 4].decode("utf-8", "replace")
            commits.append(Commit(sha, parents, author, day, subject))
            i += 5
            continue
        if tok.startswith(b":") and commits:
            meta = tok[1:].decode().split(" ")
            old_mode, new_mode, old_sha, new_sha, status = meta[:5]
            letter = status[:1]
            path1 = tokens[i + 1].decode("utf-8", "surrogateescape")
            i += 2
            path2 = None
            if letter in "RC":
                path2 = tokens[i].decode("utf-8", "surrogateescape")
                i += 1
            old_rel = repo.rel(path1)
            new_rel = repo.rel(path2 if path2 is not None else path1)
            old_ok = old_rel is not None and is_record_path(old_rel) and old_mode in BLOB_MODES
            new_ok = new_rel is not None and is_record_path(new_rel) and new_mode in BLOB_MODES
            if letter == "C":
                letter, old_ok = "A", False  # a copy adds a file; the original stays
            if not old_ok and not new_ok:
                continue
            commits[-1].changes.append(
                FileChange(
                    status=letter if (old_ok and new_ok) or letter in "AD" else "M",
                    old_path=old_rel if old_ok else None,
                    new_path=new_rel if new_ok else None,
                    old_sha=old_sha if old_ok and not ZERO_SHA.match(old_sha) else None,
                    new_sha=new_sha if new_ok and not ZERO_SHA.match(new_sha) else None,
                )
            )
            continue
        i += 1  # anything unexpected: skip it rather than misread it
    return commits


def read_log(repo: GitRepo, start: str | None, end: str, use_cache: bool = True) -> list[Commit]:
    """The commits reachable from ``end`` and not from ``start`` (all when None),
    oldest first, each with its record changes."""
    rng = [f"{start}..{end}"] if start else [end]
    whole = ["--raw", *rng]  # the range with its diffs, in one pass
    kept = _open_kept(repo) if use_cache and not repo.shallow else None
    data = _load(kept)
    known: dict[str, tuple] = data["commits"]
    ranges: dict[tuple[str | None, str], tuple[str, ...]] = data["ranges"]
    listed = ranges.get((start, end))
    if listed is not None and all(sha in known for sha in listed):
        return [_commit(sha, known[sha]) for sha in listed]
    if not known:
        # nothing kept: one pass reads the list and the diffs together
        commits = parse_log(repo, _run_log(repo, whole))
    else:
        commits = parse_log(repo, _run_log(repo, rng))
        missing = [c.sha for c in commits if c.sha not in known]
        read = {}
        if missing:
            more = ["--raw", "--no-walk=unsorted", "--stdin"]
            read = {c.sha: c for c in parse_log(repo, _run_log(repo, more, "\n".join(missing)))}
        if read.keys() >= set(missing):
            commits = [read.get(c.sha) or _commit(c.sha, known[c.sha]) for c in commits]
        else:  # git did not show every commit on its own: read the range whole
            commits = parse_log(repo, _run_log(repo, whole))
    if kept is not None:
        known.update((c.sha, _entry(c)) for c in commits)
        ranges.pop((start, end), None)
        ranges[(start, end)] = tuple(c.sha for c in commits)
        while len(ranges) > RANGES:
            del ranges[next(iter(ranges))]
        kept.save(data if len(known) <= LIMIT else _empty())
    return commits


def _run_log(repo: GitRepo, args: list[str], stdin: str | None = None) -> bytes:
    return repo.run(
        [*_LOG, *args, "--", *repo.pathspecs()],
        "read the history",
        stdin.encode() + b"\n" if stdin is not None else None,
    )


def _entry(c: Commit) -> tuple:
    changes = tuple(
        (ch.status, ch.old_path, ch.new_path, ch.old_sha, ch.new_sha) for ch in c.changes
    )
    return (c.parents, c.author, c.date, c.subject, changes)


def _commit(sha: str, entry: tuple) -> Commit:
    parents, author, day, subject, changes = entry
    return Commit(sha, parents, author, day, subject, [FileChange(*ch) for ch in changes])


def _empty() -> dict:
    return {"commits": {}, "ranges": {}}


def _open_kept(repo: GitRepo) -> SignedFile | None:
    """The signed file of the commits read from one records folder's history."""
    from .cache import SignedFile, code_fingerprint

    where = f"{Path(repo.root).resolve()}\0{repo.prefix}"
    # which files are records, and how they are parsed, is lif's code
    return SignedFile.open("commits", where, f"{_FORMAT}|{repo.prefix}|{code_fingerprint(())}")


def _load(kept: SignedFile | None) -> dict:
    data = kept.load() if kept is not None else None
    if isinstance(data, dict) and set(data) == {"commits", "ranges"}:
        return data
    return _empty()
