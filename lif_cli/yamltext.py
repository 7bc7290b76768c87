"""A record file's text: decoding it, checks before parsing, and where things are.

What :mod:`lif_cli.yamlio` needs around the parser but not from it (nothing
here imports a YAML library): the :class:`Document` a read gives, with the
position of every node; bytes to text, refusing what a hand-edited UTF-8
file should not hold; conflict markers and directives found before parsing;
the parser's errors in words; and the pieces of a file where its comments
are, for checks that scan comments without tokenising.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, Severity
from .layout import MAX_FILE_BYTES

MAX_DEPTH = 32
MAX_NODES = 200_000

Path = tuple[str | int, ...]
Position = tuple[int, int]

# The ASCII characters CONTROL refuses, as bytes (for a file that is all ASCII).
_ASCII_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_DIRECTIVE = re.compile(r"^%", re.MULTILINE)


@dataclass(slots=True)
class Document:
    """One YAML file read into plain data, with positions.

    ``data`` is None when the file could not be read into a mapping; the
    reasons are in ``problems``. ``positions[path]`` is the (line, column) of
    the value at ``path``; ``key_positions[path]`` that of its key (both
    1-based). ``()`` is the document itself.
    """

    file: str
    data: dict[str, Any] | None
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""

    def locate(self, path: Path, *, key: bool = False) -> Position:
        """Best position for ``path``: the key (if asked), else the value, else
        the nearest ancestor that has one."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        p = path
        while p not in self.positions:
            if not p:
                return (1, 1)
            p = p[:-1]
        value_pos, key_pos = self.positions[p], self.key_positions.get(p)
        if key_pos and value_pos[0] != key_pos[0]:
            # A block mapping or list (``criteria:`` then indented lines) is
            # shown at its key, not at the first line inside it.
            return key_pos
        return value_pos

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def error_at(file: str, code: str, message: str, line: int, col: int, hint: str | None = None):
    """An error the reader found in ``file`` at ``line``:``col`` (1-based)."""
    return Problem(
        code=code,
        message=message,
        file=file,
        line=line,
        column=col,
        severity=Severity.ERROR,
        hint=hint,
    )


