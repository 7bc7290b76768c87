"""`lif training`: attendance, ratings good or better, and evidence of impact."""

from __future__ import annotations

import json
from datetime import date

import pytest

from lif_cli.compute.training import impact_kind, training_state
from lif_cli.models import Training


@pytest.mark.parametrize(
    ("method", "kind"),
    [
        ("end of course evaluation forms", "immediate feedback"),
        ("pre- and post-course confidence questionnaire", "immediate feedback"),
        ("three-month follow-up survey of delegates", "follow-up"),
        ("survey six months after the course", "follow-up"),
        ("case file sample by the Workforce Development Group", "practice change"),
        ("multi-agency audit of trained practitioners' cases", "practice change"),
        ("observation in supervision", "practice change"),
        ("conversation with managers", "other"),
        (None, "other"),
    ],
)
def test_impact_kind(method, kind):
    assert impact_kind(method) == kind


def test_rates_and_impact_left_out_after_as_of():
    t = Training.model_validate(
        {
            "id": "TR-1",
            "title": "Neglect",
            "places": 200,
            "attended": 150,
            "evaluations": {"excellent": 30, "good": 60, "satisfactory": 8, "poor": 2},
            "impact": [
                {"date": date(2016, 5, 1), "method": "evaluation forms", "finding": "Liked it"},
                {"date": date(2016, 12, 1), "method": "case file audit", "finding": "Used"},
            ],
        }
    )
    s = training_state(t, date(2016, 11, 15))
    assert s["attendance_rate"] == 0.75
    # responses not given: the sum of the ratings
    assert (s["responses"], s["good_or_better"], s["good_or_better_share"]) == (100, 90, 0.9)
    assert s["impact_evidenced"] is True
    assert s["impact_kinds"] == ["immediate feedback"]  # the December audit is after as-of
    s = training_state(t, date(2016, 12, 1))
    assert s["impact_kinds"] == ["immediate feedback", "practice change"]


def test_no_figures_no_rates():
    t = Training.model_validate({"id": "TR-2", "title": "Briefing"})
    s = training_state(t, date(2016, 11, 15))
    assert s["attendance_rate"] is None and s["good_or_better_share"] is None
    assert s["impact_evidenced"] is False and s["impact_kinds"] == []


def test_training_on_the_example(lif, example_repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = lif("training", "-C", str(example_repo), "--as-of", "2016-11-15")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "214/240" in out and "89%" in out  # attended of places
    assert "160/180" in out  # good or better of responses
    neglect = out[out.index("Neglect multi-agency") : out.index("Child sexual exploitation")]
    assert "yes" in neglect and "follow-up" in neglect and "practice change" in neglect
    assert "immediate feedback" not in neglect
    assert "practice change (case file sample by the Workforce Development" in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80


def test_training_json_and_no_impact_flagged(lif, example_repo):
    # before the CSE questionnaire (6 September) its impact is not yet evidenced
    r = lif("training", "-C", str(example_repo), "--as-of", "2016-09-01", "--format", "json")
    assert r.exit_code == 0
    rows = {row["id"]: row for row in json.loads(r.stdout)}
    assert rows["TR-2016-cse"]["impact_evidenced"] is False
    assert rows["TR-2016-neglect"]["impact_kinds"] == ["follow-up"]
    assert rows["TR-2016-neglect"]["attendance_rate"] == pytest.approx(214 / 240)
    r = lif("training", "-C", str(example_repo), "--as-of", "2016-09-01")
    assert "NO impact evidence yet" in r.stdout
