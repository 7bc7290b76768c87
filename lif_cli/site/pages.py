"""Rendering the site's pages with Jinja2, from the data :mod:`lif_cli.site.build` gathers.

The templates are lif's own (``templates/site/``), rendered with autoescaping
on, so record text is always shown and never run. Every page sits at the top
of the site folder (``record-SCR-2016-01.html``, ``agency-police.html``), so
links are the same from every page and the site works from ``file://``.

Every record id is a link: :class:`Links` knows the page (and anchor) of each
record, agency, calendar entry, indicator, training evaluation, and of each
finding, recommendation and action (``SCR-2016-01/R2``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from lif_cli import __version__
from lif_cli.compute.calendar import MONTH_NAMES
from lif_cli.render.report import fmt_date, fmt_number, fmt_percent, plural
from lif_cli.resources import templates_dir

NAV = (
    ("index.html", "Home"),
    ("plan.html", "Action plan"),
    ("agencies.html", "Agencies"),
    ("sources.html", "Reviews and audits"),
    ("calendar.html", "Calendar"),
    ("indicators.html", "Indicators"),
    ("s11.html", "Section 11"),
    ("training.html", "Training"),
)
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue (complete)"}
# The most indicators one trend chart holds (small multiples): beyond it a chart stops
# being readable, and the figures are all in the table anyway.
CHART_LIMIT = 24
# The same few hundred dates are shown thousands of times: strftime once each.
day = functools.lru_cache(maxsize=4096)(fmt_date)
ACTION_STATUSES = ("not-started", "in-progress", "blocked", "complete", "cancelled", "gap")


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
        for ind in data["indicators"]:
            table.setdefault(ind["id"], f"indicators.html#i-{ind['id']}")
        for t in data["training"]:
            table.setdefault(t["id"], f"training.html#t-{t['id']}")
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
        link, links = self.links.link, self.links.links
        due = r["due"]
        latest = r["latest"]
        update = ""
        if latest is not None:
            update = day(latest.date) + (f": {escape(latest.note)}" if latest.note else "")
        status = r["status"]
        rag = rag_badge(r["rag"], "none" if status == "gap" else "cancelled")
        first = link(r["id"]) if r["id"] else "none (gap)"
        return (
            f'<tr data-agency="{escape(" ".join(r["agencies"]))}" '
            f'data-rag="{escape(r["rag"] or "none")}" data-source="{escape(r["source"])}" '
            f'data-status="{escape(status)}" data-due="{due.isoformat() if due else ""}">\n'
            f'<th scope="row">{first}</th>\n<td>{link(r["source"])}</td>\n'
            f"<td>{links(r['recommendations'])}</td>\n<td>{escape(r['text'] or '')}</td>\n"
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


def _environment(data: dict[str, Any]):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    links = Links(data)
    env = Environment(
        loader=FileSystemLoader(str(templates_dir() / "site")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache() if data.get("use_cache", True) else None,
        # the templates do not change during a build: no stat of each one per page
        auto_reload=False,
    )
    repo_url = data["repo_url"]
    files = data["files"]

    def edit(
        ident: str | None = None, file: str | None = None, label: str = "Edit this record"
    ) -> Markup:
        path = file or files.get(ident or "")
        if not repo_url or not path:
            return Markup("")
        url = repo_url + quote(path, safe="/")
        return Markup(
            f'<a class="edit" href="{escape(url)}" rel="noopener noreferrer">'
            f'{escape(label)}<span class="visually-hidden"> ({escape(path)})</span></a>'
        )

    env.filters.update(
        date=day,
        num=fmt_number,
        pct=fmt_percent,
        plural=plural,
        rag=rag_badge,
        slug=slug,
        words=lambda v: str(v or "").replace("-", " "),
    )
    env.globals.update(
        plan_rows_html=PlanRows(links).html,
        link=links.link,
        links=links.links,
        href=links.href,
        edit=edit,
        nav=NAV,
        lif_version=__version__,
        statuses=ACTION_STATUSES,
        month_names=MONTH_NAMES,
        chart_limit=CHART_LIMIT,
    )
    return env


def charted_indicators(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The indicators the trend chart shows: all of them up to :data:`CHART_LIMIT`, else
    the priority ones first, then red, amber, the rest (in their own order). Every
    indicator is in the table beside the chart whatever the chart shows."""
    if len(indicators) <= CHART_LIMIT:
        return indicators
    severity = {"red": 0, "amber": 1, "green": 2}

    def rank(pair: tuple[int, dict[str, Any]]) -> tuple[int, int, int]:
        n, i = pair
        return (i["level"] != "priority", severity.get(i["rag"] or "", 3), n)

    chosen = sorted(enumerate(indicators), key=rank)[:CHART_LIMIT]
    return [i for _, i in sorted(chosen, key=lambda pair: pair[0])]


def _bytecode_cache():
    """Compiled templates kept in lif's cache folder: compiling them all costs ~0.4 s.

    Compiled code runs when it is loaded, so, like the model cache, a folder that
    another user could write to is not used.
    """
    from jinja2 import FileSystemBytecodeCache

    from lif_cli.cache import cache_dir, is_private

    if os.environ.get("LIF_NO_CACHE"):
        return None
    folder = cache_dir() / f"site-templates-{__version__}"
    if not is_private(folder):
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def _charts(data: dict[str, Any]) -> dict[str, str]:
    """The SVG charts, from the same functions as the papers' charts."""
    from lif_cli.render.charts import RagBar, Trend, indicator_trends, rag_by_agency

    out = {}
    bars = [
        RagBar(a["id"], {k: a[k] for k in ("red", "amber", "green", "blue")})
        for a in data["rag_by_agency"]
    ]
    out["charts/rag-by-agency.svg"] = rag_by_agency(bars)
    trends = [
        Trend(
            i["id"],
            i["title"],
            [(v["period"], v["value"]) for v in i["values"]],
            i["target"],
            i["rag"],
            i["unit"],
            i["better"],
        )
        for i in charted_indicators(data["indicators"])
    ]
    if trends:
        out["charts/indicator-trends.svg"] = indicator_trends(trends)
    return out


def _asset(name: str) -> bytes:
    return (templates_dir() / "site" / name).read_bytes()


def render_site(data: dict[str, Any]) -> dict[str, bytes]:
    """{relative path: bytes} of every page, chart and asset."""
    env = _environment(data)
    files: dict[str, bytes] = {
        "assets/site.css": _asset("site.css"),
        "assets/plan.js": _asset("plan.js"),
    }
    charts = _charts(data)
    for name, svg in charts.items():
        files[name] = svg.encode("utf-8")
    common = {**data, "charts": {n.split("/")[1].split(".")[0]: n for n in charts}}

    def page(name: str, template: str, **extra: Any) -> None:
        html = env.get_template(template).render(common, page=name, **extra)
        files[name] = html.encode("utf-8")

    page("index.html", "home.html.j2")
    page("plan.html", "plan.html.j2")
    page("agencies.html", "agencies.html.j2")
    page("sources.html", "sources.html.j2")
    page("calendar.html", "calendar.html.j2")
    page("indicators.html", "indicators.html.j2")
    page("s11.html", "s11.html.j2")
    page("training.html", "training.html.j2")
    agency = env.get_template("agency.html.j2")
    for view in data["agency_views"]:
        name = f"agency-{view['id']}.html"
        files[name] = agency.render(common, page=name, agency=view).encode("utf-8")
    source = env.get_template("source.html.j2")
    for view in data["source_views"]:
        name = f"record-{view['source'].id}.html"
        files[name] = source.render(common, page=name, view=view).encode("utf-8")
    return files
