"""The personal-data guard: likely personal data in the free text of records.

Records name a case only by a pseudonym, so an NHS number, a postcode or a
titled name in a finding or an action is worth a problem (code
``personal-data``). The detectors live in :mod:`lif_cli.privacy`; this module
walks every free-text field of every record (the fields typed ``Text`` in the
models: never ids, enums, dates or numbers), places each finding at its line
and column, honours in-place suppressions, and never repeats the value it warns
about: the message names the kind of data and the field only.

A reviewed false positive is let through by a YAML comment on the line of the
value, or on the line directly above it (or above its key)::

    # lif: allow personal-data -- "Dr Barnardo" is the charity's name
    text: Refer to Dr Barnardo's family support service

A suppression needs a reason; one without is reported and suppresses nothing.
``lif.yaml`` ``personal_data: warning | error | off`` sets the severity.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from lif_cli import yamlio, yamltext
from lif_cli.errors import Problem, Severity
from lif_cli.loader import RecordFile, Records, model_for
from lif_cli.models.common import Text
from lif_cli.privacy import Finding, parse_suppression, scan_text, scan_texts

CODE = "personal-data"
SUPPRESSION_CODE = "personal-data-suppression"
# Problems whose source line must not be shown as context: it holds the data.
HIDDEN_SOURCE_CODES = frozenset({CODE, SUPPRESSION_CODE})

# Every Text field shares this validator object: it marks free text.
_TEXT_MARK = Text.__metadata__[0]
# A comment that tries to suppress, with or without a reason.
_SUPPRESSION_ATTEMPT = re.compile(r"#\s*lif:\s*allow\s+personal[- ]data\b", re.IGNORECASE)
_MARKER = b"personal"

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Suppression:
    """A ``# lif: allow personal-data -- reason`` comment, as listed by
    ``lif validate --show-suppressed``. ``reason`` is None when none was given
    (such a comment suppresses nothing)."""

    file: str
    line: int
    column: int
    reason: str | None


# --- which fields hold free text ----------------------------------------------------


def _annotation_parts(annotation: Any) -> Iterator[Any]:
    stack = [annotation]
    while stack:
        a = stack.pop()
        yield a
        stack.extend(typing.get_args(a))
        stack.extend(getattr(a, "__metadata__", ()))


@functools.lru_cache(maxsize=1024)
def _field_kind(model: type[BaseModel], key: str) -> tuple[str, type[BaseModel] | None]:
    """('text', None), ('model', cls), ('other', None) or ('unknown', None) for a key."""
    fld = next((f for n, f in model.model_fields.items() if (f.alias or n) == key), None)
    if fld is None:
        return "unknown", None
    parts = [*fld.metadata, *_annotation_parts(fld.annotation)]
    for part in parts:
        if isinstance(part, type) and issubclass(part, BaseModel):
            return "model", part
    if any(part is _TEXT_MARK for part in parts):
        return "text", None
    return "other", None


def _free_text(data: Any, model: type[BaseModel] | None, path: Path) -> Iterator[tuple[Path, str]]:
    """(document path, text) of every free-text value under ``data``.

    ``model`` guides the walk; under a key the model does not know (an error
    reported elsewhere) every string counts, since it may still hold data.
    """
    if isinstance(data, str):
        if model is None:
            yield path, data
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from _free_text(item, model, (*path, i))
        return
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if model is None:
            yield from _free_text(value, None, (*path, key))
            continue
        kind, sub = _field_kind(model, str(key))
        if kind == "text":
            if isinstance(value, str):
                yield (*path, key), value
            elif isinstance(value, list):  # a list of free text (a risk's controls)
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield (*path, key, i), item
        elif kind == "model":
            yield from _free_text(value, sub, (*path, key))
        elif kind == "unknown":
            yield from _free_text(value, None, (*path, key))


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, str, str], ...]:
    """(attribute, key in the file, 'text' or 'model') of the fields worth walking."""
    out = []
    for name, fld in model.model_fields.items():
        key = fld.alias or name
        kind, _ = _field_kind(model, key)
        if kind in ("text", "model"):
            out.append((name, key, kind))
    return tuple(out)


def _model_text(obj: BaseModel, path: Path, out: list[Any], located: bool = True) -> None:
    """Like :func:`_free_text`, over a validated model (the cached, fast path):
    ``(path, text)`` of each text, or with ``located=False`` the texts alone, in
    the same order (most files hold no finding, so their texts are screened
    without building a path for each).

    Only fields the file sets are walked: defaults (lif.yaml's standard S11
    titles) are lif's words, not the records'.
    """
    fields_set = obj.model_fields_set
    for name, key, kind in _plan(type(obj)):
        if name not in fields_set:
            continue
        value = getattr(obj, name)
        if value is None:
            continue
        here = (*path, key) if located else path
        if kind == "text":
            if not located:
                out.extend(value if isinstance(value, list) else (value,))
            elif isinstance(value, list):
                out.extend(((*here, i), item) for i, item in enumerate(value))
            else:
                out.append((here, value))
        elif isinstance(value, BaseModel):
            _model_text(value, here, out, located)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _model_text(item, (*here, i) if located else here, out, located)


def _record_text(records: Records, rf: RecordFile) -> list[tuple[Path, str]]:
    """(document path, text) of every free-text value of one record file."""
    out: list[tuple[Path, str]] = []
    if rf.model is not None:
        _model_text(rf.model, (), out)
        return out
    data = records.document(rf.file).data
    if data is not None:
        out.extend(_free_text(data, model_for(rf.kind), ()))
    return out


def _label(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "the record"


# --- known organisation names ------------------------------------------------------


def _organisation_names(records: Records) -> list[str]:
    """Names the repository itself gives to agencies, groups and the partnership.

    An agency called "Dr Barnardo's" or "St Mary's Surgery" looks like a titled
    name to the detectors; text that repeats a name from agencies.yaml or
    groups.yaml names an organisation, not a person.
    """
    names = [a.name for a in records.agencies.values()]
    names += [g.name for g in records.groups.values()]
    s = records.settings
    names += [n for n in (s.partnership, s.short_name) if n]
    return sorted({n for n in names if n.strip()}, key=len, reverse=True)


def _outside_names(text: str, findings: list[Finding], names: list[str]) -> list[Finding]:
    """The findings that do not lie inside a mention of a known organisation."""
    spans = sorted(
        (m.start(), m.end()) for name in names for m in re.finditer(re.escape(name), text)
    )
    if not spans:
        return findings
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))
    kept = []
    for f in findings:
        # A name only explains a titled name ("Dr Barnardo's"): an NHS number,
        # a postcode or a phone number in an agency's name is still data.
        if f.kind != "titled-name":
            kept.append(f)
            continue
        i = bisect.bisect_right(starts, f.start) - 1
        if i < 0 or reach[i] < f.end:
            kept.append(f)
    return kept


# --- positions ---------------------------------------------------------------------------


class _Source:
    """One file's text, comments and positions, read only when a finding needs them."""

    def __init__(self, records: Records, file: str):
        self.doc = records.document(file)
        text = self.doc.text
        self.text = text
        self.line_starts = [0] + [m.end() for m in yamltext.LINE_BREAK.finditer(text)]
        self._comments: dict[int, str] | None = None

    @property
    def comments(self) -> dict[int, str]:
        if self._comments is None:
            lowered = self.text.lower()
            self._comments = yamlio.comments(self.text) if "personal" in lowered else {}
        return self._comments

    def offset(self, line: int, column: int) -> int:
        if not 0 < line <= len(self.line_starts):
            return len(self.text)
        return self.line_starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.line_starts[lo] + 1

    def locate(
        self, path: Path, value: str, findings: list[Finding]
    ) -> Iterator[tuple[Finding, int, int, int]]:
        """(finding, line, column, line the value starts on) for each finding.

        The value's node gives where it starts; each matched text is then sought
        in the source from there, in order, so a finding on the third line of a
        block scalar points at that line. When the source spells the text
        differently (escapes, folded lines), the value's start is the answer.
        """
        line, col = self.doc.locate(path)
        cursor = self.offset(line, col)
        window_end = cursor + 2 * len(value) + 200
        value_cursor = 0
        for finding in findings:
            needle = value[finding.start : finding.end]
            # the same text earlier in the value, but not found there, comes first
            skip = value.count(needle, value_cursor, finding.start)
            at = self.text.find(needle, cursor, window_end)
            for _ in range(skip):
                if at < 0:
                    break
                at = self.text.find(needle, at + len(needle), window_end)
            value_cursor = finding.end
            if at < 0:
                yield finding, line, col, line
                continue
            cursor = at + len(needle)
            found_line, found_col = self.position(at)
            yield finding, found_line, found_col, line

    def suppression(self, lines: set[int]) -> str | None:
        for number in sorted(lines):
            comment = self.comments.get(number)
            if comment:
                reason = parse_suppression(comment)
                if reason:
                    return reason
        return None


