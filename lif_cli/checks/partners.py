"""Checks for today's arrangements: lif.yaml `arrangements:`, incidents, scrutiny, national reviews.

References are checked as elsewhere (``Resolver``); the statutory rules come
from :mod:`lif_cli.frameworks`, each case under its own framework.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from lif_cli.errors import Problem, Severity
from lif_cli.frameworks import INCIDENT_BEGUN, required_notified, settings_framework
from lif_cli.loader import Records
from lif_cli.models.arrangements import INCIDENT_DATE_ORDER

from .references import Resolver, _hint, problem

W = Severity.WARNING
_ROLES = ("local-authority", "integrated-care-board", "police")
_BODIES = {
    "panel": "the Panel",
    "ofsted": "Ofsted",
    "secretary-of-state": "the Secretary of State",
    "dfe": "the DfE",
    "lscb": "the LSCB",
}


def check_arrangements(records: Records, as_of: date) -> Iterator[Problem]:
    """lif.yaml `arrangements:`: agencies exist, three lead partners, review date not passed."""
    for rf in records.by_kind["lif"]:
        if rf.model is None or rf.model.arrangements is None:
            continue
        r = Resolver(records)
        a = rf.model.arrangements
        base = ("arrangements",)
        roles: dict[str, int] = {}
        for i, p in enumerate(a.lead_partners):
            yield from r.check_agency(rf, (*base, "lead_partners", i, "agency"), p.agency)
            if p.role in roles:
                yield problem(
                    rf,
                    (*base, "lead_partners", i, "role"),
                    "arrangements-partners",
                    f"the {p.role} lead partner is listed twice",
                    "list each of the three safeguarding partners once",
                    W,
                )
            roles.setdefault(p.role, i)
        missing = [x for x in _ROLES if x not in roles]
        if a.lead_partners and missing:
            yield problem(
                rf,
                (*base, "lead_partners"),
                "arrangements-partners",
                "the arrangements do not name the " + ", ".join(missing) + " lead partner",
                "the safeguarding partners are the local authority, the integrated care "
                "board and the chief officer of police (Children Act 2004 s16E)",
                W,
            )
        for i, x in enumerate(a.relevant_agencies):
            yield from r.check_agency(rf, (*base, "relevant_agencies", i), x)
        doc = a.document
        if doc is not None and doc.review_by is not None and doc.review_by < as_of:
            yield problem(
                rf,
                (*base, "document", "review_by"),
                "arrangements-review-due",
                f"the published arrangements were due for review by {doc.review_by}",
                "review and republish the arrangements, then update published and review_by",
                W,
            )


def check_incidents(records: Records, as_of: date) -> Iterator[Problem]:
    """Dates in order, who was notified, the linked review, timescales of the Panel's process."""
    from lif_cli.compute.partners import incident_states

    states = {s.id: s for s in incident_states(records, as_of)}
    for rf in records.by_kind["incidents"]:
        m = rf.model
        if m is None:
            continue
        previous: tuple[str, date] | None = None
        for name in INCIDENT_DATE_ORDER:
            value = getattr(m.dates, name)
            if value is None:
                continue
            if previous and value < previous[1]:
                yield problem(
                    rf,
                    ("dates", name),
                    "date-order",
                    f"{name} ({value}) is before {previous[0]} ({previous[1]})",
                    "the steps run " + ", ".join(INCIDENT_DATE_ORDER),
                )
            previous = (name, value)
        fw = settings_framework(records.settings, m, m.dates.model_dump(), INCIDENT_BEGUN)
        if m.dates.notified is not None:
            for group in required_notified(fw, m.looked_after):
                if not set(group) & set(m.notified_to):
                    who = " or ".join(_BODIES.get(g, g) for g in group)
                    lac = " (the child was looked after)" if m.looked_after else ""
                    yield problem(
                        rf,
                        ("notified_to",) if m.notified_to else ("dates", "notified"),
                        "incident-notification",
                        f"under {fw} the notification also goes to {who}{lac}, which "
                        "notified_to does not list",
                        f"add {group[0]} to notified_to once notified (see STATUTORY.md, "
                        "serious incidents)",
                        W,
                    )
        if m.review is not None:
            target = records.by_id.get(m.review)
            if target is None or target.kind != "reviews":
                yield problem(
                    rf,
                    ("review",),
                    "unknown-record",
                    f"'{m.review}' is not a review in reviews/",
                    _hint(
                        m.review,
                        [x.model.id for x in records.by_kind["reviews"] if x.model],
                        "reviews/",
                    ),
                )
            elif target.model is not None and target.model.type != (
                "child-safeguarding-practice-review"
            ):
                yield problem(
                    rf,
                    ("review",),
                    "incident-review",
                    f"'{m.review}' is a {target.model.type}, not a child safeguarding "
                    "practice review",
                    "link the local child safeguarding practice review commissioned",
                    W,
                )
        state = states.get(m.id)
        if state is None or m.closed:
            continue
        for res in state.late:
            step = res.step
            if res.state == "missed":
                detail = f"done on {res.done_on}, after the deadline {res.deadline}"
            else:
                detail = f"the deadline {res.deadline} has passed and no date is recorded"
            yield problem(
                rf,
                ("dates", step.field) if res.done_on else ("dates",),
                "timescale-missed",
                f"{step.title}: {detail}",
                f"statutory timescale ({step.source}); record the date and the reason",
                W,
            )


def check_partner_sources(records: Records, as_of: date) -> Iterator[Problem]:
    """Scrutiny reports to a group; national reviews are adopted by one."""
    if not records.by_kind["scrutiny"] and not records.by_kind["national-reviews"]:
        return
    r = Resolver(records)
    for rf in records.by_kind["scrutiny"]:
        m = rf.model
        if m is None:
            continue
        yield from r.check_who(rf, ("to",), m.to)
        if m.started and m.reported and m.reported < m.started:
            yield problem(
                rf,
                ("reported",),
                "date-order",
                f"reported ({m.reported}) is before started ({m.started})",
                "check the dates",
            )
    for rf in records.by_kind["national-reviews"]:
        m = rf.model
        if m is None:
            continue
        yield from r.check_who(rf, ("by",), m.by)
        if m.adopted and m.adopted < m.published:
            yield problem(
                rf,
                ("adopted",),
                "date-order",
                f"adopted ({m.adopted}) is before the review was published ({m.published})",
                "check the dates",
            )
