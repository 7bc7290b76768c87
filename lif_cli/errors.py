"""Problems found in records, and the one exception type that stops a run.

Two channels, never mixed:

* a :class:`Problem` is something wrong *in the records*. It is a value: loaders
  and checks collect them and carry on, so one run reports every problem.
* a :class:`LifError` is something that stops the command (no repository found,
  a bad option, a file that cannot be written). The CLI catches it once and
  exits 2 (or its ``exit_code``) with its message; users never see a traceback.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, replace
from enum import StrEnum

_CHECK_CODES = bool(os.environ.get("LIF_CHECK_CODES"))


@functools.cache
def _known_codes() -> frozenset[str]:
    from lif_cli.codes import CODES

    return frozenset(CODES)


class Severity(StrEnum):
    """How bad a problem is. Warnings fail only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


# A last element of Problem.path that asks for the key's position rather than
# the value's.
KEY = "\x00key"


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in the records.

    ``code`` is a public contract (CI jobs filter on it): never rename one.
    ``file`` is relative to the repository root, with forward slashes.
    ``line`` and ``column`` are 1-based; 0 means "the file as a whole".
    """

    code: str
    message: str
    file: str
    line: int = 0
    column: int = 0
    severity: Severity = Severity.ERROR
    hint: str | None = None
    # The path inside the document (keys and list indexes); used to locate the
    # problem lazily when it was raised before positions were known.
    path: tuple[str | int, ...] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if _CHECK_CODES and self.code not in _known_codes():
            raise ValueError(f"problem code {self.code!r} is not registered in lif_cli/codes.py")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def at(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        return out


def error(code: str, message: str, file: str, **kw: object) -> Problem:
    return Problem(code=code, message=message, file=file, severity=Severity.ERROR, **kw)  # type: ignore[arg-type]


def warning(code: str, message: str, file: str, **kw: object) -> Problem:
    return Problem(code=code, message=message, file=file, severity=Severity.WARNING, **kw)  # type: ignore[arg-type]


class LifError(Exception):
    """A failure that stops the command. Its message is shown as is."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code


class RepoNotFound(LifError):
    """No ``lif.yaml`` at or above the starting folder."""


class UsageError(LifError):
    """An option or argument the command cannot use."""
