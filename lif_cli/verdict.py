"""The last verdict of ``lif validate``, for records that have not changed since.

What ``lif validate`` reports is a function of the record files' bytes, the
as-of date and the code that checks them (lif's own and its libraries'). CI
and pre-commit hooks run it again and again on records that did not change;
when every input is the same as on a run kept here, that run's problems are
the answer, printed without loading a single model.

How each input is known:

* the record files: their names from the folder listing; their contents by
  digest, from the model cache's stat index (size, modification and change
  time, inode, as git's index trusts them, and never for a file that changed
  within two seconds of the run that noted it), else read and hashed;
* the as-of date, given or today's;
* the code: :func:`lif_cli.cache.code_fingerprint` of lif's modules and of
  the libraries whose behaviour shows in problems.

A verdict is kept and used only for a working tree (not ``--at``), with the
cache on, and when every file was read without a problem of its own (no file
too large, unreadable, linked outside the repository or duplicated); a temp
file left by a stopped lif write (``temp-file-left``) sends the run the full
way. Verdicts are signed like every cache file, so one planted by someone else
is never used.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lif_cli.errors import Problem

_FILE = "verdict.pickle"
_KEEP = 8  # verdicts kept per repository (as-of dates, formats)
# Libraries whose behaviour shows in the problems lif reports.
_LIBRARIES = ("pydantic", "pydantic_core", "yaml", "yaml_rs", "ruamel.yaml")
# Problems about a file as a whole: their message depends on more than its bytes.
_UNREAD = frozenset({"file-too-large", "unreadable-file", "symlink-outside-repo", "duplicate-file"})


@dataclass(frozen=True)
class Verdict:
    """What a run of ``lif validate`` found, as it printed it."""

    problems: tuple[Problem, ...]
    count: int  # record files checked
    guard_off: bool  # lif.yaml says personal_data: off (said on every run)
    # the source line shown under each problem in text output; None when the
    # run that made the verdict printed another format
    lines: tuple[str, ...] | None


def _key(root: Path, as_of: date, digests: list[tuple[str, str]]) -> str:
    from lif_cli.cache import code_fingerprint

    h = hashlib.blake2b(digest_size=20)
    h.update(f"{code_fingerprint(_LIBRARIES)}|{as_of.isoformat()}|{root}\0".encode())
    for rel, digest in digests:
        h.update(f"{rel}\0{digest}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _open(root: Path) -> Any:
    from lif_cli.cache import Cache

    cache = Cache.open(str(root.resolve()))
    return cache if cache is not None and cache.folder is not None else None


def _current_digests(root: Path, cache: Any) -> list[tuple[str, str]] | None:
    """(file, digest) of every record file now; None when one cannot be read.

    A file read here is noted in the stat index, as the loader notes it, so
    the next run need not read it again.
    """
    from lif_cli.cache import content_digest, stat_signature
    from lif_cli.repo import WorkTree

    started_ns = time.time_ns()
    source = WorkTree(root)
    names = source.files()
    links = source._links or set()
    folder = str(root)
    out = []
    for rel in names:
        digest = signature = None
        if rel not in links:
            signature = stat_signature(os.path.join(folder, rel))
            if signature is None:
                return None
            digest = cache.known_digest(rel, signature)
        if digest is None:
            try:
                raw = source.read(rel)
            except OSError:  # too large, unreadable, a link out: the full run says so
                return None
            digest = content_digest(raw)
            if signature is not None:
                cache.note_stat(rel, signature, digest, started_ns)
        out.append((rel, digest))
    cache.save(set(names))
    return out


def recall(root: Path, as_of: date, *, with_lines: bool) -> Verdict | None:
    """The verdict of an earlier run on exactly these inputs, or None."""
    from lif_cli.cache import _stamp, read_signed
    from lif_cli.repo import temp_files

    cache = _open(root)
    if cache is None or any(True for _ in temp_files(str(root))):
        return None
    kept = read_signed(cache.folder / _FILE, _stamp())
    if not isinstance(kept, dict) or not kept:
        return None
    digests = _current_digests(root, cache)
    if digests is None:
        return None
    found = kept.get(_key(root, as_of, digests))
    if not isinstance(found, Verdict) or (with_lines and found.lines is None):
        return None
    return found


def remember(records: Any, as_of: date, problems: list[Problem], lines: list[str] | None) -> None:
    """Keep this run's verdict, when every input of it is known. Never raises."""
    from lif_cli.cache import _stamp, read_signed, write_signed
    from lif_cli.repo import WorkTree, temp_files

    source = records.source
    if not isinstance(source, WorkTree) or records.cache is None:
        return
    if any(rf.digest is None for rf in records.files) or any(
        p.code in _UNREAD or p.code == "temp-file-left" for p in problems
    ):
        return
    try:
        cache = records.cache
        if cache.folder is None or any(True for _ in temp_files(str(source.root))):
            return
        digests = [(rf.file, rf.digest) for rf in records.files]
        verdict = Verdict(
            problems=tuple(problems),
            count=len(records.files),
            guard_off=records.settings.personal_data == "off",
            lines=tuple(lines) if lines is not None else None,
        )
        path = cache.folder / _FILE
        kept = read_signed(path, _stamp())
        kept = kept if isinstance(kept, dict) else {}
        kept[_key(source.root, as_of, digests)] = verdict
        while len(kept) > _KEEP:
            kept.pop(next(iter(kept)))
        cache.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_signed(path, _stamp(), kept)
    except Exception:  # a verdict only saves time; failing to keep one changes nothing
        pass
