"""The rest of the framework: outcomes, learning events, feedback, risks, evidence
requests; the cascade of a review's learning; an audit's method. Driven through
the real CLI on real records folders and a repository made by `lif init`."""

from __future__ import annotations

import json

import pytest

from lif_cli.compute.risks import risk_rag

from .conftest import run_lif

AS_OF = "2016-11-15"
KINDS = {
    "risk": "risks",
    "outcome": "outcomes",
    "learning-event": "learning-events",
    "feedback": "feedback",
    "evidence-request": "evidence-requests",
}


@pytest.fixture
def fresh(tmp_path):
    """A new repository made by `lif init`, as a partnership would start one."""
    root = tmp_path / "records"
    r = run_lif("init", str(root), "--partnership", "Test Safeguarding Partnership")
    assert r.exit_code == 0, r.output
    return root


@pytest.mark.parametrize("word", list(KINDS))
def test_new_writes_a_skeleton_that_validates_without_warnings(lif, fresh, word):
    r = lif("new", word, "-C", str(fresh), "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    folder = KINDS[word]
    files = list((fresh / folder).glob("*.yaml"))
    assert len(files) == 1 and f"created {folder}/{files[0].name}" in r.stdout
    v = lif("validate", "-C", str(fresh), "--as-of", AS_OF, "--format", "json")
    data = json.loads(v.stdout)
    assert v.exit_code == 0
    assert data["errors"] == [] and data["warnings"] == [], v.stdout
    assert data["records"] >= 5


def test_new_ids_follow_the_kind_and_year(lif, fresh):
    for word, expected in (("risk", "RISK-2016-01"), ("evidence-request", "ER-2016-01")):
        lif("new", word, "-C", str(fresh), "--as-of", AS_OF)
        assert (fresh / KINDS[word] / f"{expected}.yaml").is_file()
    lif("new", "risk", "-C", str(fresh), "--as-of", AS_OF)
    assert (fresh / "risks" / "RISK-2016-02.yaml").is_file()


def test_the_example_is_clean_and_holds_every_kind(lif):
    from .conftest import EXAMPLE

    for folder in KINDS.values():
        assert list((EXAMPLE / folder).glob("*.yaml")), folder
    r = lif("validate", "-C", str(EXAMPLE), "--as-of", AS_OF)
    assert r.exit_code == 0 and "no problems" in r.stdout


BAD = {
    "indicators/re-referrals.yaml": """\
        id: re-referrals
        title: Re-referrals
        better: lower
        """,
    "reviews/SCR-2016-01.yaml": """\
        id: SCR-2016-01
        type: learning-review
        title: Child A
        status: published
        recommendations:
          - {id: R1, text: Do better., to: [csc]}
        cascade:
          - {agency: polise, date: 2016-06-01}
        """,
    "actions/SCR-2016-01.yaml": """\
        source: SCR-2016-01
        actions:
          - {id: A1, recommendation: R1, text: Act., agency: csc, due: 2016-12-31,
             status: in-progress}
        """,
    "outcomes/OUT-1.yaml": """\
        id: OUT-1
        title: Children are safer
        outcome: Children are safer at home.
        owner: bord
        measures:
          - {text: Fewer re-referrals, indicator: re-referals}
        actions: [SCR-2016-01/A2, SCR-2016-01/A1]
        """,
    "learning-events/LE-1.yaml": """\
        id: LE-1
        title: Briefing
        type: seven-minute-briefing
        date: 2016-05-01
        sources: [SCR-2016-1]
        places: 10
        attendance: {csc: 8, helth: 5}
        """,
    "risks/RISK-1.yaml": """\
        id: RISK-1
        title: A risk
        owner: board
        likelihood: 6
        impact: 2
        """,
    "evidence-requests/ER-1.yaml": """\
        id: ER-1
        to: board
        requested: 2016-06-01
        what: Evidence.
        due: 2016-05-01
        answered: {date: 2016-07-01, record: MAA-9}
        """,
    "audits/MAA-1.yaml": """\
        id: MAA-1
        type: multi-agency
        title: An audit
        status: reported
        practitioners: {number: 4, agencies: [csc, polise]}
        trigger_decision: {by: QAG, date: 2016-01-05, decision: commissioned}
        """,
    "audits/MAA-2.yaml": """\
        id: MAA-2
        type: multi-agency
        title: Another audit
        status: reported
        trigger_decision: {by: PIQAG, date: 2016-01-05, decision: approved}
        """,
}


def test_bad_references_and_rules_are_located_with_hints(lif, make_repo):
    root = make_repo(BAD)
    r = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    got = {(p["file"], p["line"], p["code"]) for p in data["errors"] + data["warnings"]}
    assert ("outcomes/OUT-1.yaml", 4, "unknown-who") in got
    assert ("outcomes/OUT-1.yaml", 6, "unknown-indicator") in got
    assert ("outcomes/OUT-1.yaml", 7, "unknown-action") in got
    assert ("learning-events/LE-1.yaml", 5, "unknown-record") in got
    assert ("learning-events/LE-1.yaml", 7, "unknown-agency") in got
    assert ("learning-events/LE-1.yaml", 7, "training-counts") in got
    assert ("risks/RISK-1.yaml", 4, "out-of-range") in got
    assert ("evidence-requests/ER-1.yaml", 2, "unknown-agency") in got
    assert ("evidence-requests/ER-1.yaml", 5, "date-order") in got
    assert ("evidence-requests/ER-1.yaml", 6, "unknown-record") in got
    assert ("reviews/SCR-2016-01.yaml", 8, "unknown-agency") in got
    assert ("audits/MAA-1.yaml", 5, "unknown-agency") in got
    assert ("audits/MAA-1.yaml", 6, "unknown-who") in got
    assert ("audits/MAA-2.yaml", 5, "invalid-value") in got
    hints = {p["message"]: p.get("hint") for p in data["errors"]}
    assert hints["'SCR-2016-01/A2' is not an action in any action plan"] == (
        "actions/SCR-2016-01.yaml has A1"
    )
    assert hints["'helth' is not an agency in agencies.yaml"] == "did you mean 'health'?"
    # the attendance error points at the agency key itself
    text = lif("validate", "-C", str(root), "--as-of", AS_OF)
    assert "learning-events/LE-1.yaml:7:22: error unknown-agency: 'helth'" in text.stdout


def test_a_quote_in_feedback_is_checked_by_the_personal_data_guard(lif, make_repo):
    root = make_repo(
        {
            "feedback/FB-1.yaml": """\
                id: FB-1
                title: Survey
                voice: parents-and-carers
                method: survey
                quotes:
                  - {text: "Call me on 07700 900123 any time."}
                controls: []
                """,
        }
    )
    r = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    codes = {(p["file"], p["line"], p["code"]) for p in json.loads(r.stdout)["warnings"]}
    assert ("feedback/FB-1.yaml", 6, "personal-data") in codes


def test_a_risks_controls_are_checked_by_the_personal_data_guard(lif, make_repo):
    root = make_repo(
        {
            "risks/R1.yaml": """\
                id: R1
                title: A risk
                owner: board
                likelihood: 2
                impact: 2
                controls:
                  - Weekly check by the team
                  - Escalate to Mrs Jane Smith on 07700 900123
                """,
        }
    )
    r = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    codes = {(p["line"], p["code"]) for p in json.loads(r.stdout)["warnings"]}
    assert (8, "personal-data") in codes


@pytest.mark.parametrize(
    ("score", "rag"),
    [(1, "green"), (4, "green"), (5, "amber"), (12, "amber"), (15, "red"), (25, "red")],
)
def test_the_risk_matrix(score, rag):
    assert risk_rag(score) == rag


def test_status_shows_outcomes_risks_requests_learning_and_feedback(lif):
    from .conftest import EXAMPLE

    r = lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, "--limit", "0")
    out = r.stdout
    assert "What good looks like: outcomes and their evidence (2)" in out
    assert "PARTIAL  OUT-neglect" in out
    assert "Risk register: 3 open risks, 1 red · 1 amber · 1 green" in out
    assert "Risks overdue for review (1)\n14 days late  RISK-01" in out
    assert "16 RED  RISK-01" in out
    assert "Evidence requests: 2 open · 1 overdue · 1 due this month" in out
    assert "15 days late  ER-2016-02" in out
    assert "Learning events: 3 events held this business year, 355 attendances; 1 planned" in out
    assert "cascade of the learning not yet confirmed by health" in out
    assert "FB-2016-01  Young people's survey on feeling safe" in out

    data = json.loads(lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, "-f", "json").stdout)
    assert data["outcomes"]["OUT-neglect"]["evidence"] == "partial"
    assert data["risks"][0] == {
        "id": "RISK-01",
        "title": "Partner agencies cannot release practitioners for multi-agency audits",
        "owner": "PIQAG",
        "status": "open",
        "likelihood": 4,
        "impact": 4,
        "score": 16,
        "rag": "red",
        "direction": "up",
        "next_review": "2016-11-01",
        "review_overdue_days": 14,
    }
    states = {s["id"]: s["state"] for s in data["evidence_requests"]}
    assert states == {"ER-2016-01": "late", "ER-2016-02": "overdue", "ER-2016-03": "due"}
    assert data["learning_spread"]["MAA-2016-02"] == ["LE-2016-03"]
    assert data["cascade_awaiting"] == {"SCR-2016-01": ["health"]}
    assert data["feedback"][0]["recommendations"] == 2


