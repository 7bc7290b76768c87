"""The composite action plan: every source's recommendations and the actions that answer them.

Pure: :func:`build_plan` takes the loaded records and the as-of date and reads
nothing else. It walks each source and each action plan once, so its cost is
linear in the records.

Definitions (documented for users in docs/plan-and-status.md):

* **Recommendation status**, from the actions that name it:
  ``gap`` no action, or every action cancelled; ``open`` at least one action
  not-started, in-progress or blocked; ``complete`` every action complete or
  cancelled and at least one complete; ``impact-evidenced`` complete, and at
  least one complete action records ``impact``.
* **Learning-cycle stage** of a source (the framework's cycle: review ->
  action plan -> implementation -> monitoring -> lessons learned), first rule
  that holds:

  1. ``None`` (no cycle): a review that was not progressed, or a concluded
     source that makes no recommendations and has no approved plan;
  2. ``review``: the source itself is not concluded (see :func:`is_concluded`)
     and has no approved plan;
  3. ``action-plan``: no approved plan yet (no plan file, a draft without
     ``approved``, or approval dated after the as-of date);
  4. ``implementation``: approved, and some recommendation is a gap or open;
  5. ``monitoring``: every recommendation complete, but at least one without
     impact evidence;
  6. ``lessons-learned``: impact evidenced for every recommendation.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from lif_cli.compute.rag import action_rag, days_overdue, is_open
from lif_cli.loader import Records
from lif_cli.models import Action, ActionPlan
from lif_cli.models.records import Update

RecommendationStatus = Literal["gap", "open", "complete", "impact-evidenced"]
Stage = Literal["review", "action-plan", "implementation", "monitoring", "lessons-learned"]

RECOMMENDATION_STATUSES: tuple[str, ...] = ("gap", "open", "complete", "impact-evidenced")
STAGES: tuple[str, ...] = (
    "review",
    "action-plan",
    "implementation",
    "monitoring",
    "lessons-learned",
)

# Source kinds and their singular nouns, for display.
_KIND_NOUNS = {
    "reviews": "review",
    "audits": "audit",
    "reports": "report",
    "assessments": "Section 11 self-assessment",
    "challenges": "peer challenge",
    "drilldowns": "drilldown",
    "scrutiny": "independent scrutiny",
    "national-reviews": "national review",
    "feedback": "feedback",
}


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One action of an action plan, with what is computed about it as of a date."""

    source: str
    action: Action
    rag: str | None
    days_overdue: int
    # lif extension: the outcomes it contributes to and the risks it mitigates
    serves: tuple[str, ...] = ()
    # The action's address, ``SOURCE/A-ID`` (made once: a board paper asks
    # for it 260,000 times at 10,000 records).
    id: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", f"{self.source}/{self.action.id}")

    @property
    def recommendation_ids(self) -> list[str]:
        """The addresses of the recommendations it answers, ``SOURCE/R-ID``."""
        return [f"{self.source}/{r}" for r in self.action.recommendation]

    @property
    def latest_update(self) -> Update | None:
        """The update with the latest date (the last written wins a tie)."""
        latest: Update | None = None
        for u in self.action.updates:
            if latest is None or u.date >= latest.date:
                latest = u
        return latest


@dataclass(frozen=True, slots=True)
class RecommendationRow:
    """One recommendation of a source and the actions that answer it.

    ``text`` is None when an action names a recommendation the source does not
    have (the records have an error; the actions are still shown).
    """

    source: str
    rec_id: str
    text: str | None
    to: tuple[str, ...]
    actions: tuple[ActionRow, ...]
    status: RecommendationStatus

    @property
    def id(self) -> str:
        """The recommendation's address, ``SOURCE/R-ID``."""
        return f"{self.source}/{self.rec_id}"

    @property
    def is_gap(self) -> bool:
        return self.status == "gap"


