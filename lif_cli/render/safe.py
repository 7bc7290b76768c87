"""Outside text made safe to print: the one escaping applied at output.

Text lif did not write itself (a file name, a git author name, a spreadsheet
cell, a key or value quoted in a problem message) may hold control
characters. Printed raw, an escape sequence rewrites the terminal, and a
newline followed by ``::error`` forges a GitHub Actions annotation in a CI
log. :func:`visible` shows each such character as a visible escape instead
(``\\x1b``, ``\\n``, ``\\u202e``), so the text still says what it holds.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
# invisible characters that reorder or hide text (bidi overrides and isolates,
# zero-width spaces and joiners, the byte-order mark).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\n\t]")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, *, lines: bool = False) -> str:
    """``text`` with every control or invisible character shown as an escape.

    With ``lines=True`` newlines and tabs are kept (a diff, a multi-line
    listing); otherwise they are escaped too, so the text stays on one line.
    """
    s = "" if text is None else str(text)
    return (_UNSAFE if lines else _UNSAFE_LINE).sub(_escape, s)
