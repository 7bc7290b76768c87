"""Building papers: the context a paper's template renders, from the compute modules.

:func:`build_context` is pure apart from what it is given: loaded records, an
as-of date, the git stamp, and (for "what changed") a computed
:class:`~lif_cli.compute.changes.Changes`. It hands templates plain values and
the compute modules' frozen results, never the records object itself (which
can read files), so a repository's own templates see data, not machinery.

Every row a template shows carries a record id (``SCR-2016-01/A2``,
``MAA-2016-02``), so each line of a paper traces back to a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lif_cli import __version__
from lif_cli.compute.changeset import Changes
from lif_cli.loader import Records

PAPERS = ("board", "piqag", "agency", "annual", "yearly")
PAPER_TITLES = {
    "board": "Board paper: learning and improvement",
    "piqag": "Performance Improvement and Quality Assurance Group paper",
    "agency": "Agency paper",
    "annual": "Annual report: learning and improvement",
    "yearly": "Safeguarding partners' yearly report",
}
# How overdue an action must be before the board is asked to decide on it.
ESCALATE_DAYS = 30


@dataclass(frozen=True)
class Stamp:
    """Where a paper came from: shown at its head so it can be reproduced."""

    partnership: str
    as_of: date
    commit: str | None  # full sha; None outside git
    dirty: bool
    source: str  # "working tree" or "revision REF"
    lif_version: str = __version__

    @property
    def short(self) -> str | None:
        return self.commit[:10] if self.commit else None


@dataclass(frozen=True)
class Decision:
    """Something the board (or group) is asked to decide, with the records behind it."""

    text: str
    ids: tuple[str, ...]


@dataclass
class Charts:
    """Charts: {name: file name}, {file name: svg} beside a paper, {file name: (png, alt)}."""

    links: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    images: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # PNG, alt text


def business_year(as_of: date, start_month: int) -> tuple[date, date]:
    """The business year (first day, last day) holding ``as_of``."""
    start_year = as_of.year if as_of.month >= start_month else as_of.year - 1
    first = date(start_year, start_month, 1)
    last = date(start_year + 1, start_month, 1).toordinal() - 1
    return first, date.fromordinal(last)


def rag_by_agency(records: Records, plan: Any) -> list[dict[str, Any]]:
    """[{id, name, red, amber, green, blue, cancelled}] per agency with actions."""
    rows: dict[str, dict[str, Any]] = {}
    for r in plan.actions():
        agency = r.action.agency
        row = rows.setdefault(
            agency,
            {
                "id": agency,
                "name": records.who(agency) or agency,
                "red": 0,
                "amber": 0,
                "green": 0,
                "blue": 0,
                "cancelled": 0,
            },
        )
        row[r.rag or "cancelled"] += 1
    order = [a for a in records.agencies if a in rows] + sorted(
        a for a in rows if a not in records.agencies
    )
    return [rows[a] for a in order]


def calendar_section(records: Records, as_of: date) -> dict[str, Any]:
    """The reporting calendar for the business year holding ``as_of``.

    ``rows``: one per entry and due month, {entry, title, from, to, month
    (YYYY-MM), status, records}, by month; ``counts`` by status; ``problems``:
    entries that cannot be placed in years, with the reason.
    """
    from lif_cli.compute.calendar import calendar_view

    view = calendar_view(records, as_of)
    rows = [
        {
            "entry": e.id,
            "title": e.title,
            "from": e.from_,
            "to": e.to,
            "month": c.month,
            "status": c.status,
            "records": list(c.records),
        }
        for e in view.entries
        for c in e.cells
    ]
    rows.sort(key=lambda r: (r["month"], r["entry"]))
    return {
        "rows": rows,
        "counts": view.counts(),
        "label": view.label,
        "problems": [{"entry": e.id, "problem": e.problem} for e in view.entries if e.problem],
    }


def audit_rows(records: Records, as_of: date) -> list[dict[str, Any]]:
    """Audits in presented order; a presented date after ``as_of`` has not happened yet."""
    rows = []
    for a in records.models("audits"):
        presented = a.dates.presented if a.dates.presented and a.dates.presented <= as_of else None
        rows.append(
            {
                "id": a.id,
                "type": a.type,
                "area": a.area,
                "title": a.title,
                "status": a.status,
                "requested_by": a.requested_by,
                "presented": presented,
                "grades": a.grades,
                "trigger": a.trigger,
                "triggered_by": list(a.triggered_by),
                "sampling": a.sampling,
                "practitioners": a.practitioners,
                "trigger_decision": a.trigger_decision,
            }
        )
    rows.sort(key=lambda r: (r["presented"] or date.max, r["id"]))
    return rows


def decisions(
    status: Any, reviews: list[Any], calendar: dict[str, Any], indicators: list[dict[str, Any]]
) -> list[Decision]:
    """What the board is asked to decide, from the state of the records."""
    out: list[Decision] = []
    drafts = [s for s in status.stages if s.stage == "action-plan" and s.has_plan]
    if drafts:
        out.append(
            Decision("Approve the action plans awaiting approval", tuple(s.id for s in drafts))
        )
    missing = [s for s in status.stages if s.stage == "action-plan" and not s.has_plan]
    if missing:
        out.append(
            Decision(
                "Ask for action plans where none has been written",
                tuple(s.id for s in missing),
            )
        )
    if status.gaps:
        out.append(
            Decision(
                "Agree who will act on recommendations that have no action",
                tuple(g.id for g in status.gaps),
            )
        )
    late = [r for r in status.overdue if r.days_overdue > ESCALATE_DAYS]
    if late:
        out.append(
            Decision(
                f"Agree revised dates or escalate actions overdue by more than "
                f"{ESCALATE_DAYS} days",
                tuple(r.id for r in late),
            )
        )
    if status.blocked or any(r.action.status == "blocked" for r in status.overdue):
        blocked = [r.id for r in status.overdue if r.action.status == "blocked"]
        blocked += [r.id for r in status.blocked]
        out.append(Decision("Unblock blocked actions", tuple(blocked)))
    missed = [s.id for s in reviews if any(t.state in ("overdue", "missed") for t in s.timescales)]
    if missed:
        out.append(
            Decision(
                "Note the statutory timescales missed or overdue, and agree how to recover",
                tuple(missed),
            )
        )
    if status.dissemination:
        out.append(
            Decision(
                "Agree how the learning from published reviews will be disseminated",
                tuple(s.id for s in status.dissemination),
            )
        )
    overdue_returns = sorted(
        {row["entry"] for row in calendar.get("rows", []) if row["status"] == "overdue"}
    )
    if overdue_returns:
        out.append(
            Decision(
                "Chase the returns that are overdue on the reporting calendar",
                tuple(overdue_returns),
            )
        )
    worsening_red = [i["id"] for i in indicators if i["rag"] == "red" and i["trend"] == "worsening"]
    if worsening_red:
        out.append(
            Decision(
                "Consider a drilldown into indicators that are red and worsening",
                tuple(worsening_red),
            )
        )
    return out


def build_context(
    records: Records,
    as_of: date,
    paper: str,
    stamp: Stamp,
    changes: Changes | None = None,
    changes_hint: str | None = None,
    agency: str | None = None,
    charts: Charts | None = None,
) -> dict[str, Any]:
    """Everything a paper's template may use (documented in docs/reports-and-history.md)."""
    from lif_cli.compute.indicators import indicators_view
    from lif_cli.compute.plan import build_plan
    from lif_cli.compute.reviews import review_states
    from lif_cli.compute.s11 import s11_view
    from lif_cli.compute.status import build_status
    from lif_cli.compute.training import training_view

    s = records.settings
    plan = build_plan(records, as_of)
    status = build_status(records, as_of, plan=plan)
    reviews = review_states(records, plan, as_of)
    indicators = indicators_view(records, as_of)
    calendar = calendar_section(records, as_of)
    year_first, year_last = business_year(as_of, s.year_start_month)
    ctx: dict[str, Any] = {
        "paper": paper,
        "title": PAPER_TITLES.get(paper, paper),
        "partnership": s.partnership,
        "short_name": s.short_name or s.partnership,
        "as_of": as_of,
        "stamp": stamp,
        "amber_days": s.amber_days,
        "escalate_days": ESCALATE_DAYS,
        "agencies": {a.id: a.name for a in records.agencies.values()},
        "groups": {g.id: g.name for g in records.groups.values()},
        "status": status,
        "plan": plan,
        "rag_by_agency": rag_by_agency(records, plan),
        "reviews": reviews,
        "reviews_in_progress": [r for r in reviews if r.in_progress],
        "published_reviews": [r for r in reviews if r.published],
        "calendar": calendar,
        "indicators": indicators["indicators"],
        "drilldowns": indicators["drilldowns"],
        "s11": s11_view(records, as_of),
        "training": training_view(records, as_of),
        "audits": audit_rows(records, as_of),
        "year_first": year_first,
        "year_last": year_last,
        "changes": changes,
        "changes_hint": changes_hint,
        "charts": (charts or Charts()).links,
        "agency": None,
        "decisions": decisions(status, reviews, calendar, indicators["indicators"]),
        "framework": status.framework,
    }
    from lif_cli.compute.partners import partners_context

    ctx.update(
        partners_context(records, as_of, plan, indicators["indicators"], year_first, year_last)
    )
    late = tuple(i["id"] for i in ctx["incidents"] if i["open"] and i["late"])
    if late:
        ctx["decisions"].append(
            Decision(
                "Note the serious incidents behind the Panel's timescales, and agree how "
                "to recover",
                late,
            )
        )
    from lif_cli.compute.framework import framework_decisions

    chased = frozenset(r["entry"] for r in calendar.get("rows", []) if r["status"] == "overdue")
    ctx["decisions"] += [
        Decision(text, ids) for text, ids in framework_decisions(status.framework, chased)
    ]
    if paper == "agency" and agency is not None:
        ctx["agency"] = {
            "id": agency,
            "name": records.who(agency) or agency,
            "actions": [r for r in plan.actions() if r.action.agency == agency],
            "gaps": [g for g in status.gaps if agency in g.to],
            "returns": [row for row in calendar.get("rows", []) if row.get("from") == agency],
            "s11": [m for m in ctx["s11"]["matrix"] if m["agency"] == agency],
            "shortfalls": [x for x in ctx["s11"]["shortfalls"] if x["agency"] == agency],
            "indicators": [i for i in indicators["indicators"] if i["agency"] == agency],
        }
    return ctx


