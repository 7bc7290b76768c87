"""The personal-data guard through `lif validate`: located, never echoing the value."""

from __future__ import annotations

import json

import pytest

from lif_cli.checks.privacy import personal_data_problems, suppressions
from lif_cli.loader import load
from lif_cli.repo import WorkTree


def review(text_line: str, extra: str = "") -> dict[str, str]:
    """A review whose finding F1 has ``text_line`` (a whole YAML line) as its text."""
    return {
        "reviews/LR-1.yaml": "id: LR-1\n"
        "type: learning-review\n"
        "title: Child A\n"
        "status: referred\n"
        f"{extra}"
        "findings:\n"
        "  - id: F1\n"
        f"    {text_line}\n"
    }


def validate_json(lif, root) -> dict:
    result = lif("validate", "-C", str(root), "--format", "json", "--as-of", "2016-11-15")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def personal(payload: dict, severity: str = "warnings") -> list[dict]:
    return [p for p in payload[severity] if p["code"] == "personal-data"]


# --- each detector: a true positive, located, the value never shown ------------------------

TRUE_POSITIVES = [
    ("943 476 5919", "NHS number"),
    ("AB 12 34 56 C", "National Insurance number"),
    ("NR1 2DH", "postcode"),
    ("jane.doe@example.org", "email address"),
    ("07700 900123", "phone number"),
    ("Mrs Smithson", "person's name"),
]


@pytest.mark.parametrize(("value", "kind"), TRUE_POSITIVES)
def test_detector_finds_located_and_never_echoes(lif, make_repo, value, kind) -> None:
    root = make_repo(review(f"text: Contact was made via {value} last week."))
    text = lif("validate", "-C", str(root), "--as-of", "2016-11-15")
    assert text.exit_code == 0  # a warning by default
    col = len("    text: Contact was made via ") + 1
    assert f"reviews/LR-1.yaml:7:{col}: warning personal-data: findings[0].text" in text.stdout
    assert kind in text.stdout
    assert value not in text.output
    payload = validate_json(lif, root)
    [p] = personal(payload)
    assert (p["file"], p["line"], p["column"]) == ("reviews/LR-1.yaml", 7, col)
    assert value not in json.dumps(payload)
    github = lif("validate", "-C", str(root), "--format", "github", "--as-of", "2016-11-15")
    assert "personal-data" in github.stdout and value not in github.output


def test_date_of_birth_found_and_never_echoed(lif, make_repo) -> None:
    root = make_repo(review("text: Child A was born on 12/03/2009 in Norwich."))
    payload = validate_json(lif, root)
    [p] = personal(payload)
    assert p["column"] == len("    text: Child A was born on ") + 1
    assert "date of birth" in p["message"]
    result = lif("validate", "-C", str(root), "--as-of", "2016-11-15")
    assert "12/03/2009" not in result.output


