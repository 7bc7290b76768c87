"""Today's partnerships: each case under its own framework, the Panel's process, the
arrangements, scrutiny and national reviews, the yearly report and the CDOP analysis."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from lif_cli.frameworks import case_framework

from .conftest import ROOT

BORSETSHIRE = ROOT / "examples" / "borsetshire"
AS_OF = "2025-03-31"


def _scr(
    ident: str, aware: str, notified: str, decided: str, received: str, extra: str = ""
) -> str:
    return f"""\
        id: {ident}
        type: serious-case-review
        title: Serious case review {ident}
        status: report-received
        lead_reviewer: Independent lead reviewer
        independent: true
        criteria: {{abuse_or_neglect: known, child_died: true}}
        {extra}
        dates:
          aware: {aware}
          notified: {notified}
          decided: {decided}
          report_received: {received}
        """


def _cspr(ident: str, aware: str, notified: str, rapid: str, decided: str, published: str) -> str:
    return f"""\
        id: {ident}
        type: child-safeguarding-practice-review
        title: Practice review {ident}
        status: published
        criteria: {{abuse_or_neglect: known, seriously_harmed: true}}
        dates:
          aware: {aware}
          notified: {notified}
          rapid_review: {rapid}
          decided: {decided}
          published: {published}
        """


WT2023 = "partnership: Test Partnership\nframework: wt2023\n"


def _warnings(lif, root, as_of="2025-03-31"):
    r = lif("validate", "-C", str(root), "--as-of", as_of, "--format", "json")
    data = json.loads(r.stdout)
    return r, data["errors"] + data["warnings"]


# --- each case judged by the rules of its own time --------------------------------------


def test_wt2023_repository_with_cases_from_2015_to_2024_applies_no_later_rule(lif, make_repo):
    root = make_repo(
        {
            "lif.yaml": WT2023,
            "reviews/SCR-2015-01.yaml": _scr(
                "SCR-2015-01", "2015-03-02", "2015-03-05", "2015-03-10", "2015-08-28"
            ),
            "reviews/SCR-2019-01.yaml": _scr(
                "SCR-2019-01", "2019-05-01", "2019-05-03", "2019-05-20", "2019-11-01"
            ),
            "reviews/CSPR-2021-01.yaml": _cspr(
                "CSPR-2021-01", "2021-03-01", "2021-03-04", "2021-03-19", "2021-04-09", "2021-10-04"
            ),
            "reviews/CSPR-2024-01.yaml": _cspr(
                "CSPR-2024-01", "2024-02-05", "2024-02-08", "2024-02-23", "2024-03-01", "2024-08-30"
            ),
        }
    )
    r, problems = _warnings(lif, root)
    assert r.exit_code == 0, r.output
    assert problems == []


def test_a_serious_case_review_begun_after_the_transition_is_warned(lif, make_repo):
    lif_yaml = WT2023 + "transitions: {safeguarding_partners: 2019-08-30}\n"
    before = _scr("SCR-2019-01", "2019-08-29", "2019-08-30", "2019-09-02", "2020-02-28")
    after = _scr("SCR-2019-02", "2019-08-30", "2019-09-03", "2019-09-04", "2020-02-28")
    root = make_repo(
        {
            "lif.yaml": lif_yaml,
            "reviews/SCR-2019-01.yaml": before,
            "reviews/SCR-2019-02.yaml": after,
        }
    )
    _, problems = _warnings(lif, root)
    criteria = [p for p in problems if p["code"] == "review-criteria"]
    assert [p["file"] for p in criteria] == ["reviews/SCR-2019-02.yaml"]
    assert "replaced by child safeguarding practice reviews" in criteria[0]["message"]


def test_a_record_framework_overrides_the_derived_one(lif, make_repo):
    late = _scr(
        "SCR-2020-01", "2020-01-06", "2020-01-09", "2020-01-15", "2020-07-01", "framework: wt2015"
    )
    root = make_repo({"lif.yaml": WT2023, "reviews/SCR-2020-01.yaml": late})
    _, problems = _warnings(lif, root)
    assert problems == []
    without = late.replace("framework: wt2015", "")
    (root / "reviews/SCR-2020-01.yaml").write_text(
        "\n".join(line[8:] for line in without.splitlines()) + "\n"
    )
    _, problems = _warnings(lif, root)
    # Without the override the 2020 case is a wt2018 case: SCRs were replaced, and a
    # rapid review was due.
    assert {p["code"] for p in problems} == {"review-criteria", "timescale-missed"}


def test_an_old_wt2015_repository_keeps_every_case_on_wt2015(lif, make_repo):
    # A repository still on wt2015 is never judged by a later framework.
    root = make_repo(
        {
            "reviews/SCR-2020-01.yaml": _scr(
                "SCR-2020-01", "2020-01-06", "2020-01-09", "2020-01-15", "2020-07-01"
            )
        }
    )
    _, problems = _warnings(lif, root)
    assert problems == []


@pytest.mark.parametrize(
    ("begun", "expected"),
    [
        (date(2019, 9, 28), "wt2015"),
        (date(2019, 9, 29), "wt2018"),
        (date(2023, 12, 14), "wt2018"),
        (date(2023, 12, 15), "wt2023"),
        (None, "wt2023"),
    ],
)
def test_national_transition_dates_when_lif_yaml_gives_none(begun, expected):
    assert case_framework(begun, "wt2023") == expected


def test_the_repository_framework_caps_the_derived_one():
    assert case_framework(date(2024, 6, 1), "wt2018") == "wt2018"
    assert case_framework(date(2024, 6, 1), "wt2015") == "wt2015"
    assert case_framework(date(2016, 6, 1), "wt2023", override="wt2023") == "wt2023"


def test_wt2015_notification_goes_to_ofsted_and_the_lscb(lif, make_repo):
    late = _scr("SCR-2016-01", "2016-03-01", "2016-03-15", "2016-03-20", "2016-08-01")
    root = make_repo({"reviews/SCR-2016-01.yaml": late})
    _, problems = _warnings(lif, root, "2016-09-01")
    [p] = [p for p in problems if p["code"] == "timescale-missed"]
    assert "Ofsted and the LSCB" in p["message"]


def test_a_serious_case_review_led_by_a_reviewer_not_independent_is_warned(lif, make_repo):
    text = _scr("SCR-2016-01", "2016-03-01", "2016-03-03", "2016-03-10", "2016-08-01")
    root = make_repo({"reviews/SCR-2016-01.yaml": text.replace("true\n", "false\n", 1)})
    _, problems = _warnings(lif, root, "2016-09-01")
    assert [p["code"] for p in problems] == ["lead-reviewer-not-independent"]
    assert problems[0]["line"] == 6


# --- Section 11 standards by year ------------------------------------------------------------


def test_an_assessment_is_checked_against_the_standards_of_its_year(lif, make_repo):
    lif_yaml = """\
        partnership: Test
        framework: wt2015
        s11_standards:
          - {id: S1, title: Senior management commitment}
          - {id: S9, title: Children's feedback shapes the work, from_year: 2024}
        """
    assessment = """\
        id: S11-{year}-police
        agency: police
        year: {year}
        standards:
          - {{standard: S1, rating: met}}
          - {{standard: S9, rating: met}}
        """
    root = make_repo(
        {
            "lif.yaml": lif_yaml,
            "assessments/S11-2016-police.yaml": assessment.format(year=2016),
            "assessments/S11-2024-police.yaml": assessment.format(year=2024),
        }
    )
    r, problems = _warnings(lif, root)
    assert r.exit_code == 1
    [p] = problems
    assert p["file"] == "assessments/S11-2016-police.yaml"
    assert p["code"] == "unknown-standard"
    assert "applies in 2016" in p["message"]


# --- incidents and the Panel's process ------------------------------------------------------


def test_an_incident_not_notified_in_time_is_warned_and_status_shows_its_next_step(lif, make_repo):
    incident = """\
        id: SI-2025-01
        title: Serious incident, Child A
        looked_after: true
        notified_to: [panel]
        dates:
          aware: 2025-03-03
          notified: 2025-03-12
        """
    root = make_repo({"lif.yaml": WT2023, "incidents/SI-2025-01.yaml": incident})
    _, problems = _warnings(lif, root, "2025-03-14")
    codes = sorted(p["code"] for p in problems)
    assert codes == ["incident-notification", "incident-notification", "timescale-missed"]
    missed = next(p for p in problems if p["code"] == "timescale-missed")
    assert "2025-03-10" in missed["message"] and missed["line"] == 7
    r = lif("status", "-C", str(root), "--as-of", "2025-03-14", "--format", "json")
    [row] = json.loads(r.stdout)["incidents"]
    assert row["next"] == "rapid-review"
    assert row["deadline"] == "2025-03-24"
    assert row["late"] == ["notification"]


def test_the_panel_agreeing_no_local_review_ends_the_process(lif, make_repo):
    incident = """\
        id: SI-2025-01
        title: Serious incident, Child A
        notified_to: [panel]
        decision: no-local-review
        panel_agrees: true
        dates: {aware: 2025-01-06, notified: 2025-01-08, rapid_review: 2025-01-24,
                panel_response: 2025-02-14}
        """
    root = make_repo({"lif.yaml": WT2023, "incidents/SI-2025-01.yaml": incident})
    r = lif("status", "-C", str(root), "--as-of", "2025-12-01", "--format", "json")
    assert json.loads(r.stdout)["incidents"] == []
    assert _warnings(lif, root, "2025-12-01")[1] == []


@pytest.mark.parametrize("kind", ["incident", "scrutiny", "national-review"])
def test_new_skeletons_validate_clean_with_no_warnings(lif, make_repo, kind):
    root = make_repo({"lif.yaml": WT2023})
    r = lif("new", kind, "-C", str(root), "--as-of", "2025-03-03")
    assert r.exit_code == 0, r.output
    r = lif("validate", "-C", str(root), "--as-of", "2025-03-03")
    assert r.exit_code == 0 and "no problems" in r.output, r.output


def test_arrangements_review_date_passed_shows_in_status_and_validate(lif, make_repo):
    lif_yaml = WT2023 + (
        "arrangements:\n"
        "  lead_partners:\n"
        "    - {role: local-authority, agency: csc}\n"
        "    - {role: integrated-care-board, agency: health}\n"
        "    - {role: police, agency: police}\n"
        "  document: {title: Our arrangements, review_by: 2025-01-31}\n"
    )
    root = make_repo({"lif.yaml": lif_yaml})
    _, problems = _warnings(lif, root, "2025-02-03")
    assert [(p["code"], p["line"]) for p in problems] == [("arrangements-review-due", 8)]
    r = lif("status", "-C", str(root), "--as-of", "2025-02-03")
    assert "review was due by 31 Jan 2025: OVERDUE" in r.stdout
    r = lif("status", "-C", str(root), "--as-of", "2025-01-31")
    assert "next review by 31 Jan 2025" in r.stdout


# --- the example and the yearly report ----------------------------------------------------------


def test_the_present_day_example_validates_clean():
    from .conftest import run_lif

    r = run_lif("validate", "-C", str(BORSETSHIRE), "--as-of", AS_OF)
    assert r.exit_code == 0 and "no problems" in r.output, r.output


def test_yearly_report_has_the_contents_working_together_2023_asks_for(lif, tmp_path):
    root = tmp_path / "b"
    shutil.copytree(BORSETSHIRE, root)
    r = lif("report", "yearly", "-C", str(root), "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    text = r.stdout
    for heading in (
        "## 1. Our arrangements",
        "## 2. What we have done as a result of the arrangements",
        "## 3. How effective the arrangements have been",
        "## 4. Evidence of impact",
        "## 5. Independent scrutiny",
        "## 6. Child death reviews",
        "## 7. Priorities for the coming year",
    ):
        assert heading in text
    assert "| SI-2024-03 | 3 Jul 2024 | national review taken by the Panel | wt2018 |" in text
    assert (
        "| SI-2024-04 | 4 Oct 2024 | awaiting final report to the Panel and SoS | wt2023 |" in text
    )
    assert "CSPR-2024-01/A1 | health-providers | 29 Nov 2024 | Referrals under" in text
    assert "| repeat-cp-plans Child protection plans" in text and "worsening" in text
    assert "IS-2024-01/R2: Build children's" in text
    assert "NR-2024-01/R1: Keep a list" in text
    # CDOP: counts of 1 to 4 suppressed, and one more per year so none can be derived.
    assert "| 8\\. perinatal/neonatal event | * | 5 |" in text
    assert "| 3\\. trauma and other external factors | <5 | 0 |" in text
    assert "| no modifiable factors | * | * |" in text
    assert "| **Deaths reviewed** | 8 | 10 |" in text
    html = lif(
        "report",
        "yearly",
        "-C",
        str(root),
        "--as-of",
        AS_OF,
        "--format",
        "html",
    )
    assert html.exit_code == 0 and "<h2" in html.stdout and "Evidence of impact" in html.stdout


def test_cdop_suppression_is_a_setting(lif, tmp_path):
    root = tmp_path / "b"
    shutil.copytree(BORSETSHIRE, root)
    settings = root / "lif.yaml"
    settings.write_text(
        settings.read_text().replace("cdop_suppress_below: 5", "cdop_suppress_below: 0")
    )
    r = lif("report", "annual", "-C", str(root), "--as-of", AS_OF)
    assert "| 3\\. trauma and other external factors | 1 | 0 |" in r.stdout
    assert "| no modifiable factors | 5 | 7 |" in r.stdout


# --- documentation, export and the board paper -----------------------------------------------


def test_statutory_md_describes_every_timescale_and_every_step():
    from lif_cli.frameworks import _steps
    from lif_cli.statutory import TIMESCALES

    text = (ROOT / "docs" / "STATUTORY.md").read_text()
    titles = {t.title for ts in TIMESCALES.values() for t in ts}
    titles |= {s.title for fw in ("wt2015", "wt2018", "wt2023") for s in _steps(fw).values()}
    # A step's title may carry a parenthesised note the table gives as its own column.
    missing = [t for t in titles if t.split(" (")[0] not in text]
    assert missing == []


def test_export_incidents_and_cdop(lif, tmp_path):
    r = lif("export", "--what", "incidents", "-C", str(BORSETSHIRE), "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Incident,Title,Framework,Notified,Rapid review,Panel response")
    assert any(
        line.startswith("SI-2025-02,") and "2025-04-04" in line and "rapid review" in line
        for line in lines
    )
    r = lif("export", "--what", "cdop", "-C", str(BORSETSHIRE), "--as-of", AS_OF)
    assert "total,deaths reviewed,8,10" in r.stdout
    assert "category,3. trauma and other external factors,<5,0" in r.stdout
    out = tmp_path / "incidents.xlsx"
    r = lif(
        "export", "--what", "incidents", "-C", str(BORSETSHIRE), "--as-of", AS_OF, "-o", str(out)
    )
    assert r.exit_code == 0 and out.stat().st_size > 0


def test_board_paper_shows_where_each_open_incident_stands(lif, tmp_path):
    root = tmp_path / "b"
    shutil.copytree(BORSETSHIRE, root)
    r = lif("report", "board", "-C", str(root), "--as-of", "2025-04-07")
    assert r.exit_code == 0, r.output
    assert "### Serious incidents in the national Panel's process" in r.stdout
    assert (
        "| SI-2025-01 | Serious incident, Child P | wt2023 | awaiting the Panel's response |"
        in (r.stdout)
    )
    # By 7 April the notification of SI-2025-03 and the rapid review of SI-2025-02 are late.
    assert "OVERDUE by" in r.stdout
    assert "Note the serious incidents behind the Panel's timescales" in r.stdout
    assert "SI-2025-02, SI-2025-03" in r.stdout


def test_status_lists_open_incidents_at_80_columns(lif, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = lif("status", "-C", str(BORSETSHIRE), "--as-of", AS_OF)
    assert r.exit_code == 0
    text = r.stdout
    assert "Serious incidents in the Panel's process (4)" in text
    assert "  next: rapid review to the Panel due 4 Apr 2025, 4 working days left" in text
    assert "  next: awaiting the Panel's response, no timescale" in text
    assert "Published arrangements: next review by 1 Sep 2025" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "SI-2024-01" not in text  # through the process: not listed


def test_a_long_incident_line_goes_on_under_its_title_at_80_columns(lif, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = lif("status", "-C", str(BORSETSHIRE), "--as-of", "2025-10-01")
    lines = r.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("SI-2024-04  "))
    title = lines[at].index("Serious incident")
    assert lines[at + 1][title:].startswith("next: final report to the Panel")
    # the overdue words run past one line: they go on under the title, not at the edge
    assert lines[at + 2].startswith(" " * title) and "working days" in lines[at + 2]
    assert max(len(line) for line in lines) <= 80


def test_s11_view_shows_the_standards_of_the_year_asked_for(lif, make_repo):
    lif_yaml = """\
        partnership: Test
        s11_standards:
          - {id: S1, title: Senior management commitment, to_year: 2023}
          - {id: S1, title: Leadership and accountability, from_year: 2024}
          - {id: S9, title: Children's feedback shapes the work, from_year: 2024}
        """
    root = make_repo({"lif.yaml": lif_yaml})
    assert _warnings(lif, root)[1] == []

    def standards(year: int) -> list[tuple[str, str]]:
        r = lif("s11", "-C", str(root), "--as-of", AS_OF, "--year", str(year), "--format", "json")
        return [(s["id"], s["title"]) for s in json.loads(r.stdout)["standards"]]

    assert standards(2016) == [("S1", "Senior management commitment")]
    assert standards(2024) == [
        ("S1", "Leadership and accountability"),
        ("S9", "Children's feedback shapes the work"),
    ]
    overlapping = lif_yaml.replace("to_year: 2023", "to_year: 2024")
    (root / "lif.yaml").write_text("\n".join(line[8:] for line in overlapping.splitlines()) + "\n")
    _, problems = _warnings(lif, root)
    assert [(p["code"], p["line"]) for p in problems] == [("duplicate-local-id", 4)]
