"""Rendering the site's pages with Jinja2, from the data :mod:`lif_cli.site.build` gathers.

The templates are lif's own (``templates/site/``), rendered with autoescaping
on, so record text is always shown and never run. Every page sits at the top
of the site folder (``record-SCR-2016-01.html``, ``agency-police.html``);
:mod:`lif_cli.site.links` makes every record id a link to its page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from lif_cli import __version__
from lif_cli.compute.calendar import MONTH_NAMES
from lif_cli.render.plan import recommendation_label
from lif_cli.render.report import bytecode_cache, fmt_number, fmt_percent, plural
from lif_cli.render.status_framework import DIRECTION_WORDS
from lif_cli.resources import templates_dir
from lif_cli.site.charts import CHART_LIMIT, site_charts
from lif_cli.site.fragments import PlanRows, SourceSections, action_rows
from lif_cli.site.kinds import EVIDENCE_WORDS, INDEX_PAGES, RELATION_WORDS, index_nav
from lif_cli.site.links import Links, day, esc, rag_badge, slug

NAV = (
    ("index.html", "Home"),
    ("plan.html", "Action plan"),
    ("agencies.html", "Agencies and groups"),
    ("sources.html", "Reviews and audits"),
    ("calendar.html", "Calendar"),
    ("indicators.html", "Indicators"),
    ("s11.html", "Section 11"),
    ("training.html", "Training"),
)
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
    sections = SourceSections(links, data["related"])
    env = Environment(
        loader=FileSystemLoader(str(templates_dir() / "site")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache("site-templates") if data.get("use_cache", True) else None,
        # the templates do not change during a build: no stat of each one per page
        auto_reload=False,
    )
    repo_url = data["repo_url"]
    names = {**{g["id"]: g["name"] for g in data["group_views"]}, **data["agencies"]}
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
        action_rows_html=functools.partial(action_rows, links),
        source_recommendations=sections.recommendations,
        source_actions=sections.actions,
        link=links.link,
        links=links.links,
        href=links.href,
        edit=edit,
        name_of=lambda ident: names.get(ident, ident),
        recommendation_label=recommendation_label,
        nav_html=_nav_html((*NAV, *index_nav(data["kind_views"]))),
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


def _nav_html(nav: tuple[tuple[str, str], ...]) -> Callable[[str], Markup]:
    """The site's navigation as it reads on a page (that page marked current): made once
    for each page of the navigation and once for every other page, not in each page."""

    def make(page: str | None) -> Markup:
        items = []
        for target, label in nav:
            current = ' aria-current="page"' if target == page else ""
            items.append(f'<li><a href="{esc(target)}"{current}>{esc(label)}</a></li>')
        return Markup("\n".join(items))

    made = {target: make(target) for target, _ in nav}
    other = make(None)
    return lambda page: made.get(page, other)


def _asset(name: str) -> bytes:
    return (templates_dir() / "site" / name).read_bytes()


def render_site(data: dict[str, Any]) -> dict[str, bytes]:
    """{relative path: bytes} of every page, chart and asset."""
    env = _environment(data)
    files: dict[str, bytes] = {
        "assets/site.css": _asset("site.css"),
        "assets/plan.js": _asset("plan.js"),
    }
    charts = site_charts(data)
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
    group = env.get_template("group.html.j2")
    for view in data["group_views"]:
        name = f"group-{view['id']}.html"
        files[name] = group.render(common, page=name, group=view).encode("utf-8")
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
