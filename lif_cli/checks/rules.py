"""Layer 3: rules that need more than one field, or the as-of date.

Each rule is a function ``(records, as_of) -> Iterable[Problem]``. Statutory
rules follow each case's own framework: derived from its dates and lif.yaml's
``transitions:``, capped at the repository's ``framework:``, or the record's
own ``framework:`` (see ``frameworks``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any

from lif_cli import statutory
from lif_cli.compute.rag import action_rag
from lif_cli.errors import Problem, Severity
from lif_cli.frameworks import lead_reviewer_problem, settings_framework
from lif_cli.loader import RecordFile, Records
from lif_cli.models.records import REVIEW_DATE_ORDER, SINGLE_AGENCY_AREAS
from lif_cli.working_days import working_days_between

from .references import problem

W = Severity.WARNING


def check_review_dates(records: Records, as_of: date) -> Iterator[Problem]:
    """Lifecycle dates in order; a missed statutory timescale is a warning."""
    s = records.settings
    for rf in records.by_kind["reviews"]:
        m = rf.model
        if m is None:
            continue
        d = m.dates
        if d.aware and d.notified and d.notified < d.aware:
            yield problem(
                rf,
                ("dates", "notified"),
                "date-order",
                f"notified ({d.notified}) is before aware ({d.aware})",
                "a notification follows awareness of the incident; check both dates",
            )
        previous: tuple[str, date] | None = None
        for name in REVIEW_DATE_ORDER:
            value = getattr(d, name)
            if value is None:
                continue
            if previous and value < previous[1]:
                yield problem(
                    rf,
                    ("dates", name),
                    "date-order",
                    f"{name} ({value}) is before {previous[0]} ({previous[1]})",
                    "the stages run referred, decided, started, report_received, published",
                )
            previous = (name, value)
        if m.cdop is not None and m.type != "child-death-review":
            yield problem(
                rf,
                ("cdop",),
                "cdop-not-child-death",
                f"a CDOP category is recorded on a {m.type}",
                "CDOP categories belong to child-death-review records only",
            )
        dates = d.model_dump()
        framework = settings_framework(s, m, dates)
        independence = lead_reviewer_problem(m.type, m.independent)
        if independence:
            yield problem(
                rf,
                ("independent",),
                "lead-reviewer-not-independent",
                independence,
                "a serious case review is led by a reviewer independent of the board and "
                "of the agencies involved (see STATUTORY.md)",
                W,
            )
        criteria = m.criteria.model_dump(exclude_none=True) if m.criteria else {}
        for message in statutory.criteria_problems(m.type, criteria, framework):
            if message == statutory.CRITERIA_NOT_RECORDED and m.status == "referred":
                continue  # the criteria are recorded with the decision, not the referral
            yield problem(
                rf,
                ("criteria",) if m.criteria else ("type",),
                "review-criteria",
                message,
                f"check the review's type and criteria against the statutory test for "
                f"{framework} (this case's framework: see STATUTORY.md)",
                W,
            )
        for result in statutory.timescale_status(m.type, dates, framework, s.holidays, as_of):
            t = result.timescale
            if result.state == "missed":
                late = working_days_between(result.deadline, result.met_on, s.holidays)
                yield problem(
                    rf,
                    ("dates", t.end),
                    "timescale-missed",
                    f"{t.title}: met on {result.met_on}, {late} working day(s) after the "
                    f"deadline {result.deadline}",
                    f"statutory timescale ({t.source}); record the reason in the review",
                    W,
                )
            elif result.state == "overdue" and m.status not in ("not-progressed", "closed"):
                yield problem(
                    rf,
                    ("dates", t.start),
                    "timescale-missed",
                    f"{t.title}: the deadline {result.deadline} has passed and no "
                    f"'{t.end}' date is recorded",
                    f"statutory timescale ({t.source}); record the date once it is done",
                    W,
                )


def check_audits(records: Records, as_of: date) -> Iterator[Problem]:
    for rf in records.by_kind["audits"]:
        m = rf.model
        if m is None:
            continue
        if m.type == "single-agency" and m.area is not None and m.area not in SINGLE_AGENCY_AREAS:
            yield problem(
                rf,
                ("area",),
                "invalid-value",
                f"area '{m.area}' is not a single-agency audit area",
                "use one of: " + ", ".join(SINGLE_AGENCY_AREAS),
            )
        d = m.dates
        order = [(n, getattr(d, n)) for n in ("planned", "started", "presented")]
        order = [(n, v) for n, v in order if v is not None]
        for (n1, v1), (n2, v2) in itertools.pairwise(order):
            if v2 < v1:
                yield problem(
                    rf,
                    ("dates", n2),
                    "date-order",
                    f"{n2} ({v2}) is before {n1} ({v1})",
                    "an audit is planned, then started, then presented",
                )


def check_actions(records: Records, as_of: date) -> Iterator[Problem]:
    """Completion needs a date and evidence; an owner's RAG must agree."""
    amber = records.settings.amber_days
    for rf in records.by_kind["actions"]:
        plan = rf.model
        if plan is None:
            continue
        for i, a in enumerate(plan.actions):
            base = ("actions", i)
            if a.status == "complete":
                if a.completed is None:
                    yield problem(
                        rf,
                        (*base, "status"),
                        "complete-without-date",
                        f"action {a.id} is complete but has no 'completed' date",
                        "add completed: YYYY-MM-DD",
                    )
                if not a.evidence:
                    yield problem(
                        rf,
                        (*base, "status"),
                        "complete-without-evidence",
                        f"action {a.id} is complete but has no 'evidence'",
                        "add evidence: what shows it was done",
                    )
            elif a.completed is not None and a.status != "cancelled":
                yield problem(
                    rf,
                    (*base, "completed"),
                    "completed-but-open",
                    f"action {a.id} has a completed date but its status is {a.status}",
                    "set status: complete, or remove the completed date",
                    W,
                )
            if a.completed is not None and a.completed > as_of:
                yield problem(
                    rf,
                    (*base, "completed"),
                    "date-in-future",
                    f"action {a.id} is completed on {a.completed}, after the as-of date {as_of}",
                    "check the date",
                    W,
                )
            if a.rag is not None:
                computed = action_rag(a, as_of, amber)
                if computed != a.rag:
                    yield problem(
                        rf,
                        (*base, "rag"),
                        "rag-mismatch",
                        f"action {a.id} is rated {a.rag} by its owner but is "
                        f"{computed or 'unrated (cancelled)'} as of {as_of}",
                        "update the rating, or remove 'rag' and let lif compute it",
                        W,
                    )
        source = records.by_id.get(plan.source)
        if (
            plan.approved is not None
            and source is not None
            and hasattr(source.model, "recommendations")
        ):
            covered = {rid for a in plan.actions for rid in a.recommendation}
            for j, rec in enumerate(source.model.recommendations):
                if rec.id not in covered:
                    yield problem(
                        source,
                        ("recommendations", j, "id"),
                        "recommendation-without-action",
                        f"recommendation {plan.source}/{rec.id} has no action, but the "
                        "action plan is approved",
                        f"add an action for {rec.id} to {rf.file}",
                        W,
                    )


