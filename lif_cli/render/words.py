"""Dates, months and counts as people read them, one style for every text screen.

People read ``15 Nov 2016`` and ``Nov 2016``; machine formats (JSON, CSV,
iCalendar) keep ISO dates.
"""

from __future__ import annotations

from datetime import date

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_date(d: date | str | None) -> str:
    """A date (or an ISO date string) as people read it: 30 Sep 2016 ('' for none)."""
    if isinstance(d, str):
        try:
            d = date.fromisoformat(d)
        except ValueError:
            return d
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}" if d else ""


def fmt_month(month: str | None) -> str:
    """'2016-08' as people read it: Aug 2016 ('' for none; other text unchanged)."""
    if not month:
        return ""
    year, _, m = month.partition("-")
    if not (year.isdigit() and m.isdigit() and 1 <= int(m) <= 12):
        return month
    return f"{_MONTHS[int(m) - 1]} {year}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 row', '2 rows'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def wrap_words(first: str, text: str, indent: str, width: int | None) -> list[str]:
    """``first + text`` as lines of at most ``width``, broken only at spaces.

    Lines after the first start with ``indent``. A word longer than a line (a
    path, an address) is kept whole on a line of its own, never cut; ids and
    dates are never broken at their hyphens. Joining the lines back, each
    break a single space, gives ``first + text`` again.
    """
    if width is None or len(first) + len(text) <= width:
        return [first + text]
    lines: list[str] = []
    line, words = first, 0
    for word in text.split(" "):
        if words and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, words = indent + word, 1
        else:
            line, words = line + (" " if words else "") + word, words + 1
    lines.append(line)
    return lines
