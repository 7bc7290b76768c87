#!/usr/bin/env python3
"""Build a records repository with history from examples/nscb.

    python examples/build-history.py DEST

DEST (a new or empty folder) becomes a git repository whose commits, dated
September to November 2016, bring the records step by step to the state of
examples/nscb: action updates arrive on the dates they carry, actions are
completed, due dates slip, reports and audits are presented, a draft plan is
approved. The commit of the board meeting on 27 September 2016 is tagged
``board-2016-09-27``, so that

    lif changes -C DEST --since board-2016-09-27
    lif report board -C DEST --as-of 2016-11-15

show what changed since that meeting. Authors are pseudonyms; every record is
fictional, as in examples/nscb.

The earlier states are derived from the final records by rules (an update
dated after the day is not there yet; the action's status is its last update's;
a report presented after the day does not exist yet), plus the due-date moves
listed in DUE_MOVES. Needs git on PATH; uses only the standard library.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent / "nscb"
START = "2016-09-01"
BOARD = ("2016-09-27", "board-2016-09-27")
END = "2016-11-15"

# Due dates that moved: (file, action id) -> [(earlier due, the day it moved)].
DUE_MOVES = {
    ("actions/SCR-2016-01.yaml", "A4"): [("2016-10-31", "2016-10-11")],
    ("actions/S11-2016-police.yaml", "A2"): [("2016-10-31", "2016-10-04")],
}

# Who commits: the support officer keeps the records; agency leads send updates.
AUTHORS = {
    "default": ("Support Officer A", "support.officer.a@example.invalid"),
    "board": ("Board Manager B", "board.manager.b@example.invalid"),
}

_DATE = r"(\d{4}-\d{2}-\d{2})"
_UPDATE = re.compile(r"^\s+- \{date: " + _DATE + r"(?:, status: ([a-z-]+))?")
_ACTION = re.compile(r"^  - id: (\S+)")


def _action_block(lines: list[str], rel: str, day: str) -> list[str]:
    """One action's lines as they stood on ``day``."""
    ident = _ACTION.match(lines[0])[1]
    kept: list[str] = []
    removed = False
    last_status = None
    for line in lines:
        m = _UPDATE.match(line)
        if m and m[1] > day:
            removed = True
            continue
        if m and m[2]:
            last_status = m[2]
        kept.append(line)
    for due, moved_on in DUE_MOVES.get((rel, ident), []):
        if day < moved_on:
            kept = [re.sub(r"^(    due: )\S+", rf"\g<1>{due}", x) for x in kept]
    if removed:
        status = last_status or "not-started"
        kept = [re.sub(r"^(    status: )\S+", rf"\g<1>{status}", x) for x in kept]
        if status != "complete":
            kept = [x for x in kept if not x.startswith("    completed:")]
        if not any(_UPDATE.match(x) for x in kept):
            kept = [x for x in kept if x.rstrip() != "    updates:"]
    return kept


def _plan(text: str, rel: str, day: str) -> str:
    lines = text.splitlines(keepends=True)
    m = re.search(r"^approved: \{by: \S+, date: " + _DATE + r"\}\n", text, re.MULTILINE)
    if m and m[1] > day:
        lines = [x for x in lines if x != m[0]]
    out: list[str] = []
    block: list[str] = []
    for line in lines:
        if _ACTION.match(line):
            out.extend(_action_block(block, rel, day) if block else [])
            block = [line]
        elif block:
            block.append(line)
        else:
            out.append(line)
    out.extend(_action_block(block, rel, day) if block else [])
    return "".join(out)


def _presented(text: str) -> str | None:
    m = re.search(r"presented: " + _DATE, text)
    return m[1] if m else None


def state_on(day: str) -> dict[str, str]:
    """Every record file's text as it stood on ``day`` (a file absent is not there yet)."""
    files = {
        p.relative_to(EXAMPLE).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(EXAMPLE.rglob("*.yaml"))
    }
    out: dict[str, str] = {}
    for rel, text in files.items():
        folder = rel.split("/")[0]
        presented = _presented(text)
        if folder == "reports" and presented and presented > day:
            continue
        if folder == "audits" and presented and presented > day:
            text = re.sub(r", presented: " + _DATE, "", text)
            text = text.replace("status: reported", "status: in-progress")
        out[rel] = text
    for rel in [r for r in out if r.startswith("actions/")]:
        stem = rel.split("/", 1)[1]
        source = next((r for r in files if r.endswith("/" + stem) and r != rel), None)
        if source is not None and (source not in out or (_presented(files[source]) or "") > day):
            del out[rel]  # a plan follows the report of its source
            continue
        out[rel] = _plan(out[rel], rel, day)
    # outcomes and risks name actions: drop the ones whose plan is not there yet
    actions = {
        f"{r.split('/', 1)[1][:-5]}/{m[1]}"
        for r in out
        if r.startswith("actions/")
        for m in re.finditer(r"^  - id: (\S+)", out[r], re.M)
    }
    for rel in [r for r in out if r.split("/")[0] in ("outcomes", "risks")]:
        out[rel] = _LISTED_ACTION.sub(lambda m: m[0] if m[1] in actions else "", out[rel])
    return out


_LISTED_ACTION = re.compile(r"^  - ([A-Za-z0-9-]+/A\d+)\n", re.M)


def _days() -> list[str]:
    """The days something happened between START and END, in order."""
    found: set[str] = set()
    for p in EXAMPLE.rglob("*.yaml"):
        found.update(re.findall(_DATE, p.read_text(encoding="utf-8")))
    for moves in DUE_MOVES.values():
        found.update(day for _, day in moves)
    found.add(BOARD[0])
    return sorted(d for d in found if START < d <= END)


def _git(dest: Path, *args: str, day: str | None = None, author: str = "default") -> str:
    env = dict(os.environ)
    name, email = AUTHORS[author]
    env.update(
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
    )
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T17:00:00+00:00"
    return subprocess.run(
        ["git", *args], cwd=dest, env=env, check=True, capture_output=True, text=True
    ).stdout


def _write(dest: Path, files: dict[str, str]) -> None:
    for p in dest.rglob("*.yaml"):
        if p.relative_to(dest).as_posix() not in files:
            p.unlink()
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def _message(dest: Path) -> str:
    changed = _git(dest, "status", "--porcelain").splitlines()
    names = sorted({line[3:].split("/")[-1].removesuffix(".yaml") for line in changed})
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return f"Record updates: {shown}"


def build(dest: Path) -> None:
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"build-history: {dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    _git(dest, "init", "-q", "-b", "main")
    shutil.copy(EXAMPLE / "README.md", dest / "README.md")
    _write(dest, state_on(START))
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "Records as at 1 September 2016", day=START)
    for day in _days():
        _write(dest, state_on(day))
        if _git(dest, "status", "--porcelain").strip():
            author = "board" if day == BOARD[0] else "default"
            message = _message(dest)
            _git(dest, "add", "-A")
            _git(dest, "commit", "-q", "-m", message, day=day, author=author)
        if day == BOARD[0]:
            _git(dest, "tag", BOARD[1])
    # the last state is examples/nscb itself, byte for byte
    _write(dest, state_on("9999-12-31"))
    if _git(dest, "status", "--porcelain").strip():
        _git(dest, "add", "-A")
        _git(dest, "commit", "-q", "-m", "Records as at 15 November 2016", day=END)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n")[1] if argv else __doc__)
        return 0 if argv else 2
    build(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
