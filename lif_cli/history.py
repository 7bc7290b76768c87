"""Reading the records' git history: the only module that runs git.

Everything here shells out to the ``git`` program with a fixed, small number of
calls per command (no call per file or per commit), so a year of history reads
in a fraction of a second:

* :func:`revision_source` reads the records exactly as they were at a revision
  (one ``ls-tree`` and one ``cat-file --batch``), for ``--at REV``;
* :func:`repo_state` says which commit the working tree is at and whether its
  records have uncommitted changes, for stamping board papers;
* :func:`read_history` reads what changed between two points (one ``log --raw``
  pass, two ``ls-tree`` and one ``cat-file --batch``), for ``lif changes``.

Safety: a ref that starts with ``-`` is refused (and ``--end-of-options`` /
``--`` keep any other text from being read as an option); git's configuration
is never changed, and no program it names runs (fsmonitor, hooks, filters,
textconv: :mod:`lif_cli.gitsafe`); ``GIT_OPTIONAL_LOCKS=0`` keeps read commands from taking the
index lock. Every git failure becomes a :class:`~lif_cli.errors.LifError` with
a hint, never a traceback.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

from .errors import LifError
from .models import KIND_MODELS, TOP_MODELS
from .repo import YAML_SUFFIXES, FileTooLarge, is_record_name, list_record_files, read_capped
from .yamlio import MAX_FILE_BYTES

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")
_ZERO = re.compile(r"0+\Z")
_BLOB_MODES = frozenset({"100644", "100755"})
# The folders and files whose history lif reads.
_RECORD_PATHS = (
    *(stem + suffix for stem in TOP_MODELS for suffix in YAML_SUFFIXES),
    *KIND_MODELS,
)


class GitError(LifError):
    """git could not do what lif asked (no repository, a bad ref, ...)."""


class NotAGitRepo(GitError):
    """The records folder is not inside a git repository."""


# --- running git ---------------------------------------------------------------------


def _env(cwd: Path) -> dict[str, str]:
    from lif_cli.gitsafe import safe_env

    # No program named in git's configuration runs (fsmonitor, hooks, filters...).
    return safe_env(cwd, GIT_OPTIONAL_LOCKS="0")


def _translate(stderr: str, cwd: Path, what: str) -> GitError:
    text = stderr.strip()
    low = text.lower()
    if "dubious ownership" in low:
        return GitError(
            f"git refuses to read {cwd}: the repository is owned by another user "
            "('dubious ownership')",
            hint="if you trust this repository, mark it safe for your user with "
            f"'git config --global --add safe.directory {cwd}' (lif never changes git "
            "settings itself)",
        )
    if "not a git repository" in low:
        return NotAGitRepo(
            f"{cwd} is not in a git repository, so lif cannot read its history",
            hint="lif changes and --at read the records' git history: keep the records in "
            "git ('git init', then commit them). Every other command works without git.",
        )
    lines = text.splitlines()
    fatal = [line for line in lines if line.startswith("fatal: ")]
    # git's own verdict, not the advice after it ("...and the repository exists.")
    first = fatal[0] if fatal else (lines[-1] if lines else "no message")
    first = first.removeprefix("fatal: ").removeprefix("error: ")
    return GitError(f"git could not {what}: {first}")


# Read-only use of repositories lif did not make: never run their hooks or an
# fsmonitor daemon they configure, and never the `ext::` transport (a command).
_SAFE_CONFIG = (
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "protocol.ext.allow=never",
)


def _run(cwd: Path, args: Sequence[str], what: str, stdin: bytes | None = None) -> bytes:
    """Run ``git ARGS`` in ``cwd``; stdout as bytes, or a GitError."""
    try:
        proc = subprocess.run(
            ["git", "--no-pager", "--literal-pathspecs", *_SAFE_CONFIG, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=_env(cwd),
            check=False,
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed (or not on PATH), so lif cannot read the records' history",
            hint="install git; every command except 'lif changes' and '--at' works without it",
        ) from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        raise _translate(proc.stderr.decode("utf-8", "replace"), cwd, what)
    return proc.stdout


def check_ref(ref: str) -> str:
    """Refuse text that git could read as an option, or that cannot be a ref."""
    if not ref or not ref.strip():
        raise GitError("an empty revision was given", hint="give a commit, branch, tag or date")
    if ref.startswith("-"):
        raise GitError(
            f"'{ref}' starts with '-': lif refuses revisions that git could read as an option",
            hint="give a commit, branch, tag or date (YYYY-MM-DD)",
        )
    if any(ord(c) < 32 or c == "\x7f" for c in ref):
        raise GitError("the revision contains control characters", hint="check the value")
    return ref


# --- the repository ---------------------------------------------------------------------


@dataclass(frozen=True)
class GitRepo:
    """A records folder inside a git work tree."""

    root: Path  # the records folder (holds lif.yaml)
    top: Path  # the git work tree's top folder
    prefix: str  # the records folder relative to ``top``: '' or 'a/b/'
    shallow: bool

    def run(self, args: Sequence[str], what: str, stdin: bytes | None = None) -> bytes:
        return _run(self.top, args, what, stdin)

    def pathspecs(self) -> list[str]:
        """The record files and kind folders, as paths from the top (for ``--``)."""
        return [self.prefix + p for p in _RECORD_PATHS]

    def rel(self, path: str) -> str | None:
        """A path from the top -> relative to the records folder (None if outside)."""
        if not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]


def open_git(root: Path) -> GitRepo:
    """The git repository holding the records folder ``root``."""
    root = Path(root)
    out = _run(
        root,
        ["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"],
        "find the repository",
    )
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3 or not lines[0]:
        raise NotAGitRepo(
            f"{root} is not inside a git work tree",
            hint="lif changes and --at need the records checked out from git",
        )
    return GitRepo(root=root, top=Path(lines[0]), prefix=lines[1], shallow=lines[2] == "true")


def _is_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Point:
    """A resolved point in history: a commit (None: before the first commit)."""

    given: str  # what the user typed (or 'HEAD')
    commit: str | None
    date: str | None = None  # the commit's committer date, YYYY-MM-DD
    note: str | None = None  # how a DATE was resolved


def _verify(repo: GitRepo, ref: str) -> str | None:
    try:
        out = repo.run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"],
            f"resolve '{ref}'",
        )
    except GitError:
        return None
    sha = out.decode().strip()
    return sha if _SHA.match(sha) else None


def _commit_date(repo: GitRepo, sha: str) -> str:
    out = repo.run(["show", "-s", "--format=%cs", sha, "--"], "read a commit date")
    return out.decode().strip()


def _head(repo: GitRepo) -> str | None:
    return _verify(repo, "HEAD")


def resolve_point(repo: GitRepo, text: str, base: str | None = None) -> Point:
    """A ref (commit, branch, tag) or a date (the last commit on or before it).

    A ref wins over a date when a tag is named like one. A date is matched
    against committer dates along the first-parent line of ``base`` (HEAD):
    the state of the main line on that day. No commit on or before the date
    gives ``Point(commit=None)``: the empty start of history.
    """
    check_ref(text)
    sha = _verify(repo, text)
    if sha is not None:
        return Point(text, sha, _commit_date(repo, sha))
    if _is_date(text):
        base = base or _head(repo)
        if base is None:
            raise GitError("the repository has no commits yet", hint="commit the records first")
        # Commits are listed newest first; the first one dated on or before the
        # day (in the committer's own time zone) is the state on that day.
        proc = subprocess.Popen(
            ["git", "--no-pager", "log", "--first-parent", "--format=%H %cs", base, "--"],
            cwd=repo.top,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_env(repo.top),
        )
        found: tuple[str, str] | None = None
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                sha_b, _, day_b = line.decode().strip().partition(" ")
                if day_b <= text:
                    found = (sha_b, day_b)
                    break
        finally:
            proc.stdout.close()
            proc.kill()
            proc.wait()
        if found is None:
            if repo.shallow:
                raise GitError(
                    f"no commit on or before {text} in this shallow clone: its history is "
                    "incomplete",
                    hint="fetch the full history with 'git fetch --unshallow'",
                )
            return Point(text, None, None, f"no commit on or before {text}: from the start")
        return Point(text, found[0], found[1], f"last commit on or before {text}")
    hint = "list commits with 'git log --oneline', tags with 'git tag'; a date is YYYY-MM-DD"
    if repo.shallow:
        hint += "; this is a shallow clone: 'git fetch --unshallow' fetches older commits"
    if _head(repo) is None:
        raise GitError("the repository has no commits yet", hint="commit the records first")
    raise GitError(f"'{text}' is not a commit, branch, tag or date in this repository", hint=hint)


# --- reading trees and blobs ------------------------------------------------------------


def _ls_tree(repo: GitRepo, commit: str) -> dict[str, str]:
    """{path relative to the records folder: blob sha} of record files at ``commit``."""
    out = repo.run(
        ["ls-tree", "-r", "-z", "--full-tree", commit, "--", *repo.pathspecs()],
        "list the records at a commit",
    )
    found: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path_b = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split(" ")
        if kind != "blob" or mode not in _BLOB_MODES:
            continue  # symlinks and submodules are not records
        rel = repo.rel(path_b.decode("utf-8", "surrogateescape"))
        if rel is not None and _is_record_path(rel):
            found[rel] = sha
    return found


def _is_record_path(rel: str) -> bool:
    parts = rel.split("/")
    if len(parts) == 1:
        return PurePosixPath(rel).stem in TOP_MODELS and rel.endswith(YAML_SUFFIXES)
    return len(parts) == 2 and parts[0] in KIND_MODELS and is_record_name(parts[1])


def read_blobs(
    repo: GitRepo, shas: Iterable[str], oversized: dict[str, int] | None = None
) -> dict[str, bytes]:
    """The content of many blobs: sizes from one ``git cat-file --batch-check``,
    then the blobs within the record size limit from one ``git cat-file --batch``.

    A blob over the limit is never read (a 1 GB blob in history costs its
    header line, not 2 GB): its size goes to ``oversized`` instead.
    """
    wanted = list(dict.fromkeys(s for s in shas if s and not _ZERO.match(s)))
    if not wanted:
        return {}
    stdin = ("\n".join(wanted) + "\n").encode()
    sizes: dict[str, int] = {}
    for line in repo.run(["cat-file", "--batch-check"], "read files from history", stdin).split(
        b"\n"
    ):
        parts = line.decode().split(" ")
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    small = [sha for sha in wanted if sha in sizes and sizes[sha] <= MAX_FILE_BYTES]
    if oversized is not None:
        oversized.update((sha, sizes[sha]) for sha in wanted if sizes.get(sha, 0) > MAX_FILE_BYTES)
    if not small:
        return {}
    out = repo.run(
        ["cat-file", "--batch"], "read files from history", ("\n".join(small) + "\n").encode()
    )
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in small:
        eol = out.index(b"\n", pos)
        header = out[pos:eol].decode().split(" ")
        pos = eol + 1
        if len(header) < 3 or header[1] == "missing":
            continue  # outside a shallow clone's history
        size = int(header[2])
        blobs[sha] = out[pos : pos + size]
        pos += size + 1
    return blobs


def blob_sha(content: bytes, length: int = 40) -> str:
    """Git's object id of a blob with this content (to compare working files)."""
    header = b"blob %d\0" % len(content)
    if length == 64:
        return hashlib.sha256(header + content).hexdigest()
    return hashlib.sha1(header + content, usedforsecurity=False).hexdigest()


