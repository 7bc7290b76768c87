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
  instead of duplicating them.
* Each event's revision comes from the git history of the record file behind
  it (``calendar.yaml`` for a return, the action plan's file for an action):
  SEQUENCE is the number of commits that changed the file, less one (0 for a
  file committed once), and LAST-MODIFIED the time of the latest of them, UTC.
  The feed has no METHOD, so DTSTAMP is, as RFC 5545 (3.8.7.2) asks, when the
  event's information was last revised: the later of that commit and the
  as-of date at midnight UTC (the status an event shows is as of that date).
  Outside git, SEQUENCE is 0 and DTSTAMP the as-of date. No clock is read, so
  the same records, history and as-of date always give the same file.
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


def _revise(event: Any, revision: Any, as_of_stamp: datetime) -> None:
    """SEQUENCE, LAST-MODIFIED and DTSTAMP from the record file's history (or none)."""
    if revision is None:
        event.add("dtstamp", as_of_stamp)
        event.add("sequence", 0)
        return
    event.add("dtstamp", max(revision.last, as_of_stamp))
    event.add("last-modified", revision.last)
    event.add("sequence", max(revision.count - 1, 0))


def render_ics(
    view: CalendarView,
    actions: list[dict[str, Any]],
    partnership: str,
    who: Any,
    revisions: dict[str, Any] | None = None,
    files: dict[str, str] | None = None,
) -> str:
    """The feed as text (CRLF line ends, as RFC 5545 requires).

    ``revisions`` maps a record file to its history (``count``, ``last``; see
    :func:`lif_cli.history.file_revisions`); ``files`` maps ``":calendar"`` and
    each action plan's source id to its record file.
    """
    from icalendar import Calendar, Event

    revisions = revisions or {}
    files = files or {}
    domain = _slug(partnership)
    stamp = datetime(view.as_of.year, view.as_of.month, view.as_of.day, tzinfo=UTC)
    calendar_revision = revisions.get(files.get(":calendar", ""))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{partnership}: reporting calendar {view.label} and actions")

    for e in view.entries:
        for c in e.cells:
            ev = Event()
            ev.add("uid", f"calendar-{e.id}-{c.month}@{domain}")
            _revise(ev, calendar_revision, stamp)
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
        _revise(ev, revisions.get(files.get(source, "")), stamp)
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