# --- making a paper ----------------------------------------------------------------------


@dataclass
class Paper:
    """A rendered paper, the files written for it, and notes for stderr."""

    text: str
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def provenance_stamp(records: Records, as_of: date, at: str | None, notes: list[str]) -> Stamp:
    """The stamp at the head of a paper or page: the commit (or revision) it was built from,
    whether the working tree had uncommitted changes; notes for stderr go to ``notes``."""
    from lif_cli.gitrepo import GitError
    from lif_cli.history import repo_state

    partnership = records.settings.partnership
    commit = getattr(records.source, "commit", None)
    if at is not None and commit is not None:
        # A paper rebuilt from a revision is stamped exactly as it was at the time.
        return Stamp(partnership, as_of, commit, False, f"revision {at}")
    try:
        state = repo_state(records.root)
    except GitError as exc:
        notes.append(f"not stamped with a git commit: {exc.message}")
        return Stamp(partnership, as_of, None, False, "git unreadable")
    if state is None:
        return Stamp(partnership, as_of, None, False, "working tree")
    if state.dirty:
        notes.append(
            f"{len(state.changed)} record file(s) have uncommitted changes: the paper says so; "
            "commit them to make the paper reproducible"
        )
    return Stamp(partnership, as_of, state.commit, state.dirty, "working tree")