def test_an_agencys_status_shows_the_requests_made_to_it(lif):
    from .conftest import EXAMPLE

    r = lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, "--agency", "police")
    assert "Evidence requests: 1 open · 0 overdue · 1 due this month" in r.stdout
    assert "ER-2016-03" in r.stdout and "ER-2016-02" not in r.stdout
    assert "Risk register" not in r.stdout


def test_evidence_requests_are_returns_in_the_calendar(lif):
    from .conftest import EXAMPLE

    r = lif("calendar", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "json")
    cells = {c["entry"]: c for c in json.loads(r.stdout) if c["entry"].startswith("ER-")}
    assert cells["ER-2016-01"] == {
        "entry": "ER-2016-01",
        "month": "2016-09",
        "status": "late",
        "records": ["MAA-2016-02"],
    }
    assert cells["ER-2016-02"]["status"] == "overdue"
    assert cells["ER-2016-03"]["status"] == "due"


def test_a_learning_event_counts_as_dissemination_of_a_review(lif, make_repo):
    root = make_repo(
        {
            "reviews/LR-1.yaml": """\
                id: LR-1
                type: learning-review
                title: Family C
                status: published
                dates: {published: 2016-05-01}
                dissemination:
                  - {activity: published, date: 2016-05-01}
                """,
            "learning-events/LE-1.yaml": """\
                id: LE-1
                title: Roadshow
                type: roadshow
                date: 2016-06-01
                sources: [LR-1]
                """,
        }
    )
    before = json.loads(
        lif("status", "-C", str(root), "--as-of", "2016-05-15", "-f", "json").stdout
    )
    after = json.loads(lif("status", "-C", str(root), "--as-of", "2016-06-15", "-f", "json").stdout)
    assert "awareness" in before["dissemination_missing"]["LR-1"]
    assert "awareness" not in after["dissemination_missing"]["LR-1"]