# --- near misses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 943 476 5918 was checked",  # fails the mod-11 check
        "The strategy meeting was held on 12/03/2016.",  # a date with no birth cue
        "Child A (aged 4) was seen on 12/03/2016.",  # the age is an aside, the date a visit
        "Families in NR1 were visited.",  # an outward code is an area, not an address
        "Mr A and Ms B attended.",  # the usual pseudonyms for parents
        "Referral 012345 was received in 2016.",
        "Email the LADO through the secure portal.",
    ],
)
def test_near_misses_are_not_flagged(lif, make_repo, text) -> None:
    root = make_repo(review(f"text: {text}"))
    result = lif("validate", "-C", str(root), "--strict", "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output
    assert "personal-data" not in result.stdout


def test_an_agency_name_that_looks_like_a_name_is_not_flagged(lif, make_repo) -> None:
    agencies = """\
        agencies:
          - {id: csc, name: Children's Services, sector: local-authority}
          - {id: barnardos, name: Dr Barnardo's, sector: voluntary}
        """
    root = make_repo(
        {
            "agencies.yaml": agencies,
            **review("text: Dr Barnardo's family support was not offered to Child A."),
        }
    )
    result = lif("validate", "-C", str(root), "--strict", "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output
    # ...but the same title before another surname is still a person's name.
    root = make_repo({"agencies.yaml": agencies, **review("text: Dr Barnabas saw Child A.")})
    payload = validate_json(lif, root)
    assert [p["message"] for p in personal(payload)] == [
        "findings[0].text seems to hold a person's name; records name people only by "
        "pseudonym or role"
    ]


def test_ids_enums_and_dates_are_not_scanned(lif, make_repo) -> None:
    # An id that happens to look like a postcode, a date under a birth-like key.
    root = make_repo(
        {
            "reviews/NR1-2DH.yaml": """\
                id: NR1-2DH
                type: learning-review
                title: Born in care (a thematic review)
                status: referred
                dates: {referred: 2016-01-10}
                """
        }
    )
    result = lif("validate", "-C", str(root), "--strict", "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output


def test_every_free_text_field_is_scanned(lif, make_repo) -> None:
    root = make_repo(
        {
            "lif.yaml": "partnership: Test Partnership\n"
            "s11_standards:\n  - {id: S1, title: Call 07700 900123}\n",
            "actions/LR-1.yaml": """\
                source: LR-1
                actions:
                  - id: A1
                    recommendation: R1
                    text: Revise training
                    agency: csc
                    owner: Mr Fairweather
                    due: 2017-03-31
                    status: in-progress
                    updates:
                      - {date: 2017-01-10, note: Spoke to jo.bloggs@example.org}
                """,
            "reviews/LR-1.yaml": """\
                id: LR-1
                type: learning-review
                title: Child A
                status: referred
                recommendations:
                  - {id: R1, text: Improve training, to: csc}
                """,
        }
    )
    payload = validate_json(lif, root)
    where = sorted((p["file"], p["line"]) for p in personal(payload))
    assert where == [("actions/LR-1.yaml", 7), ("actions/LR-1.yaml", 11), ("lif.yaml", 3)]


def test_unknown_field_in_a_broken_record_is_still_scanned(lif, make_repo) -> None:
    root = make_repo(review("text: fine", extra="notes: Call NR1 2DH\n"))
    payload = validate_json(lif, root)
    [p] = personal(payload)
    assert (p["line"], p["column"]) == (5, 13)
    assert "notes seems to hold a postcode" in p["message"]


# --- positions inside multi-line values -----------------------------------------------


def test_finding_inside_a_block_scalar_points_at_its_line(lif, make_repo) -> None:
    root = make_repo(
        review(
            "text: |\n"
            "      The first line is fine.\n"
            "      So is the second.\n"
            "      The family lived at NR1 2DH for a year."
        )
    )
    [p] = personal(validate_json(lif, root))
    assert (p["line"], p["column"]) == (10, len("      The family lived at ") + 1)


def test_finding_in_a_folded_plain_scalar(lif, make_repo) -> None:
    root = make_repo(
        review("text: The first line is fine\n      and then NR1 2DH on the next line.")
    )
    [p] = personal(validate_json(lif, root))
    assert (p["line"], p["column"]) == (8, len("      and then ") + 1)


def test_same_text_twice_in_one_value_points_at_each(lif, make_repo) -> None:
    root = make_repo(review("text: |\n      NR1 2DHX is a code.\n      NR1 2DH is not."))
    [p] = personal(validate_json(lif, root))
    assert (p["line"], p["column"]) == (9, 7)


# --- severity ---------------------------------------------------------------------------------


def test_strict_fails_on_personal_data(lif, make_repo) -> None:
    root = make_repo(review("text: Seen at NR1 2DH."))
    assert lif("validate", "-C", str(root), "--as-of", "2016-11-15").exit_code == 0
    assert lif("validate", "-C", str(root), "--strict", "--as-of", "2016-11-15").exit_code == 1


def test_personal_data_error_setting(lif, make_repo) -> None:
    root = make_repo(
        {
            "lif.yaml": "partnership: Test Partnership\npersonal_data: error\n",
            **review("text: Seen at NR1 2DH."),
        }
    )
    result = lif("validate", "-C", str(root), "--as-of", "2016-11-15")
    assert result.exit_code == 1
    assert "error personal-data" in result.stdout
    assert len(personal(validate_json(lif, root), "errors")) == 1


def test_personal_data_off_setting(lif, make_repo) -> None:
    root = make_repo(
        {
            "lif.yaml": "partnership: Test Partnership\npersonal_data: off\n",
            **review("text: Seen at NR1 2DH.  # lif: allow personal-data"),
        }
    )
    result = lif("validate", "-C", str(root), "--strict", "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output


def test_personal_data_problems_is_the_api_for_report(make_repo) -> None:
    root = make_repo(review("text: Seen at NR1 2DH by Mrs Smithson."))
    problems = personal_data_problems(load(WorkTree(root), use_cache=False))
    assert [(p.code, p.file, p.line, p.column) for p in problems] == [
        ("personal-data", "reviews/LR-1.yaml", 7, 19),
        ("personal-data", "reviews/LR-1.yaml", 7, 30),
    ]
    assert all("NR1" not in p.message and "Smithson" not in p.message for p in problems)


# --- suppression -----------------------------------------------------------------------


def test_suppression_on_the_same_line(lif, make_repo) -> None:
    root = make_repo(review("text: Dr Who is a TV show  # lif: allow personal-data -- fiction"))
    result = lif("validate", "-C", str(root), "--strict", "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output


def test_suppression_on_the_line_above(lif, make_repo) -> None:
    root = make_repo(
        review("# lif: allow personal-data -- a published author\n    text: Dr Seuss's books")
    )
    result = lif("validate", "-C", str(root), "--strict", "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output


def test_suppression_above_a_block_scalar(lif, make_repo) -> None:
    root = make_repo(
        review(
            "# lif: allow personal-data -- the switchboard number is public\n"
            "    text: |\n"
            "      Call the switchboard on 01603 223456."
        )
    )
    result = lif("validate", "-C", str(root), "--strict", "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output


def test_suppression_two_lines_away_does_not_apply(lif, make_repo) -> None:
    root = make_repo(
        review(
            "text: fine", extra="# lif: allow personal-data -- too far\n\nlead_reviewer: Mr Xu\n"
        )
    )
    [p] = personal(validate_json(lif, root))
    assert p["line"] == 7


def test_hash_inside_a_value_is_not_a_suppression(lif, make_repo) -> None:
    root = make_repo(
        review("text: |\n      # lif: allow personal-data -- not a comment\n      Seen at NR1 2DH.")
    )
    [p] = personal(validate_json(lif, root))
    assert p["line"] == 9


def test_suppression_without_reason_warns_and_suppresses_nothing(lif, make_repo) -> None:
    root = make_repo(review("text: Seen at NR1 2DH.  # lif: allow personal-data"))
    payload = validate_json(lif, root)
    assert len(personal(payload)) == 1
    [s] = [p for p in payload["warnings"] if p["code"] == "personal-data-suppression"]
    assert (s["line"], s["column"]) == (7, len("    text: Seen at NR1 2DH.  ") + 1)
    text = lif("validate", "-C", str(root), "--as-of", "2016-11-15")
    # the source line is not shown: it holds the value
    assert "NR1 2DH" not in text.output


def test_show_suppressed_lists_file_line_and_reason(lif, make_repo) -> None:
    root = make_repo(
        review(
            "text: Dr Who is a TV show  # lif: allow personal-data -- fiction",
            extra="# lif: allow personal-data\nlead_reviewer: Independent reviewer\n",
        )
    )
    result = lif("validate", "-C", str(root), "--show-suppressed", "--as-of", "2016-11-15")
    assert result.stdout.endswith(
        "personal-data suppressions (2):\n"
        "  reviews/LR-1.yaml:5: (no reason given: suppresses nothing)\n"
        "  reviews/LR-1.yaml:9: fiction\n"
    )
    payload = json.loads(
        lif(
            "validate", "-C", str(root), "--show-suppressed", "-f", "json", "--as-of", "2016-11-15"
        ).stdout
    )
    assert payload["suppressions"] == [
        {"file": "reviews/LR-1.yaml", "line": 5, "column": 1, "reason": None},
        {"file": "reviews/LR-1.yaml", "line": 9, "column": 32, "reason": "fiction"},
    ]
    assert "suppressions" not in validate_json(lif, root)
    listed = suppressions(load(WorkTree(root), use_cache=False))
    assert [(s.file, s.line, s.reason) for s in listed] == [
        ("reviews/LR-1.yaml", 5, None),
        ("reviews/LR-1.yaml", 9, "fiction"),
    ]


def test_show_suppressed_with_none(lif, make_repo) -> None:
    root = make_repo(review("text: fine"))
    result = lif("validate", "-C", str(root), "--show-suppressed", "--as-of", "2016-11-15")
    assert result.exit_code == 0
    assert result.stdout.endswith("no personal-data suppressions\n")


def test_example_repository_is_clean(lif) -> None:
    from tests.conftest import EXAMPLE

    result = lif("validate", "-C", str(EXAMPLE), "--strict", "--as-of", "2016-11-15")
    assert "personal-data" not in result.stdout


# --- lif report refuses a paper while findings are open ------------------------------------


def test_report_refuses_a_paper_with_personal_data(lif, make_repo, tmp_path) -> None:
    root = make_repo(review("text: The family lived at NR1 2DH."))
    out = tmp_path / "paper.md"
    refused = lif("report", "-C", str(root), "-o", str(out), "--as-of", "2016-11-15")
    assert refused.exit_code == 1
    assert "personal data" in refused.stderr and "--allow-personal-data" in refused.stderr
    assert "NR1 2DH" not in refused.output
    assert not out.exists()
    allowed = lif(
        "report", "-C", str(root), "-o", str(out), "--allow-personal-data", "--as-of", "2016-11-15"
    )
    assert allowed.exit_code == 0, allowed.output
    assert out.exists()


def test_report_writes_when_the_finding_is_suppressed(lif, make_repo) -> None:
    root = make_repo(
        review("text: Seen by Dr Seuss.  # lif: allow personal-data -- a published author")
    )
    result = lif("report", "-C", str(root), "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output


def test_model_walk_and_document_walk_agree_on_the_example() -> None:
    # Valid records are walked through their models (cached, fast); broken ones
    # through the parsed document. Both must see the same free text at the same paths.
    from lif_cli.checks.privacy import _free_text, _model_text
    from lif_cli.loader import model_for
    from tests.conftest import EXAMPLE

    records = load(WorkTree(EXAMPLE), use_cache=False)
    seen = 0
    for rf in records.files:
        assert rf.model is not None
        from_model: list = []
        _model_text(rf.model, (), from_model)
        data = records.document(rf.file).data
        assert sorted(from_model) == sorted(_free_text(data, model_for(rf.kind), ())), rf.file
        seen += len(from_model)
    assert seen > 200


@pytest.mark.parametrize("example", ["nscb", "borsetshire"])
def test_the_quick_walk_finds_the_same_texts_as_the_located_walk(example) -> None:
    # Texts are screened from a walk that builds no paths; a file with a finding
    # is walked again with paths and the two are paired by position, so both
    # walks must give the same texts in the same order, for every record.
    from lif_cli.checks.privacy import _model_text
    from tests.conftest import ROOT

    records = load(WorkTree(ROOT / "examples" / example), use_cache=False)
    walked = 0
    for rf in records.files:
        if rf.model is None:
            continue
        located: list = []
        _model_text(rf.model, (), located)
        quick: list[str] = []
        _model_text(rf.model, (), quick, located=False)
        assert quick == [value for _, value in located], rf.file
        walked += len(quick)
    assert walked > 100
