"""Pydantic's validation errors -> problems in the records' own words.

:func:`translate` turns each error of a failed ``model_validate`` into a
:class:`~lif_cli.errors.Problem` with a stable code, a message that says what
was found and what was expected, a hint where one helps, and the path inside
the document (not yet a line and column: the caller locates it, from the
positions it has or by reading the file again). An unknown field's hint is the
nearest field of the model at that path (:func:`did_you_mean`, which commands
also use for mistyped ids and options).

Only the error path calls it: a clean file never does. It sits below ``loader``
and ``region.config``, which validate and locate, and imports neither.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import KEY, Problem, Severity
from .models.common import describe

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "int_from_float": "a whole number",
    "finite_number": "a finite number",
}


def _field_label(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "the record"


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation like ``list[Finding] | None``."""
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
        stack.extend(typing.get_args(a))
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` inside ``model``."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        fld = next(
            (f for n, f in current.model_fields.items() if (f.alias or n) == part),
            None,
        )
        current = _unwrap_model(fld.annotation) if fld else None
    return current


def field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped word, if one is close enough."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return close[0] if close else None


def _own_words(err: Any) -> str:
    """pydantic's message without its own prefix ("Value error, ...")."""
    cause = (err.get("ctx") or {}).get("error")
    if err["type"] in ("value_error", "assertion_error") and cause is not None:
        return str(cause)
    return str(err["msg"])


def translate(exc: ValidationError, model: type[BaseModel], file: str) -> list[Problem]:
    """Pydantic errors -> problems that carry a document path (located later)."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        label = _field_label(loc)
        value = err.get("input")
        hint = None
        path: tuple[Any, ...] = loc
        if kind == "missing":
            name = loc[-1]
            code = "missing-field"
            parent = _field_label(loc[:-1]) if len(loc) > 1 else "the record"
            message = f"{parent} has no '{name}', which is required"
            hint = f"add '{name}: ...'"
            path = loc[:-1]
        elif kind == "extra_forbidden":
            name = str(loc[-1])
            code = "unknown-field"
            owner = _model_at(model, loc[:-1])
            choices = field_names(owner) if owner else []
            guess = did_you_mean(name, choices)
            where = _field_label(loc[:-1]) if len(loc) > 1 else "this record"
            message = f"'{name}' is not a field of {where}"
            if guess:
                hint = f"did you mean '{guess}'?"
            elif choices:
                hint = "fields here: " + ", ".join(choices)
            path = (*loc, KEY)
        elif value is None and kind not in ("model_type", "dict_type"):
            code = "empty-field"
            message = f"{label} is empty, but a value is required"
            hint = "fill it in, or delete the line if the field is optional"
        elif kind == "lif_empty" or kind == "too_short":
            code = "empty-field"
            message = f"{label} is empty, but a value is required"
            hint = "fill it in"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
            code = "invalid-value"
            message = f"{label}: {describe(value)} is not one of: {', '.join(options)}"
            if isinstance(value, str):
                guess = did_you_mean(value, options)
                if guess:
                    hint = f"did you mean '{guess}'?"
        elif kind in ("lif_date", "lif_no_such_date"):
            code = "invalid-date"
            message = f"{label}: {err['msg']}"
            if kind == "lif_date":
                hint = "write dates as YYYY-MM-DD, e.g. 2016-03-31"
        elif kind == "lif_id":
            code = "invalid-id"
            message = f"{label}: {err['msg']}"
        elif kind == "string_pattern_mismatch":
            code = "invalid-value"
            if loc and loc[-1] == "period":
                message = f"{label}: {describe(value)} is not a period"
                hint = "write a period as YYYY, YYYY-Qn (n 1-4) or YYYY-MM"
            else:
                message = f"{label}: {describe(value)} is not a valid id or reference"
                hint = "write an id, or SOURCE-ID/R1 for a recommendation"
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            code = "out-of-range"
            message = f"{label}: {describe(value)} is out of range ({err['msg'].lower()})"
        elif kind in ("lif_month", "lif_modifiable", "lif_invisible"):
            code = "invalid-value"
            message = f"{label}: {err['msg']}"
        elif kind.startswith("lif_"):
            code = "wrong-type"
            message = f"{label}: {err['msg']}"
            if "quotes" in err["msg"]:
                hint = "quote the value so YAML reads it as text, e.g. '007'"
        elif kind in _TYPE_WORDS:
            code = "wrong-type"
            message = f"{label}: expected {_TYPE_WORDS[kind]}, found {describe(value)}"
        else:
            code = "invalid-value"
            message = f"{label}: {_own_words(err)}"
        problems.append(
            Problem(
                code=code,
                message=message,
                file=file,
                severity=Severity.ERROR,
                hint=hint,
                path=path,
            )
        )
    return problems
