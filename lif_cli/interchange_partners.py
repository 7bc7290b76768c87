"""Export tables for today's arrangements: incidents in the Panel's process, CDOP analysis.

Built as :class:`lif_cli.interchange.Table` values, written as CSV or Excel by
the same code as every other table.
"""

from __future__ import annotations

from datetime import date

from lif_cli.interchange import Table
from lif_cli.loader import Records

_STEPS = (
    "notification",
    "rapid-review",
    "panel-response",
    "review-decided",
    "final-report",
    "publication",
)


def incidents_table(records: Records, as_of: date) -> Table:
    """One row per serious incident: each step's date, where it stands, the next deadline."""
    from lif_cli.compute.partners import incident_row, incident_states

    rows = []
    for state in incident_states(records, as_of):
        row = incident_row(state)
        done = {st["code"]: st["done"] for st in row["steps"]}
        rows.append(
            [
                row["id"],
                row["title"],
                row["framework"],
                *[done.get(code) for code in _STEPS],
                row["where"],
                row["deadline"],
                row["working_days_left"],
                ", ".join(row["late"]),
                row["review"],
            ]
        )
    return Table(
        title="Serious incidents",
        headers=[
            "Incident",
            "Title",
            "Framework",
            "Notified",
            "Rapid review",
            "Panel response",
            "Review commissioned",
            "Final report sent",
            "Published",
            "Where it stands",
            "Next deadline",
            "Working days left",
            "Late steps",
            "Local review",
        ],
        rows=rows,
        wide=("Title", "Where it stands"),
        notes=[
            f"Serious incidents and the national Panel's process as of {as_of.isoformat()}.",
            "A step that does not apply (e.g. after a national review) is left empty.",
        ],
    )


def cdop_table(records: Records, as_of: date) -> Table:
    """Child deaths reviewed by category and modifiable factors, by year, suppressed."""
    from lif_cli.compute.partners import cdop_analysis

    c = cdop_analysis(records, as_of)
    rows = [["category", r["label"], *r["cells"]] for r in c["categories"]]
    rows += [["modifiable factors", r["label"], *r["cells"]] for r in c["modifiable"]]
    rows.append(["total", "deaths reviewed", *c["totals"]])
    return Table(
        title="Child death reviews",
        headers=["Table", "Row", *c["years"]],
        rows=rows,
        wide=("Row",),
        notes=[
            f"Child death reviews as of {as_of.isoformat()}: aggregate counts only.",
            f"Counts from 1 to {c['suppress_below'] - 1} are shown as <{c['suppress_below']}; "
            "* marks a further count withheld (lif.yaml cdop_suppress_below).",
        ],
    )