def offset_position(data: bytes, offset: int) -> Position:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def text_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def too_large(file: str, size: int) -> Problem:
    """The problem of a file over the size limit (found from its size, before reading)."""
    return error_at(
        file,
        "file-too-large",
        f"the file is {size:,} bytes; lif reads records of at most {MAX_FILE_BYTES:,} bytes",
        1,
        1,
        "split it, or check that it is really a record and not a data dump",
    )


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text, refusing what a hand-edited UTF-8 file should not hold."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(file, len(raw))]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(raw) >= 2 and (raw[0] == 0 or raw[1] == 0) and b"\x00" in raw[:4]
    ):
        return None, [
            error_at(
                file,
                "file-encoding",
                "the file is saved as UTF-16 or UTF-32; lif reads UTF-8",
                1,
                1,
                "re-save it as UTF-8 (in most editors: File > Save with Encoding > UTF-8)",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = offset_position(raw, nul)
        return None, [
            error_at(
                file,
                "file-encoding",
                "the file contains a NUL byte; it looks binary, not a YAML record",
                line,
                col,
                "restore the file from git, or re-save it as plain UTF-8 text",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = offset_position(raw, exc.start)
        return None, [
            error_at(
                file,
                "file-encoding",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                line,
                col,
                "re-save the file as UTF-8 (it may have been saved as Windows-1252 or Latin-1)",
            )
        ]
    # CONTROL has no literal to look for, so the engine tries every position; an
    # ASCII file (nearly every record) is cleared by one byte deletion instead.
    ascii_clean = text.isascii() and len(raw.translate(None, _ASCII_CONTROLS)) == len(raw)
    bad = None if ascii_clean else CONTROL.search(text)
    if bad:
        line, col = text_position(text, bad.start())
        return None, [
            error_at(
                file,
                "file-encoding",
                f"the file contains control character U+{ord(bad.group()):04X}",
                line,
                col,
                "delete it; it is often pasted in from another program",
            )
        ]
    return text, []


def pre_checks(text: str, file: str) -> list[Problem]:
    problems = []
    for m in _CONFLICT.finditer(text):
        line, col = text_position(text, m.start())
        problems.append(
            error_at(
                file,
                "conflict-marker",
                f"left-over merge conflict marker '{m.group(1)}'",
                line,
                col,
                "finish resolving the git merge: keep the right lines and delete the "
                "<<<<<<< ======= >>>>>>> markers",
            )
        )
    if problems:
        return problems
    m = _DIRECTIVE.search(text)
    if m:
        line, col = text_position(text, m.start())
        problems.append(
            error_at(
                file,
                "yaml-directive",
                "YAML directives (lines starting with '%') are not allowed in records",
                line,
                col,
                "delete the directive line; lif reads every record as YAML 1.2",
            )
        )
    return problems


def _mark(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def syntax_problem(exc: Any, file: str, text: str) -> Problem:
    """A parser error (PyYAML's ``MarkedYAMLError``) in words a reviewer can act on."""
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    hint = None
    opened = exc.context_mark if exc.context_mark is not exc.problem_mark else None
    if "\t" in src[: max(col, 1)] or "found character '\\t'" in problem:
        message = "a tab is used for indentation"
        hint = "YAML indents with spaces only: replace the tab with spaces"
    elif "mapping values are not allowed" in problem:
        message = "a ':' followed by a space inside a plain value"
        hint = "put the value in quotes, e.g. key: 'a: b', or check this line's indentation"
    elif "quoted scalar" in context and "end of stream" in problem and opened:
        # The end of the file is no place to show: point at the opening quote.
        line, col = _mark(opened)
        message = "this quote is never closed"
        hint = "add the closing quote at the end of the value"
    elif "flow sequence" in context and opened and "expected ','" in problem:
        end = _mark(exc.problem_mark) if exc.problem_mark else (line, col)
        line, col = _mark(opened)
        message = f"this '[' list is not closed before line {end[0]}, column {end[1]}"
        hint = "close the list with ']' and separate its items with ', '"
    elif "flow mapping" in context and opened and "expected ','" in problem:
        end = _mark(exc.problem_mark) if exc.problem_mark else (line, col)
        line, col = _mark(opened)
        message = f"this '{{' mapping is not closed before line {end[0]}, column {end[1]}"
        hint = "close the mapping with '}' and separate its fields with ', '"
    elif "unknown escape character" in problem:
        message = "a backslash in double quotes starts an escape sequence, and this one is unknown"
        hint = "use single quotes for text with backslashes, e.g. 'S:\\Shared\\Reviews'"
    elif "cannot start any token" in problem:
        message = f"a plain value cannot start with {src[col - 1 : col]!r}"
        hint = "put the value in quotes"
    elif "block mapping" in context and "expected key" in problem:
        message = "this line is not indented like the keys around it"
        hint = "line up the keys of one mapping at the same column, with spaces"
    elif "found unexpected end of stream" in problem or "unexpected end" in problem:
        message = "the file ends inside an unclosed quote or bracket"
        hint = "close the quote or bracket that starts earlier" + (
            f" ({context}, line {exc.context_mark.line + 1})" if exc.context_mark else ""
        )
    elif "exceeded maximum nesting depth" in problem:
        # libyaml's own limit (1,000 levels) can be met before lif's, while it scans.
        message = f"values are nested more than {MAX_DEPTH} levels deep"
        hint = "records are at most a few levels deep; check the brackets and indentation"
        return error_at(file, "yaml-too-deep", message, line, col, hint)
    elif "expected a single document" in str(exc) or "but found '<document start>'" in problem:
        message = "the file holds more than one YAML document"
        hint = "a record file is one document: remove the '---' line and split the file"
        return error_at(file, "yaml-multiple-documents", message, line, col, hint)
    else:
        message = ", ".join(p for p in (context, problem) if p) or "invalid YAML"
        hint = "check the indentation and quoting on this line and the one before"
    return error_at(file, "yaml-syntax", f"YAML syntax error: {message}", line, col, hint)


# Line breaks as YAML counts them (libyaml also breaks on NEL, LS and PS), so
# line numbers here agree with the parser's marks.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def after_hashes(raw: bytes) -> tuple[str, ...]:
    """The text from the first '#' to the end of each line that has one.

    Every comment of the file lies within one of these (a '#' inside a value
    may start one too): a check that looks for something in comments can pass
    over a file whose pieces hold none of it without tokenising the file.
    """
    if b"#" not in raw:
        return ()
    text = raw.decode("utf-8", "replace")
    out = []
    at = text.find("#")
    while at >= 0:
        end = LINE_BREAK.search(text, at)
        stop = end.start() if end else len(text)
        out.append(text[at:stop])
        at = text.find("#", stop)
    return tuple(out)
