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

Read commands (``lif status``, ``plan``, ``calendar``, ``indicators``,
``s11``, ``training``) keep their output the same way (:func:`recall_output`,
:func:`remember_output`): what they print is a function of the same inputs,
the command's options, and how the output is shown (the terminal's width,
colour, locale: :func:`lif_cli.helptext.environment`). Each kept output is a
file of its own, so a large JSON plan is read only when it is the answer.
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
_OUTPUT = "output-"  # kept outputs: output-<key>.pickle, one file each
_KEEP_OUTPUTS = 16  # per repository; the least recently used go first
# Libraries whose behaviour shows in the problems lif reports.
_LIBRARIES = ("pydantic", "pydantic_core", "yaml", "yaml_rs", "ruamel.yaml")
# ... and in what the read commands print.
_OUTPUT_LIBRARIES = (*_LIBRARIES, "rich", "jinja2")
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


@dataclass(frozen=True)
class Output:
    """What a read command printed, and its exit code."""

    stdout: str
    stderr: str
    code: int


def _key(root: Path, as_of: date, digests: list[tuple[str, str]], more: str = "") -> str:
    """One digest of every input: the code, the as-of date, the root, ``more``
    (a command's own inputs) and every record file's name and digest."""
    from lif_cli.cache import code_fingerprint

    h = hashlib.blake2b(digest_size=20)
    libraries = _OUTPUT_LIBRARIES if more else _LIBRARIES
    h.update(f"{code_fingerprint(libraries)}|{as_of.isoformat()}|{root}|{more}\0".encode())
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


def _digests(root: Path, cache: Any) -> list[tuple[str, str]] | None:
    """Every record file's digest, when a kept result may answer (no temp file
    left by a stopped write, every file readable)."""
    from lif_cli.repo import temp_files

    if any(True for _ in temp_files(str(root))):
        return None
    return _current_digests(root, cache)


def recall(root: Path, as_of: date, *, with_lines: bool) -> Verdict | None:
    """The verdict of an earlier run on exactly these inputs, or None."""
    from lif_cli.cache import _stamp, read_signed

    cache = _open(root)
    if cache is None:
        return None
    kept = read_signed(cache.folder / _FILE, _stamp())
    if not isinstance(kept, dict) or not kept:
        return None
    digests = _digests(root, cache)
    if digests is None:
        return None
    found = kept.get(_key(root, as_of, digests))
    if not isinstance(found, Verdict) or (with_lines and found.lines is None):
        return None
    return found


def _output_inputs(command: str, options: tuple[Any, ...]) -> str:
    from lif_cli.helptext import environment

    return repr((command, options, environment()))


def recall_output(command: str, root: Path, as_of: date, options: tuple[Any, ...]) -> Output | None:
    """What ``command`` printed on an earlier run on exactly these inputs, or None."""
    from lif_cli.cache import _stamp, read_signed

    cache = _open(root)
    if cache is None or not _any_output(cache.folder):
        return None  # nothing kept (a cold cache): no file need be read to know it
    digests = _digests(root, cache)
    if digests is None:
        return None
    key = _key(root, as_of, digests, _output_inputs(command, options))
    path = cache.folder / f"{_OUTPUT}{key}.pickle"
    kept = read_signed(path, _stamp())
    if not (
        isinstance(kept, tuple)
        and len(kept) == 3
        and isinstance(kept[0], bytes)
        and isinstance(kept[1], str)
        and isinstance(kept[2], int)
    ):
        return None
    try:
        os.utime(path)  # recently used: pruned last
    except OSError:
        pass
    return Output(_unpack(kept[0]), kept[1], kept[2])


def _any_output(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(e.name.startswith(_OUTPUT) for e in entries)
    except OSError:
        return False


def _pack(text: str) -> bytes:
    # compressed: a 10,000-record plan's JSON is 10 MB, and 1 MB this way
    import zlib

    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def _unpack(data: bytes) -> str:
    import zlib

    return zlib.decompress(data).decode("utf-8", "surrogatepass")


def _keepable(records: Any, problems: list[Problem]) -> bool:
    """Whether every input of this run is known: a working tree read through the
    cache, every file read whole, no temp file left by a stopped write."""
    from lif_cli.repo import WorkTree, temp_files

    source = records.source
    cache = records.cache
    return (
        isinstance(source, WorkTree)
        and cache is not None
        and cache.folder is not None
        and all(rf.digest is not None for rf in records.files)
        and not any(p.code in _UNREAD or p.code == "temp-file-left" for p in problems)
        and not any(True for _ in temp_files(str(source.root)))
    )


def remember_output(
    command: str, records: Any, as_of: date, options: tuple[Any, ...], output: Output
) -> None:
    """Keep what ``command`` printed, when every input of it is known. Never raises."""
    from lif_cli.cache import _stamp, write_signed

    try:
        if not _keepable(records, records.problems):
            return
        cache = records.cache
        digests = [(rf.file, rf.digest) for rf in records.files]
        key = _key(records.source.root, as_of, digests, _output_inputs(command, options))
        cache.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        packed = (_pack(output.stdout), output.stderr, output.code)
        write_signed(cache.folder / f"{_OUTPUT}{key}.pickle", _stamp(), packed)
        kept = sorted(cache.folder.glob(f"{_OUTPUT}*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-_KEEP_OUTPUTS]:
            old.unlink(missing_ok=True)
    except Exception:  # a kept output only saves time; failing to keep one changes nothing
        pass


def remember(records: Any, as_of: date, problems: list[Problem], lines: list[str] | None) -> None:
    """Keep this run's verdict, when every input of it is known. Never raises."""
    from lif_cli.cache import _stamp, read_signed, write_signed

    try:
        if not _keepable(records, problems):
            return
        cache = records.cache
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
        kept[_key(records.source.root, as_of, digests)] = verdict
        while len(kept) > _KEEP:
            kept.pop(next(iter(kept)))
        cache.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_signed(path, _stamp(), kept)
    except Exception:  # a verdict only saves time; failing to keep one changes nothing
        pass
