"""Layer 2 called directly: the resolver, id uniqueness and reference checks.

The CLI end of every dangling reference is in test_validate.py; these tests
pin the rules underneath (namespaces, case, qualified ids) on loaded records.
"""

from __future__ import annotations

from datetime import date

import pytest

from lif_cli import loader
from lif_cli.checks import run_checks
from lif_cli.checks.references import Resolver, check_ids, check_references
from lif_cli.repo import WorkTree
from tests.test_validate import AS_OF, CALENDAR, GOOD, PLAN, REVIEW, SCR

FINDINGS = "findings:\n  - {id: F1, text: Nobody asked about the partner}\n"


def load(make_repo, files):
    return loader.load(WorkTree(make_repo(files)), use_cache=False)


def located(records, problems):
    return sorted((p.code, p.file, p.line, p.column) for p in records.locate(problems))


def test_the_resolver_knows_records_and_qualified_ids(make_repo):
    records = load(make_repo, {**GOOD, "reviews/SCR-1.yaml": SCR + FINDINGS})
    r = Resolver(records)
    assert r.resolve("SCR-1")
    assert r.resolve("re-referrals")  # an indicator is a record too
    assert r.resolve("SCR-1/R1") and r.resolve("SCR-1/F1") and r.resolve("SCR-1/A2")
    assert not r.resolve("SCR-1/R9")
    assert not r.resolve("scr-1")  # references match exactly; the hint covers case
    assert not r.resolve("re-referrals/R1")  # an indicator carries no recommendations
    assert not r.resolve("nowhere/R1")


def test_a_reference_differing_only_in_case_gets_the_right_hint(make_repo):
    records = load(make_repo, {**GOOD, "actions/SCR-1.yaml": PLAN.replace("csc", "CSC")})
    (p,) = list(check_references(records))
    assert (p.code, p.hint) == ("unknown-agency", "did you mean 'csc'?")


def test_a_group_where_an_agency_is_required_says_so(make_repo):
    records = load(make_repo, {**GOOD, "actions/SCR-1.yaml": PLAN.replace("csc", "PIQAG")})
    (p,) = list(check_references(records))
    assert p.message == (
        "'PIQAG' is not an agency in agencies.yaml (that is a group; this field takes an agency)"
    )


def test_who_takes_an_agency_or_a_group(make_repo):
    review = SCR.replace("to: [csc, police]", "to: [csc, PIQAG, board, health]")
    records = load(make_repo, {**GOOD, "reviews/SCR-1.yaml": review})
    assert list(check_references(records)) == []


def test_calendar_from_and_to_resolve(make_repo):
    calendar = CALENDAR.replace("from: police, to: PIQAG", "from: polce, to: PIQUAG")
    records = load(make_repo, {"calendar.yaml": calendar})
    assert located(records, check_references(records)) == [
        ("unknown-who", "calendar.yaml", 2, 42),
        ("unknown-who", "calendar.yaml", 2, 53),
    ]


def test_challenge_and_drilldown_references(make_repo):
    challenge = (
        "id: PCD-1\ndate: 2016-06-20\nagencies: [csc, polise]\nchallenges:\n"
        "  - {to: police, by: helth, question: How is the voice of the child recorded?}\n"
    )
    drilldown = (
        "id: DD-1\nraised: 2016-03-10\nraised_by: bord\nstatus: open\n"
        "questions:\n  - {id: Q1, text: Why?, to: LSCG-north}\n"
    )
    records = load(
        make_repo, {"challenges/PCD-1.yaml": challenge, "drilldowns/DD-1.yaml": drilldown}
    )
    assert located(records, check_references(records)) == [
        ("unknown-agency", "challenges/PCD-1.yaml", 3, 17),
        ("unknown-who", "challenges/PCD-1.yaml", 5, 22),
        ("unknown-who", "drilldowns/DD-1.yaml", 3, 12),
        ("unknown-who", "drilldowns/DD-1.yaml", 6, 30),
    ]


def test_an_approval_by_an_unknown_group(make_repo):
    plan = PLAN.replace(
        "source: SCR-1\n", "source: SCR-1\napproved: {by: bord, date: 2016-06-01}\n"
    )
    records = load(make_repo, {**GOOD, "actions/SCR-1.yaml": plan})
    assert located(records, check_references(records)) == [
        ("unknown-who", "actions/SCR-1.yaml", 2, 16)
    ]


def test_file_names_differing_only_in_case_are_one_record(make_repo):
    root = make_repo(
        {
            "reviews/Child-A.yaml": REVIEW.replace("R1", "Child-A"),
            "reviews/CHILD-A.yaml": REVIEW.replace("R1", "CHILD-A"),
        }
    )
    if len(list((root / "reviews").iterdir())) < 2:
        pytest.skip("this file system folds case")
    records = loader.load(WorkTree(root), use_cache=False)
    # files are read in sorted order: 'CHILD-A' sorts before 'Child-A'
    assert [(p.code, p.file) for p in records.problems] == [
        ("duplicate-file", "reviews/Child-A.yaml")
    ]
    assert list(check_ids(records)) == []


def test_an_action_plan_and_its_source_may_share_an_id(make_repo):
    """actions/SCR-1.yaml is named after its source: not a duplicate id."""
    records = load(make_repo, GOOD)
    assert list(check_ids(records)) == []
    assert run_checks(records, date.fromisoformat(AS_OF)) == []


def test_duplicate_calendar_entries_and_standards(make_repo):
    calendar = CALENDAR + "  - {id: Lado, title: Again, to: PIQAG, months: [2]}\n"
    settings = (
        "partnership: P\nframework: wt2015\ns11_standards:\n"
        "  - {id: S1, title: One}\n  - {id: S1, title: Again}\n"
    )
    records = load(make_repo, {"calendar.yaml": calendar, "lif.yaml": settings})
    problems = run_checks(records, date.fromisoformat(AS_OF))
    assert [(p.code, p.file, p.line) for p in problems] == [
        ("duplicate-id", "calendar.yaml", 3),
        ("duplicate-local-id", "lif.yaml", 5),
    ]