def _changes(
    records: Records, paper: str, at: str | None, since: str | None, use_cache: bool = True
) -> tuple[Changes | None, str]:
    from lif_cli.compute.changes import changes_between
    from lif_cli.gitrepo import GitError, NotAGitRepo
    from lif_cli.history import last_tag

    pattern = f"{paper}-*"
    if since is None:
        try:
            since = last_tag(records.root, pattern, at)
        except NotAGitRepo:
            return None, "The records are not in git, so what changed cannot be shown."
        except GitError as exc:
            return None, f"What changed cannot be shown: {exc.message}."
        if since is None:
            return None, (
                f"No `--since` was given and no earlier tag matches `{pattern}`: give "
                f"`--since REF` or `--since YYYY-MM-DD`, or tag the commit each paper is "
                f"built from (`git tag {paper}-YYYY-MM-DD`) and lif will find the last one."
            )
    ch = changes_between(records.root, since, at, use_cache=use_cache)
    # Name the end by its commit, so a paper rebuilt with --at reads the same.
    if ch.until_commit:
        ch.until = ch.until_commit[:10]
    return ch, ""


def _charts(context: dict[str, Any], stem: str, png: bool = False) -> Charts:
    """The paper's charts: SVG files for Markdown and HTML, or PNG pictures for Word."""
    from lif_cli.render import charts as draw

    charts = Charts()
    bars = draw.rag_bars(context["rag_by_agency"])
    trends = [draw.indicator_trend(i) for i in context["indicators"]]
    made: list[tuple[str, str, Any, Any, Any]] = [
        ("rag", "rag-by-agency", draw.rag_by_agency, draw.rag_by_agency_png, bars)
    ]
    if trends:
        svg, png_ = draw.indicator_trends, draw.indicator_trends_png
        made.append(("indicators", "indicator-trends", svg, png_, trends))
    for key, suffix, to_svg, to_png, data in made:
        name = f"{stem}-{suffix}.{'png' if png else 'svg'}"
        charts.links[key] = name
        if png:
            alt = draw.rag_by_agency_alt(data) if key == "rag" else draw.indicator_trends_alt(data)
            charts.images[name] = (to_png(data), alt)
        else:
            charts.files[name] = to_svg(data)
    return charts


