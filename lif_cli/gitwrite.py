"""The one place lif writes to git: ``git init``, ``git add`` and ``git commit``.

Reading history lives in ``history``; this module only records what lif has
just written. It runs the git binary (no library), passes ``--`` before every
path so a file name is never taken for an option, and never changes git's
configuration: a missing identity is the user's to set, and the error says how.
No program named in git's configuration runs (:mod:`lif_cli.gitsafe`).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from lif_cli.errors import LifError

_NO_IDENTITY = ("please tell me who you are", "unable to auto-detect email", "empty ident")


class GitError(LifError):
    """git could not do what lif asked; the message says why and what to do."""


def _run(cwd: Path, *args: str) -> str:
    from lif_cli.gitsafe import safe_env

    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            # hooks, fsmonitor, filters and other configured programs do not run
            env=safe_env(cwd),
        )
    except FileNotFoundError as exc:
        raise GitError(
            "git is not installed (or not on PATH), so lif cannot record this in git",
            hint="install git (https://git-scm.com/downloads), or run without git "
            "(lif init --no-git; lif update without --commit)",
        ) from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        lowered = detail.lower()
        if any(s in lowered for s in _NO_IDENTITY):
            raise GitError(
                "git does not know who you are, so it cannot make the commit "
                "(the file itself was written)",
                hint='set your name and email once: git config --global user.name "Your Name" '
                '&& git config --global user.email "you@example.org"',
            )
        last = detail.splitlines()[-1] if detail else f"exit status {done.returncode}"
        raise GitError(f"git {args[0]} failed: {last}")
    return done.stdout


def is_work_tree(folder: Path) -> bool:
    """True when ``folder`` is inside a git working tree."""
    try:
        return _run(folder, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except GitError as exc:
        if "not installed" in exc.message:
            raise
        return False


def init(folder: Path) -> None:
    """Make ``folder`` a git repository (git's own default branch name applies)."""
    _run(folder, "init", "--quiet")


def commit(folder: Path, paths: Sequence[str], message: str) -> str:
    """Commit exactly ``paths`` (relative to ``folder``) with ``message``.

    Other changes the user has staged are left staged and out of this commit.
    Returns the new commit's short hash.
    """
    if not paths:
        raise GitError("nothing to commit")
    _run(folder, "add", "--", *paths)
    _run(folder, "commit", "--quiet", "-m", message, "--", *paths)
    return _run(folder, "rev-parse", "--short", "HEAD").strip()
