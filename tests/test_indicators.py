"""Indicator RAG, trend and the `lif indicators` command."""

from __future__ import annotations

import json
from datetime import date

import pytest

from lif_cli.compute.indicators import (
    indicator_state,
    indicator_summary,
    period_bounds,
    rag_of,
    trend_of,
)
from lif_cli.loader import load
from lif_cli.models import Indicator
from lif_cli.repo import WorkTree


def ind(better: str, target: float | None = 20, tolerance: float | None = 2, values=()):
    data = {"id": "x", "title": "X", "better": better, "values": list(values)}
    if target is not None:
        data["target"] = target
    if tolerance is not None:
        data["tolerance"] = tolerance
    return Indicator.model_validate(data)


@pytest.mark.parametrize(
    ("better", "value", "rag"),
    [
        # better: lower, target 20, tolerance 2
        ("lower", 18, "green"),  # better than target
        ("lower", 20, "green"),  # on target
        ("lower", 21, "amber"),  # worse, within tolerance
        ("lower", 22, "amber"),  # worse by exactly the tolerance: the boundary is amber
        ("lower", 22.01, "red"),  # worse by more
        # better: higher, target 20, tolerance 2
        ("higher", 25, "green"),
        ("higher", 20, "green"),
        ("higher", 19, "amber"),
        ("higher", 18, "amber"),
        ("higher", 17.99, "red"),
    ],
)
def test_rag_on_both_sides_of_target(better, value, rag):
    assert rag_of(value, ind(better)) == rag


def test_no_target_no_rag_and_no_tolerance_means_zero():
    assert rag_of(5, ind("lower", target=None)) is None
    assert rag_of(20.5, ind("lower", tolerance=None)) == "red"
    assert rag_of(20, ind("lower", tolerance=None)) == "green"


@pytest.mark.parametrize(
    ("latest", "previous", "better", "trend"),
    [
        (10, 12, "lower", "improving"),
        (12, 10, "lower", "worsening"),
        (12, 10, "higher", "improving"),
        (10, 12, "higher", "worsening"),
        (10, 10, "higher", "steady"),
        (10, None, "higher", None),
    ],
)
def test_trend_respects_better(latest, previous, better, trend):
    assert trend_of(latest, previous, better) == trend


def test_values_are_ordered_by_period_not_file_order():
    i = ind(
        "lower",
        values=[
            {"period": "2016-Q2", "value": 25},
            {"period": "2016-Q1", "value": 19},
            {"period": "2015-Q4", "value": 30},
        ],
    )
    s = indicator_state(i, date(2016, 11, 15))
    assert (s["latest"], s["period"], s["previous"]) == (25, "2016-Q2", 19)
    assert s["rag"] == "red"
    assert s["trend"] == "worsening"


def test_periods_count_once_started():
    i = ind(
        "higher",
        values=[
            {"period": "2016-09", "value": 10},
            {"period": "2016-10", "value": 30},
            {"period": "2016-11", "value": 40},
        ],
    )
    # as of 31 October the November value is a period not yet begun
    s = indicator_state(i, date(2016, 10, 31))
    assert (s["latest"], s["period"], s["trend"]) == (30, "2016-10", "improving")
    # on 1 November it has started and counts
    assert indicator_state(i, date(2016, 11, 1))["period"] == "2016-11"


def test_period_bounds():
    assert period_bounds("2016") == (date(2016, 1, 1), date(2016, 12, 31))
    assert period_bounds("2016-Q4") == (date(2016, 10, 1), date(2016, 12, 31))
    assert period_bounds("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))


def test_summary_of_the_example(example_repo):
    records = load(WorkTree(example_repo), use_cache=False)
    summary = indicator_summary(records, date(2016, 11, 15))
    assert summary["re-referrals"]["rag"] in {"red", "amber", "green"}
    assert summary["csa-strategy-timely"] == {
        "title": "Child sexual abuse referrals with a strategy discussion within one working day",
        "rag": "red",
        "trend": "worsening",
        "latest": 81,
        "period": "2016-Q3",
    }
    assert summary["early-help-assessments"]["trend"] == "steady"
    assert summary["cse-risk-assessments"]["rag"] == "green"
    assert json.dumps(summary)  # JSON-ready
