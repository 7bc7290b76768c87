"""Links between the site's pages: the page (and anchor) of everything that has an id.

Every page sits at the top of the site folder (``record-SCR-2016-01.html``,
``agency-police.html``), so a link is the same from every page and the site
works from ``file://``. :class:`Links` knows the page of each record (every
kind: sources, incidents, outcomes, risks, learning events, evidence
requests), agency, group, calendar entry, indicator and training evaluation, and of
each finding, recommendation and action (``SCR-2016-01/R2``); record ids named
in free text are linked too (:meth:`Links.text`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from lif_cli.render.report import fmt_date

RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue (complete)"}
# The same few hundred dates are shown thousands of times: strftime once each.
day = functools.lru_cache(maxsize=4096)(fmt_date)
# The kinds that have a page of their own beside the sources (record-<id>.html).
PAGED_KINDS = ("incidents", "outcomes", "risks", "learning-events", "evidence-requests")
# A record id or address in free text: "SCR-2016-01", "OUT-neglect", "PCD-2016/A4",
# "re-referrals". Only records are linked from prose, never agency or group ids, which
# are ordinary words ("early-years"); a word needs a hyphen to be taken for an id.
_ID_IN_TEXT = re.compile(
    r"(?<![\w/#.-])[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)+(?:/[A-Za-z0-9_-]+)?"
)


def esc(value: Any) -> str:
    """Text made safe for HTML, exactly as Jinja2's autoescape does it, as a plain string
    (no Markup object: the Python-made fragments escape hundreds of thousands of values)."""
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


class Links:
    """The page (and anchor) of everything that has an id."""

    def __init__(self, data: dict[str, Any]):
        table: dict[str, str] = {}
        for ident in data["agencies"]:
            table[ident] = f"agency-{ident}.html"
        who = set(data["agencies"])
        for view in data["group_views"]:
            table.setdefault(view["id"], f"group-{view['id']}.html")
            who.add(view["id"])
        for view in data["source_views"]:
            s = view["source"]
            page = f"record-{s.id}.html"
            table[s.id] = page
            for rec in s.recommendations:
                table[rec.id] = f"{page}#r-{rec.rec_id}"
                for row in rec.actions:
                    table[row.id] = f"{page}#a-{row.action.id}"
            for f in getattr(view["model"], "findings", ()) or ():
                table[f"{s.id}/{f.id}"] = f"{page}#f-{f.id}"
        for views in data["kind_views"].values():
            for view in views:
                table.setdefault(view["id"], f"record-{view['id']}.html")
        for ind in data["indicators"]:
            table.setdefault(ind["id"], f"indicators.html#i-{ind['id']}")
        for t in data["training"]:
            table.setdefault(t["id"], f"training.html#t-{t['id']}")
        # prose links records only (not agencies, groups or calendar entries)
        self.records = {k: v for k, v in table.items() if k not in who}
        for entry in data["calendar_view"].entries:
            table.setdefault(entry.id, f"calendar.html#c-{entry.id}")
        for dd in data["drilldowns"]:
            table.setdefault(dd["id"], f"indicators.html#d-{dd['id']}")
        self.table = table
        # each id's <a> is made once: the same ids appear on page after page
        self._made: dict[str, str] = {}

    def href(self, ident: Any) -> str | None:
        return self.table.get(str(ident)) if ident is not None else None

    def a(self, ident: Any) -> str:
        """The HTML of a link to the id's page (the id as text when it has none)."""
        key = str(ident)
        made = self._made.get(key)
        if made is None:
            target = self.table.get(key)
            made = esc(key) if target is None else f'<a href="{esc(target)}">{esc(key)}</a>'
            self._made[key] = made
        return made

    def link(self, ident: Any, text: Any = None) -> Markup:
        """An <a> to the id's page, or the id as text when it has none."""
        if text is None:
            return Markup(self.a(ident))
        target = self.href(ident)
        if target is None:
            return Markup(esc(text))
        return Markup(f'<a href="{esc(target)}">{esc(text)}</a>')

    def many(self, idents: Iterable[Any]) -> str:
        return ", ".join(self.a(i) for i in idents)

    def links(self, idents: Iterable[Any]) -> Markup:
        return Markup(self.many(idents))

    def prose(self, value: Any) -> str:
        """Free text, escaped, with every record id it names made a link."""
        if value is None:
            return ""
        safe = esc(value)
        if "-" not in safe:
            return safe
        table = self.records

        def one(match: re.Match[str]) -> str:
            ident = match.group(0)
            target = table.get(ident)
            if target is None:
                return ident
            return f'<a href="{esc(target)}">{ident}</a>'

        return _ID_IN_TEXT.sub(one, safe)

    def text(self, value: Any) -> Markup:
        return Markup(self.prose(value))


@functools.lru_cache(maxsize=64)
def rag_badge(value: str | None, none: str = "none") -> Markup:
    """RAG in words as well as colour."""
    if not value:
        return Markup(f'<span class="rag rag-none">{esc(none)}</span>')
    word = RAG_WORDS.get(value, value)
    return Markup(f'<span class="rag rag-{esc(value)}">{esc(word)}</span>')


def slug(value: Any) -> str:
    """A value made safe for a class name or a data attribute."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in str(value or "none"))
