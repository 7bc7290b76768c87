"""Reading YAML records: fast, strict, and with the position of every node.

This is the only module that imports PyYAML (its libyaml C parser, for speed:
see docs/DESIGN.md). Writing, where comments and layout must survive, lives in
``yamledit`` (ruamel.yaml's round-trip mode), the only home of ruamel.yaml.

We do not let any YAML library build Python objects. We read the *event
stream* of the C parser and build plain data ourselves, so that:

* every key and value keeps its line and column (problems are located even deep
  inside nested lists, without a second parse);
* scalars are typed by the YAML 1.2 core schema, under our control: ``yes`` is a
  string, not a boolean; ``2016-01-08`` is a string that the models parse as a
  date; ``.nan`` is refused;
* anchors, aliases, merge keys, tags and directives are refused with a located
  error before anything is expanded, so an alias bomb costs nothing;
* nesting depth and node count are capped, iteratively (no recursion).

What the reader needs around the parser but not from it (decoding, the checks
before parsing, the :class:`Document` with its positions, the parser's errors
in words) is in :mod:`lif_cli.yamltext`.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from typing import Any

import yaml

from .fastyaml import read_clean
from .yamltext import (
    LINE_BREAK,
    MAX_DEPTH,
    MAX_NODES,
    Document,
    Position,
    decode,
    error_at,
    pre_checks,
    syntax_problem,
)

try:  # the C parser; the pure-Python one is 5x slower but behaves the same
    from yaml import CSafeLoader as _Loader

    C_PARSER = True
except ImportError:  # pragma: no cover - only on builds without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    C_PARSER = False

# In double quotes, only the escapes "\t" and "\n" may bring in a control
# character: "\r", "\x85" and the Unicode line separators are refused too.
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INF = frozenset({".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})
_NINF = frozenset({"-.inf", "-.Inf", "-.INF"})
_NAN = frozenset({".nan", ".NaN", ".NAN"})


# The most digits a plain number may have: no record needs more, and Python
# refuses to convert an integer of over 4,300 digits to or from text.
MAX_DIGITS = 100


class NumberTooLarge(yaml.YAMLError, ValueError):
    """A plain scalar that is a number of more than MAX_DIGITS digits."""


@functools.lru_cache(maxsize=8192)
def resolve_plain(value: str) -> Any:
    """Type a plain (unquoted) scalar by the YAML 1.2 core schema.

    Cached: keys, enum values and dates repeat across thousands of records.
    """
    if value in _NULLS:
        return None
    c = value[0]
    if c in "tTfF":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return value
    if c in "0123456789+-.":
        big = len(value) > MAX_DIGITS
        if big and (_INT.match(value) or _OCT.match(value) or _HEX.match(value)):
            raise NumberTooLarge(value)
        if _INT.match(value):
            return int(value)
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
        if _FLOAT.match(value) and value not in (".", "+.", "-."):
            return float(value)
        if value in _INF:
            return math.inf
        if value in _NINF:
            return -math.inf
        if value in _NAN:
            return math.nan
    return value


_E = yaml.events


def _written_tag(tag: str) -> str:
    """A tag as the reviewer wrote it: ``!!str``, not ``tag:yaml.org,2002:str``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


# Anything the pre-checks might find (a superset, tested by plain substring
# search, which is far cheaper than the regexes): such files go to the full reader.
_PRE_MARKS = ("\n%", "<<<<<<<", "=======", ">>>>>>>", "|||||||")


