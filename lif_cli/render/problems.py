"""Rendering validation problems: text (with caret), JSON and GitHub annotations.

Renderers return strings; the CLI prints them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

from lif_cli.errors import Problem


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
) -> str:
    """Problems grouped by file: ``path:line:col: severity code: message``."""
    red, yellow, dim, bold, reset = (
        ("\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[1m", "\x1b[0m") if color else ("",) * 5
    )
    out: list[str] = []
    for file, group in groupby(problems, key=lambda p: p.file):
        out.append(f"{bold}{file}{reset}")
        for p in group:
            sev = f"{red}error{reset}" if p.is_error else f"{yellow}warning{reset}"
            loc = f"{p.file}:{p.line}:{p.column}" if p.line else p.file
            out.append(f"  {loc}: {sev} {p.code}: {p.message}")
            text = source_line(p) if p.line else ""
            if text.strip():
                shown, caret = _caret(text, p.column)
                gutter = f"{p.line:>5} | "
                out.append(f"{dim}{gutter}{reset}{shown}")
                out.append(f"{dim}{' ' * (len(gutter) - 2)}| {reset}{red}{caret}{reset}")
            if p.hint:
                out.append(f"        hint: {p.hint}")
        out.append("")
    out.append(summary_line(problems, records))
    return "\n".join(out) + "\n"


def render_json(
    problems: Sequence[Problem], records: int, suppressions: Sequence[Any] | None = None
) -> str:
    """The FORMAT.md shape: {"errors": [...], "warnings": [...], "records": N}.

    With ``suppressions`` (``--show-suppressed``), a ``suppressions`` list is added:
    ``{"file", "line", "column", "reason"}`` (reason null when none was given).
    """
    payload: dict[str, Any] = {
        "errors": [p.as_json() for p in problems if p.is_error],
        "warnings": [p.as_json() for p in problems if not p.is_error],
        "records": records,
    }
    if suppressions is not None:
        payload["suppressions"] = [
            {"file": s.file, "line": s.line, "column": s.column, "reason": s.reason}
            for s in suppressions
        ]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render_suppressions(suppressions: Sequence[Any]) -> str:
    """The ``--show-suppressed`` list: ``file:line: reason``, one a line."""
    if not suppressions:
        return "no personal-data suppressions\n"
    out = [f"personal-data suppressions ({len(suppressions)}):"]
    for s in suppressions:
        reason = s.reason if s.reason is not None else "(no reason given: suppresses nothing)"
        out.append(f"  {s.file}:{s.line}: {reason}")
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
        props = [f"file={_escape_property(prefix + p.file)}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={_escape_property('lif ' + p.code)}")
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        out.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    out.append(summary_line(problems, records))
    return "\n".join(out) + "\n"