def check_training(records: Records, as_of: date) -> Iterator[Problem]:
    for rf in records.by_kind["training"]:
        m = rf.model
        if m is None:
            continue
        if m.places is not None and m.attended is not None and m.attended > m.places:
            yield problem(
                rf,
                ("attended",),
                "training-counts",
                f"attended ({m.attended}) is more than places ({m.places})",
                "check the figures",
                W,
            )
        yield from evaluation_problems(rf, m.evaluations, m.attended)


def evaluation_problems(rf: RecordFile, e: Any, attended: int | None) -> Iterator[Problem]:
    """Ratings that do not add up to the responses, or more responses than attendees
    (training, and learning events)."""
    if e is None:
        return
    parts = [e.excellent, e.good, e.satisfactory, e.poor]
    if e.responses is not None and all(p is not None for p in parts):
        total = sum(parts)
        if total != e.responses:
            yield problem(
                rf,
                ("evaluations", "responses"),
                "training-counts",
                f"the ratings add up to {total}, not the {e.responses} responses",
                "check the figures",
                W,
            )
    if e.responses is not None and attended is not None and e.responses > attended:
        yield problem(
            rf,
            ("evaluations", "responses"),
            "training-counts",
            f"responses ({e.responses}) are more than attended ({attended})",
            "check the figures",
            W,
        )