# --- the check -------------------------------------------------------------------------------


def _severity(records: Records) -> Severity | None:
    setting = records.settings.personal_data
    if setting == "off":
        return None
    return Severity.ERROR if setting == "error" else Severity.WARNING


def _problem(
    file: str, line: int, col: int, severity: Severity, finding: Finding, path: Path
) -> Problem:
    where = f"a comment on line {line}" if path[:1] == (COMMENT,) else _label(path)
    return Problem(
        code=CODE,
        message=f"{where} seems to hold {finding.description}; "
        "records name people only by pseudonym or role",
        file=file,
        line=line,
        column=col,
        severity=severity,
        hint="remove it; if it is not personal data, add the comment "
        "'# lif: allow personal-data -- <why>' on the line above",
        path=None if path[:1] == (COMMENT,) else path,
    )


def personal_data_problems(records: Records) -> list[Problem]:
    """Open (unsuppressed) personal-data findings in the free text of every record.

    Each problem has code ``personal-data``, the file, line and column of the
    data, and a message naming the kind of data and the field, never the value.
    Empty when lif.yaml says ``personal_data: off``.
    """
    severity = _severity(records)
    if severity is None:
        return []
    names: list[str] | None = None
    problems: list[Problem] = []
    scans = _Scans(records)
    for rf in records.files:
        source: _Source | None = None
        hits, _ = scans.of(rf)
        for path, value, findings in hits:
            if names is None:
                names = _organisation_names(records)
            kept = _outside_names(value, findings, names)
            if not kept:
                continue
            if source is None:
                source = _Source(records, rf.file)
            if path[:1] == (COMMENT,):
                line_no = int(path[1])
                start = source.doc.line_text(line_no).find(value) + 1
                for finding in kept:
                    problems.append(
                        _problem(rf.file, line_no, start + finding.start, severity, finding, path)
                    )
                continue
            for finding, line, col, value_line in source.locate(path, value, kept):
                key_line = source.doc.key_positions.get(path, (value_line, 0))[0]
                covered = {line, line - 1, value_line, value_line - 1, key_line, key_line - 1}
                if source.suppression(covered):
                    continue
                problems.append(_problem(rf.file, line, col, severity, finding, path))
    scans.save()
    return problems


