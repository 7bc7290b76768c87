"""``lif new``: the next free id and a record skeleton that validates clean."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from lif_cli import yamledit
from lif_cli.authoring import new_framework, new_partners
from lif_cli.authoring.transaction import FileChange
from lif_cli.errors import UsageError
from lif_cli.loader import Records
from lif_cli.model_errors import did_you_mean
from lif_cli.models import KIND_MODELS, KIND_NOUNS, SOURCE_KINDS, source_nouns

KIND_ALIASES = {
    **{noun.replace(" ", "-"): kind for kind, noun in KIND_NOUNS.items()},
    **{kind: kind for kind in KIND_NOUNS},
    "plan": "actions",
    "action-plan": "actions",
    "actions": "actions",
}
_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<year>(?:19|20)\d{2})(?P<sep>[-_.])(?P<num>\d+)$")
_YEARLY = re.compile(r"^(?P<prefix>.*?)(?P<year>(?:19|20)\d{2})$")
DEFAULT_PREFIX = {
    "audits": "MAA",
    "reports": "RPT",
    "challenges": "PC",
    "drilldowns": "DD",
    "training": "TR",
    **new_framework.DEFAULT_PREFIX,
    **new_partners.PREFIXES,
}


def kind_of_word(word: str) -> str:
    """'review' or 'reviews' -> 'reviews'; UsageError for an unknown kind."""
    kind = KIND_ALIASES.get(word.lower())
    if kind is None:
        guess = did_you_mean(word.lower(), KIND_ALIASES)
        raise UsageError(
            f"'{word}' is not a kind of record",
            hint=(f"did you mean '{guess}'? " if guess else "")
            + "kinds: review, audit, report, assessment, challenge, drilldown, indicator, "
            "training, plan, outcome, learning-event, feedback, risk, evidence-request, "
            "incident, scrutiny, national-review",
        )
    return kind


def _review_prefix(records: Records) -> str:
    return "SCR" if records.settings.framework == "wt2015" else "CSPR"


def next_id(records: Records, kind: str, year: int, type_: str | None = None) -> str:
    """The next free id in the pattern this repository already uses for ``kind``.

    Ids like PREFIX-YYYY-NN: the most used prefix (ties: the latest) among
    records of this ``type_`` if there are any, else of the kind; the as-of
    year; one more than the highest number that year, padded as before.
    """
    taken = {rf.stem.lower() for k in KIND_MODELS for rf in records.by_kind[k]}
    stems = [rf.stem for rf in records.by_kind[kind]]
    if type_ is not None:
        typed = [
            rf.stem for rf in records.by_kind[kind] if getattr(rf.model, "type", None) == type_
        ]
        stems = typed or stems
    found = [m for m in map(_NUMBERED.match, stems) if m]
    if found:
        counts = Counter((m["prefix"], m["sep"]) for m in found)
        best = max(counts.values())
        prefix, sep = next(
            key for key in reversed([(m["prefix"], m["sep"]) for m in found]) if counts[key] == best
        )
        same = [m for m in found if (m["prefix"], m["sep"]) == (prefix, sep)]
        width = max(len(m["num"]) for m in same)
        numbers = [int(m["num"]) for m in same if int(m["year"]) == year]
    else:
        yearly = [m for m in map(_YEARLY.match, stems) if m]
        if yearly:  # one a year, e.g. PCD-2016: PCD-2017, or PCD-2016-02 if taken
            prefix = Counter(m["prefix"] for m in yearly).most_common(1)[0][0]
            if f"{prefix}{year}".lower() not in taken:
                return f"{prefix}{year}"
            numbers = [1]
        else:
            base = _review_prefix(records) if kind == "reviews" else DEFAULT_PREFIX.get(kind, "X")
            prefix, numbers = f"{base}-", []
        sep, width = "-", 2
    n = max(numbers, default=0) + 1
    while True:
        candidate = f"{prefix}{year}{sep}{n:0{width}d}"
        if candidate.lower() not in taken:
            return candidate
        n += 1


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:48].rstrip("-") or "indicator"


def quote_value(value: str) -> str:
    return yamledit.render_scalar(value, flow=False)


def _first_agency(records: Records) -> str | None:
    return next(iter(records.agencies), None)


@dataclass(frozen=True)
class NewRecord:
    """What `lif new` was asked for."""

    kind: str
    id: str | None = None
    title: str | None = None
    source: str | None = None
    agency: str | None = None
    type: str | None = None


def new_record(records: Records, request: NewRecord, as_of: date) -> FileChange:
    """Plan a new record file: its id, folder and commented skeleton."""
    kind = request.kind
    if kind == "actions":
        return _new_plan(records, request, as_of)
    agency = request.agency
    if agency is not None and agency not in records.agencies:
        guess = did_you_mean(agency, records.agencies)
        raise UsageError(
            f"'{agency}' is not an agency in agencies.yaml",
            hint=f"did you mean '{guess}'?" if guess else "see agencies.yaml",
        )
    if kind == "assessments" and agency is None:
        raise UsageError(
            "a Section 11 assessment is made by one agency: give --agency ID",
            hint="agencies: " + ", ".join(records.agencies) if records.agencies else None,
        )
    ident = request.id
    if ident is None:
        if kind == "assessments":
            ident = f"S11-{as_of.year}-{agency}"
        elif kind == "indicators":
            if not request.title:
                raise UsageError(
                    "an indicator is named by its id: give --id (e.g. re-referrals) or --title"
                )
            ident = _slug(request.title)
        else:
            ident = next_id(records, kind, as_of.year, request.type)
    _check_new_id(records, kind, ident)
    text = _SKELETONS[kind](records, ident, request, as_of)
    return FileChange(records.root, f"{kind}/{ident}.yaml", text, summary=[ident])


def _check_new_id(records: Records, kind: str, ident: str) -> None:
    from lif_cli.models.common import ID_PATTERN

    if not re.fullmatch(ID_PATTERN, ident):
        raise UsageError(
            f"'{ident}' is not a valid id",
            hint="use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    # A plan shares its source's id (its file is named after it); other records
    # need an id unique across every kind but plans.
    kinds = ["actions"] if kind == "actions" else [k for k in KIND_MODELS if k != "actions"]
    for k in kinds:
        for rf in records.by_kind[k]:
            if rf.stem.lower() == ident.lower():
                raise UsageError(
                    f"{rf.file} already exists; lif will not overwrite it",
                    hint="edit that file to add actions"
                    if kind == "actions"
                    else "pick another --id, or edit that file",
                )
    path = records.root / kind / f"{ident}.yaml"
    if path.exists() or path.with_suffix(".yml").exists():
        raise UsageError(f"{kind}/{ident}.yaml already exists; lif will not overwrite it")


def _title(request: NewRecord, default: str) -> str:
    return request.title or default


def _review(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    rtype = req.type or (
        "serious-case-review"
        if records.settings.framework == "wt2015"
        else "child-safeguarding-practice-review"
    )
    return f"""\
