"""Rendering the site's pages with Jinja2, from the data :mod:`lif_cli.site.build` gathers.

The templates are lif's own (``templates/site/``), rendered with autoescaping
on, so record text is always shown and never run. Every page sits at the top
of the site folder (``record-SCR-2016-01.html``, ``agency-police.html``);
:mod:`lif_cli.site.links` makes every record id a link to its page.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from lif_cli import __version__
from lif_cli.compute.calendar import MONTH_NAMES
from lif_cli.render.report import fmt_number, fmt_percent, plural
from lif_cli.render.status_framework import DIRECTION_WORDS
from lif_cli.resources import templates_dir
from lif_cli.site.kinds import EVIDENCE_WORDS, INDEX_PAGES, RELATION_WORDS, index_nav
from lif_cli.site.links import Links, PlanRows, day, rag_badge, slug

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
# The most indicators one trend chart holds (small multiples): beyond it a chart stops
# being readable, and the figures are all in the table anyway.
CHART_LIMIT = 24
ACTION_STATUSES = ("not-started", "in-progress", "blocked", "complete", "cancelled", "gap")
# The template of each kind's record page.
KIND_TEMPLATES = {
    "incidents": "incident.html.j2",
    "outcomes": "outcome.html.j2",
    "risks": "risk.html.j2",
    "learning-events": "event.html.j2",
    "evidence-requests": "request.html.j2",
}


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
        text=links.text,
    )
    env.globals.update(
        plan_rows_html=PlanRows(links).html,
        link=links.link,
        links=links.links,
        href=links.href,
        edit=edit,
        nav=(*NAV, *index_nav(data["kind_views"])),
        index_pages=INDEX_PAGES,
        relation_words=RELATION_WORDS,
        evidence_words=EVIDENCE_WORDS,
        direction_words=DIRECTION_WORDS,
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
    for kind, (name, _) in INDEX_PAGES.items():
        if data["kind_views"][kind]:
            page(name, f"{name.removesuffix('.html')}.html.j2")
    for kind, template_name in KIND_TEMPLATES.items():
        template = env.get_template(template_name)
        for view in data["kind_views"][kind]:
            name = f"record-{view['id']}.html"
            files[name] = template.render(common, page=name, view=view).encode("utf-8")
    source = env.get_template("source.html.j2")
    for view in data["source_views"]:
        name = f"record-{view['source'].id}.html"
        files[name] = source.render(common, page=name, view=view).encode("utf-8")
    return files