class RevisionSource:
    """The records as they were at one commit (a :class:`lif_cli.repo.FileSource`)."""

    def __init__(
        self,
        root: Path,
        given: str,
        commit: str,
        files: dict[str, bytes],
        too_large: dict[str, int] | None = None,
    ):
        self.root = root
        self.given = given
        self.commit = commit
        self.label = f"{root} at {given}"
        self._files = files
        self._too_large = too_large or {}  # {rel: size} of files over the limit, unread

    def files(self) -> list[str]:
        listing: dict[str, list[str]] = {"": []}
        for rel in (*self._files, *self._too_large):
            folder, _, name = rel.rpartition("/")
            listing.setdefault(folder, []).append(name)
        return list_record_files(listing)

    def read(self, rel: str) -> bytes:
        if rel in self._too_large:
            raise FileTooLarge(rel, self._too_large[rel])
        try:
            return self._files[rel]
        except KeyError:
            raise FileNotFoundError(2, "not in this revision", rel) from None

    def cache_key(self) -> str:
        # Cache entries are keyed by content hash, so every revision can share one.
        return f"{Path(self.root).resolve()}@git"


def revision_source(root: Path, rev: str) -> RevisionSource:
    """The records folder ``root`` exactly as it was at ``rev`` (a ref or a date).

    The working tree is not touched: the files are read from git's objects.
    """
    check_ref(rev)
    repo = open_git(root)
    point = resolve_point(repo, rev)
    if point.commit is None:
        raise GitError(f"there is no commit on or before {rev}", hint="give a later date")
    listing = _ls_tree(repo, point.commit)
    if not any(rel.split("/")[0] in ("lif.yaml", "lif.yml") for rel in listing):
        where = repo.prefix.rstrip("/") or "the top of the repository"
        raise GitError(
            f"there is no lif.yaml in {where} at {rev} ({point.commit[:10]}): the records "
            "were not there yet",
            hint="give a later revision; 'git log -- lif.yaml' shows when they were added",
        )
    return _source_at(repo, root, rev, point.commit, listing)


