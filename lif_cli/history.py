"""The records' git history: the state of the working tree, and what changed between two points.

* :func:`repo_state` says which commit the working tree is at and whether its
  records have uncommitted changes, for stamping board papers;
* :func:`read_history` reads what changed between two points (the commits
  from :mod:`lif_cli.commitlog`, two ``ls-tree`` and one ``cat-file --batch``),
  for ``lif changes``;
* :func:`last_tag` finds the last paper's tag, and :func:`file_revisions` how
  often each record file changed (for calendar feeds).

Git runs through :mod:`lif_cli.gitrepo`; record files at a commit are read
with :mod:`lif_cli.revisions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .commitlog import Commit, FileChange, read_log
from .gitrepo import (
    GitError,
    GitRepo,
    NotAGitRepo,
    Point,
    check_ref,
    commit_date,
    head_commit,
    open_git,
    resolve_point,
    verify_commit,
)
from .repo import FileTooLarge, read_capped
from .revisions import blob_sha, is_record_path, ls_tree, read_blobs

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
            if old is not None and is_record_path(old):
                found.append(("D ", old))
        if rel is not None and is_record_path(rel):
            found.append((code, rel))
    return found


def repo_state(root: Path) -> RepoState | None:
    """Commit, dirty flag and shallow flag of the records folder (None: not in git)."""
    try:
        repo = open_git(root)
    except NotAGitRepo:
        return None
    head = head_commit(repo)
    changed = tuple(sorted({rel for _, rel in _status(repo)}))
    return RepoState(commit=head, dirty=bool(changed), shallow=repo.shallow, changed=changed)


# --- history between two points --------------------------------------------------------------


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
    use_cache: bool = True,
) -> History:
    """Everything ``lif changes`` needs between ``since`` and ``until``.

    ``since``/``until`` are refs or dates. ``until`` None means the working
    tree: HEAD plus the records' uncommitted changes (as a last, uncommitted
    step). ``since`` None means from the first commit. ``known(rel, sha)``
    says the caller already holds what it needs of that version of that file
    (facts kept from an earlier run): its blob is not read. ``use_cache``
    False (``--no-cache``) reads every commit from git, keeping nothing.
    """
    repo = open_git(root)
    head = head_commit(repo)
    if head is None:
        raise GitError("the repository has no commits yet", hint="commit the records first")
    notes: list[str] = []
    if until is None:
        end_point = Point("HEAD", head, commit_date(repo, head))
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

    commits = read_log(repo, start_point.commit, end_point.commit or "HEAD", use_cache)
    start = ls_tree(repo, start_point.commit) if start_point.commit else {}
    end = ls_tree(repo, end_point.commit) if end_point.commit else {}
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
        head = head_commit(repo)
        if head is None:
            return None
        start = head if _status(repo) else head + "^"
    if verify_commit(repo, start) is None:
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
        rev = check_ref(at) if at else head_commit(repo)
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
