"""Rendering validation problems: text (with caret), JSON and GitHub annotations.

Renderers return strings; the CLI prints them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

from lif_cli.errors import Problem
from lif_cli.render.safe import visible
from lif_cli.render.words import wrap_words


def shown(text: str | None, *, keep_width: bool = False, lines: bool = False) -> str:
    """Outside text in a problem, safe to print: personal data hidden, controls escaped.

    Applied at output to every file name, message, hint and source line, so no
    problem quotes what the personal-data guard would flag (a mistyped key, an
    enum value, an id or a date holding an NHS number) or prints a control
    character raw (a file name holding an escape sequence or a newline).
    """
    from lif_cli.privacy import redact

    return visible(redact(text or "", keep_width=keep_width), lines=lines)


def summary_line(problems: Sequence[Problem], records: int) -> str:
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    if not problems:
        return f"ok: {records} record files, no problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    where = f"{files} file{'s' if files != 1 else ''}"
    return f"{' and '.join(parts)} in {where} ({records} record files read)"


def _caret(line_text: str, column: int) -> tuple[str, str]:
    # Tabs would misplace the caret: show them as single spaces.
    shown = line_text.replace("\t", " ")
    if len(shown) > 120:
        start = max(0, column - 60)
        shown = ("..." if start else "") + shown[start : start + 117]
        column = column - start + (3 if start else 0)
    return shown, " " * max(column - 1, 0) + "^"


def render_text(
    problems: Sequence[Problem],
    records: int,
    source_line: Callable[[Problem], str],
    *,
    color: bool = False,
    width: int | None = None,
    summary: bool = True,
) -> str:
    """Problems grouped by file: ``path:line:col: severity code: message``.

    With ``width`` (a terminal's), a message or hint too long for a line goes
    on over indented lines, broken between words, so an 80-column terminal
    does not cut words in two. Without it (a pipe, a file, CI) each message
    stays on its one line, for grep and editors' problem matchers.
    """
    red, yellow, dim, bold, reset = (
        ("\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[1m", "\x1b[0m") if color else ("",) * 5
    )
    out: list[str] = []
    for file, group in groupby(problems, key=lambda p: p.file):
        name = visible(file)
        out.append(f"{bold}{name}{reset}")
        for p in group:
            word = "error" if p.is_error else "warning"
            loc = f"{name}:{p.line}:{p.column}" if p.line else name
            head = f"  {loc}: "
            lines = wrap_words(head, f"{word} {p.code}: {shown(p.message)}", "    ", width)
            sev = f"{red if p.is_error else yellow}{word}{reset}"
            lines[0] = head + sev + lines[0][len(head) + len(word) :]
            out.extend(lines)
            text = source_line(p) if p.line else ""
            if text.strip():
                safe = shown(text.replace("\t", " "), keep_width=True)
                line, caret = _caret(safe, p.column)
                gutter = f"{p.line:>5} | "
                out.append(f"{dim}{gutter}{reset}{line}")
                out.append(f"{dim}{' ' * (len(gutter) - 2)}| {reset}{red}{caret}{reset}")
            if p.hint:
                out.extend(wrap_words("        hint: ", shown(p.hint), " " * 14, width))
        out.append("")
    if summary:
        out.extend(wrap_words("", summary_line(problems, records), "", width))
    return "\n".join(out) + "\n"


def render_json(
    problems: Sequence[Problem], records: int, suppressions: Sequence[Any] | None = None
) -> str:
    """The FORMAT.md shape: {"errors": [...], "warnings": [...], "records": N}.

    With ``suppressions`` (``--show-suppressed``), a ``suppressions`` list is added:
    ``{"file", "line", "column", "reason"}`` (reason null when none was given).
    """
    payload: dict[str, Any] = {
        "errors": [_json(p) for p in problems if p.is_error],
        "warnings": [_json(p) for p in problems if not p.is_error],
        "records": records,
    }
    if suppressions is not None:
        payload["suppressions"] = [
            {"file": s.file, "line": s.line, "column": s.column, "reason": s.reason}
            for s in suppressions
        ]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _json(p: Problem) -> dict[str, object]:
    out = p.as_json()
    out["message"] = shown(p.message)
    if p.hint:
        out["hint"] = shown(p.hint)
    return out


def render_suppressions(suppressions: Sequence[Any]) -> str:
    """The ``--show-suppressed`` list: ``file:line: reason``, one a line."""
    if not suppressions:
        return "no personal-data suppressions\n"
    out = [f"personal-data suppressions ({len(suppressions)}):"]
    for s in suppressions:
        reason = s.reason if s.reason is not None else "(no reason given: suppresses nothing)"
        out.append(f"  {visible(s.file)}:{s.line}: {shown(reason)}")
    return "\n".join(out) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: Sequence[Problem], records: int, prefix: str = "") -> str:
    """GitHub Actions workflow commands, one annotation per problem."""
    out = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        props = [f"file={_escape_property(visible(prefix + p.file, lines=True))}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={_escape_property('lif ' + p.code)}")
        # newlines stay for GitHub's own %0A escape, which shows them as line breaks
        message = shown(p.message, lines=True)
        if p.hint:
            message += f" (hint: {shown(p.hint, lines=True)})"
        out.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    out.append(summary_line(problems, records))
    return "\n".join(out) + "\n"