def _source_at(
    repo: GitRepo, root: Path, given: str, commit: str, listing: dict[str, str]
) -> RevisionSource:
    oversized: dict[str, int] = {}
    blobs = read_blobs(repo, listing.values(), oversized)
    files = {rel: blobs[sha] for rel, sha in listing.items() if sha in blobs}
    too_large = {rel: oversized[sha] for rel, sha in listing.items() if sha in oversized}
    return RevisionSource(root, given, commit, files, too_large)


# --- another partnership's records, fetched into the cache ------------------------------------


def check_url(url: str) -> str:
    """Refuse a repository address git could read as an option or a command."""
    if not url or not url.strip() or url.startswith("-"):
        raise GitError(f"'{url}' is not a repository address lif will fetch from")
    if url.lower().startswith("ext::") or any(ord(c) < 32 for c in url):
        raise GitError(f"'{url}' is not a repository address lif will fetch from")
    return url


def fetch_records(url: str, ref: str, cache: Path, subdir: str = "") -> RevisionSource:
    """The records at ``ref`` of the repository at ``url``, by a shallow fetch.

    The objects go into a bare repository in ``cache`` (the user's cache
    folder), never into anyone's records. ``subdir`` is the records folder
    inside the repository ('' for its top).
    """
    check_url(url)
    check_ref(ref)
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "HEAD").exists():
        _run(cache, ["init", "--bare", "-q", "."], "make a cache repository")
    _run(
        cache,
        [
            "fetch",
            "-q",
            "--depth",
            "1",
            "--no-tags",
            "--no-recurse-submodules",
            "--end-of-options",
            url,
            ref,
        ],
        f"fetch {ref} from {url}",
    )
    commit = (
        _run(
            cache,
            ["rev-parse", "--verify", "--end-of-options", "FETCH_HEAD^{commit}"],
            "read the fetched commit",
        )
        .decode()
        .strip()
    )
    prefix = subdir.strip("/") + "/" if subdir.strip("/") else ""
    repo = GitRepo(root=cache, top=cache, prefix=prefix, shallow=True)
    listing = _ls_tree(repo, commit)
    if "lif.yaml" not in listing and "lif.yml" not in listing:
        where = prefix.rstrip("/") or "the top of the repository"
        raise GitError(f"there is no lif.yaml in {where} at {ref} ({commit[:10]})")
    source = _source_at(repo, cache, ref, commit, listing)
    source.label = f"{url} at {ref}"
    return source


