"""The site's views of the record kinds that are not sources: serious incidents, outcomes,
risks, learning events and evidence requests, and what ties every record to the others.

Each view pairs a record with its state as of the date, taken from the same
compute functions as `lif status` and the papers (the paper context's
``incidents`` rows and ``framework`` view), never recomputed here. Sources
(scrutiny, national reviews and feedback among them) have their views in
:mod:`lif_cli.site.build`.
"""

from __future__ import annotations

from typing import Any

from lif_cli.loader import Records

# Page names of the index pages of these kinds, and their titles in the navigation.
INDEX_PAGES = {
    "incidents": ("incidents.html", "Incidents"),
    "outcomes": ("outcomes.html", "Outcomes"),
    "risks": ("risks.html", "Risks"),
    "learning-events": ("learning.html", "Learning"),
    "evidence-requests": ("evidence.html", "Evidence requests"),
}
# An outcome's evidence, in words (the screen shouts them; a page need not).
EVIDENCE_WORDS = {"evidenced": "Evidenced", "partial": "Partial", "none": "No evidence"}
# What a record is to the record it names, as a record page lists it ("Named by").
RELATION_WORDS = {
    "incident": "serious incident that led to it",
    "event": "learning event spreading its learning",
    "request": "evidence request it answers",
    "outcome": "outcome it contributes to",
    "risk": "risk it mitigates",
}


def _view(records: Records, ident: str, state: Any) -> dict[str, Any]:
    rf = records.by_id.get(ident)
    return {
        "id": ident,
        "model": rf.model if rf is not None else None,
        "file": rf.file if rf is not None else None,
        "state": state,
    }


def kind_views(records: Records, ctx: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """{kind: [view]} for each kind with a page per record, in the order status lists them."""
    fw = ctx["framework"]
    return {
        "incidents": [_view(records, row["id"], row) for row in ctx["incidents"]],
        "outcomes": [_view(records, s.id, s) for s in fw.outcomes],
        "risks": [_view(records, r.id, r) for r in fw.risks],
        "learning-events": [_view(records, e.id, e) for e in fw.events],
        "evidence-requests": [_view(records, s.id, s) for s in fw.requests],
    }


def related(views: dict[str, list[dict[str, Any]]]) -> dict[str, list[tuple[str, str]]]:
    """record id or action address -> [(relation, id)] of the records that name it: the
    incident that led to a review, the events spreading a source's learning, the request
    a record answers, the outcomes an action serves and the risks it mitigates."""
    out: dict[str, list[tuple[str, str]]] = {}

    def add(target: str | None, relation: str, ident: str) -> None:
        if target:
            out.setdefault(target, []).append((relation, ident))

    for v in views["incidents"]:
        add(v["model"].review if v["model"] is not None else None, "incident", v["id"])
    for v in views["learning-events"]:
        for source in v["state"].event.sources:
            add(source, "event", v["id"])
    for v in views["evidence-requests"]:
        answered = v["state"].request.answered
        add(answered.record if answered is not None else None, "request", v["id"])
    for kind, relation in (("outcomes", "outcome"), ("risks", "risk")):
        for v in views[kind]:
            for address in v["model"].actions:
                add(address, relation, v["id"])
    return out


def agency_parts(agency: str, views: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """What an agency's page adds from these kinds: the evidence requests made to it, the
    risks and outcomes it owns, and the learning events it attended."""
    return {
        "requests": [v for v in views["evidence-requests"] if v["state"].request.to == agency],
        "risks": [v for v in views["risks"] if v["model"].owner == agency],
        "outcomes": [v for v in views["outcomes"] if v["model"].owner == agency],
        "events": [
            (v, v["state"].event.attendance[agency])
            for v in views["learning-events"]
            if agency in v["state"].event.attendance
        ],
    }


def index_nav(views: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    """The navigation entries of the kinds that have records (a kind with none has no page)."""
    return [INDEX_PAGES[kind] for kind, rows in views.items() if rows]
