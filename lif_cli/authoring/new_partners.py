"""`lif new` skeletons for today's arrangements: incidents, scrutiny, national reviews.

Each skeleton validates clean with no warnings as written: dates not yet known
are left commented, so no timescale can be reported missed.
"""

from __future__ import annotations

from datetime import date

from lif_cli.loader import Records


def _title(req: object, default: str) -> str:
    return getattr(req, "title", None) or default


def _q(value: str) -> str:
    from lif_cli.authoring.new import quote_value

    return quote_value(value)


def incident(records: Records, ident: str, req: object, as_of: date) -> str:
    return f"""\
# A serious incident and the national Panel's process. Fill in each step's date as it
# happens; `lif status` shows the next deadline (see docs/STATUTORY.md).
id: {ident}
title: {_q(_title(req, f"Serious incident {ident}"))}
# case_ref: Child A          # a pseudonym only: never a child's or family member's name
# framework: wt2023          # only to override the framework derived from the dates
# looked_after: false        # a looked after child: Ofsted and the DfE are notified too
# notified_to: [panel]       # panel | ofsted | secretary-of-state | dfe | lscb | other
# decision: local-review     # the partners' view in the rapid review: local-review |
                             # no-local-review
# panel_agrees: true         # the Panel's response agrees with the partners' decision
# national_review: false     # the Panel takes a national review instead
# review: CSPR-{as_of.year}-01      # the local child safeguarding practice review (reviews/)
dates:
  aware: {as_of.isoformat()}          # the local authority became aware of the incident
  # notified: YYYY-MM-DD       # serious incident notification (within 5 working days)
  # rapid_review: YYYY-MM-DD   # rapid review sent to the Panel (within 15 working days)
  # panel_response: YYYY-MM-DD # the Panel's response
  # review_decided: YYYY-MM-DD # local review commissioned
  # final_report_sent: YYYY-MM-DD  # to the Panel and the Secretary of State
  # published: YYYY-MM-DD
"""


def scrutiny(records: Records, ident: str, req: object, as_of: date) -> str:
    return f"""\
# An independent scrutiny activity: its findings and recommendations are a source like
# any other, answered by an action plan (lif new plan --source {ident}).
id: {ident}
title: {_q(_title(req, f"Independent scrutiny {ident}"))}
activity: case-audit         # case-audit | practice-observation | challenge-session |
                             # survey | report-review | voice-of-children | other
# scrutineer: Independent scrutineer   # a post, not a person's name
started: {as_of.isoformat()}
# reported: YYYY-MM-DD
# to: board                  # the group it reported to
# findings:
#   - id: F1
#     text: What the scrutiny found.
# recommendations:
#   - id: R1
#     text: What should change.
#     to: [csc]
#     findings: [F1]
"""


def national_review(records: Records, ident: str, req: object, as_of: date) -> str:
    return f"""\
# A national review or Panel report, and the recommendations the partnership adopts
# locally (each answered by local actions: lif new plan --source {ident}).
id: {ident}
title: {_q(_title(req, f"National review {ident}"))}
publisher: panel             # panel | dfe | ofsted | joint-inspectorates | other
published: {as_of.isoformat()}
# url: https://www.gov.uk/...
# adopted: YYYY-MM-DD        # the partners agreed the local recommendations
# by: board                  # the group that adopted them
# findings:
#   - id: F1
#     text: The national finding, in brief.
# recommendations:
#   - id: R1
#     text: The recommendation as adopted locally.
#     to: [csc]
"""


SKELETONS = {
    "incidents": incident,
    "scrutiny": scrutiny,
    "national-reviews": national_review,
}
PREFIXES = {"incidents": "SI", "scrutiny": "IS", "national-reviews": "NR"}
