"""``lif --help`` from lif's cache: the text typer printed last time, unchanged.

Rendering the top-level help means importing typer, rich and every command
module (0.2 CPU seconds), for a text that only changes when lif's code or the
terminal changes. The first ``lif --help`` prints through typer as always and
keeps what it printed; later ones print it straight from the cache. The key
covers everything the text depends on: the stat signature of every module of
lif and of typer, rich and click, the terminal's width and whether output is a
terminal, and every environment variable typer and rich read for layout and
colour. Entries are signed like every cache entry (:mod:`lif_cli.cache`), so
nothing planted by someone else is ever printed.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_FILE = "help.pickle"
_KEEP = 8  # renderings kept (one per terminal width, colour...)
# Environment variables rich and typer read when laying out or colouring text.
_ENV_PREFIXES = (
    "COLUMNS", "LINES", "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "CLICOLOR",
    "TTY_", "JUPYTER", "VSCODE", "TYPER", "_TYPER", "RICH", "LIF_", "PYTHONIOENCODING",
    "LANG", "LC_",
)  # fmt: skip
_LIBRARIES = ("typer", "rich", "click")


def environment() -> tuple[Any, ...]:
    """How output will be shown: stdout's encoding, whether stdout and stderr
    are terminals and their sizes (lif's notes on stderr are broken to a
    terminal's width), and every environment variable that changes layout,
    colour or locale. Also part of the key of a read command's kept output
    (:mod:`lif_cli.verdict`)."""
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith(_ENV_PREFIXES))
    out = sys.stdout
    return (getattr(out, "encoding", None), *_terminal(out), *_terminal(sys.stderr), env)


def _terminal(stream: Any) -> tuple[bool, tuple[int, int] | None]:
    """Whether ``stream`` is a terminal, and its size."""
    try:
        tty = stream.isatty()
        return tty, (tuple(os.get_terminal_size(stream.fileno())) if tty else None)
    except (AttributeError, OSError, ValueError):
        return False, None


def key() -> str:
    """Everything the help text depends on, as one string."""
    from lif_cli.cache import code_fingerprint

    digest = hashlib.blake2b(digest_size=16)
    for part in (code_fingerprint(_LIBRARIES), *environment()):
        digest.update(repr(part).encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return digest.hexdigest()


def _entries() -> dict[str, str]:
    from lif_cli.cache import cache_dir, is_private, read_signed

    folder = cache_dir()
    if not is_private(folder):
        return {}
    data = read_signed(folder / _FILE, "help")
    return data if isinstance(data, dict) else {}


def cached() -> str | None:
    """The help text kept for this key, or None (then typer must print it)."""
    if os.environ.get("LIF_NO_CACHE"):
        return None
    text = _entries().get(key())
    return text if isinstance(text, str) else None


def remember(text: str | None) -> None:
    """Keep ``text`` as the help for this key. Never raises: a cache is optional."""
    if os.environ.get("LIF_NO_CACHE") or not text:
        return
    try:
        from lif_cli.cache import cache_dir, is_private, write_signed

        folder = cache_dir()
        if not is_private(folder):
            return
        entries = _entries()
        entries[key()] = text
        while len(entries) > _KEEP:
            entries.pop(next(iter(entries)))
        write_signed(folder / _FILE, "help", entries)
    except Exception:  # whatever goes wrong, the help was printed
        pass


class _Recorder:
    """A stream as it was, keeping a copy of what is written through it."""

    def __init__(self, out: Any):
        self._out = out
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        written = self._out.write(text)  # refused (bytes) before it is kept
        self.parts.append(text)
        return written

    @property
    def text(self) -> str | None:
        """What was printed, or None when any of it was not text."""
        if not all(isinstance(part, str) for part in self.parts):
            return None
        return "".join(self.parts)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, flush...
        return getattr(self._out, name)


@contextmanager
def recording(stream: str = "stdout") -> Iterator[_Recorder]:
    """Record what is printed to ``sys.<stream>`` inside the block (it is printed too)."""
    real = getattr(sys, stream)
    recorder = _Recorder(real)
    setattr(sys, stream, recorder)
    try:
        yield recorder
    finally:
        setattr(sys, stream, real)