# --- the state of the working tree -----------------------------------------------------------


@dataclass(frozen=True)
class RepoState:
    """Where the records stand in git, for stamping a paper."""

    commit: str | None  # None: no commits yet
    dirty: bool  # record files differ from the commit (or are untracked)
    shallow: bool
    changed: tuple[str, ...] = ()  # record files with uncommitted changes

    @property
    def short(self) -> str | None:
        return self.commit[:10] if self.commit else None


def _status(repo: GitRepo) -> list[tuple[str, str]]:
    """[(XY code, path relative to the records)] of changed record files."""
    out = repo.run(
        ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *repo.pathspecs()],
        "read the working tree's status",
    )
    found: list[tuple[str, str]] = []
    parts = out.split(b"\0")
    i = 0
    while i < len(parts):
        entry = parts[i]
        i += 1
        if len(entry) < 4:
            continue
        code = entry[:2].decode()
        rel = repo.rel(entry[3:].decode("utf-8", "surrogateescape"))
        if code[0] in "RC":
            # a staged rename: "R  new" then the old path as its own field
            old = repo.rel(parts[i].decode("utf-8", "surrogateescape"))
            i += 1
            if old is not None and _is_record_path(old):
                found.append(("D ", old))
        if rel is not None and _is_record_path(rel):
            found.append((code, rel))
    return found


