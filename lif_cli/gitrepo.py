"""Running git on a records repository: the only module that starts the ``git`` program.

Every command lif runs goes through :func:`run_git`, with a fixed, small
number of calls per lif command (no call per file or per commit), so a year
of history reads in a fraction of a second. :mod:`lif_cli.revisions` reads
the records at a revision, and :mod:`lif_cli.history` what changed between
two points; both through here.

Safety: a ref that starts with ``-`` is refused (and ``--end-of-options`` /
``--`` keep any other text from being read as an option); git's configuration
is never changed, and no program it names runs (fsmonitor, hooks, filters,
textconv: :mod:`lif_cli.gitsafe`); ``GIT_OPTIONAL_LOCKS=0`` keeps read commands
from taking the index lock. Every git failure becomes a
:class:`~lif_cli.errors.LifError` with a hint, never a traceback.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import LifError
from .layout import KIND_FOLDERS, TOP_FILES
from .repo import YAML_SUFFIXES

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")
ZERO_SHA = re.compile(r"0+\Z")
BLOB_MODES = frozenset({"100644", "100755"})
# The folders and files whose history lif reads.
RECORD_PATHS = (
    *(stem + suffix for stem in TOP_FILES for suffix in YAML_SUFFIXES),
    *KIND_FOLDERS,
)


class GitError(LifError):
    """git could not do what lif asked (no repository, a bad ref, ...)."""


class NotAGitRepo(GitError):
    """The records folder is not inside a git repository."""


# --- running git ---------------------------------------------------------------------


def git_env(cwd: Path) -> dict[str, str]:
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


def run_git(cwd: Path, args: Sequence[str], what: str, stdin: bytes | None = None) -> bytes:
    """Run ``git ARGS`` in ``cwd``; stdout as bytes, or a GitError."""
    try:
        proc = subprocess.run(
            ["git", "--no-pager", "--literal-pathspecs", *_SAFE_CONFIG, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=git_env(cwd),
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
        return run_git(self.top, args, what, stdin)

    def pathspecs(self) -> list[str]:
        """The record files and kind folders, as paths from the top (for ``--``)."""
        return [self.prefix + p for p in RECORD_PATHS]

    def rel(self, path: str) -> str | None:
        """A path from the top -> relative to the records folder (None if outside)."""
        if not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]


def open_git(root: Path) -> GitRepo:
    """The git repository holding the records folder ``root``."""
    root = Path(root)
    out = run_git(
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


def verify_commit(repo: GitRepo, ref: str) -> str | None:
    try:
        out = repo.run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"],
            f"resolve '{ref}'",
        )
    except GitError:
        return None
    sha = out.decode().strip()
    return sha if _SHA.match(sha) else None


def commit_date(repo: GitRepo, sha: str) -> str:
    out = repo.run(["show", "-s", "--format=%cs", sha, "--"], "read a commit date")
    return out.decode().strip()


def head_commit(repo: GitRepo) -> str | None:
    return verify_commit(repo, "HEAD")


def resolve_point(repo: GitRepo, text: str, base: str | None = None) -> Point:
    """A ref (commit, branch, tag) or a date (the last commit on or before it).

    A ref wins over a date when a tag is named like one. A date is matched
    against committer dates along the first-parent line of ``base`` (HEAD):
    the state of the main line on that day. No commit on or before the date
    gives ``Point(commit=None)``: the empty start of history.
    """
    check_ref(text)
    sha = verify_commit(repo, text)
    if sha is not None:
        return Point(text, sha, commit_date(repo, sha))
    if _is_date(text):
        base = base or head_commit(repo)
        if base is None:
            raise GitError("the repository has no commits yet", hint="commit the records first")
        # Commits are listed newest first; the first one dated on or before the
        # day (in the committer's own time zone) is the state on that day.
        proc = subprocess.Popen(
            ["git", "--no-pager", "log", "--first-parent", "--format=%H %cs", base, "--"],
            cwd=repo.top,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=git_env(repo.top),
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
    if head_commit(repo) is None:
        raise GitError("the repository has no commits yet", hint="commit the records first")
    raise GitError(f"'{text}' is not a commit, branch, tag or date in this repository", hint=hint)
