"""Checks of the rest of the framework: outcomes, learning events, feedback, risks,
evidence requests, and the fields lif adds to reviews and audits for them.

References resolve like every other reference (exact match, "did you mean" on
a near miss); rules that compare figures or dates are warnings or errors as
for the FORMAT.md kinds they resemble.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from lif_cli.errors import KEY, Problem, Severity
from lif_cli.loader import RecordFile, Records
from lif_cli.model_errors import did_you_mean

from .references import P, Resolver, _hint, problem
from .rules import evaluation_problems

W = Severity.WARNING


def _check_action(r: Resolver, rf: RecordFile, path: P, ref: str) -> Iterator[Problem]:
    """``ref`` must be an action's address, SOURCE/A-ID."""
    source_id, _, local = ref.partition("/")
    plan = r.records.plans.get(source_id)
    actions = {a.id for a in plan.model.actions} if plan is not None else set()
    if local and local in actions:
        return
    addresses = [f"{sid}/{a.id}" for sid, prf in r.records.plans.items() for a in prf.model.actions]
    if not local:
        hint = "name an action as SOURCE/A-ID, e.g. SCR-2016-01/A1"
    elif plan is None:
        hint = _hint(ref, addresses, f"actions/{source_id}.yaml")
    else:
        guess = did_you_mean(local, actions)
        listed = ", ".join(sorted(actions)[:10]) + (", ..." if len(actions) > 10 else "")
        hint = (
            f"did you mean '{source_id}/{guess}'?"
            if guess
            else f"actions/{source_id}.yaml has {listed}"
        )
    yield problem(rf, path, "unknown-action", f"'{ref}' is not an action in any action plan", hint)


def _check_record(r: Resolver, rf: RecordFile, path: P, ref: str | None) -> Iterator[Problem]:
    if ref is not None and ref not in r.records.by_id:
        yield problem(
            rf,
            path,
            "unknown-record",
            f"'{ref}' is not a record id in this repository",
            _hint(ref, r.records.by_id, "the repository"),
        )


def _valid(records: Records, kind: str) -> Iterator[tuple[RecordFile, Any]]:
    """(file, model) of each record of ``kind`` that loaded."""
    for rf in records.by_kind[kind]:
        if rf.model is not None:
            yield rf, rf.model


def check_framework_references(records: Records, as_of: object = None) -> Iterator[Problem]:
    """Every reference in the framework kinds, and in the fields lif adds for them."""
    r = Resolver(records)
    for kind in ("outcomes", "risks"):
        for rf, m in _valid(records, kind):
            yield from r.check_who(rf, ("owner",), m.owner)
            for j, ref in enumerate(m.actions):
                yield from _check_action(r, rf, ("actions", j), ref)
    for rf, m in _valid(records, "outcomes"):
        for i, measure in enumerate(m.measures):
            if measure.indicator is not None:
                yield from r.check_indicator(rf, ("measures", i, "indicator"), measure.indicator)
    for rf, m in _valid(records, "learning-events"):
        yield from r.check_who(rf, ("delivered_by",), m.delivered_by)
        for j, ref in enumerate(m.sources):
            yield from _check_record(r, rf, ("sources", j), ref)
        for agency in m.attendance:
            yield from r.check_agency(rf, ("attendance", agency, KEY), agency)
    for rf, m in _valid(records, "feedback"):
        yield from r.check_who(rf, ("to",), m.to)
        for j, a in enumerate(m.agencies):
            yield from r.check_agency(rf, ("agencies", j), a)
    for rf, m in _valid(records, "evidence-requests"):
        yield from r.check_agency(rf, ("to",), m.to)
        yield from r.check_who(rf, ("requested_by",), m.requested_by)
        if m.answered is not None:
            yield from _check_record(r, rf, ("answered", "record"), m.answered.record)
    for rf, m in _valid(records, "reviews"):
        for i, c in enumerate(m.cascade):
            yield from r.check_agency(rf, ("cascade", i, "agency"), c.agency)
    for rf, m in _valid(records, "audits"):
        if m.practitioners is not None:
            for j, a in enumerate(m.practitioners.agencies):
                yield from r.check_agency(rf, ("practitioners", "agencies", j), a)
        if m.trigger_decision is not None:
            yield from r.check_who(rf, ("trigger_decision", "by"), m.trigger_decision.by)


def _before(rf: RecordFile, path: P, what: str, value: date, other: str, when: date, hint: str):
    return problem(rf, path, "date-order", f"{what} ({value}) is before {other} ({when})", hint)


def check_framework_rules(records: Records, as_of: date) -> Iterator[Problem]:
    """Figures that must add up and dates that must run in order."""
    for rf, m in _valid(records, "learning-events"):
        attended = sum(m.attendance.values())
        if m.places is not None and attended > m.places:
            yield problem(
                rf,
                ("attendance",),
                "training-counts",
                f"attendance adds up to {attended}, more than the {m.places} places",
                "check the figures",
                W,
            )
        yield from evaluation_problems(rf, m.evaluations, attended if m.attendance else None)
    for rf, m in _valid(records, "feedback"):
        for i, t in enumerate(m.themes):
            if t.count is not None and m.respondents is not None and t.count > m.respondents:
                yield problem(
                    rf,
                    ("themes", i, "count"),
                    "training-counts",
                    f"{t.count} respondents raised this theme, more than the "
                    f"{m.respondents} who responded",
                    "check the figures",
                    W,
                )
        d = m.dates
        if d.collected and d.presented and d.presented < d.collected:
            yield _before(
                rf,
                ("dates", "presented"),
                "presented",
                d.presented,
                "collected",
                d.collected,
                "feedback is collected, then presented",
            )
    for rf in records.by_kind["risks"]:
        m = rf.model
        if m is not None and m.reviewed and m.next_review and m.next_review < m.reviewed:
            yield _before(
                rf,
                ("next_review",),
                "next_review",
                m.next_review,
                "reviewed",
                m.reviewed,
                "the next review comes after the last one",
            )
    for rf, m in _valid(records, "evidence-requests"):
        hint = "a request is made, then due, chased and answered"
        if m.due < m.requested:
            yield _before(rf, ("due",), "due", m.due, "requested", m.requested, hint)
        for i, day in enumerate(m.chased):
            if day < m.requested:
                yield _before(rf, ("chased", i), "chased", day, "requested", m.requested, hint)
        if m.answered is not None and m.answered.date < m.requested:
            yield _before(
                rf,
                ("answered", "date"),
                "answered",
                m.answered.date,
                "requested",
                m.requested,
                hint,
            )