@dataclass(frozen=True, slots=True)
class SourcePlan:
    """A source record (review, audit, ...) with its recommendations and action plan.

    ``kind`` is the source's folder, or None when an action plan names a source
    that does not exist. ``plan_file`` is None when the source has no plan.
    """

    id: str
    kind: str | None
    title: str
    description: str  # what it is and how far it has got, e.g. "serious case review, published"
    concluded: bool
    not_progressed: bool
    plan_file: str | None
    approved_by: str | None
    approved_on: date | None
    approved: bool
    recommendations: tuple[RecommendationRow, ...]
    stage: Stage | None

    @property
    def noun(self) -> str:
        return _KIND_NOUNS.get(self.kind or "", "source")

    @property
    def has_plan(self) -> bool:
        return self.plan_file is not None


@dataclass(frozen=True)
class Plan:
    """The composite action plan as of a date, in source order."""

    as_of: date
    amber_days: int
    sources: tuple[SourcePlan, ...]
    # Gaps left out by a filter that selects actions (they have no action to match).
    hidden_gaps: int = 0
    filtered: bool = False  # made by filter_plan with at least one filter
    by_source: dict[str, SourcePlan] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_source", {s.id: s for s in self.sources})

    def recommendations(self) -> Iterator[RecommendationRow]:
        for s in self.sources:
            yield from s.recommendations

    def actions(self) -> list[ActionRow]:
        """Every action once, in source then plan order (an action answering two
        recommendations is listed once)."""
        seen: set[str] = set()
        out: list[ActionRow] = []
        for rec in self.recommendations():
            for row in rec.actions:
                if row.id not in seen:
                    seen.add(row.id)
                    out.append(row)
        return out

    def gaps(self) -> list[RecommendationRow]:
        return [r for r in self.recommendations() if r.is_gap]


# --- rules ---------------------------------------------------------------------------


def recommendation_status(actions: Iterable[Action]) -> RecommendationStatus:
    """The status of a recommendation from the actions that answer it."""
    live = [a for a in actions if a.status != "cancelled"]
    if not live:
        return "gap"
    if any(is_open(a) for a in live):
        return "open"
    # Every live action is complete.
    if any(a.impact for a in live):
        return "impact-evidenced"
    return "complete"


def is_concluded(kind: str, model: Any, as_of: date) -> bool:
    """Whether a source's own work is finished, so its learning can be acted on.

    reviews: report received, published or closed; audits: reported or closed;
    drilldowns: responded or closed; reports and assessments: presented on or
    before the as-of date; challenges: held on or before the as-of date;
    scrutiny: reported, and national reviews: adopted, on or before it.
    """
    if kind == "reviews":
        return model.status in ("report-received", "published", "closed")
    if kind == "audits":
        return model.status in ("reported", "closed")
    if kind == "drilldowns":
        return model.status in ("responded", "closed")
    if kind in ("reports", "assessments"):
        return model.presented is not None and model.presented <= as_of
    if kind == "challenges":
        return model.date <= as_of
    if kind == "scrutiny":
        return model.reported is not None and model.reported <= as_of
    if kind == "national-reviews":
        return model.adopted is not None and model.adopted <= as_of
    return True


def source_stage(
    *,
    concluded: bool,
    not_progressed: bool,
    approved: bool,
    statuses: list[RecommendationStatus],
) -> Stage | None:
    """The learning-cycle stage of a source (see the module docstring)."""
    if not_progressed and not approved:
        return None
    if not approved:
        if not concluded:
            return "review"
        return "action-plan" if statuses else None
    if not statuses or any(s in ("gap", "open") for s in statuses):
        return "implementation"
    if all(s == "impact-evidenced" for s in statuses):
        return "lessons-learned"
    return "monitoring"