def _read_fast(text: str) -> dict[str, Any] | None:
    """The data of a well-formed record, without positions; None for anything else.

    The clean path of the loader: the same data as :func:`read_text` builds,
    at about half the cost, because it keeps no positions and gives up (None)
    at the first thing the full reader would report (an anchor, a tag, a
    duplicate key, a syntax error, ...). The caller then runs the full reader,
    which finds and locates the problem.
    """
    if text.startswith("%") or any(mark in text for mark in _PRE_MARKS):
        return None
    Scalar, MappingStart, SequenceStart = (
        _E.ScalarEvent,
        _E.MappingStartEvent,
        _E.SequenceStartEvent,
    )
    MappingEnd, SequenceEnd, StreamEnd = _E.MappingEndEvent, _E.SequenceEndEvent, _E.StreamEndEvent
    DocumentStart = _E.DocumentStartEvent
    no_key = _NO_KEY
    resolve = resolve_plain
    parser = _Loader(text)
    get_event = parser.get_event
    # The open containers, and the innermost one's state in locals for speed.
    stack: list[tuple[Any, bool, Any]] = []
    container: Any = None
    is_map = False
    key: Any = no_key
    root: Any = None
    nodes = 0
    documents = 0
    try:
        while True:
            ev = get_event()
            cls = ev.__class__
            if cls is Scalar:
                if ev.anchor is not None:
                    return None
                tag = ev.tag
                if ev.style == '"' and _ESCAPED_CONTROL.search(ev.value):
                    return None  # an escaped control character: the full reader reports it
                if tag is None:
                    value = ev.value if ev.style else resolve(ev.value)
                else:
                    return None
                new = None
            elif cls is MappingStart or cls is SequenceStart:
                if ev.anchor is not None or ev.tag is not None:
                    return None
                new = value = {} if cls is MappingStart else []
            elif cls is MappingEnd or cls is SequenceEnd:
                if stack:
                    container, is_map, key = stack.pop()
                continue
            elif cls is StreamEnd:
                break
            elif cls is DocumentStart:
                documents += 1
                if documents > 1:
                    return None
                continue
            elif cls is _E.AliasEvent:
                return None
            else:
                continue
            nodes += 1
            if nodes > MAX_NODES:
                return None
            if container is None:
                root = value
                if new is not None:
                    container, is_map, key = new, new.__class__ is dict, no_key
                continue
            if is_map:
                if key is no_key:
                    if new is not None or value.__class__ is not str or value in container:
                        return None
                    if value == "<<" and not ev.style:
                        return None
                    key = value
                    continue
                container[key] = value
                key = no_key
            else:
                container.append(value)
            if new is not None:
                if len(stack) + 1 >= MAX_DEPTH:
                    return None
                stack.append((container, is_map, key))
                container, is_map, key = new, new.__class__ is dict, no_key
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return root if root.__class__ is dict else None


_NO_KEY = object()


