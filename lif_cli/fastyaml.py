"""The clean path's YAML reader: a compiled parser behind a screen.

Most record files are plain: block mappings and lists, plain or quoted
scalars, comments. For those, a compiled YAML-to-dict parser (``yaml-rs``,
Rust, YAML 1.2) builds the same data as lif's own reader (:mod:`lif_cli.yamlio`)
about three times faster. It keeps no positions and silently accepts what lif
refuses (anchors, aliases, tags...), so it only ever sees a file the screen
below vouches for; any other file (and any file it fails on) goes to lif's own
reader, which finds and locates every problem exactly as before.

The screen sends to lif's reader every file holding:

* an anchor, alias or tag indicator (``&``, ``*``, ``!``), a directive or
  reserved indicator (``%``, ``@``, a backquote), a complex key (``?``), an
  empty key (a line starting ``:``), a merge key or conflict marker (``<<``,
  ``=======``, ``>>>>>>>``, ``|||||||``), or a document marker (``---``,
  ``...``);
* a tab, a backslash (so every escape in double quotes is read by lif's
  reader and its refusals apply), a lone carriage return, NEL, a line or
  paragraph separator, or a byte-order mark inside the text;
* a flow list or mapping (``[...]``, ``{...}``) that spans lines, nests, is
  a key, or holds anything but simple words, numbers, dates or quoted text;
  a bracket that closes nothing;
* a line indented 30 columns or more (so nesting stays well inside lif's
  depth limit); a number written in a form the two parsers type differently
  (``0X``/``0b``, digit separators ``1_000``) or of 19 digits or more; a block
  scalar with a keep (``+``) or indentation indicator (``|2``), or an empty
  one;
* more than 100,000 characters (so it cannot hold more values than lif's
  node limit), or no line break at the end (the parsers keep a last line of
  spaces differently).

What passes yields a mapping at the root or is sent on; whatever the models
then refuse is read again by lif's reader (``loader.parse_file``). Tests hold
the two readers to identical data on every example record, every fuzz
regression and every case of the YAML test suite that the screen lets through.
"""

from __future__ import annotations

import re
from typing import Any

try:  # wheels for Linux, macOS and Windows; without it lif's reader does all the work
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - a platform without a wheel
    _yaml_rs = None

MAX_CHARS = 100_000

# The flow collections let through: one line, no nesting, plain scalars that
# start with a letter, digit or '.', '(', '/' and hold no ':', ',', '#' or
# bracket, or quoted ones without a backslash; keys are words.
_VALUE = r"""(?:(?:[\w.(/]|-[0-9])[^{}\[\],:#\n]*|'[^'\n]*'|"[^"\\\n]*")"""
_KEY = r"[A-Za-z_][\w.-]*"
_END = r"[ ]*(?:#[^\n]*)?$"
_FLOW = re.compile(
    rf"""\[[ ]*(?:{_VALUE}[ ]*(?:,[ ]*{_VALUE}[ ]*)*)?\]{_END}"""
    rf"""|\{{[ ]*(?:{_KEY}:[ ]+{_VALUE}[ ]*(?:,[ ]*{_KEY}:[ ]+{_VALUE}[ ]*)*)?\}}{_END}""",
    re.MULTILINE,
)
# Each check starts with a literal character, which the regex engine finds
# fast; a character class at the start makes it try every position (ten times
# slower). Rare characters are sought with plain substring searches first.
_NEVER = ("\t", "\\", "\x85", "\u2028", "\u2029", "\ufeff", "<<", "=======", ">>>>>>>", "|||||||")
_NODE_MARKS = ("&", "*", "!", "@", "`")
_NODE_START = re.compile(r"(?:^|[ \[{,])(?:[&*][^ \n]|[!@`])", re.MULTILINE)
# Directives, document markers, complex or empty keys, deep indentation.
_LINE_START = re.compile(r"\n(?:%|---|\.\.\.|[ -]*[?:][ \r\n]|[ -]{30})")
_STARTS = ("%", "---", "...", "?", ":", " ", "-")
# a digit beside an underscore: YAML 1.1 readers take `1_000` or `_61` as numbers
_DIGIT_SEPARATOR = re.compile(r"_(?<=[0-9]_)|_(?=[0-9])")
_RADIX = re.compile(r"0[XBb]")
_LONE_CR = re.compile(r"\r(?!\n)")
# Long runs of digits (numbers beyond 64 bits, which the two readers may treat
# differently at the extremes) are found in bytes, every digit made '9' and
# every other byte a space: a translate and a substring search, both fast.
_DIGITS = bytes(57 if 48 <= i <= 57 else 32 for i in range(256))
_LONG_NUMBER = b"9" * 19
_LITERAL_INDICATOR = re.compile(r"\|(?:[-+]?[0-9]|[0-9]?\+)")
_FOLDED_INDICATOR = re.compile(r">(?:[-+]?[0-9]|[0-9]?\+)")


def available() -> bool:
    """True when the compiled parser is installed."""
    return _yaml_rs is not None


def screen(text: str) -> bool:
    """True when ``text`` holds nothing the compiled parser may read differently."""
    if len(text) > MAX_CHARS or (text and text[-1] != "\n") or text.startswith(_STARTS):
        return False
    for mark in _NEVER:
        if mark in text:
            return False
    for mark in _NODE_MARKS:
        if mark in text:
            if _NODE_START.search(text):
                return False
            break
    if _LINE_START.search(text) or _DIGIT_SEPARATOR.search(text) or _RADIX.search(text):
        return False
    if "\r" in text and _LONE_CR.search(text):
        return False
    if _LONG_NUMBER in text.encode("utf-8", "surrogateescape").translate(_DIGITS):
        return False
    if "|" in text and _LITERAL_INDICATOR.search(text):
        return False
    if ">" in text and _FOLDED_INDICATOR.search(text):
        return False
    if "[" in text or "{" in text or "]" in text or "}" in text:
        # every bracket opens a flow collection let through above, and closes it
        if text.count("[") != text.count("]") or text.count("{") != text.count("}"):
            return False
        for opener in "[{":
            at = text.find(opener)
            while at >= 0:
                if not _FLOW.match(text, at):
                    return False
                at = text.find(opener, at + 1)
    return True


def read_clean(text: str) -> dict[str, Any] | None:
    """The data of a plain record file, or None: then lif's own reader must read it."""
    if _yaml_rs is None or not screen(text):
        return None
    try:
        data = _yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any error: lif's reader finds and locates it
        return None
    if data.__class__ is not dict:
        return None
    if ("|" in text or ">" in text) and _BLOCK.search(text) and _has_bare_break(data):
        return None
    return data


# A block scalar's header. An empty one (no line indented under it) reads as
# "\n" in the compiled parser but "" in lif's reader; only a block scalar can
# hold a bare line break without a backslash escape, so such values are sought.
_BLOCK = re.compile(r"[|>]-?[ ]*(?:#[^\n]*)?\r?$", re.MULTILINE)


def _has_bare_break(data: Any) -> bool:
    stack = [data]
    while stack:
        node = stack.pop()
        for value in node.values() if node.__class__ is dict else node:
            cls = value.__class__
            if cls is str:
                if value == "\n":
                    return True
            elif cls is dict or cls is list:
                stack.append(value)
    return False
