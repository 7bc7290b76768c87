"""The risk register as of a date: each risk's score, RAG and whether its review is due.

The matrix (docs/FORMAT-EXTENSIONS.md): score = likelihood x impact, each 1-5;
``green`` 1-4, ``amber`` 5-12, ``red`` 15-25 (the products 13 and 14 cannot
occur). A risk is overdue for review when it is open and its ``next_review``
is before the as-of date. Mitigating actions are looked up in the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli.models import Risk

# The upper score of each band, lowest first.
MATRIX: tuple[tuple[int, str], ...] = ((4, "green"), (12, "amber"), (25, "red"))


def risk_rag(score: int) -> str:
    """The RAG of a score by :data:`MATRIX`."""
    return next(rag for top, rag in MATRIX if score <= top)


@dataclass(frozen=True, slots=True)
class RiskRow:
    risk: Risk
    score: int
    rag: str
    review_overdue_days: int  # 0 unless open and past next_review
    actions: tuple[Any, ...]  # the plan's ActionRows of its mitigating actions, found ones

    @property
    def id(self) -> str:
        return self.risk.id

    @property
    def open(self) -> bool:
        return self.risk.status == "open"

    @property
    def actions_open(self) -> int:
        return sum(
            1 for a in self.actions if a.action.status in ("not-started", "in-progress", "blocked")
        )


def risk_rows(records: Any, plan: Any, as_of: date) -> list[RiskRow]:
    """Every readable risk, highest score first (open before closed), then by id."""
    by_id = {row.id: row for row in plan.actions()}
    out = []
    for m in records.models("risks"):
        score = m.likelihood * m.impact
        late = 0
        if m.status == "open" and m.next_review is not None and m.next_review < as_of:
            late = (as_of - m.next_review).days
        found = tuple(by_id[a] for a in m.actions if a in by_id)
        out.append(RiskRow(m, score, risk_rag(score), late, found))
    out.sort(key=lambda r: (not r.open, -r.score, r.id))
    return out