# A case review. Fill in what is known; leave the rest commented until it is.
id: {ident}
# type: serious-case-review | child-safeguarding-practice-review | rapid-review |
#       child-death-review | learning-review | multi-agency-review
type: {rtype}
title: {quote_value(_title(req, f"Case review {ident}"))}
# case_ref: Child A          # a pseudonym only: never a child's or family member's name
status: referred             # referred | decided | in-progress | report-received | published |
                             # closed | not-progressed
# commissioned_by: board     # the group that commissioned it (groups.yaml)
# lead_reviewer: Independent lead reviewer
# independent: true
# criteria:                  # the statutory test behind the decision
#   abuse_or_neglect: suspected   # known | suspected | none
#   child_died: false
#   seriously_harmed: true
#   concern_about_working_together: true
dates:                       # add each date as the stage is reached
  referred: {as_of.isoformat()}
  # aware: YYYY-MM-DD        # the partnership became aware of the incident
  # notified: YYYY-MM-DD     # notification sent
  # decided: YYYY-MM-DD
# findings:
#   - id: F1
#     text: What the review found.
# recommendations:
#   - id: R1
#     text: What the partnership should do.
#     to: [board]            # agency or group ids that must act
#     findings: [F1]
"""


def _audit(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# An audit. Fill in what is known; leave the rest commented until it is.
id: {ident}
type: {req.type or "multi-agency"}           # multi-agency | single-agency
title: {quote_value(_title(req, f"Audit {ident}"))}
# area: neglect              # the theme (single-agency: school-self-audit | early-years |
#                            # childrens-services-qa | public-health-daat | health-qa | other)
# trigger: board-priority    # performance-data | emerging-concern | review | board-priority |
#                            # agency-request | calendar
# requested_by: board        # group or agency id
# agencies: [csc, police, health]
# sampling: {{method: purposive, cases: 12}}   # random | purposive
status: planned              # planned | in-progress | reported | closed
# calendar: themed-audit     # the calendar.yaml entry it answers, if any
dates:
  planned: {as_of.isoformat()}
  # started: YYYY-MM-DD
  # presented: YYYY-MM-DD
# findings:
#   - id: F1
#     text: What the audit found.
# recommendations:
#   - id: R1
#     text: What should change.
#     to: [board]
"""