def source_title(kind: str, model: Any, agency_name: Callable[[str], str | None]) -> str:
    """A short human title for a source; records without a title get one from their fields."""
    title = getattr(model, "title", None)
    if title:
        return title
    if kind == "assessments":
        return f"{agency_name(model.agency) or model.agency}, {model.year}"
    if kind == "challenges":
        return f"Peer challenge day, {_day(model.date)}"
    if kind == "drilldowns":
        return f"Drilldown raised {_day(model.raised)}"
    return model.id


def source_description(kind: str, model: Any, as_of: date) -> str:
    """What a source is, and its own status, in words."""
    if kind == "reviews":
        return f"{model.type.replace('-', ' ')}, {model.status}"
    if kind == "audits":
        return f"{model.type} audit, {model.status}"
    if kind == "drilldowns":
        return f"drilldown, {model.status}"
    noun = _KIND_NOUNS[kind]
    if kind == "scrutiny":
        done = model.reported is not None and model.reported <= as_of
        return f"{noun}, " + (f"reported {_day(model.reported)}" if done else "not yet reported")
    if kind == "national-reviews":
        done = model.adopted is not None and model.adopted <= as_of
        return f"{noun}, " + (f"adopted {_day(model.adopted)}" if done else "not yet adopted")
    if kind in ("reports", "assessments"):
        if model.presented is not None and model.presented <= as_of:
            return f"{noun}, presented {_day(model.presented)}"
        return f"{noun}, not yet presented"
    return noun


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _is_approved(plan: ActionPlan | None, as_of: date) -> bool:
    if plan is None or plan.approved is None:
        return False
    return plan.approved.date is None or plan.approved.date <= as_of


# --- building ------------------------------------------------------------------------