def read_text(text: str, file: str, *, positions: bool = True) -> Document:
    """Parse one record file's text into a :class:`Document`. Never raises.

    With ``positions=False`` a well-formed file is read without positions
    (``positions`` stays empty): the loader's fast path. A file with any
    problem is always read in full, with positions.
    """
    if not positions:
        # The compiled parser for the plainest files, lif's own fast loop for the
        # rest of the well-formed ones (see fastyaml and _read_fast).
        data = read_clean(text)
        if data is None:
            data = _read_fast(text)
        if data is not None:
            return Document(file=file, data=data, text=text)
    doc = Document(file=file, data=None, text=text)
    pre = pre_checks(text, file)
    if pre:
        doc.problems.extend(pre)
        return doc

    positions = doc.positions
    key_positions = doc.key_positions
    problems = doc.problems
    # A frame: [container, path, is_mapping, pending_key]. pending_key is the
    # key waiting for its value (mappings), or the next index (sequences).
    stack: list[list[Any]] = []
    root: Any = None
    nodes = 0
    documents = 0
    refused = False

    MappingStart, SequenceStart, Scalar = (
        _E.MappingStartEvent,
        _E.SequenceStartEvent,
        _E.ScalarEvent,
    )
    MappingEnd, SequenceEnd, Alias = _E.MappingEndEvent, _E.SequenceEndEvent, _E.AliasEvent
    DocumentStart = _E.DocumentStartEvent
    _NO_KEY = object()

    try:
        for ev in yaml.parse(text, Loader=_Loader):
            cls = ev.__class__
            if cls is Scalar or cls is MappingStart or cls is SequenceStart:
                nodes += 1
                mark = ev.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if ev.anchor is not None:
                    problems.append(
                        error_at(
                            file,
                            "yaml-anchor",
                            f"YAML anchor '&{ev.anchor}' is not allowed in records",
                            *pos,
                            "write the value out in full; anchors and aliases hide what a "
                            "record says",
                        )
                    )
                    refused = True
                if ev.tag is not None:
                    problems.append(
                        error_at(
                            file,
                            "yaml-tag",
                            f"YAML tag '{_written_tag(ev.tag)}' is not allowed in records",
                            *pos,
                            "delete the tag; quote the value if it must be text",
                        )
                    )
                    refused = True
                if nodes > MAX_NODES:
                    problems.append(
                        error_at(
                            file,
                            "yaml-too-many-nodes",
                            f"the file has more than {MAX_NODES:,} values",
                            *pos,
                            "split it: a record is a page of YAML, not a data dump",
                        )
                    )
                    return doc
                if cls is Scalar:
                    value: Any
                    # Escapes ("\e", "\x1b", "\u0007") bring in what decode() refuses
                    # in the raw text: terminal control sequences, shown by every command.
                    bad = _ESCAPED_CONTROL.search(ev.value) if ev.style == '"' else None
                    if bad:
                        problems.append(
                            error_at(
                                file,
                                "control-character",
                                f"the quoted text holds control character U+{ord(bad.group()):04X} "
                                "(written as an escape)",
                                *pos,
                                "delete the escape; control characters can rewrite a terminal's "
                                "screen when the record is shown",
                            )
                        )
                        refused = True
                    if not ev.style and ev.tag is None:
                        try:
                            value = resolve_plain(ev.value)
                        except NumberTooLarge:
                            problems.append(
                                error_at(
                                    file,
                                    "number-too-large",
                                    f"the number has {len(ev.value):,} digits; "
                                    f"a record's numbers have at most {MAX_DIGITS}",
                                    *pos,
                                    "write the number you mean; quote it if it is text",
                                )
                            )
                            refused = True
                            value = None
                    else:
                        value = ev.value
                    new = None
                else:
                    new = {} if cls is MappingStart else []
                    value = new
                if not stack:
                    if root is not None:
                        # unreachable: a second root is a second document
                        continue
                    root = value
                    positions[()] = pos
                    if new is not None:
                        stack.append([new, (), cls is MappingStart, _NO_KEY])
                    continue
                frame = stack[-1]
                container = frame[0]
                if frame[2]:  # mapping
                    if frame[3] is _NO_KEY:
                        # this node is a key
                        if new is not None:
                            problems.append(
                                error_at(
                                    file,
                                    "yaml-key-type",
                                    "a key must be plain text, not a list or mapping",
                                    *pos,
                                )
                            )
                            return doc
                        if cls is Scalar and ev.value == "<<" and not ev.style:
                            problems.append(
                                error_at(
                                    file,
                                    "yaml-merge-key",
                                    "YAML merge keys ('<<') are not allowed in records",
                                    *pos,
                                    "write the keys out in full",
                                )
                            )
                            refused = True
                        if not isinstance(value, str):
                            shown = ev.value if ev.value else "an empty key"
                            problems.append(
                                error_at(
                                    file,
                                    "yaml-key-type",
                                    f"the key {shown!r} is not text",
                                    *pos,
                                    "field names are words such as 'id' or 'title'",
                                )
                            )
                            value = str(ev.value)
                        if value in container:
                            first = key_positions.get((*frame[1], value))
                            where = f" (first at line {first[0]})" if first else ""
                            problems.append(
                                error_at(
                                    file,
                                    "duplicate-key",
                                    f"the key '{value}' appears twice in this mapping{where}",
                                    *pos,
                                    "keep one of them; YAML would silently use the last",
                                )
                            )
                        frame[3] = value
                        key_positions[(*frame[1], value)] = pos
                        continue
                    key = frame[3]
                    frame[3] = _NO_KEY
                    path = (*frame[1], key)
                    if key not in container:
                        container[key] = value
                    positions[path] = pos
                else:
                    path = (*frame[1], len(container))
                    container.append(value)
                    positions[path] = pos
                    key_positions[path] = pos
                if new is not None:
                    if len(stack) >= MAX_DEPTH:
                        problems.append(
                            error_at(
                                file,
                                "yaml-too-deep",
                                f"values are nested more than {MAX_DEPTH} levels deep",
                                *pos,
                                "records are at most a few levels deep; check the indentation",
                            )
                        )
                        return doc
                    stack.append([new, path, cls is MappingStart, _NO_KEY])
            elif cls is MappingEnd or cls is SequenceEnd:
                stack.pop()
            elif cls is Alias:
                mark = ev.start_mark
                problems.append(
                    error_at(
                        file,
                        "yaml-alias",
                        f"YAML alias '*{ev.anchor}' is not allowed in records",
                        mark.line + 1,
                        mark.column + 1,
                        "write the value out in full",
                    )
                )
                return doc
            elif cls is DocumentStart:
                documents += 1
                if documents > 1:
                    mark = ev.start_mark
                    problems.append(
                        error_at(
                            file,
                            "yaml-multiple-documents",
                            "the file holds more than one YAML document",
                            mark.line + 1,
                            mark.column + 1,
                            "a record file is one document: remove the '---' line and "
                            "split the file",
                        )
                    )
                    return doc
    except yaml.MarkedYAMLError as exc:
        problems.append(syntax_problem(exc, file, text))
        return doc
    except yaml.YAMLError as exc:  # reader errors without a mark
        problems.append(error_at(file, "yaml-syntax", f"YAML error: {exc}", 1, 1))
        return doc
    except RecursionError:  # pragma: no cover - the parser is iterative; belt and braces
        problems.append(error_at(file, "yaml-too-deep", "values are nested too deeply", 1, 1))
        return doc

    if refused:
        return doc
    if root is None:
        has_comment = any(line.strip().startswith("#") for line in text.splitlines())
        problems.append(
            error_at(
                file,
                "empty-file",
                "the file has only comments" if has_comment else "the file is empty",
                1,
                1,
                "fill in the record, or delete the file",
            )
        )
        return doc
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "a single value"
        problems.append(
            error_at(
                file,
                "not-a-mapping",
                f"the file holds {kind}; a record is a mapping of fields (key: value)",
                *positions[()],
                "start the file with fields such as 'id: ...'",
            )
        )
        return doc
    doc.data = root
    return doc