def _report(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A report presented to a group (LADO, CDOP annual report, ...).
id: {ident}
title: {quote_value(_title(req, f"Report {ident}"))}
# from: lado                 # the agency or group that reports
# to: board                  # the group that receives it
# calendar: lado             # the calendar.yaml entry it answers, if any
# presented: YYYY-MM-DD      # the meeting date: the calendar counts it from then
"""


def _assessment(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    lines = []
    for s in records.settings.s11_standards:
        lines.append(f"#   - standard: {s.id}          # {s.title}")
        lines.append("#     rating: met             # met | partially-met | not-met")
        lines.append("#     evidence: What shows it")
    standards = "\n".join(lines)
    return f"""\
# A Section 11 self-assessment by one agency.
id: {ident}
agency: {req.agency}
year: {as_of.year}
# calendar: s11              # the calendar.yaml entry it answers, if any
# presented: YYYY-MM-DD
# standards:                 # uncomment each standard as it is rated
{standards}
"""


def _challenge(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A peer challenge event.
id: {ident}
date: {as_of.isoformat()}
title: {quote_value(_title(req, f"Peer challenge {ident}"))}
# agencies: [csc, police, health]
# challenges:
#   - to: police             # the agency challenged
#     by: health             # the agency challenging
#     question: The question put.
#     response: The answer given.
"""


def _drilldown(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A data drilldown: questions put to agencies about what the data show.
id: {ident}
raised: {as_of.isoformat()}
title: {quote_value(_title(req, f"Drilldown {ident}"))}
# raised_by: board
# indicators: [re-referrals]  # indicator ids behind it
status: open                 # open | responded | closed
# questions:
#   - id: Q1
#     text: The question.
#     to: csc                # agency or group asked
#     due: YYYY-MM-DD
"""


def _indicator(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A performance indicator. Without a target it has no RAG.
id: {ident}
title: {quote_value(_title(req, ident))}
# level: surveillance        # surveillance | priority
# agency: csc
# unit: percent
better: higher               # check this: higher | lower, whichever is an improvement
# target: 80
# tolerance: 5               # this far on the wrong side of target is amber, beyond is red
values: []                   # add values as {{period: {as_of.year}-Q1, value: 75}}
"""


def _training(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A training evaluation.
id: {ident}
title: {quote_value(_title(req, f"Training {ident}"))}
# calendar: training-impact
# presented: YYYY-MM-DD
# courses: 0
# places: 0
# attended: 0
# evaluations: {{responses: 0, excellent: 0, good: 0, satisfactory: 0, poor: 0}}
# impact:
#   - date: YYYY-MM-DD
#     method: follow-up survey
#     finding: What changed in practice.
"""


_SKELETONS = {
    "reviews": _review,
    "audits": _audit,
    "reports": _report,
    "assessments": _assessment,
    "challenges": _challenge,
    "drilldowns": _drilldown,
    "indicators": _indicator,
    "training": _training,
    **new_framework.SKELETONS,
    **new_partners.SKELETONS,
}


def _new_plan(records: Records, req: NewRecord, as_of: date) -> FileChange:
    if not req.source:
        raise UsageError(
            "an action plan answers one source record: give --source ID",
            hint="e.g. lif new plan --source SCR-2016-01",
        )
    rf = records.by_id.get(req.source)
    if rf is None:
        lowered = {k.lower(): k for k in records.by_id}
        key = lowered.get(req.source.lower())
        rf = records.by_id.get(key) if key else None
    if rf is None or rf.kind not in SOURCE_KINDS:
        sources = [s.model.id for s in records.sources()]
        guess = did_you_mean(req.source, sources)
        raise UsageError(
            f"'{req.source}' is not a source record (a {source_nouns()})",
            hint=f"did you mean '{guess}'?" if guess else None,
        )
    source = rf.model
    if req.id is not None and req.id != source.id:
        raise UsageError(
            "an action plan's file is named after its source; --id cannot differ from --source"
        )
    _check_new_id(records, "actions", source.id)
    if not source.recommendations:
        raise UsageError(
            f"{source.id} has no recommendations yet, so there is nothing to plan",
            hint=f"add its recommendations to {rf.file} first",
        )
    agency_default = req.agency or _first_agency(records)
    if agency_default is None:
        raise UsageError("agencies.yaml lists no agencies; add the partner agencies first")
    due = as_of + timedelta(days=91)
    out = [
        f"# Action plan answering the recommendations of {source.id}.",
        "# One action per recommendation to start with: rewrite each action's text as the",
        "# concrete step to be taken, check the agency and owner, and agree the due date.",
        f"source: {source.id}",
        "# approved: {by: board, date: YYYY-MM-DD}",
        "actions:",
    ]
    for n, rec in enumerate(source.recommendations, start=1):
        agency = next((w for w in rec.to if w in records.agencies), None)
        note = ""
        if agency is None:
            agency = agency_default
            if rec.to:
                note = f"   # addressed to {', '.join(rec.to)}: name the agency that will act"
        out += [
            f"  - id: A{n}",
            f"    recommendation: {rec.id}",
            f"    text: {quote_value(rec.text)}   # what will be done",
            f"    agency: {agency}{note}",
            "    # owner: Head of Service     # a role, not a person's name",
            f"    due: {due.isoformat()}",
            "    status: not-started          # not-started | in-progress | complete | "
            "blocked | cancelled",
        ]
    return FileChange(
        records.root, f"actions/{source.id}.yaml", "\n".join(out) + "\n", summary=[source.id]
    )
