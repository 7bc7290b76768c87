"""Spot personal data in free text before it is committed to a records repository.

Records name a case only by a pseudonym ("Child A", "CASE-0412"), so any NHS
number, National Insurance number, postcode, date of birth, email address,
phone number or titled name in free text is worth a warning. Each detector
prefers missing an odd case to crying wolf over ordinary prose: a reviewer who
sees false alarms stops reading them. A Finding names the kind of data, never
the value, so reports and CI logs do not repeat what they warn about.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import accumulate


@dataclass(frozen=True)
class Finding:
    """Personal data found at `text[start:end]`; `description` names its kind only."""

    kind: str
    start: int
    end: int
    description: str


# --------------------------------------------------------------------------
# NHS numbers
# --------------------------------------------------------------------------

# Ten digits, bare or grouped 3-3-4 with one kind of separator throughout (a
# space, a hyphen or a dot), or split across lines by a wrapped block scalar.
_NHS = re.compile(
    r"(?<![\w.-])(\d{3})([ .-]?|[ \t]*\n[ \t]*)(\d{3})(\2|[ \t]*\n[ \t]*|(?<=\n\d\d\d)[ .-]?)"
    r"(\d{4})(?![\w-]|\.\d)"
)


def _nhs_check_digit_ok(digits: str) -> bool:
    # NHS Data Dictionary, "NHS number": weights 10..2 over the first nine
    # digits, check = 11 - (sum mod 11), 11 becomes 0 and 10 is never issued.
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> Iterator[Finding]:
    for m in _NHS.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(5)
        # Placeholders such as 0000000000 pass the check but identify no one.
        if len(set(digits)) > 1 and _nhs_check_digit_ok(digits):
            yield Finding("nhs-number", m.start(), m.end(), "an NHS number")


# --------------------------------------------------------------------------
# National Insurance numbers
# --------------------------------------------------------------------------

# HMRC NIM39110: neither prefix letter is D, F, I, Q, U or V; the second is not
# O; some pairs are never allocated. The suffix is A, B, C or D.
_NINO = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def _ni_numbers(text: str) -> Iterator[Finding]:
    for m in _NINO.finditer(text):
        if m.group(1).upper() not in _NINO_BAD_PREFIXES:
            yield Finding("ni-number", m.start(), m.end(), "a National Insurance number")


# --------------------------------------------------------------------------
# Postcodes
# --------------------------------------------------------------------------

# A full postcode: outward code (A9, A9A, A99, AA9, AA9A, AA99) then the inward
# code (9AA). Letters follow Royal Mail's position rules, which keeps out
# capitalised words and codes. In upper case the space is optional; in lower
# or mixed case ("nr1 2dh") the space is required, so ordinary words with
# digits ("b2b", "mp3") are not caught.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)"
    r" ?\d[ABD-HJLNP-UW-Z]{2}"
    r"(?![A-Za-z0-9])"
)
_POSTCODE_ANY_CASE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?i:[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)"
    r" \d[ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])"
)


def _postcodes(text: str) -> Iterator[Finding]:
    for m in _POSTCODE.finditer(text):
        yield Finding("postcode", m.start(), m.end(), "a postcode")
    for m in _POSTCODE_ANY_CASE.finditer(text):
        if not _POSTCODE.fullmatch(m.group()):
            yield Finding("postcode", m.start(), m.end(), "a postcode")


# --------------------------------------------------------------------------
# Dates of birth
# --------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DATE_NUMERIC = re.compile(r"(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-])")
_DATE_ISO = re.compile(r"(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?![\w/-])")
_DATE_WORDS = re.compile(
    rf"(?<![\w.])(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\.?,?\s+(\d{{4}})(?!\w)",
    re.IGNORECASE,
)

# Cues that a nearby date is someone's birth date. "newborn" and "airborne" do
# not match because the cue must start a word.
_BIRTH_CUE = re.compile(
    # The dot after "D.O.B." belongs to the cue, not to a sentence end.
    r"\b(?:d\.?o\.?b\b\.?|date\s+of\s+birth\b|birth\s*date\b|born\b|aged\b)",
    re.IGNORECASE,
)
# How far a cue may sit from its date, and what may not lie between them: the
# end of a sentence or clause, or a blank line, so "met on 1/2/2016. Child A
# was born early" is not read as a birth date. A single newline is only a
# wrapped line in a YAML block scalar, so it does not separate them.
_CUE_MAX_WORDS = 4
_CUE_MAX_CHARS = 60
_CLAUSE_BREAK = re.compile(r"[.!?;](?:\s|$)|\n[ \t]*\n")
# A cue in an aside that closes before the date: "Child A (aged 4) was seen on
# 12/03/2016" gives the age in the aside, and the date of the visit after it.
_ASIDE_CLOSED = re.compile(r"^[^(]*\)")


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _dates(text: str) -> Iterator[tuple[int, int]]:
    for m in _DATE_NUMERIC.finditer(text):
        year = int(m.group(4))
        # A two-digit year only has to make the day real; 2000 is a leap year.
        if _valid_day(year if year >= 100 else 2000 + year, int(m.group(3)), int(m.group(1))):
            yield m.start(), m.end()
    for m in _DATE_ISO.finditer(text):
        if _valid_day(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            yield m.start(), m.end()
    for m in _DATE_WORDS.finditer(text):
        if _valid_day(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))):
            yield m.start(), m.end()


def _near(gap: str) -> bool:
    # A long gap cannot hold only a few words; the cap keeps the scan linear.
    return (
        len(gap) <= _CUE_MAX_CHARS
        and not _CLAUSE_BREAK.search(gap)
        and len(re.findall(r"\w+", gap)) <= _CUE_MAX_WORDS
    )


# A date right after a child's pseudonym, in brackets or after a comma
# ("Child A (12/03/2015)", "Child B, 1.2.2014,"): the way a date of birth is
# written into a child's description without any cue word.
_CHILD_THEN = re.compile(r"\bchild\s+[A-Z]{1,2}\b\s*[(,]\s*$", re.IGNORECASE)


def _dates_of_birth(text: str) -> Iterator[Finding]:
    cues = [(m.start(), m.end()) for m in _BIRTH_CUE.finditer(text)]
    if "hild" in text:
        for start, end in _dates(text):
            if _CHILD_THEN.search(text[max(0, start - 20) : start]):
                yield Finding("date-of-birth", start, end, "a date of birth")
    if not cues:
        return
    # Cues never overlap, so both lists are sorted. Only the nearest cue on
    # each side matters: a farther one is separated by more words.
    cue_starts = [cue_start for cue_start, _ in cues]
    cue_ends = [cue_end for _, cue_end in cues]
    for start, end in _dates(text):
        before = bisect.bisect_right(cue_ends, start) - 1
        after = bisect.bisect_left(cue_starts, end)
        gap_before = text[cue_ends[before] : start] if before >= 0 else None
        if (
            gap_before is not None and _near(gap_before) and not _ASIDE_CLOSED.match(gap_before)
        ) or (after < len(cues) and _near(text[end : cue_starts[after]])):
            yield Finding("date-of-birth", start, end, "a date of birth")


# --------------------------------------------------------------------------
# Email addresses and phone numbers
# --------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)


def _emails(text: str) -> Iterator[Finding]:
    for m in _EMAIL.finditer(text):
        yield Finding("email", m.start(), m.end(), "an email address")


# A UK number in national form (0...) or international form (+44, with or
# without "(0)"), its digits grouped by spaces, hyphens or a bracketed area
# code. The length is checked afterwards on the digits alone.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)([1237](?:[ )-]{0,2}\d){8,9})(?![\w-])"
)


def _phone_numbers(text: str) -> Iterator[Finding]:
    for m in _PHONE.finditer(text):
        national = re.sub(r"\D", "", m.group(1))
        # Ofcom numbering: mobiles (07) and 02/03 numbers have ten digits after
        # the 0; some 01 areas have nine.
        if len(national) == 10 or (national[0] == "1" and len(national) == 9):
            yield Finding("phone", m.start(), m.end(), "a phone number")


# --------------------------------------------------------------------------
# Titled names
# --------------------------------------------------------------------------

# A title, then optional initials, then a surname-like word: capitalised and
# at least two letters (so "Mr A", the usual pseudonym for a father, is left
# alone), allowing O'Neil, McDonald, Smith-Jones and a possessive "Smith's".
# The title must be a whole, correctly capitalised word, so "Mrsa", "mr" and
# "DR" do not start a match.
_TITLED_NAME = re.compile(
    r"(?<![\w'’-])(?:Mrs|Mr|Ms|Miss|Mx|Dr|Master)\.?[ \t]+"
    r"(?:[A-Z]\.?[ \t]*){0,3}"
    r"((?:[A-Z]['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?)"
    r"(?:(?=['’]s\b)|(?![\w'’]))"
)

# Capitalised words that follow "Master" in title-case headings ("Master Plan",
# "Master Copy") and are not surnames.
_NOT_SURNAMES = frozenset(
    {
        "Plan",
        "Plans",
        "Class",
        "Classes",
        "Copy",
        "File",
        "Files",
        "Record",
        "Records",
        "Data",
        "List",
        "Key",
        "Degree",
    }
)


# A title typed in lower or upper case ("mrs smith", "dr Jones", "MR SMITH"):
# only the titles that are not also ordinary words ("miss", "master"), and
# not before the small words that follow "dr" or "mr" in notes ("dr appt").
_TITLED_NAME_ANY_CASE = re.compile(
    r"(?<![\w'’-])(?i:mrs|mr|ms|mx|dr)\.?[ \t]+"
    r"((?:[A-Za-z]['’])?[A-Za-z][a-z]+(?:-[A-Za-z][a-z]+)?|[A-Z]{2,}(?:-[A-Z]{2,})?)"
    r"(?:(?=['’]s\b)|(?![\w'’]))"
)
_NOT_NAMES_LOWER = frozenset(
    {
        "and", "the", "or", "of", "to", "in", "on", "at", "for", "with", "appt",
        "appointment", "appointments", "letter", "report", "reports", "review",
        "visit", "visits", "note", "notes", "team", "teams", "said", "says", "was",
        "is", "has", "had", "who", "would", "will", "not", "no", "a", "an", "as",
        "by", "from", "if", "so", "that", "this", "their", "his", "her", "and/or",
    }
)  # fmt: skip


def _titled_names(text: str) -> Iterator[Finding]:
    for m in _TITLED_NAME.finditer(text):
        if m.group(1) not in _NOT_SURNAMES:
            yield Finding("titled-name", m.start(), m.end(), "a person's name")
    for m in _TITLED_NAME_ANY_CASE.finditer(text):
        name = m.group(1)
        if _TITLED_NAME.match(text, m.start()) or name.lower() in _NOT_NAMES_LOWER:
            continue
        if name.capitalize() in _NOT_SURNAMES:
            continue
        # an all lower-case word after the title is a name only if it is not a
        # verb or adverb ("mr and mrs attended", "dr urgently")
        if name.islower() and (
            m.group().lower().startswith("dr") or name.endswith(("ed", "ing", "ly"))
        ):
            continue
        yield Finding("titled-name", m.start(), m.end(), "a person's name")


# --------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------

# Earlier detectors win where two findings overlap: a valid NHS number that
# also looks like a phone number is reported once, as the more specific kind.
_DETECTORS = (
    _nhs_numbers,
    _ni_numbers,
    _emails,
    _dates_of_birth,
    _postcodes,
    _phone_numbers,
    _titled_names,
)


# Every detector needs a digit, an '@' or a title word: text with none of them
# (most of it) is passed over with a search or two instead of seven.
_DIGIT_OR_AT = re.compile(r"[\d@]")
# Any text a title could be in. Broad: "ms" in "items", "dr" in "children".
_ANY_TITLE = re.compile(r"(?i:m(?:rs?|s|iss|x|aster)|dr)")
# In lower-cased ASCII text, a title as both title patterns need it: a whole
# word followed by a dot, a space or a tab ("mr smith", "dr. jones").
# Two patterns, each led by a literal the engine looks for quickly: one pattern
# led by "m" or "d" tries every position (twice as slow over a record's text).
_TITLE_WORDS = (
    re.compile(r"m(?:rs?|s|iss|x|aster)(?=[. \t])"),
    re.compile(r"dr(?=[. \t])"),
)
_WORD_BEFORE_TITLE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_'-")
# Invisible characters typed (or pasted) between the characters of a number or
# a name, to hide it from a search: they are taken out before scanning.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def scan_text(text: str) -> list[Finding]:
    """Findings of personal data in `text`, in order of position, none overlapping."""
    if not _may_hold(text):
        return []
    return _scan_screened(text)


def scan_texts(texts: list[str]) -> list[list[Finding]]:
    """:func:`scan_text` of each of ``texts`` (a record's free text, say).

    The same findings, with the quick screen run over all the texts at once:
    a record's hundred short values cost a few searches, not a hundred.
    """
    screened = _may_hold_each(texts)
    return [_scan_screened(t) if may else [] for t, may in zip(texts, screened, strict=True)]


def _scan_screened(text: str) -> list[Finding]:
    if _INVISIBLE.search(text):
        return _scan_visible(text)
    return _scan(text)


_SEPARATOR = "\x00"  # in no loaded text (control characters are refused); not in a word
_DIGITS_OR_AT = re.compile(r"[\d@]+")


def _may_hold_each(texts: list[str]) -> list[bool]:
    """``[_may_hold(t) for t in texts]``, searching the ASCII texts joined."""
    joined = _SEPARATOR.join(texts)
    if not joined.isascii() or joined.count(_SEPARATOR) != len(texts) - 1:
        return _may_hold_mixed(texts)
    # All ASCII (a record's usual case): one pass over the whole. Digits and
    # '@' are found with a byte translation and a find (a regular expression
    # with no literal to look for tries every position, ten times slower);
    # once a text is marked, the search goes on from the next text.
    out = [False] * len(texts)
    marks = joined.encode("ascii").translate(_DIGIT_MARKS)
    at = marks.find(1)
    titles = list(_title_starts(joined.lower()))
    if at < 0 and not titles:
        return out
    ends = list(accumulate(len(t) + 1 for t in texts))  # where each text's slot ends
    while at >= 0:
        i = bisect.bisect_right(ends, at)
        out[i] = True
        at = marks.find(1, ends[i])
    for at in titles:
        out[bisect.bisect_right(ends, at)] = True
    return out


# Every ASCII digit and '@' made byte 1, the rest kept. Byte 1 is a control
# character, refused in a record's text; where one got through anyway, the
# text is only scanned in full, as a text that may hold something.
_DIGIT_MARKS = bytes(1 if 48 <= b <= 57 or b == 64 else b for b in range(256))


def _may_hold_mixed(texts: list[str]) -> list[bool]:
    """:func:`_may_hold_each` when some text is not ASCII: those are tested alone."""
    out = [False] * len(texts)
    plain = []
    for i, t in enumerate(texts):
        if t.isascii() and _SEPARATOR not in t:
            plain.append(i)
        else:
            out[i] = _may_hold(t)
    if not plain:
        return out
    joined = _SEPARATOR.join(texts[i] for i in plain)
    starts, at = [], 0
    for i in plain:
        starts.append(at)
        at += len(texts[i]) + 1
    # The separator is neither a word character nor a dot, space or tab: a
    # title at the start or end of a text reads as it does on its own.
    for m in _DIGITS_OR_AT.finditer(joined):
        out[plain[bisect.bisect_right(starts, m.start()) - 1]] = True
    for at in _title_starts(joined.lower()):
        out[plain[bisect.bisect_right(starts, at) - 1]] = True
    return out


def _may_hold(text: str) -> bool:
    """False only for text in which no detector can find anything."""
    if _DIGIT_OR_AT.search(text):
        return True
    if not text.isascii():
        # Case folding beyond ASCII ("ſ" matches "s" without case) and
        # invisible characters inside a title: the broad search, as before.
        return _ANY_TITLE.search(text) is not None
    return next(_title_starts(text.lower()), None) is not None


def _title_starts(low: str) -> Iterator[int]:
    """Where a title starts in lower-cased ASCII ``low`` (not in order).

    Most text has "ms" or "dr" inside a word ("items", "children"); a title
    only counts at the start of a word, so the character before it is looked at.
    """
    for pattern in _TITLE_WORDS:
        for m in pattern.finditer(low):
            at = m.start()
            if at == 0 or low[at - 1] not in _WORD_BEFORE_TITLE:
                yield at


def _scan_visible(text: str) -> list[Finding]:
    """Scan ``text`` with its invisible characters taken out; spans in ``text``."""
    kept = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
    shown = "".join(text[i] for i in kept)
    kept.append(len(text))
    return [
        Finding(f.kind, kept[f.start], kept[f.end - 1] + 1, f.description) for f in _scan(shown)
    ]


def _scan(text: str) -> list[Finding]:
    # Kept findings never overlap, so sorted by start they are sorted by end too:
    # only the one starting just before a new finding's end can overlap it. A
    # bisection keeps this linear-logarithmic; text full of matches (a pasted
    # list, a fuzzer's input) must not make validation quadratic.
    kept: list[Finding] = []
    starts: list[int] = []
    for detector in _DETECTORS:
        for finding in detector(text):
            i = bisect.bisect_left(starts, finding.end)
            if i and kept[i - 1].end > finding.start:
                continue
            kept.insert(i, finding)
            starts.insert(i, finding.start)
    return kept


def redact(text: str, *, keep_width: bool = False) -> str:
    """``text`` with every finding hidden: for messages that quote what a record holds.

    With ``keep_width`` each hidden character becomes ``*``, so a caret under
    a source line still points at the right column.
    """
    findings = scan_text(text)
    if not findings:
        return text
    out, at = [], 0
    for f in findings:
        out.append(text[at : f.start])
        out.append("*" * (f.end - f.start) if keep_width else f"[{f.description} hidden]")
        at = f.end
    out.append(text[at:])
    return "".join(out)


# --------------------------------------------------------------------------
# Suppression
# --------------------------------------------------------------------------

_SUPPRESSION = re.compile(
    r"^[ \t]*#[ \t]*lif:[ \t]*allow[ \t]+personal-data[ \t]*--[ \t]*(.*?)[ \t\r]*$",
    re.MULTILINE,
)


def parse_suppression(comment: str) -> str | None:
    """The reason in a `# lif: allow personal-data -- <reason>` YAML comment.

    A comment spanning several lines is searched line by line. None when no
    line is such a suppression with a reason: data is only let through when
    someone has written down why.
    """
    for m in _SUPPRESSION.finditer(comment):
        if m.group(1):
            return m.group(1)
    return None