@contextmanager
def few_collections() -> Iterator[None]:
    """Run a bulk roll-up without the collector rescanning every loaded record.

    The roll-up allocates tens of thousands of small objects that all survive;
    at the default thresholds each full collection walks the whole loaded
    repository again, which tripled the time of a 10,000-record plan.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), 50, 50)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def build_plan(records: Records, as_of: date) -> Plan:
    """The composite action plan of every source, as of a date."""
    with few_collections():
        return _build_plan(records, as_of)


def _build_plan(records: Records, as_of: date) -> Plan:
    from lif_cli.compute.framework import action_links

    amber = records.settings.amber_days
    links = action_links(records)
    sources: list[SourcePlan] = []
    seen: set[str] = set()
    for rf in records.sources():
        model = rf.model
        plan_rf = records.plans.get(model.id)
        seen.add(model.id)
        sources.append(
            _source_plan(
                rf.kind,
                model,
                plan_rf.model if plan_rf else None,
                plan_rf,
                records,
                as_of,
                amber,
                links=links,
            )
        )
    # Plans whose source is missing (or could not be read): still shown.
    for source_id, plan_rf in records.plans.items():
        if source_id not in seen:
            sources.append(
                _source_plan(
                    None, None, plan_rf.model, plan_rf, records, as_of, amber, source_id, links
                )
            )
    return Plan(as_of=as_of, amber_days=amber, sources=tuple(sources))


def _source_plan(
    kind: str | None,
    model: Any,
    plan: ActionPlan | None,
    plan_rf: Any,
    records: Records,
    as_of: date,
    amber: int,
    source_id: str | None = None,
    links: dict[str, tuple[str, ...]] | None = None,
) -> SourcePlan:
    sid = model.id if model is not None else source_id
    assert sid is not None
    links = links or {}
    rows = [
        ActionRow(
            sid,
            a,
            action_rag(a, as_of, amber),
            days_overdue(a, as_of),
            links.get(f"{sid}/{a.id}", ()),
        )
        for a in (plan.actions if plan else ())
    ]
    by_rec: dict[str, list[ActionRow]] = {}
    for row in rows:
        # An action naming no recommendation (an error) is kept under "".
        for rid in row.action.recommendation or [""]:
            by_rec.setdefault(rid, []).append(row)

    recs: list[RecommendationRow] = []
    for rec in getattr(model, "recommendations", ()) if model is not None else ():
        answering = by_rec.pop(rec.id, [])
        recs.append(
            RecommendationRow(
                sid,
                rec.id,
                rec.text,
                tuple(rec.to),
                tuple(answering),
                recommendation_status(r.action for r in answering),
            )
        )
    # Actions naming a recommendation the source does not have, or none.
    for rid, answering in by_rec.items():
        recs.append(
            RecommendationRow(
                sid,
                rid,
                None,
                (),
                tuple(answering),
                recommendation_status(r.action for r in answering),
            )
        )

    approved = _is_approved(plan, as_of)
    not_progressed = kind == "reviews" and model.status == "not-progressed"
    concluded = model is not None and is_concluded(kind or "", model, as_of)
    stage = source_stage(
        concluded=concluded,
        not_progressed=not_progressed,
        approved=approved,
        statuses=[r.status for r in recs],
    )
    if model is not None:
        title = source_title(kind or "", model, records.who)
        description = source_description(kind or "", model, as_of)
    else:
        title = "(no such source record)"
        description = "the action plan names a source that is not in the records"
    approval = plan.approved if plan is not None else None
    return SourcePlan(
        id=sid,
        kind=kind,
        title=title,
        description=description,
        concluded=concluded,
        not_progressed=not_progressed,
        plan_file=plan_rf.file if plan_rf is not None else None,
        approved_by=approval.by if approval else None,
        approved_on=approval.date if approval else None,
        approved=approved,
        recommendations=tuple(recs),
        stage=stage,
    )


# --- filtering -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFilter:
    """What `lif plan` shows. Empty tuples mean "no filter"; filters combine with AND,
    values within one filter with OR.

    ``agency`` selects actions led by the agency and, among gaps, recommendations
    addressed to it. ``to`` selects recommendations addressed to an agency or group.
    ``statuses``, ``rags`` and ``overdue`` select actions; gaps have no action, so
    under them gaps are counted in ``Plan.hidden_gaps`` rather than listed.
    """

    agencies: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    rags: tuple[str, ...] = ()
    overdue: bool = False
    to: tuple[str, ...] = ()

    @property
    def selects_actions(self) -> bool:
        return bool(self.statuses or self.rags or self.overdue)

    def action_matches(self, row: ActionRow) -> bool:
        a = row.action
        if self.agencies and a.agency not in self.agencies:
            return False
        if self.statuses and a.status not in self.statuses:
            return False
        if self.rags and row.rag not in self.rags:
            return False
        return not (self.overdue and row.days_overdue <= 0)

    def recommendation_matches(self, rec: RecommendationRow) -> bool:
        return not self.to or any(t in self.to for t in rec.to)


def filter_plan(plan: Plan, f: PlanFilter) -> Plan:
    """The part of ``plan`` that ``f`` selects. A recommendation stays when one of its
    actions matches, or when it is a gap that the filter can apply to."""
    if f == PlanFilter():
        return plan
    sources: list[SourcePlan] = []
    hidden = 0
    wanted_sources = {s.lower() for s in f.sources}
    for s in plan.sources:
        if wanted_sources and s.id.lower() not in wanted_sources:
            continue
        recs: list[RecommendationRow] = []
        for rec in s.recommendations:
            if not f.recommendation_matches(rec):
                continue
            kept = tuple(r for r in rec.actions if f.action_matches(r))
            if rec.is_gap:
                if f.agencies and not any(t in f.agencies for t in rec.to):
                    continue
                if f.selects_actions and not kept:
                    # Nothing to match: counted, so the renderers can say so.
                    hidden += 1
                    continue
                recs.append(replace(rec, actions=kept))
                continue
            if kept:
                recs.append(replace(rec, actions=kept))
        if recs:
            sources.append(replace(s, recommendations=tuple(recs)))
    return Plan(plan.as_of, plan.amber_days, tuple(sources), hidden_gaps=hidden, filtered=True)
