"""Links between the site's pages: the page (and anchor) of everything that has an id.

Every page sits at the top of the site folder (``record-SCR-2016-01.html``,
``agency-police.html``), so a link is the same from every page and the site
works from ``file://``. :class:`Links` knows the page of each record (every
kind: sources, incidents, outcomes, risks, learning events, evidence
requests), agency, calendar entry, indicator and training evaluation, and of
each finding, recommendation and action (``SCR-2016-01/R2``); record ids named
in free text are linked too (:meth:`Links.text`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

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


class Links:
    """The page (and anchor) of everything that has an id."""

    def __init__(self, data: dict[str, Any]):
        table: dict[str, str] = {}
        for ident in data["agencies"]:
            table[ident] = f"agency-{ident}.html"
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
        self.records = {k: v for k, v in table.items() if k not in data["agencies"]}
        for entry in data["calendar_view"].entries:
            table.setdefault(entry.id, f"calendar.html#c-{entry.id}")
        for dd in data["drilldowns"]:
            table.setdefault(dd["id"], f"indicators.html#d-{dd['id']}")
        self.table = table

    def href(self, ident: Any) -> str | None:
        return self.table.get(str(ident)) if ident is not None else None

    def link(self, ident: Any, text: Any = None) -> Markup:
        """An <a> to the id's page, or the id as text when it has none."""
        label = escape(ident if text is None else text)
        target = self.href(ident)
        if target is None:
            return Markup(label)
        return Markup(f'<a href="{escape(target)}">{label}</a>')

    def links(self, idents: Iterable[Any]) -> Markup:
        return Markup(", ").join(self.link(i) for i in idents)

    def text(self, value: Any) -> Markup:
        """Free text, escaped, with every record id it names made a link."""
        if value is None:
            return Markup("")
        safe = str(escape(value))
        if "-" not in safe:
            return Markup(safe)
        table = self.records

        def one(match: re.Match[str]) -> str:
            ident = match.group(0)
            target = table.get(ident)
            if target is None:
                return ident
            return f'<a href="{escape(target)}">{ident}</a>'

        return Markup(_ID_IN_TEXT.sub(one, safe))


class PlanRows:
    """The rows of the composite plan's table, as HTML, each made once.

    The same row appears on the plan page and on its agency's page; at 10,000
    records there are ~45,000 of them, and rendering them here rather than in a
    Jinja2 loop made the site about twice as fast. The markup matches the
    table head in ``_macros.html.j2`` (``plan_table``).
    """

    def __init__(self, links: Links):
        self.links = links
        self.made: dict[int, str] = {}

    def html(self, rows: Iterable[dict[str, Any]]) -> Markup:
        made = self.made
        out = []
        for r in rows:
            key = id(r)
            text = made.get(key)
            if text is None:
                text = made[key] = self._row(r)
            out.append(text)
        return Markup("\n".join(out))

    def _row(self, r: dict[str, Any]) -> str:
        link, links, text = self.links.link, self.links.links, self.links.text
        due = r["due"]
        latest = r["latest"]
        update = ""
        if latest is not None:
            update = day(latest.date) + (f": {text(latest.note)}" if latest.note else "")
        status = r["status"]
        rag = rag_badge(r["rag"], "none" if status == "gap" else "cancelled")
        first = link(r["id"]) if r["id"] else "none (gap)"
        return (
            f'<tr data-agency="{escape(" ".join(r["agencies"]))}" '
            f'data-rag="{escape(r["rag"] or "none")}" data-source="{escape(r["source"])}" '
            f'data-status="{escape(status)}" data-due="{due.isoformat() if due else ""}">\n'
            f'<th scope="row">{first}</th>\n<td>{link(r["source"])}</td>\n'
            f"<td>{links(r['recommendations'])}</td>\n<td>{text(r['text'])}</td>\n"
            f"<td>{links(r['agencies'])}</td>\n<td>{escape(r['owner'] or '')}</td>\n"
            f"<td>{day(due)}</td>\n<td>{escape(status.replace('-', ' '))}</td>\n"
            f"<td>{rag}</td>\n<td>{update}</td>\n</tr>"
        )


def rag_badge(value: str | None, none: str = "none") -> Markup:
    """RAG in words as well as colour."""
    if not value:
        return Markup(f'<span class="rag rag-none">{escape(none)}</span>')
    word = RAG_WORDS.get(value, value)
    return Markup(f'<span class="rag rag-{escape(value)}">{escape(word)}</span>')


def slug(value: Any) -> str:
    """A value made safe for a class name or a data attribute."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in str(value or "none"))
