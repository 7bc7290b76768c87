"""The one way lif makes a rich Console.

Record text is never interpreted as rich markup (``[red]`` in a title prints
literally); colour follows NO_COLOR / FORCE_COLOR and whether the stream is a
terminal; width follows COLUMNS so tests and CI are stable.
"""

from __future__ import annotations

import os
import re
import sys
from typing import IO

from rich.console import Console


def make_console(stream: IO[str] | None = None, width: int | None = None) -> Console:
    """A Console writing to ``stream`` (default stdout)."""
    stream = stream or sys.stdout
    no_color = bool(os.environ.get("NO_COLOR"))
    force = bool(os.environ.get("FORCE_COLOR")) and not no_color
    if width is None and os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])
    return Console(
        file=stream,
        width=width,
        no_color=no_color,
        force_terminal=True if force else None,
        color_system="auto" if not no_color else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def render_to_text(renderable: object, width: int | None = None, color: bool = False) -> str:
    """Render any rich renderable to a string (renderers return, never print)."""
    import io

    buf = io.StringIO()
    console = make_console(buf, width=width)
    if color:
        console = Console(
            file=buf,
            width=width or console.width,
            force_terminal=True,
            markup=False,
            emoji=False,
            highlight=False,
        )
    console.print(renderable)
    return strip_trailing(buf.getvalue())


# Spaces at the end of a line, before any colour codes that close it.
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def strip_trailing(text: str) -> str:
    """The text without spaces at line ends (tables pad every line to their width)."""
    return _TRAILING.sub(r"\1", text)