def repo_state(root: Path) -> RepoState | None:
    """Commit, dirty flag and shallow flag of the records folder (None: not in git)."""
    try:
        repo = open_git(root)
    except NotAGitRepo:
        return None
    head = _head(repo)
    changed = tuple(sorted({rel for _, rel in _status(repo)}))
    return RepoState(commit=head, dirty=bool(changed), shallow=repo.shallow, changed=changed)


# --- history between two points --------------------------------------------------------------


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


UNCOMMITTED = "uncommitted"


@dataclass
class History:
    """What git knows about the records between two points (plain data, no git)."""

    root: Path
    since: Point
    until: Point
    commits: list[Commit]  # oldest first; the last may be UNCOMMITTED
    start: dict[str, str]  # {rel: sha} at ``since`` (empty at the start of history)
    end: dict[str, str]  # {rel: sha} at ``until`` (working tree shas when uncommitted)
    blobs: dict[str, bytes]  # sha -> content of every blob named above
    shallow: bool
    uncommitted: tuple[str, ...] = ()  # record files with uncommitted changes (included)
    notes: list[str] = field(default_factory=list)
    oversized: dict[str, int] = field(default_factory=dict)  # sha -> size of blobs left unread

    def content(self, sha: str | None) -> bytes | None:
        if sha is None:
            return None
        return self.blobs.get(sha)


_HEADER = "%x1e%H%x00%P%x00%an%x00%as%x00%s"


def _parse_log(repo: GitRepo, raw: bytes) -> list[Commit]:
    """Parse ``git log -z --raw`` with the _HEADER format, strictly in sequence."""
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
            old_ok = old_rel is not None and _is_record_path(old_rel) and old_mode in _BLOB_MODES
            new_ok = new_rel is not None and _is_record_path(new_rel) and new_mode in _BLOB_MODES
            if letter == "C":
                letter, old_ok = "A", False  # a copy adds a file; the original stays
            if not old_ok and not new_ok:
                continue
            commits[-1].changes.append(
                FileChange(
                    status=letter if (old_ok and new_ok) or letter in "AD" else "M",
                    old_path=old_rel if old_ok else None,
                    new_path=new_rel if new_ok else None,
                    old_sha=old_sha if old_ok and not _ZERO.match(old_sha) else None,
                    new_sha=new_sha if new_ok and not _ZERO.match(new_sha) else None,
                )
            )
            continue
        i += 1  # anything unexpected: skip it rather than misread it
    return commits