def read_bytes(raw: bytes, file: str, *, positions: bool = True) -> Document:
    """Decode and parse one record file. Never raises. See :func:`read_text`."""
    text, problems = decode(raw, file)
    if text is None:
        return Document(file=file, data=None, problems=problems)
    return read_text(text, file, positions=positions)


def comments(text: str) -> dict[int, str]:
    """The comment on each line of ``text``: {1-based line: text from its '#'}.

    Comments are found with the scanner's token positions, so a '#' inside a
    value (a quoted string, a block scalar) is not taken for one. Never raises:
    text that does not scan yields the comments before the error.
    """
    spans: list[tuple[Position, Position]] = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            start, end = token.start_mark, token.end_mark
            if (start.line, start.column) != (end.line, end.column):
                spans.append(((start.line, start.column), (end.line, end.column)))
    except yaml.YAMLError:
        pass
    spans.sort()
    starts = [s for s, _ in spans]
    out: dict[int, str] = {}
    for number, line in enumerate(LINE_BREAK.split(text)):
        col = line.find("#")
        while col >= 0:
            if col == 0 or line[col - 1] in " \t":
                i = bisect.bisect_right(starts, (number, col)) - 1
                if i < 0 or spans[i][1] <= (number, col):
                    out[number + 1] = line[col:]
                    break
            col = line.find("#", col + 1)
    return out