def make_paper(
    records: Records,
    as_of: date,
    paper: str,
    *,
    at: str | None = None,
    since: str | None = None,
    agency: str | None = None,
    html: bool = False,
    output: Path | None = None,
    use_cache: bool = True,
    fmt: str = "md",
) -> Paper:
    """Build, render and (with ``output``) write one paper, atomically.

    ``fmt`` is md, html or docx (``html=True`` is the same as ``fmt="html"``);
    a docx paper needs ``output``, and is made from the same Markdown.
    """
    import re

    from lif_cli.render.paper_blocks import size_separators
    from lif_cli.render.report import render_html, render_template, write_atomic

    fmt = "html" if html else fmt
    notes: list[str] = []
    stamp = provenance_stamp(records, as_of, at, notes)
    changes, hint = _changes(records, paper, at, since, use_cache)
    if changes is not None:
        notes.extend(n for n in changes.notes if "shallow" in n)
    context = build_context(
        records, as_of, paper, stamp, changes=changes, changes_hint=hint, agency=agency
    )
    template = _docx_template(records) if fmt == "docx" else None
    charts = Charts()
    if output is not None or fmt == "html":
        stem = output.name.split(".")[0] if output is not None else paper
        charts = _charts(context, stem or paper, png=fmt == "docx")
        context["charts"] = charts.links
    text = render_template(f"{paper}.md.j2", context, records.root, use_cache=use_cache)
    text = re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
    if records.settings.personal_data == "off":
        text += (
            "\n> **The personal-data guard was off** when this paper was made "
            "(`personal_data: off` in lif.yaml): it was not checked for personal data.\n"
        )
    text = size_separators(text)
    title = f"{context['short_name']} {context['title']}, {as_of.isoformat()}"
    data: bytes | None = None
    if fmt == "html":
        text = render_html(text, title, charts.files, records.root)
    elif fmt == "docx":
        data = _docx(text, context, stamp, charts, template)
    result = Paper(text, notes=notes)
    if output is not None:
        try:
            if fmt == "md":
                for name, svg in charts.files.items():
                    write_atomic(output.parent / name, svg)
                    result.written.append(str(output.parent / name))
            write_atomic(output, data if data is not None else text)
        except OSError as exc:
            from lif_cli.errors import LifError

            raise LifError(
                f"cannot write {exc.filename or output}: {exc.strerror or exc}",
                hint="check the folder exists and you may write to it",
            ) from None
        result.written.append(str(output))
    return result


def _docx_template(records: Records) -> Path | None:
    """The house template named in lif.yaml, checked (refused if unsafe), or None."""
    setting = records.settings.reports
    if setting is None or not setting.docx_template:
        return None
    from lif_cli.render.docx_template import check_docx_template

    return check_docx_template(records.root, setting.docx_template)


def _docx(
    markdown: str, context: dict[str, Any], stamp: Stamp, charts: Charts, template: Path | None
) -> bytes:
    from lif_cli.render.docx_paper import DocxPaper, build_docx

    if stamp.commit:
        state = "uncommitted changes" if stamp.dirty else "clean"
        built = f"git commit {stamp.short} ({state})"
    else:
        built = "records not in git"
    footer = (
        f"{stamp.partnership} · as of {stamp.as_of.isoformat()} · built from {built} "
        f"by lif {stamp.lif_version}"
    )
    return build_docx(
        DocxPaper(
            markdown=markdown,
            title=f"{context['short_name']} {context['title']}",
            subject=f"{context['title']}, as of {stamp.as_of.isoformat()}",
            author=stamp.partnership,
            footer=footer,
            as_of=stamp.as_of,
            images=charts.images,
            template=template,
        )
    )