def _files_with_suppressions(records: Records) -> Iterator[tuple[str, str]]:
    """(file, text) of each record file that mentions a suppression at all."""
    scans = _Scans(records)
    for rf in records.files:
        _, mentions = scans.of(rf)
        if not mentions:
            continue
        text = records.document(rf.file).text
        if text:
            yield rf.file, text
    scans.save()


COMMENT = "#"  # the first part of a comment's path: (COMMENT, line)


def _comment_hits(
    pieces: tuple[str, ...], read: Callable[[], bytes]
) -> tuple[tuple[Path, str, tuple[Finding, ...]], ...]:
    """((COMMENT, line), comment, findings) for each YAML comment holding personal data.

    ``pieces`` are the file's :func:`yamltext.after_hashes`, where every comment
    lies: they are scanned first (cheap); only a file with a finding there is
    read and tokenised to tell comments from '#' inside values. Suppression
    comments are not scanned: their reason is about a false alarm.
    """
    if not any(scan_text(piece) for piece in pieces):
        return ()
    text = read().decode("utf-8", "replace")
    out = []
    for number, comment in sorted(yamlio.comments(text).items()):
        if _SUPPRESSION_ATTEMPT.search(comment):
            continue
        found = scan_text(comment)
        if found:
            out.append(((COMMENT, number), comment, tuple(found)))
    return tuple(out)


