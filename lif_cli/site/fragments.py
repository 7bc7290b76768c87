"""The parts of the site that repeat most, made as HTML in Python rather than in Jinja2.

At 10,000 records the composite plan has ~45,000 rows (on the plan page and
again on the agencies' pages) and the record pages hold ~25,000 actions, each
with its updates. Made here, with plain strings and each id's link made once
(:meth:`lif_cli.site.links.Links.a`), they cost a fraction of a Jinja2 loop.
The markup is what the templates would write: the plan's table head is in
``_macros.html.j2`` (``plan_table``) and the record page's frame in
``source.html.j2``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from lif_cli.site.links import Links, day, esc, rag_badge


def words(value: Any) -> str:
    return esc(str(value or "").replace("-", " "))


class PlanRows:
    """The rows of the composite plan's table, as HTML, each made once.

    The same row appears on the plan page and on its agency's page; rendering
    them here rather than in a Jinja2 loop made the site about twice as fast.
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
        a, many, prose = self.links.a, self.links.many, self.links.prose
        due = r["due"]
        latest = r["latest"]
        update = ""
        if latest is not None:
            update = day(latest.date) + (f": {prose(latest.note)}" if latest.note else "")
        status = r["status"]
        rag = rag_badge(r["rag"], "none" if status == "gap" else "cancelled")
        first = a(r["id"]) if r["id"] else "none (gap)"
        return (
            f'<tr data-agency="{esc(" ".join(r["agencies"]))}" '
            f'data-rag="{esc(r["rag"] or "none")}" data-source="{esc(r["source"])}" '
            f'data-status="{esc(status)}" data-due="{due.isoformat() if due else ""}">\n'
            f'<th scope="row">{first}</th>\n<td>{a(r["source"])}</td>\n'
            f"<td>{many(r['recommendations'])}</td>\n<td>{prose(r['text'])}</td>\n"
            f"<td>{many(r['agencies'])}</td>\n<td>{esc(r['owner'] or '')}</td>\n"
            f"<td>{day(due)}</td>\n<td>{esc(status.replace('-', ' '))}</td>\n"
            f"<td>{rag}</td>\n<td>{update}</td>\n</tr>"
        )


def action_rows(links: Links, rows: Iterable[Any], overdue: bool, agency: bool) -> Markup:
    """The rows of an action table (``action_table`` in ``_macros.html.j2``): the home
    page's overdue, due-soon and blocked lists, an outcome's or a risk's actions."""
    a, prose = links.a, links.prose
    out = []
    for r in rows:
        act = r.action
        out.append(
            f'<tr>\n<th scope="row">{a(r.id)}</th>\n<td>{prose(act.text)}</td>\n'
            + (f"<td>{a(act.agency)}</td>\n" if agency else "")
            + f"<td>{esc(act.owner or '')}</td>\n<td>{day(act.due)}</td>\n"
            + (f"<td>{r.days_overdue}</td>\n" if overdue else "")
            + f"<td>{words(act.status)}</td>\n<td>{rag_badge(r.rag, 'cancelled')}</td>\n</tr>"
        )
    return Markup("\n".join(out))


class SourceSections:
    """A source's recommendations (with the actions answering each) and its actions (with
    their updates as a timeline), the two long sections of its record page."""

    NO_TEXT = "(an action names this recommendation, but the source record does not have it)"

    def __init__(self, links: Links, related: dict[str, list[tuple[str, str]]]):
        self.links = links
        self.related = related

    def recommendations(self, source: Any) -> Markup:
        a, many, prose = self.links.a, self.links.many, self.links.prose
        out = []
        for rec in source.recommendations:
            rid = esc(rec.rec_id)
            gap = ' <span class="gap">gap: no action</span>' if rec.status == "gap" else ""
            to = f"To {many(rec.to)}. " if rec.to else ""
            out.append(
                f'<section class="rec" id="r-{rid}" aria-labelledby="rh-{rid}">\n'
                f'<h3 id="rh-{rid}">{esc(rec.id)}{gap}</h3>\n'
                f"<p>{prose(rec.text) if rec.text else self.NO_TEXT}</p>\n"
                f'<p class="meta">{to}Status: <strong>{words(rec.status)}</strong>.</p>\n'
            )
            if rec.actions:
                out.append('<ul class="answers">\n')
                for row in rec.actions:
                    out.append(
                        f"<li>{a(row.id)} ({words(row.action.status)}, "
                        f"{rag_badge(row.rag, 'cancelled')}): {prose(row.action.text)}</li>\n"
                    )
                out.append("</ul>\n")
            out.append("</section>\n")
        return Markup("".join(out))

    def actions(self, rows: Iterable[Any]) -> Markup:
        return Markup("".join(self._action(row) for row in rows))

    def _action(self, row: Any) -> str:
        a, many, prose = self.links.a, self.links.many, self.links.prose
        act = row.action
        aid = esc(act.id)
        owner = f" ({esc(act.owner)})" if act.owner else ""
        overdue = f", {row.days_overdue} days overdue" if row.days_overdue else ""
        done = f", completed {day(act.completed)}" if act.completed else ""
        parts = [
            f'<section class="action" id="a-{aid}" aria-labelledby="ah-{aid}">\n'
            f'<h3 id="ah-{aid}">{esc(row.id)} {rag_badge(row.rag, "cancelled")}</h3>\n'
            f"<p>{prose(act.text)}</p>\n"
            f'<dl class="facts">\n'
            f"<dt>Answers</dt><dd>{many(row.recommendation_ids)}</dd>\n"
            f"<dt>Agency</dt><dd>{a(act.agency)}{owner}</dd>\n"
            f"<dt>Due</dt><dd>{day(act.due)}{overdue}</dd>\n"
            f"<dt>Status</dt><dd>{words(act.status)}{done}</dd>\n"
        ]
        if act.evidence:
            parts.append(f"<dt>Evidence</dt><dd>{prose(act.evidence)}</dd>\n")
        if act.impact:
            parts.append(f"<dt>Impact</dt><dd>{prose(act.impact)}</dd>\n")
        serves = self.related.get(row.id)
        if serves:
            named = ", ".join(f"{a(other)} ({esc(relation)})" for relation, other in serves)
            parts.append(f"<dt>Serves</dt><dd>{named}</dd>\n")
        parts.append("</dl>\n")
        if act.updates:
            parts.append('<h4>Updates</h4>\n<ol class="timeline">\n')
            for u in sorted(act.updates, key=lambda u: u.date):
                status = f' <span class="status">{words(u.status)}</span>' if u.status else ""
                note = f": {prose(u.note)}" if u.note else ""
                parts.append(
                    f'<li><time datetime="{u.date.isoformat()}">{day(u.date)}</time>'
                    f"{status}{note}</li>\n"
                )
            parts.append("</ol>\n")
        parts.append("</section>\n")
        return "".join(parts)