def test_the_plan_shows_feedback_and_what_each_action_serves(lif):
    from .conftest import EXAMPLE

    r = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--source", "FB-2016-01")
    assert "FB-2016-01  Young people's survey on feeling safe" in r.stdout
    assert "Serves: OUT-cse" in r.stdout
    rows = json.loads(lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "-f", "json").stdout)
    serves = {row["id"]: row["serves"] for row in rows}
    assert serves["SCR-2016-01/A6"] == ["OUT-neglect", "RISK-02"]
    assert serves["FB-2016-01/A2"] == []


def test_the_board_paper_shows_each_part(lif):
    from .conftest import EXAMPLE

    paper = lif("report", "board", "-C", str(EXAMPLE), "--as-of", AS_OF).stdout
    assert "## 12. Outcomes, risks, evidence and learning" in paper
    assert "| RISK-01: Partner agencies cannot release practitioners" in paper
    assert "| PIQAG | 4 x 4 | 16 | RED | up | 1 Nov 2016 **OVERDUE** |" in paper
    assert "- **RISK-02** controls: Seven-minute briefings" in paper
    assert "| ER-2016-02 | community-health | PIQAG |" in paper
    assert "| LE-2016-02: Neglect practitioner learning event | practitioner-event |" in paper
    assert "awaited from health." in paper
    assert '> "Most of the bad stuff happens on my phone, not outside."' in paper
    assert "Review the red risks and the risks overdue for review: RISK-01." in paper


def test_the_piqag_paper_shows_each_audits_method(lif):
    from .conftest import EXAMPLE

    paper = lif("report", "piqag", "-C", str(EXAMPLE), "--as-of", AS_OF).stdout
    assert (
        "- **MAA-2016-01**: purposive sample of 12 cases; 14 practitioners took part "
        "(csc, police, community-health, education); trigger: performance-data "
        "(re-referrals, neglect-gcp-use); commissioned by Performance Improvement & "
        "Quality Assurance Group on 2 Feb 2016" in paper
    )


@pytest.mark.parametrize(
    "what", ["risks", "outcomes", "evidence-requests", "learning-events", "feedback"]
)
def test_export_has_a_table_for_each_kind(lif, what, tmp_path):
    from .conftest import EXAMPLE

    r = lif("export", "-C", str(EXAMPLE), "--as-of", AS_OF, "--what", what)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert len(lines) >= 3
    out = tmp_path / f"{what}.xlsx"
    x = lif("export", "-C", str(EXAMPLE), "--as-of", AS_OF, "--what", what, "-o", str(out))
    assert x.exit_code == 0 and out.stat().st_size > 0
