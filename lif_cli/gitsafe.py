"""The environment every git command lif runs gets: no program named in git's configuration runs.

A records repository is shared, and its ``.git/config`` (or a file it
includes) can name programs that git runs on its own: an fsmonitor hook
during ``git status``, hooks during ``git commit``, a pager, an external diff,
a textconv driver, clean/smudge filters and filter processes, a signing
program. lif runs git only to read history and to commit what it has just
written, and needs none of them, so each is switched off through
``GIT_CONFIG_COUNT`` (git's own "-c" in the environment, which overrides
every configuration file):

* always: ``core.fsmonitor=false``, ``core.hooksPath=/dev/null``,
  ``core.pager=cat``, ``diff.external=`` (empty: none);
* for each driver the configuration names: ``diff.<d>.textconv``,
  ``diff.<d>.command``, ``filter.<d>.clean``, ``.smudge`` and ``.process``
  are emptied and ``filter.<d>.required`` is false;
* signing programs set in the repository's own configuration go back to
  git's defaults (a user's own ``~/.gitconfig`` choice is kept).

Reading the configuration (``git config --list``) runs nothing.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path

# Always switched off, whatever the configuration says.
FIXED: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.pager", "cat"),
    ("diff.external", ""),
)
# Driver keys that name a program: emptied wherever they are set.
_DRIVER_KEY = re.compile(
    r"^(diff\.[^\n]+\.(?:textconv|command)|filter\.[^\n]+\.(?:clean|smudge|process))$",
    re.IGNORECASE,
)
_REQUIRED_KEY = re.compile(r"^filter\.[^\n]+\.required$", re.IGNORECASE)
# Signing programs: back to git's defaults when the repository's own config sets them.
_SIGNING_DEFAULTS = {
    "gpg.program": "gpg",
    "gpg.openpgp.program": "gpg",
    "gpg.x509.program": "gpgsm",
    "gpg.ssh.program": "ssh-keygen",
    "gpg.ssh.defaultkeycommand": "",
}
_BASE_ENV = {
    "LC_ALL": "C",
    "LANGUAGE": "C",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
}


def _list_config(cwd: Path) -> list[tuple[str, str]]:
    """(scope, key) of every configuration key git sees in ``cwd`` (none on failure)."""
    env = {**os.environ, **_BASE_ENV}
    env.pop("GIT_CONFIG_COUNT", None)
    try:
        done = subprocess.run(
            ["git", "config", "--list", "--show-scope", "--name-only", "-z"],
            cwd=cwd,
            capture_output=True,
            env=env,
            check=False,
        )
    except OSError:
        return []
    # with -z: scope NUL key NUL, for each key
    tokens = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [(scope, key) for scope, key in zip(tokens[::2], tokens[1::2], strict=False) if key]


@functools.lru_cache(maxsize=32)
def overrides(cwd: Path) -> tuple[tuple[str, str], ...]:
    """The ``key=value`` pairs that switch off every program git could run in ``cwd``."""
    pairs = list(FIXED)
    for scope, key in _list_config(cwd):
        low = key.lower()
        if _DRIVER_KEY.match(key):
            pairs.append((key, ""))
        elif _REQUIRED_KEY.match(key):
            pairs.append((key, "false"))
        elif low in _SIGNING_DEFAULTS and scope in ("local", "worktree", "command"):
            pairs.append((key, _SIGNING_DEFAULTS[low]))
    return tuple(dict.fromkeys(pairs))


def safe_env(cwd: Path, **extra: str) -> dict[str, str]:
    """The environment for a git command run in ``cwd``: see the module's description."""
    env = dict(os.environ)
    env.update(_BASE_ENV)
    env.update(extra)
    pairs = overrides(Path(cwd).resolve())
    env["GIT_CONFIG_COUNT"] = str(len(pairs))
    for i, (key, value) in enumerate(pairs):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    return env