# (free-text values with findings, whether the file mentions a suppression)
FileScan = tuple[tuple[tuple[Path, str, tuple[Finding, ...]], ...], bool]


@functools.cache
def _scan_version() -> str:
    """Changes whenever the detectors change, so cached scans are not reused."""
    import hashlib

    from lif_cli import privacy

    digest = hashlib.blake2b(digest_size=8)
    for module in (privacy.__file__, __file__):
        with open(module, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()


class _Scans:
    """Each file's scan, from the content-keyed facts store when unchanged.

    The scan depends only on a file's bytes and kind (the organisation names
    are applied afterwards), so an unchanged file is neither read nor scanned
    again: on a warm run of 10,000 records this is most of the check's cost.
    """

    def __init__(self, records: Records):
        self.records = records
        self.name = f"privacy-{_scan_version()}"
        self.store = records.facts(self.name)
        self.changed = False

    def of(self, rf: RecordFile) -> FileScan:
        key = f"{rf.kind}:{rf.digest}" if rf.digest else None
        if key is not None:
            hit = self.store.get(key)
            if hit is not None:
                return hit
        hits = self._text_hits(rf)
        if rf.after_hashes is not None and rf.mentions_personal is not None:
            # read by the loader this run: what the comments need was noted then
            pieces, mentions = rf.after_hashes, rf.mentions_personal
            hits += _comment_hits(pieces, lambda: self._read(rf))
        else:
            raw = self._read(rf)
            pieces, mentions = yamltext.after_hashes(raw), _MARKER in raw.lower()
            hits += _comment_hits(pieces, lambda: raw)
        result: FileScan = (hits, mentions)
        if key is not None:
            self.store[key] = result
            self.changed = True
        return result

    def _text_hits(self, rf: RecordFile) -> tuple[tuple[Path, str, tuple[Finding, ...]], ...]:
        """(path, value, findings) of each free-text value with a finding."""
        if rf.model is not None:
            values: list[str] = []
            _model_text(rf.model, (), values, located=False)
            found = scan_texts(values)
            if not any(found):
                return ()
            texts = _record_text(self.records, rf)  # the same values, with their paths
        else:
            texts = _record_text(self.records, rf)
            found = scan_texts([value for _, value in texts])
        return tuple(
            (path, value, tuple(hit))
            for (path, value), hit in zip(texts, found, strict=True)
            if hit
        )

    def _read(self, rf: RecordFile) -> bytes:
        try:
            return self.records.source.read(rf.file)
        except OSError:
            return b""

    def save(self) -> None:
        if self.changed:
            present = {f"{rf.kind}:{rf.digest}" for rf in self.records.files if rf.digest}
            self.records.save_facts(self.name, present)
            self.changed = False


def suppressions(records: Records) -> list[Suppression]:
    """Every ``# lif: allow personal-data`` comment in the records, in file order."""
    found: list[Suppression] = []
    for file, text in _files_with_suppressions(records):
        lines = yamltext.LINE_BREAK.split(text)
        for line, comment in sorted(yamlio.comments(text).items()):
            if _SUPPRESSION_ATTEMPT.search(comment):
                column = lines[line - 1].rfind(comment) + 1
                found.append(Suppression(file, line, column, parse_suppression(comment)))
    return found


def check_personal_data(records: Records, as_of: date) -> list[Problem]:
    """Personal data in free text, and suppressions that give no reason."""
    if _severity(records) is None:
        return []
    problems = personal_data_problems(records)
    for s in suppressions(records):
        if s.reason is None:
            problems.append(
                Problem(
                    code=SUPPRESSION_CODE,
                    message="this personal-data suppression gives no reason, so it "
                    "suppresses nothing",
                    file=s.file,
                    line=s.line,
                    column=s.column,
                    severity=Severity.WARNING,
                    hint="write why the text is not personal data: "
                    "'# lif: allow personal-data -- <why>'",
                )
            )
    return problems