def _working_changes(
    repo: GitRepo, head_state: dict[str, str], sha_len: int
) -> tuple[dict[str, str], dict[str, bytes], list[FileChange]]:
    """The records' uncommitted changes as one more step after HEAD."""
    end = dict(head_state)
    blobs: dict[str, bytes] = {}
    changes: list[FileChange] = []
    for _code, rel in sorted(set(_status(repo)), key=lambda c: c[1]):
        path = repo.root / rel
        old_sha = head_state.get(rel)
        try:
            content = read_capped(path, rel) if path.is_file() else None
        except FileTooLarge as exc:
            # unread: it reads as a broken file, like a blob over the limit in history
            blobs[f"too-large-{exc.size}"] = b""
            end[rel] = f"too-large-{exc.size}"
            changes.append(
                FileChange(
                    "M" if old_sha else "A", rel if old_sha else None, rel, old_sha, end[rel]
                )
            )
            continue
        except OSError:
            content = None
        if content is None:
            if old_sha is not None:
                end.pop(rel, None)
                changes.append(FileChange("D", rel, None, old_sha, None))
            continue
        new_sha = blob_sha(content, sha_len)
        if new_sha == old_sha:
            continue  # only the index or file mode differs
        blobs[new_sha] = content
        end[rel] = new_sha
        changes.append(
            FileChange("M" if old_sha else "A", rel if old_sha else None, rel, old_sha, new_sha)
        )
    return end, blobs, changes


def read_history(
    root: Path,
    since: str | None,
    until: str | None = None,
    known: Callable[[str, str], bool] | None = None,
) -> History:
    """Everything ``lif changes`` needs between ``since`` and ``until``.

    ``since``/``until`` are refs or dates. ``until`` None means the working
    tree: HEAD plus the records' uncommitted changes (as a last, uncommitted
    step). ``since`` None means from the first commit. ``known(rel, sha)``
    says the caller already holds what it needs of that version of that file
    (facts kept from an earlier run): its blob is not read.
    """
    repo = open_git(root)
    head = _head(repo)
    if head is None:
        raise GitError("the repository has no commits yet", hint="commit the records first")
    notes: list[str] = []
    if until is None:
        end_point = Point("HEAD", head, _commit_date(repo, head))
    else:
        end_point = resolve_point(repo, until)
        if end_point.commit is None:
            raise GitError(f"there is no commit on or before {until}", hint="give a later date")
    if since is None:
        start_point = Point("the first commit", None)
    else:
        start_point = resolve_point(repo, since, base=end_point.commit)
    if start_point.commit and end_point.commit and start_point.commit != end_point.commit:
        try:
            base = repo.run(
                ["merge-base", "--all", start_point.commit, end_point.commit],
                "compare the two points",
            ).split()
        except GitError:
            base = []  # unrelated histories
        if start_point.commit.encode() not in base:
            notes.append(
                f"{start_point.given} is not an ancestor of {end_point.given}: showing "
                "the commits reachable from the second and not from the first"
            )
    if repo.shallow:
        notes.append(
            "this is a shallow clone: history is incomplete, so changes before its oldest "
            "commit are missing (run 'git fetch --unshallow' for the full history)"
        )

    rng = (
        [f"{start_point.commit}..{end_point.commit}"]
        if start_point.commit
        else [end_point.commit or "HEAD"]
    )
    log = repo.run(
        [
            "log",
            "-z",
            "--raw",
            "--no-abbrev",
            "-M",
            "--topo-order",
            "--reverse",
            "--no-show-signature",
            f"--format={_HEADER}",
            *rng,
            "--",
            *repo.pathspecs(),
        ],
        "read the history",
    )
    commits = _parse_log(repo, log)
    start = _ls_tree(repo, start_point.commit) if start_point.commit else {}
    end = _ls_tree(repo, end_point.commit) if end_point.commit else {}
    extra_blobs: dict[str, bytes] = {}
    uncommitted: tuple[str, ...] = ()
    if until is None:
        sha_len = len(head)
        end, extra_blobs, changes = _working_changes(repo, end, sha_len)
        if changes:
            uncommitted = tuple(sorted({c.new_path or c.old_path or "" for c in changes}))
            commits.append(
                Commit(UNCOMMITTED, (head,), "(not committed)", "", "uncommitted changes", changes)
            )
    # Only files that differ between the two points matter for the net change.
    differ = {rel for rel in start.keys() | end.keys() if start.get(rel) != end.get(rel)}
    wanted = [(rel, s) for rel in differ for s in (start.get(rel), end.get(rel)) if s]
    for c in commits:
        for ch in c.changes:
            wanted += [
                (rel, s) for rel, s in ((ch.old_path, ch.old_sha), (ch.new_path, ch.new_sha))
            ]
    skip = known or (lambda rel, sha: False)
    oversized: dict[str, int] = {}
    blobs = read_blobs(
        repo,
        (s for rel, s in wanted if s and s not in extra_blobs and not (rel and skip(rel, s))),
        oversized,
    )
    # A blob over the size limit is not read: it reads as a broken file.
    blobs.update(dict.fromkeys(oversized, b""))
    blobs.update(extra_blobs)
    oversized.update(
        (key, int(key.rpartition("-")[2])) for key in extra_blobs if key.startswith("too-large-")
    )
    return History(
        root=repo.root,
        since=start_point,
        until=end_point,
        commits=commits,
        start=start,
        end=end,
        blobs=blobs,
        shallow=repo.shallow,
        uncommitted=uncommitted,
        notes=notes,
        oversized=oversized,
    )


