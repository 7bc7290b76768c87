"""The personal-data guard: never echoed, scanned everywhere, fewer misses (issue 17, 8-10)."""

from __future__ import annotations

import json

import pytest

from lif_cli.privacy import scan_text
from tests.test_hardening_values import REVIEW, records

AS_OF = ("--as-of", "2016-11-15")
NHS = "943 476 5919"  # passes the mod-11 check; not a real person's
NHS_DIGITS = NHS.replace(" ", "")


def review_with(extra: str) -> dict:
    files = records()
    files["reviews/LR-1.yaml"] = REVIEW.replace("DECIDED", "2016-01-20") + extra
    return files


# --- point 8: no problem message or source line quotes what the guard would flag ------------


@pytest.mark.parametrize(
    "extra",
    [
        f"txet: Child seen, NHS {NHS}\n",  # a mistyped key
        f"notes: [first, {NHS}]\n",  # an unknown field's list
        f"case_ref: {NHS_DIGITS}\n",  # a number where text is expected
        f"{NHS_DIGITS}: x\n",  # a key
        f"criteria: {{abuse_or_neglect: '{NHS}'}}\n",  # an enum value
        f"commissioned_by: '{NHS}'\n",  # an id
        f"published: '{NHS}'\n",  # a date
    ],
    ids=["unknown key", "unknown list", "number", "key", "enum", "id", "date"],
)
def test_no_problem_quotes_personal_data(lif, make_repo, extra) -> None:
    root = make_repo(review_with(extra))
    for fmt in ("text", "json", "github"):
        result = lif("validate", "-C", str(root), "--format", fmt, *AS_OF)
        assert result.exit_code in (0, 1), result.output
        assert result.stdout.count("reviews/LR-1.yaml") >= 1
        for form in (NHS, NHS_DIGITS):
            assert form not in result.output, (fmt, result.output)


# --- point 9: scanned everywhere; the guard switched off says so ----------------------------


def test_an_nhs_number_in_an_agency_name_is_found(lif, make_repo) -> None:
    files = records()
    files["agencies.yaml"] = (
        "agencies:\n"
        f"  - {{id: csc, name: 'Children Services {NHS}', sector: local-authority}}\n"
        "  - {id: police, name: Police, sector: police}\n"
    )
    root = make_repo(files)
    payload = json.loads(lif("validate", "-C", str(root), "-f", "json", *AS_OF).stdout)
    found = [p for p in payload["warnings"] if p["code"] == "personal-data"]
    assert [(p["file"], p["line"]) for p in found] == [("agencies.yaml", 2)]
    paper = lif("report", "board", "-C", str(root), *AS_OF)
    assert paper.exit_code == 1 and NHS not in paper.stdout


def test_personal_data_in_a_comment_or_lif_yaml_is_found(lif, make_repo) -> None:
    files = review_with(f"# spoke to mrs Smith at NR1 2DH about {NHS}\n")
    files["lif.yaml"] = f"partnership: Test Partnership {NHS}\nframework: wt2015\n"
    root = make_repo(files)
    payload = json.loads(lif("validate", "-C", str(root), "-f", "json", *AS_OF).stdout)
    found = sorted(
        (p["file"], p["line"], p["message"].split(" seems")[0])
        for p in payload["warnings"]
        if p["code"] == "personal-data"
    )
    assert ("lif.yaml", 1, "partnership") in found
    comment = [f for f in found if f[0] == "reviews/LR-1.yaml"]
    assert len(comment) == 3 and all(f[2] == "a comment on line 10" for f in comment)


def test_the_guard_switched_off_says_so_on_every_run_and_paper(lif, make_repo) -> None:
    files = records()
    files["lif.yaml"] = "partnership: Test Partnership\nframework: wt2015\npersonal_data: off\n"
    root = make_repo(files)
    for command in (("validate",), ("status",), ("plan",), ("report", "board")):
        result = lif(*command, "-C", str(root), *AS_OF)
        assert "the personal-data guard is off" in result.stderr, command
    paper = lif("report", "board", "-C", str(root), *AS_OF).stdout
    assert "The personal-data guard was off" in paper


# --- point 10: forms the guard used to miss ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("NHS number 943 476\n5919 on file", "nhs-number"),
        ("NHS number 943.476.5919 on file", "nhs-number"),
        (
            "NHS number 9\u200b4\u200b3\u200b4\u200b7\u200b6\u200b5\u200b9\u200b1\u200b9",
            "nhs-number",
        ),
        ("moved to nr1 2dh last year", "postcode"),
        ("seen by mrs Smith at home", "titled-name"),
        ("seen by mrs smith at home", "titled-name"),
        ("letter from DR JONES", "titled-name"),
        ("Child A (12/03/2015) lives with mother", "date-of-birth"),
        ("Child B, 1.2.2014, lives with father", "date-of-birth"),
    ],
)
def test_missed_forms_are_found(text, kind) -> None:
    assert kind in [f.kind for f in scan_text(text)], text


@pytest.mark.parametrize(
    "text",
    [
        "mr and mrs attended the meeting",
        "the dr appointment was missed",
        "Child A was seen on 12/03/2016 by the health visitor",
        "version 1.943.476.5919.2",
        "room b12 3cd",
        "Miss a session and the plan slips",
    ],
)
def test_near_misses_stay_quiet(text) -> None:
    assert scan_text(text) == []


def test_a_finding_in_a_multi_line_value_is_located(lif, make_repo) -> None:
    files = review_with("summary: |\n  NHS number 943 476\n  5919 was shared\n")
    root = make_repo(files)
    result = lif("validate", "-C", str(root), *AS_OF)
    assert "personal-data" in result.stdout and "5919" not in result.stdout
