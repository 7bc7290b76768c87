"""Field types shared by every record model.

YAML is treacherous for hand-edited records, so these types are strict: a
number is not a date, ``yes`` is not a boolean, ``007`` (a number to YAML) is
not an id, a date-and-time is not a date, ``.nan`` is not a value. Each type
raises a custom pydantic error whose message names what was found and what was
expected; ``model_errors`` turns those into problems that the loader locates.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
# The years a record's date may fall in. Dates near 9999-12-31 overflow the
# day arithmetic (deadlines, working days, calendar entries) of every command.
FIRST_YEAR, LAST_YEAR = 1900, 2199
# fullmatch with \Z: '$' would also match before a trailing newline ("A1\n").
_ID = re.compile(ID_PATTERN.removesuffix("$") + r"\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
# Characters that change how text reads without being seen: bidirectional
# overrides and isolates (which can reverse what a reader sees), zero-width
# spaces and joiners, the word joiner and the byte-order mark.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d")


_set = object.__setattr__
_FIELD_SETS: dict[frozenset[str], frozenset[str]] = {}


def _rebuild(cls: type[Model], values: dict[str, Any], fields_set: set[str]) -> Model:
    """A model from lif's cache, as pickled by :meth:`Model.__reduce__`."""
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


class Model(BaseModel):
    """Base of every record model: frozen, strict, unknown fields refused."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        populate_by_name=False,  # `from_:` in YAML is an unknown field, not `from`
        allow_inf_nan=False,
        # Validators are built when a model first validates, not at import:
        # a warm run takes every model from the cache and never validates, so
        # it skips building 60 schemas (a third of a second at start-up).
        defer_build=True,
    )

    def model_post_init(self, context: Any, /) -> None:
        # Which fields a file set is one of a few dozen combinations per
        # model, yet pydantic makes a new set for each of the 90,000 models of
        # 10,000 records: they share one frozen set per combination instead.
        fields = frozenset(self.__pydantic_fields_set__)
        _set(self, "__pydantic_fields_set__", _FIELD_SETS.setdefault(fields, fields))

    def __reduce__(self) -> tuple[Any, ...]:
        # The cache pickles 90,000 models at 10,000 records. Pydantic's own
        # state (a dict of four entries, rebuilt through __setstate__) made
        # unpickling them half of a warm load; models here have no extra or
        # private attributes, so the fields and which were set are enough.
        return _rebuild, (self.__class__, self.__dict__, self.__pydantic_fields_set__)


def describe(value: Any) -> str:
    """A short, safe description of a YAML value for an error message.

    Never echoes long free text: records may hold sensitive prose.
    """
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        if math.isnan(value):
            return "the not-a-number value .nan"
        if math.isinf(value):
            return "an infinite number"
        return f"the number {value:g}"
    if isinstance(value, str):
        if len(value) > 40:
            return f"text of {len(value)} characters"
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _err(kind: str, expected: str, value: Any, extra: str = "") -> PydanticCustomError:
    return PydanticCustomError(
        kind,
        "expected {expected}, found {found}{extra}",
        {"expected": expected, "found": describe(value), "extra": extra},
    )


# Ids, dates and short text repeat across thousands of records (agency ids in
# every `to:`, the same due dates, statuses): each distinct valid value is
# checked once and one object is shared by every record that holds it, which
# is both the fast path of a load and what keeps a large repository's memory
# flat. Bounded, so a pathological repository cannot grow them without end.
_KNOWN_IDS: dict[str, str] = {}
_KNOWN_DATES: dict[str, date] = {}
_SHORT_TEXTS: dict[str, str] = {}
_KNOWN_LIMIT = 500_000
_SHORT = 24


def _remember(known: dict[str, Any], value: str, parsed: Any) -> None:
    if len(known) < _KNOWN_LIMIT:
        known[value] = parsed


def _parse_date(value: Any) -> date:
    if value.__class__ is str:
        hit = _KNOWN_DATES.get(value)
        if hit is not None:
            return hit
        day = _parse_new_date(value)
        _remember(_KNOWN_DATES, value, day)
        return day
    return _parse_new_date(value)


def _parse_new_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return _in_range(value, value.isoformat())
    if not isinstance(value, str) or isinstance(value, bool):
        raise _err("lif_date", "a date (YYYY-MM-DD)", value)
    m = _DATE.match(value)
    if not m:
        if _DATETIME.match(value):
            raise _err("lif_date", "a date (YYYY-MM-DD)", value, "; give the date without a time")
        raise _err("lif_date", "a date (YYYY-MM-DD)", value)
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise PydanticCustomError(
            "lif_no_such_date",
            "'{value}' is not a date: {why}",
            {"value": value, "why": _why_no_date(int(m[1]), int(m[2]), int(m[3]))},
        ) from None
    return _in_range(day, value)


def _in_range(day: date, value: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PydanticCustomError(
            "lif_date",
            "'{value}' is outside the years a record may use ({first} to {last})",
            {"value": value, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return day


def _why_no_date(year: int, month: int, day: int) -> str:
    """Why YYYY-MM-DD names no day: "2016-11 has 30 days"."""
    import calendar

    if not 1 <= month <= 12:
        return f"there is no month {month:02d} (months run 01 to 12)"
    if year < 1:
        return "years start at 0001"
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        return "days start at 01"
    return f"{year:04d}-{month:02d} has {days} days"


def _parse_id(value: Any) -> str:
    if value.__class__ is str:
        hit = _KNOWN_IDS.get(value)
        if hit is not None:
            return hit
    value = _parse_new_id(value)
    _remember(_KNOWN_IDS, value, value)
    return value


def _parse_new_id(value: Any) -> str:
    if not isinstance(value, str):
        extra = "; put it in quotes" if isinstance(value, int | float) else ""
        raise _err("lif_id", "an id (letters, digits, '.', '_' or '-')", value, extra)
    if not _ID.match(value):
        if not value.strip():
            raise PydanticCustomError("lif_empty", "this field must not be empty", {})
        raise PydanticCustomError(
            "lif_id",
            "'{value}' is not a valid id: use 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            {"value": value[:40]},
        )
    return value


def _parse_text(value: Any) -> str:
    if not isinstance(value, str):
        extra = "; put it in quotes" if isinstance(value, int | float | bool) else ""
        raise _err("lif_text", "text", value, extra)
    if not value.strip():
        raise PydanticCustomError("lif_empty", "this field must not be empty", {})
    bad = None if value.isascii() else INVISIBLE.search(value)
    if bad:
        raise PydanticCustomError(
            "lif_invisible",
            "the text holds the invisible character U+{code}, which can hide or reorder "
            "what a reader sees; delete it",
            {"code": f"{ord(bad.group()):04X}"},
        )
    if len(value) <= _SHORT:
        hit = _SHORT_TEXTS.get(value)
        if hit is not None:
            return hit
        _remember(_SHORT_TEXTS, value, value)
    return value


def _parse_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _err("lif_int", "a whole number", value)
    return value


def _parse_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _err("lif_number", "a number", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _err("lif_number", "a finite number", value)
    return float(value) if isinstance(value, float) else value  # keep 20 as 20


def _parse_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        hint = ""
        if isinstance(value, str) and value.lower() in {"yes", "no", "on", "off", "y", "n"}:
            hint = "; YAML 1.2 booleans are true and false"
        raise _err("lif_bool", "true or false", value, hint)
    return value


def many() -> Any:
    """The default of a list field: a new empty list for each record.

    A factory, not ``= []``: pydantic deep-copies a mutable default for every
    model it builds (43,000 copies in a load of 10,000 records); the schema
    still says the default is an empty list.
    """
    return Field(default_factory=list, json_schema_extra={"default": []})


def _one_or_many(value: Any) -> Any:
    """Let a reviewer write ``to: board`` for ``to: [board]``."""
    if isinstance(value, str):
        return [value]
    return value


Date = Annotated[
    date,
    PlainValidator(_parse_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Id = Annotated[
    str, PlainValidator(_parse_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})
]
Text = Annotated[
    str, PlainValidator(_parse_text), WithJsonSchema({"type": "string", "minLength": 1})
]
Int = Annotated[int, PlainValidator(_parse_int), WithJsonSchema({"type": "integer"})]
Number = Annotated[float, PlainValidator(_parse_number), WithJsonSchema({"type": "number"})]
Bool = Annotated[bool, PlainValidator(_parse_bool), WithJsonSchema({"type": "boolean"})]
IdList = Annotated[
    list[Id],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            ]
        }
    ),
]

REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(/[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$"
# Record ids, or qualified ids of findings, recommendations and actions
# (SOURCE-ID/R1), as in an audit's triggered_by.
IdRefList = Annotated[
    list[Annotated[str, Field(pattern=REF_PATTERN)]],
    BeforeValidator(_one_or_many),
]


class Finding(Model):
    id: Id
    text: Text


class Recommendation(Model):
    id: Id
    text: Text
    to: IdList = many()
    findings: IdList = many()
    # lif extension: the Section 11 standards this recommendation answers (lif s11)
    standards: IdList = many()


class SourceModel(Model):
    """A record that may carry findings and recommendations."""

    id: Id
    findings: list[Finding] = many()
    recommendations: list[Recommendation] = many()
    # lif extension: themes from lif.yaml `themes:` (neglect, domestic-abuse, ...)
    themes: IdList = many()

    @property
    def label(self) -> str:
        return getattr(self, "title", None) or self.id
