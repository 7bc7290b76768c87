"""The reporting calendar and open actions as an iCalendar (RFC 5545) feed.

Officers subscribe to it in Outlook or any calendar program. Choices
(documented in docs/calendar-and-assurance.md):

* Each due month of the business year is one all-day event on the **last day
  of the month**: a return is due during its month, and the last day is the
  deadline after which it is overdue. Every due month is included, received or
  not, so the subscribed calendar shows the whole year; the summary begins with
  the status when it needs attention (OVERDUE, DUE) and the description gives
  the status as of the export and the records that count.
* Each open action (not-started, in-progress, blocked) is one all-day event on
  its due date.
* UIDs are stable across exports (``calendar-<entry>-<YYYY-MM>@<partnership>``,
  ``action-<SOURCE>-<A-ID>@<partnership>``) so a re-import updates events
  instead of duplicating them. DTSTAMP is the as-of date at midnight UTC, so
  the same records and as-of date always give the same file.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lif_cli.compute.calendar import CalendarView

PRODID = "-//lif//learning and improvement records//EN"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "lif"


def _month_end(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:])
    first_next = date(year + mon // 12, mon % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _all_day(event: Any, day: date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: leaves the day free


def render_ics(
    view: CalendarView,
    actions: list[dict[str, Any]],
    partnership: str,
    who: Any,
) -> str:
    """The feed as text (CRLF line ends, as RFC 5545 requires)."""
    from icalendar import Calendar, Event

    domain = _slug(partnership)
    stamp = datetime(view.as_of.year, view.as_of.month, view.as_of.day, tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{partnership}: reporting calendar {view.label} and actions")

    for e in view.entries:
        for c in e.cells:
            ev = Event()
            ev.add("uid", f"calendar-{e.id}-{c.month}@{domain}")
            ev.add("dtstamp", stamp)
            _all_day(ev, _month_end(c.month))
            flag = {"overdue": "OVERDUE: ", "due": "DUE: "}.get(c.status, "")
            ev.add("summary", f"{flag}{e.title} ({e.from_ or '-'} to {e.to})")
            lines = [
                f"Reporting calendar return {e.id}, due {c.month}.",
                f"From: {who(e.from_) or e.from_}" if e.from_ else "From: -",
                f"To: {who(e.to) or e.to}",
                f"Status as of {view.as_of.isoformat()}: {c.status}",
            ]
            if c.records:
                lines.append("Records: " + ", ".join(c.records))
            ev.add("description", "\n".join(lines))
            ev.add("categories", ["reporting calendar"])
            cal.add_component(ev)

    for a in actions:
        ev = Event()
        source, aid = a["id"].split("/", 1)
        ev.add("uid", f"action-{source}-{aid}@{domain}")
        ev.add("dtstamp", stamp)
        _all_day(ev, a["due"])
        flag = "OVERDUE: " if a["rag"] == "red" else ""
        ev.add("summary", f"{flag}Action {a['id']} due ({a['agency']})")
        lines = [
            a["text"],
            f"Lead agency: {who(a['agency']) or a['agency']}",
            f"Status as of {view.as_of.isoformat()}: {a['status']}"
            + (f" (RAG {a['rag']})" if a["rag"] else ""),
        ]
        if a["owner"]:
            lines.insert(2, f"Owner: {a['owner']}")
        ev.add("description", "\n".join(lines))
        ev.add("categories", ["action"])
        cal.add_component(ev)

    return cal.to_ical().decode("utf-8")
