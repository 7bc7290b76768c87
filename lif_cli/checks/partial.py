"""What can still be checked in a file that did not validate.

A file with a schema error has no model, so the reference and rule checks
would skip it and its other mistakes would surface only on the next run. Here
the parts of its data that are valid on their own are kept in an unvalidated
model (``model_construct``): a field whose value is wrong becomes None (or its
default), a list keeps every item that could be read. The checks then run over
these partial models as well, so an unknown agency in an action whose due date
does not exist is reported in the same run as the date.

Only the checks see partial models; every other command works from valid
records. A check that cannot cope with a partial model (it compares a date
that is None) falls back to the valid records alone, so it reports no less
than before.
"""

from __future__ import annotations

import typing
from dataclasses import replace
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from lif_cli.loader import RecordFile, Records, model_for


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model class inside ``annotation`` and whether it sits in a list."""
    stack: list[tuple[Any, bool]] = [(annotation, False)]
    while stack:
        a, in_list = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a, in_list
        origin = typing.get_origin(a)
        listy = in_list or origin is list
        stack.extend((arg, listy) for arg in typing.get_args(a))
    return None, False


@cache
def _adapter(cls: type[BaseModel], name: str) -> TypeAdapter:
    f = cls.model_fields[name]
    annotated = typing.Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation
    sub, _ = _model_in(f.annotation)
    config = None if sub is not None else ConfigDict(strict=True, allow_inf_nan=False)
    return TypeAdapter(annotated, config=config)


def salvage(cls: type[BaseModel], data: Any) -> BaseModel | None:
    """An unvalidated ``cls`` holding every part of ``data`` that is valid on its own."""
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    for name, f in cls.model_fields.items():
        key = f.alias or name
        fallback = None if f.is_required() else f.get_default(call_default_factory=True)
        if key not in data:
            values[key] = fallback
            continue
        raw = data[key]
        try:
            values[key] = _adapter(cls, name).validate_python(raw)
            continue
        except ValidationError:
            pass
        sub, in_list = _model_in(f.annotation)
        if sub is not None and in_list and isinstance(raw, list):
            values[key] = [salvage(sub, item) for item in raw]
            values[key] = [v for v in values[key] if v is not None]
        elif sub is not None and not in_list:
            values[key] = salvage(sub, raw)
        else:
            values[key] = fallback
    return cls.model_construct(**values)


def partial_view(records: Records) -> Records | None:
    """The records with a partial model for each file that did not validate.

    None when every file validated (the usual case: nothing to do).
    """
    broken = [rf for rf in records.files if rf.model is None]
    if not broken:
        return None
    files: list[RecordFile] = []
    changed = False
    for rf in records.files:
        if rf.model is None:
            try:
                data = records.document(rf.file).data
                model = salvage(model_for(rf.kind), data)
            except Exception:  # a file too broken to salvage: checked as before
                model = None
            if model is not None:
                changed = True
                rf = RecordFile(rf.kind, rf.file, model, None)
        files.append(rf)
    if not changed:
        return None
    return replace(
        records,
        files=files,
        problems=records.problems,
        _documents=records._documents,
        _facts=records._facts,
    )
