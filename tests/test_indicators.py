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


# --- the command ----------------------------------------------------------------------


def test_indicators_command_on_the_example(lif, example_repo):
    r = lif("indicators", "-C", str(example_repo), "--as-of", "2016-11-15")
    assert r.exit_code == 0, r.output
    out = r.stdout
    # grouped: surveillance first, then each priority by name
    assert out.index("Surveillance") < out.index("Priority: csa") < out.index("Priority: neglect")
    assert "8 indicators as of 15 Nov 2016: 2 red, 3 amber, 3 green" in out
    # the drilldown, linked to its indicators, with the overdue question flagged
    assert "DD-2016-01" in out
    assert "indicators: re-referrals (RED), cp-plans-second-time (AMBER)" in out
    assert "1 question overdue" in out
    assert "OVERDUE" in out and "15 days" in out
    assert "answered late" in out  # Q2 answered 4 October, due 30 September
    assert r.stderr == ""


def test_indicators_readable_at_80_columns(lif, example_repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = lif("indicators", "-C", str(example_repo), "--as-of", "2016-11-15")
    assert r.exit_code == 0
    assert max(len(line.rstrip()) for line in r.stdout.splitlines()) <= 80
    assert "AMBER" in r.stdout and "worsening" in r.stdout


def test_indicators_json_and_filters(lif, example_repo):
    r = lif(
        "indicators", "-C", str(example_repo), "--as-of", "2016-11-15",
        "--level", "priority", "--format", "json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert {i["id"] for i in data["indicators"]} == {
        "csa-strategy-timely",
        "cse-risk-assessments",
        "neglect-gcp-use",
    }
    # the drilldown is about surveillance indicators only, so it is filtered out
    assert data["drilldowns"] == []
    r = lif(
        "indicators", "-C", str(example_repo), "--as-of", "2016-11-15",
        "--priority", "neglect", "--format", "json",
    )  # fmt: skip
    data = json.loads(r.stdout)
    assert [i["id"] for i in data["indicators"]] == ["neglect-gcp-use"]
    assert data["indicators"][0]["values"][-1] == {"period": "2016-Q3", "value": 73}


def test_indicators_unknown_priority_is_misuse(lif, example_repo):
    r = lif("indicators", "-C", str(example_repo), "--priority", "negelct")
    assert r.exit_code == 2
    assert "no indicator serves the priority 'negelct'" in r.stderr
    assert "did you mean 'neglect'?" in r.stderr
    assert r.stdout == ""


BAD_INDICATOR = """\
    id: bad
    title: Mixed and duplicated periods
    better: lower
    target: 10
    values:
      - {period: 2016-Q1, value: 12}
      - {period: 2016-05, value: 11}
      - {period: 2016-Q1, value: 9}
    """


def test_bad_periods_are_located_errors_and_the_command_still_shows(lif, make_repo):
    root = make_repo({"indicators/bad.yaml": BAD_INDICATOR})
    v = lif("validate", "-C", str(root), "--as-of", "2016-11-15", "--format", "json")
    assert v.exit_code == 1
    found = {(p["code"], p["file"], p["line"]) for p in json.loads(v.stdout)["errors"]}
    assert ("mixed-periods", "indicators/bad.yaml", 7) in found
    assert ("duplicate-period", "indicators/bad.yaml", 8) in found

    r = lif("indicators", "-C", str(root), "--as-of", "2016-11-15", "--format", "json")
    assert r.exit_code == 1
    assert "the records have errors" in r.stderr and "lif validate" in r.stderr
    (ind,) = json.loads(r.stdout)["indicators"]
    # the first value of the duplicated 2016-Q1 is used; 2016-05 (the latest start) is latest
    assert [v["period"] for v in ind["values"]] == ["2016-Q1", "2016-05"]
    # no tolerance: anything worse than target is red
    assert (ind["latest"], ind["previous"], ind["rag"], ind["trend"]) == (
        11,
        12,
        "red",
        "improving",
    )


def test_drilldown_questions_as_of_a_date(make_repo):
    from lif_cli.compute.indicators import drilldown_state
    from lif_cli.models import Drilldown

    dd = Drilldown.model_validate(
        {
            "id": "DD-1",
            "raised": date(2016, 3, 1),
            "status": "open",
            "questions": [
                {"id": "Q1", "text": "Why?", "to": "board", "due": date(2016, 5, 1),
                 "response": "Because", "responded": date(2016, 6, 1)},
                {"id": "Q2", "text": "How?", "to": "board", "due": date(2016, 5, 1)},
                {"id": "Q3", "text": "Who?", "to": "board", "due": date(2016, 9, 1)},
            ],
        }
    )  # fmt: skip
    s = drilldown_state(dd, date(2016, 5, 20))
    q1, q2, q3 = s["questions"]
    # the response of 1 June had not arrived on 20 May: not shown, and overdue
    assert (q1["answered"], q1["response"], q1["overdue"]) == (False, None, True)
    assert (q2["answered"], q2["overdue"]) == (False, True)
    assert (q3["answered"], q3["overdue"]) == (False, False)
    assert s["overdue"] == ["Q1", "Q2"]
    s = drilldown_state(dd, date(2016, 6, 1))
    assert s["questions"][0]["answered"] is True
    assert s["questions"][0]["response"] == "Because"
    assert s["overdue"] == ["Q2"]


def test_indicators_without_level_show_with_surveillance(lif, make_repo):
    root = make_repo(
        {
            "indicators/x.yaml": """\
                id: x
                title: No level given
                better: higher
                values: [{period: "2016", value: 3}]
                """
        }
    )
    r = lif("indicators", "-C", str(root), "--as-of", "2016-11-15", "--level", "surveillance")
    assert r.exit_code == 0, r.output
    assert "No level given" in r.stdout and "no target" in r.stdout
    r = lif("indicators", "-C", str(root), "--as-of", "2016-11-15", "--level", "priority")
    assert "No indicators match." in r.stdout