def last_tag(root: Path, pattern: str, at: str | None = None) -> str | None:
    """The most recent tag matching ``pattern`` (a glob) before the paper's commit.

    The paper's own commit is skipped (a paper rebuilt from a tagged commit
    reports changes since the *previous* meeting), unless the working tree has
    uncommitted record changes, which come after it. None when there is none.
    """
    repo = open_git(root)
    if at is not None:
        point = resolve_point(repo, at)
        if point.commit is None:
            return None
        start = point.commit + "^"
    else:
        head = _head(repo)
        if head is None:
            return None
        start = head if _status(repo) else head + "^"
    if _verify(repo, start) is None:
        return None  # the first commit has nothing before it
    try:
        out = repo.run(
            ["describe", "--tags", "--abbrev=0", f"--match={pattern}", start],
            "find the last tag",
        )
    except GitError:
        return None
    tag = out.decode().strip()
    return tag or None


# --- how often each record file changed ----------------------------------------------------


@dataclass(frozen=True)
class Revision:
    """A record file's git history in brief: for an event's SEQUENCE and LAST-MODIFIED."""

    count: int  # commits that changed the file
    last: datetime  # committer time of the latest of them, UTC


def file_revisions(root: Path, at: str | None = None) -> dict[str, Revision]:
    """{record file relative to ``root``: Revision} over the history up to ``at`` (default
    HEAD). Empty outside git or before the first commit: the same commits always give
    the same answer, so a calendar feed built from them is reproducible."""
    try:
        repo = open_git(root)
        rev = check_ref(at) if at else _head(repo)
        if rev is None:
            return {}
        args = ["log", "-z", "--no-renames", "--format=%x1e%ct", "--name-only", rev, "--"]
        raw = repo.run([*args, *repo.pathspecs()], "read the records' history")
    except GitError:
        return {}
    out: dict[str, Revision] = {}
    when: datetime | None = None
    for token in raw.split(b"\0"):
        text = token.decode("utf-8", "surrogateescape").lstrip("\n")
        if text.startswith("\x1e"):
            when = datetime.fromtimestamp(int(text[1:]), tz=UTC)
        elif text and when is not None:
            rel = repo.rel(text)
            if rel is None:
                continue
            seen = out.get(rel)
            # newest first: the first commit seen is the latest change
            out[rel] = Revision(1, when) if seen is None else Revision(seen.count + 1, seen.last)
    return out
