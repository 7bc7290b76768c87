"""Shell completion of the names a user types: record, agency and group ids,
action ids, paper names and record kinds.

Completion runs on every Tab, so it must answer at once, also on thousands of
records. It never loads or validates the records: record ids are the names of
their files (FORMAT.md names each file after its id), agency and group ids come
from a light scan of agencies.yaml and groups.yaml, and action ids from the one
plan named before the slash. This module imports only the standard library and
lif_cli.layout (names, no models).

Two ways in, one set of completers: typer calls them through each option's
``autocompletion=`` when it completes; :func:`fast_answer` answers the same
questions before typer is even imported (``lif`` on a shell's Tab press), for
the options in :data:`FAST`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from lif_cli.layout import KIND_FOLDERS, SOURCE_FOLDERS

# The kinds' folders, from lif_cli.layout (names only: no models imported).
RECORD_FOLDERS = tuple(k for k in KIND_FOLDERS if k != "actions")
KINDS = (
    "review",
    "audit",
    "report",
    "assessment",
    "challenge",
    "drilldown",
    "indicator",
    "training",
    "plan",
    "incident",
    "scrutiny",
    "national-review",
    "outcome",
    "learning-event",
    "feedback",
    "risk",
    "evidence-request",
)
PAPERS = ("board", "piqag", "agency", "annual", "yearly")
_ID = re.compile(r"(?:^|[{,\s])id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)", re.MULTILINE)
_ACTION_ID = re.compile(r"^\s*-\s+(?:\{\s*)?id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)", re.M)


def find_root(args: list[str]) -> Path | None:
    """The repository the command line points at (-C/--repo), else the nearest
    folder upward from here holding lif.yaml."""
    start: Path | None = None
    for i, a in enumerate(args):
        if a in ("-C", "--repo") and i + 1 < len(args):
            start = Path(args[i + 1])
        elif a.startswith("--repo="):
            start = Path(a.split("=", 1)[1])
    if start is not None:
        return start if start.is_dir() else None
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "lif.yaml").is_file() or (folder / "lif.yml").is_file():
            return folder
    return None


def _stems(root: Path, folders: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for folder in folders:
        try:
            with os.scandir(root / folder) as it:
                for entry in it:
                    name = entry.name
                    if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                        out.append(name.rsplit(".", 1)[0])
        except OSError:
            continue
    return sorted(set(out))


def _ids_in(root: Path, stem: str) -> list[str]:
    for name in (f"{stem}.yaml", f"{stem}.yml"):
        try:
            text = (root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        return sorted(set(_ID.findall(text)))
    return []


def record_ids(root: Path) -> list[str]:
    return _stems(root, RECORD_FOLDERS)


def source_ids(root: Path) -> list[str]:
    return sorted({*_stems(root, SOURCE_FOLDERS), *_stems(root, ("actions",))})


def agency_ids(root: Path) -> list[str]:
    return _ids_in(root, "agencies")


def who_ids(root: Path) -> list[str]:
    return sorted({*_ids_in(root, "agencies"), *_ids_in(root, "groups")})


def action_ids(root: Path, incomplete: str = "") -> list[str]:
    """SOURCE/ACTION ids: plans' names first; the actions of one plan after its slash."""
    if "/" not in incomplete:
        return [f"{s}/" for s in _stems(root, ("actions",))]
    source = incomplete.split("/", 1)[0]
    for name in (f"{source}.yaml", f"{source}.yml"):
        try:
            text = (root / "actions" / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        return [f"{source}/{a}" for a in dict.fromkeys(_ACTION_ID.findall(text))]
    return []


def paper_names(root: Path | None) -> list[str]:
    extra = []
    if root is not None:
        try:
            extra = [p.name[: -len(".md.j2")] for p in (root / "templates").glob("*.md.j2")]
        except OSError:
            extra = []
    return sorted({*PAPERS, *extra} - {""}, key=lambda n: (n not in PAPERS, n))


# name -> (root, incomplete) -> candidates
Completer = Callable[[Path | None, str], list[str]]
COMPLETERS: dict[str, Completer] = {
    "records": lambda root, inc: record_ids(root) if root else [],
    "sources": lambda root, inc: source_ids(root) if root else [],
    "agencies": lambda root, inc: agency_ids(root) if root else [],
    "who": lambda root, inc: who_ids(root) if root else [],
    "actions": lambda root, inc: action_ids(root, inc) if root else [],
    "papers": lambda root, inc: paper_names(root),
    "kinds": lambda root, inc: list(KINDS),
}

# (command, option) -> completer; "" names the command's first argument.
FAST: dict[tuple[str, str], str] = {
    ("status", "--agency"): "agencies",
    ("status", "-a"): "agencies",
    ("plan", "--agency"): "agencies",
    ("plan", "-a"): "agencies",
    ("plan", "--source"): "sources",
    ("plan", "-s"): "sources",
    ("plan", "--to"): "who",
    ("calendar", "--agency"): "agencies",
    ("report", "--agency"): "agencies",
    ("report", ""): "papers",
    ("new", ""): "kinds",
    ("new", "--source"): "sources",
    ("new", "--agency"): "agencies",
    ("update", ""): "actions",
    ("export", "--agency"): "agencies",
    ("export", "-a"): "agencies",
}


def candidates(name: str, args: list[str], incomplete: str) -> list[str]:
    root = find_root(args)
    found = COMPLETERS[name](root, incomplete)
    return [c for c in found if c.startswith(incomplete)]


def for_typer(name: str) -> Callable:
    """An ``autocompletion=`` callback for typer, backed by the same completer."""

    def complete(ctx, incomplete: str) -> list[str]:
        args: list[str] = []
        repo = _ctx_repo(ctx)
        if repo is not None:
            args = ["-C", str(repo)]
        return candidates(name, args, incomplete)

    complete.__name__ = f"complete_{name}"
    return complete


def _ctx_repo(ctx) -> object | None:
    while ctx is not None:
        repo = (getattr(ctx, "params", None) or {}).get("repo")
        if repo is not None:
            return repo
        ctx = getattr(ctx, "parent", None)
    return None


# --- answering before typer is imported -------------------------------------------------

_VALUE_OPTIONS = {"-C", "--repo", "--as-of", "--at", "--since", "--until", "--format", "-f"}


def _split(line: str) -> list[str]:
    import shlex

    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def _request(shell: str) -> tuple[list[str], str] | None:
    """(args after `lif`, the word being completed) from the shell's variables."""
    if shell == "bash":
        words = _split(os.environ.get("COMP_WORDS", ""))
        try:
            cword = int(os.environ.get("COMP_CWORD", ""))
        except ValueError:
            return None
        return words[1:cword], (words[cword] if cword < len(words) else "")
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _which(args: list[str]) -> str | None:
    """The completer for the word after ``args``, when the fast path knows it."""
    if not args:
        return None
    command = args[0]
    if args[-1].startswith("-"):
        return FAST.get((command, args[-1]))
    # a first argument: no positional given yet after the command
    rest, i = args[1:], 0
    positional = 0
    while i < len(rest):
        a = rest[i]
        if a.startswith("-"):
            i += 2 if (a in _VALUE_OPTIONS or (command, a) in FAST) and "=" not in a else 1
            continue
        positional += 1
        i += 1
    return FAST.get((command, "")) if positional == 0 else None


def fast_answer(environ: dict[str, str] | None = None) -> str | None:
    """The completion reply for ``_LIF_COMPLETE=complete_<shell>``, or None when
    typer must answer (command names, options, anything not in FAST)."""
    env = os.environ if environ is None else environ
    mode = env.get("_LIF_COMPLETE", "")
    shell = mode.removeprefix("complete_")
    if not mode.startswith("complete_") or shell not in ("bash", "zsh", "fish"):
        return None
    request = _request(shell)
    if request is None:
        return None
    args, incomplete = request
    if incomplete.startswith("-"):
        return None
    name = _which(args)
    if name is None:
        return None
    found = candidates(name, args, incomplete)
    if shell == "zsh":
        if not found:
            return "_files"
        escaped = "\n".join(_zsh_escape(f) for f in found)
        return f"_arguments '*: :(({escaped}))'"
    if shell == "fish" and env.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        return None  # typer answers with an exit status; rare enough to leave to it
    return "\n".join(found)


def _zsh_escape(s: str) -> str:
    s = s.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`")
    return '"' + s.replace(":", r"\\:") + '"'
