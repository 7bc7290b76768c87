"""Case reviews as of a date: learning-cycle stage, statutory timescales, dissemination.

Pure: takes the loaded records, the composite plan (for each review's stage)
and the as-of date. The statutory rules themselves live in
:mod:`lif_cli.statutory`, each with its source; this module only applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lif_cli import statutory
from lif_cli.compute.plan import Plan, Stage
from lif_cli.frameworks import settings_framework
from lif_cli.loader import Records
from lif_cli.models import Review

# A review still on its way to publication (or closure).
IN_PROGRESS_STATUSES = frozenset({"referred", "decided", "in-progress", "report-received"})


@dataclass(frozen=True, slots=True)
class ReviewState:
    """One review as of a date."""

    review: Review
    stage: Stage | None
    framework: str  # the framework this case is judged by (its own time, or its override)
    # Statutory timescales: assessed for reviews in progress, else empty.
    timescales: tuple[statutory.TimescaleResult, ...]
    # Dissemination duties: set once the review is published, else empty.
    duties: tuple[statutory.DutyStatus, ...]

    @property
    def id(self) -> str:
        return self.review.id

    @property
    def in_progress(self) -> bool:
        return self.review.status in IN_PROGRESS_STATUSES

    @property
    def published(self) -> bool:
        return bool(self.duties)

    @property
    def next_deadline(self) -> statutory.TimescaleResult | None:
        """The earliest timescale still running or already overdue (None when none is)."""
        pending = [t for t in self.timescales if t.state in ("open", "overdue")]
        return min(pending, key=lambda t: (t.deadline, t.timescale.code), default=None)

    @property
    def missing_duties(self) -> list[statutory.DutyStatus]:
        return [d for d in self.duties if not d.done]


def is_published(review: Review, as_of: date) -> bool:
    """Published as of the date: a `dates.published` on or before it, or status published."""
    published = review.dates.published
    if published is not None:
        return published <= as_of
    return review.status == "published"


def review_states(records: Records, plan: Plan, as_of: date) -> list[ReviewState]:
    """Every readable review, in file order, assessed as of ``as_of``.

    Each review is judged by its own framework (see :mod:`lif_cli.frameworks`).
    Statutory timescales (and lif.yaml ``holidays``) are assessed for
    reviews in progress only: a published, closed or not-progressed review has run
    its statutory course, and `lif validate` reports any timescale it missed. This
    also spares a dashboard with no review in progress the cost of loading the
    bank-holiday calendar. Dissemination counts activities dated on or before the
    as-of date, or undated, and the learning events held by then that name the
    review (see :mod:`lif_cli.compute.learning`).
    """
    from lif_cli.compute.learning import event_activities

    s = records.settings
    # Learning events that spread a review's learning count as its dissemination.
    events = event_activities(records, as_of)
    out: list[ReviewState] = []
    for review in records.models("reviews"):
        timescales: tuple[statutory.TimescaleResult, ...] = ()
        dates = review.dates.model_dump()
        framework = settings_framework(s, review, dates)
        if review.status in IN_PROGRESS_STATUSES:
            # A date after the as-of date has not happened yet as of that date.
            seen = {k: (v if v is not None and v <= as_of else None) for k, v in dates.items()}
            timescales = tuple(
                statutory.timescale_status(review.type, seen, framework, s.holidays, as_of)
            )
        duties: tuple[statutory.DutyStatus, ...] = ()
        if is_published(review, as_of):
            done = [d.activity for d in review.dissemination if d.date is None or d.date <= as_of]
            done += events.get(review.id, [])
            duties = tuple(statutory.dissemination_status(done))
        source = plan.by_source.get(review.id)
        stage = source.stage if source else None
        out.append(ReviewState(review, stage, framework, timescales, duties))
    return out