def check_calendar_entries(records: Records, as_of: date) -> Iterator[Problem]:
    for rf in records.by_kind["calendar"]:
        if rf.model is None:
            continue
        for i, e in enumerate(rf.model.entries):
            if e.every_years > 1 and e.start_year is None:
                yield problem(
                    rf,
                    ("entries", i, "every_years"),
                    "missing-field",
                    f"calendar entry {e.id} is due every {e.every_years} years but has no "
                    "start_year",
                    "add start_year: the first year it is due",
                )
            if len(set(e.months)) != len(e.months):
                yield problem(
                    rf,
                    ("entries", i, "months"),
                    "invalid-value",
                    f"calendar entry {e.id} lists a month twice",
                    "list each month once",
                )


def _period_form(period: str) -> str:
    if len(period) == 4:
        return "year (YYYY)"
    return "quarter (YYYY-Qn)" if "Q" in period else "month (YYYY-MM)"


def check_indicators(records: Records, as_of: date) -> Iterator[Problem]:
    for rf in records.by_kind["indicators"]:
        m = rf.model
        if m is None:
            continue
        forms: dict[str, int] = {}
        seen: dict[str, int] = {}
        for i, v in enumerate(m.values):
            form = _period_form(v.period)
            first_form = next(iter(forms), None)
            if first_form is not None and form != first_form:
                yield problem(
                    rf,
                    ("values", i, "period"),
                    "mixed-periods",
                    f"period {v.period} is a {form}, but this indicator's first period is "
                    f"a {first_form}",
                    "use one form of period for all values of an indicator",
                )
            forms.setdefault(form, i)
            if v.period in seen:
                yield problem(
                    rf,
                    ("values", i, "period"),
                    "duplicate-period",
                    f"period {v.period} has two values (first at values[{seen[v.period]}])",
                    "keep one value per period",
                )
            seen.setdefault(v.period, i)
        if m.level == "priority" and not m.priority:
            yield problem(
                rf,
                ("level",),
                "missing-field",
                "a priority indicator names the board priority it serves",
                "add priority: e.g. neglect",
                W,
            )


def check_drilldowns(records: Records, as_of: date) -> Iterator[Problem]:
    for rf in records.by_kind["drilldowns"]:
        m = rf.model
        if m is None:
            continue
        for i, q in enumerate(m.questions):
            if q.responded is not None and not q.response:
                yield problem(
                    rf,
                    ("questions", i, "responded"),
                    "missing-field",
                    f"question {q.id} has a responded date but no response",
                    "add response: a summary of the answer",
                    W,
                )
            if q.responded is not None and q.responded < m.raised:
                yield problem(
                    rf,
                    ("questions", i, "responded"),
                    "date-order",
                    f"question {q.id} was answered ({q.responded}) before the drilldown "
                    f"was raised ({m.raised})",
                    "check the dates",
                )


def check_settings(records: Records, as_of: date) -> Iterator[Problem]:
    for rf in records.by_kind["lif"]:
        if rf.model is None:
            continue
        seen: dict[str, list[object]] = {}
        for i, s in enumerate(rf.model.s11_standards):
            # The same id may come back for other years, never for overlapping ones.
            if any(_years_overlap(s, other) for other in seen.get(s.id, [])):
                yield problem(
                    rf,
                    ("s11_standards", i, "id"),
                    "duplicate-local-id",
                    f"the standard '{s.id}' is listed twice for the same years",
                    "list each standard once, or give each listing its from_year/to_year",
                )
            seen.setdefault(s.id, []).append(s)
            if s.from_year is not None and s.to_year is not None and s.to_year < s.from_year:
                yield problem(
                    rf,
                    ("s11_standards", i, "to_year"),
                    "date-order",
                    f"the standard '{s.id}' applies to {s.to_year}, before its from_year "
                    f"{s.from_year}",
                    "check the years",
                )


def _years_overlap(a: object, b: object) -> bool:
    low = max(getattr(a, "from_year", None) or 0, getattr(b, "from_year", None) or 0)
    high = min(getattr(a, "to_year", None) or 9999, getattr(b, "to_year", None) or 9999)
    return low <= high
