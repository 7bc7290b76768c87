"""``lif new`` skeletons of the framework kinds: outcome, learning event, feedback,
risk and evidence request. Each validates clean, with no warnings, in a new
repository made by ``lif init``; what is not yet known is left commented."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from lif_cli.errors import UsageError
from lif_cli.loader import Records

if TYPE_CHECKING:
    from lif_cli.authoring.new import NewRecord

DEFAULT_PREFIX = {
    "outcomes": "OUT",
    "learning-events": "LE",
    "feedback": "FB",
    "risks": "RISK",
    "evidence-requests": "ER",
}
# How long an agency is given to answer a request for evidence, by default.
EVIDENCE_DAYS = 28


def _q(text: str) -> str:
    from lif_cli.authoring.new import quote_value

    return quote_value(text)


def _board(records: Records) -> str:
    """The group at the top (no parent), else the first group or agency."""
    top = next((g.id for g in records.groups.values() if g.parent is None), None)
    who = top or next(iter(records.groups), None) or next(iter(records.agencies), None)
    if who is None:
        raise UsageError(
            "groups.yaml and agencies.yaml list no one to own it",
            hint="add the board to groups.yaml first",
        )
    return who


def outcome(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# An outcome statement: what good looks like for one of the partnership's priorities.
id: {ident}
title: {_q(req.title or f"Outcome {ident}")}
# priority: neglect          # the board priority it serves
outcome: {_q("What will be better for children, in their terms.")}
owner: {_board(records)}               # the group (or agency) that holds it
measures: []                 # impact measures, each linked to an indicator where one exists:
#   - text: Episodes of re-referral decreasing
#     indicator: re-referrals
actions: []                  # contributing actions from the plan, SOURCE/A-ID:
#   - SCR-2016-01/A1
"""


def learning_event(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A learning event: how learning was spread, to whom, and what they thought of it.
id: {ident}
title: {_q(req.title or f"Learning event {ident}")}
# type: practitioner-event | seven-minute-briefing | roadshow | conference | workshop |
#       e-learning | other
type: {req.type or "practitioner-event"}
date: {as_of.isoformat()}
# audience: Front-line practitioners across agencies
# delivered_by: board        # agency or group
sources: []                  # the records whose learning it spreads, e.g. [SCR-2016-01]
# places: 0
attendance: {{}}               # by agency id, e.g. {{csc: 40, police: 12}}
# evaluations: {{responses: 0, excellent: 0, good: 0, satisfactory: 0, poor: 0}}
"""


def feedback(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# Feedback from children, families or the workforce, recorded in aggregate only:
# numbers, themes and short quotes, never a name or anything that identifies someone.
id: {ident}
title: {_q(req.title or f"Feedback {ident}")}
voice: children-and-young-people   # children-and-young-people | parents-and-carers |
                                    # workforce | mixed
# method: survey | consultation | young-peoples-group | practitioner-survey | focus-group |
#         complaints-and-compliments | other
method: {req.type or "survey"}
# to: board                  # the group it is presented to
# respondents: 0
dates:
  collected: {as_of.isoformat()}
  # presented: YYYY-MM-DD
themes: []                   # e.g. - {{theme: Not knowing who to tell, count: 40}}
quotes: []                   # e.g. - {{text: "I didn't know who to talk to.", theme: ...}}
# findings:
#   - id: F1
#     text: What the feedback tells the partnership.
# recommendations:
#   - id: R1
#     text: What should change; actions answer it in actions/{ident}.yaml.
#     to: [board]
"""


def risk(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    return f"""\
# A risk on the register. Score = likelihood x impact; RAG by the matrix in
# docs/FORMAT-EXTENSIONS.md (1-4 green, 5-12 amber, 15-25 red).
id: {ident}
title: {_q(req.title or f"Risk {ident}")}
# description: What could happen, and what it would mean for children.
owner: {_board(records)}               # the group or agency that owns it
status: open                 # open | closed
likelihood: 3                # 1 rare .. 5 almost certain
impact: 3                    # 1 negligible .. 5 catastrophic
controls: []                 # what is in place now, one line each
actions: []                  # mitigating actions from the plan, SOURCE/A-ID
reviewed: {as_of.isoformat()}
next_review: {(as_of + timedelta(days=91)).isoformat()}
direction: new               # since the last review: up | down | same | new
"""


def evidence_request(records: Records, ident: str, req: NewRecord, as_of: date) -> str:
    agency = req.agency or next(iter(records.agencies), None)
    if agency is None:
        raise UsageError("agencies.yaml lists no agencies; add the partner agencies first")
    due = as_of + timedelta(days=EVIDENCE_DAYS)
    return f"""\
# A request for evidence to one agency (the board's mandate for evidence).
id: {ident}
title: {_q(req.title or f"Evidence request {ident}")}
to: {agency}                      # the agency asked
requested_by: {_board(records)}
requested: {as_of.isoformat()}
what: {_q("The evidence asked for.")}
# why: The concern behind the request.
due: {due.isoformat()}
chased: []                   # the dates it was chased, e.g. [{due.isoformat()}]
# answered: {{date: YYYY-MM-DD, record: MAA-2016-03, note: What was provided}}
"""


SKELETONS = {
    "outcomes": outcome,
    "learning-events": learning_event,
    "feedback": feedback,
    "risks": risk,
    "evidence-requests": evidence_request,
}
