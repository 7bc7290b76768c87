"""One bad value in a record is a located problem (exit 1) in every command, never exit 3.

Issue 17, points 7, 12 and 13: a 5,000-digit number, a date near 9999-12-31,
an id with a trailing newline, the bare ``!`` tag, escapes the docs do not
allow ("\\r", "\\x85") and invisible characters in titles. The fuzz test at the
end puts generated values in a record and runs every read command over it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import git, run_lif, write_repo

AS_OF = ("--as-of", "2016-11-15")

REVIEW = """\
id: LR-1
type: learning-review
title: Child A
status: in-progress
dates: {referred: 2016-01-10, decided: DECIDED, started: 2016-02-01}
findings:
  - {id: F1, text: Information was not shared.}
recommendations:
  - {id: R1, text: Share information, to: csc, findings: [F1]}
"""
PLAN = """\
source: LR-1
actions:
  - id: A1
    recommendation: R1
    text: Write a protocol
    agency: csc
    due: DUE
    status: in-progress
    rag: RAG
"""
CALENDAR = """\
entries:
  - {id: lado, title: LADO report, from: csc, to: PIQAG, months: [1, 4, 7, 10]}
"""

# Every command that reads the records, with the outputs that compute differently.
READ_COMMANDS = [
    ("validate",),
    ("validate", "--format", "json"),
    ("status",),
    ("status", "--format", "json"),
    ("plan",),
    ("plan", "--format", "csv"),
    ("calendar",),
    ("calendar", "--format", "ics"),
    ("indicators",),
    ("s11",),
    ("training",),
    ("report", "board"),
    ("export", "--what", "plan"),
]


def records(decided: str = "2016-01-20", due: str = "2016-10-01", rag: str = "amber") -> dict:
    return {
        "reviews/LR-1.yaml": REVIEW.replace("DECIDED", decided),
        "actions/LR-1.yaml": PLAN.replace("DUE", due).replace("RAG", rag),
        "calendar.yaml": CALENDAR,
    }


def assert_located(result, file: str, code: str) -> None:
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


HUGE = "9" * 5000


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_5000_digit_number_is_a_located_problem_in_every_command(lif, make_repo, command) -> None:
    root = make_repo(records(rag=HUGE))
    result = lif(*command, "-C", str(root), *AS_OF)
    assert_located(result, "actions/LR-1.yaml", "number-too-large")
    check = lif("validate", "-C", str(root), *AS_OF)
    assert "actions/LR-1.yaml:9:10: error number-too-large: the number has 5,000 digits" in (
        check.stdout
    )


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_date_near_the_end_of_time_is_a_located_problem_in_every_command(
    lif, make_repo, command
) -> None:
    root = make_repo(records(decided="9999-12-28", due="9999-12-31"))
    result = lif(*command, "-C", str(root), *AS_OF)
    assert_located(result, "reviews/LR-1.yaml", "invalid-date")
    check = lif("validate", "-C", str(root), *AS_OF).stdout
    assert "reviews/LR-1.yaml:5:" in check and "error invalid-date" in check
    assert "'9999-12-31' is outside the years a record may use (1900 to 2199)" in check


def test_changes_over_a_range_holding_a_bad_number_is_a_located_problem(lif, git_repo) -> None:
    root = git_repo(records())
    (root / "actions/LR-1.yaml").write_text(PLAN.replace("DUE", "2016-10-01").replace("RAG", HUGE))
    git(root, "commit", "-qam", "a huge number")
    (root / "actions/LR-1.yaml").write_text(PLAN.replace("DUE", "2016-10-01").replace("RAG", "red"))
    git(root, "commit", "-qam", "fixed")
    for fmt in ("text", "json"):
        result = lif("changes", "-C", str(root), "--since", "HEAD~2", "--format", fmt)
        assert result.exit_code == 1, result.output
        assert "actions/LR-1.yaml:9:10: error number-too-large" in result.stderr
    payload = json.loads(lif("changes", "-C", str(root), "--since", "HEAD~2", "-f", "json").stdout)
    assert [p["code"] for p in payload["problems"]] == ["number-too-large"]


# --- ids, tags, escapes, invisible characters (points 12 and 13) ---------------------------


def validate(lif, root: Path) -> dict:
    result = lif("validate", "-C", str(root), "--format", "json", *AS_OF)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def error_codes(payload: dict) -> list[tuple[str, int, str]]:
    return [(p["file"], p["line"], p["code"]) for p in payload["errors"]]


def test_an_id_with_a_trailing_newline_fails_the_id_check(lif, make_repo) -> None:
    review = REVIEW.replace("DECIDED", "2016-01-20").replace("id: LR-1", 'id: "LR-1\\n"')
    root = make_repo({"reviews/LR-1.yaml": review})
    assert ("reviews/LR-1.yaml", 1, "invalid-id") in error_codes(validate(lif, root))


def test_lif_new_refuses_an_id_with_a_trailing_newline(lif, make_repo) -> None:
    root = make_repo()
    result = lif("new", "review", "--id", "LR-9\n", "-t", "Child B", "-C", str(root), *AS_OF)
    assert result.exit_code == 2, result.output
    assert not (root / "reviews").exists() or not any((root / "reviews").iterdir())


def test_the_bare_tag_is_refused(lif, make_repo) -> None:
    review = REVIEW.replace("DECIDED", "2016-01-20").replace("title: Child A", "title: ! Child A")
    root = make_repo({"reviews/LR-1.yaml": review})
    assert ("reviews/LR-1.yaml", 3, "yaml-tag") in error_codes(validate(lif, root))


@pytest.mark.parametrize("escape", ["\\r", "\\x85", "\\u2028", "\\u2029", "\\x0d"])
def test_escapes_the_docs_do_not_allow_are_refused(lif, make_repo, escape) -> None:
    review = REVIEW.replace("DECIDED", "2016-01-20").replace(
        "title: Child A", f'title: "Child A{escape}Child B"'
    )
    root = make_repo({"reviews/LR-1.yaml": review})
    assert error_codes(validate(lif, root)) == [("reviews/LR-1.yaml", 3, "control-character")]


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff"])
@pytest.mark.parametrize("how", ["raw", "escape"])
def test_bidi_and_zero_width_characters_in_titles_are_refused(lif, make_repo, char, how) -> None:
    written = char if how == "raw" else f"\\u{ord(char):04x}"
    review = REVIEW.replace("DECIDED", "2016-01-20").replace(
        "title: Child A", f'title: "Child A{written}Child B"'
    )
    root = make_repo({"reviews/LR-1.yaml": review})
    payload = validate(lif, root)
    assert [(f, line) for f, line, _ in error_codes(payload)] == [("reviews/LR-1.yaml", 3)]
    assert f"U+{ord(char):04X}" in payload["errors"][0]["message"]


# --- fuzzing every command -------------------------------------------------------------------

# Values that have broken commands before, and values built from their parts.
NASTY = st.one_of(
    st.integers(min_value=-(10**120), max_value=10**120).map(str),
    st.sampled_from(
        [
            "9" * 5000,
            "9999-12-31",
            "0001-01-01",
            "9999-12-28",
            "1e400",
            "-.inf",
            ".nan",
            "0x" + "f" * 200,
            '"A1\\n"',
            "! x",
            '"\\r"',
            '"\\x85"',
            '"\\u202e"',
            "[]",
            "{}",
            "~",
            "2016-02-30",
            "true",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12).map(
        json.dumps
    ),
)
# (file, the text to replace) for each place a fuzzed value goes
SLOTS = [
    ("reviews/LR-1.yaml", "2016-01-20"),
    ("reviews/LR-1.yaml", "Child A"),
    ("reviews/LR-1.yaml", "in-progress"),
    ("actions/LR-1.yaml", "2016-10-01"),
    ("actions/LR-1.yaml", "amber"),
    ("actions/LR-1.yaml", "csc"),
    ("calendar.yaml", "[1, 4, 7, 10]"),
    ("lif.yaml", "wt2015"),
]


# One output of each read command (the ones that compute differently).
FUZZ_COMMANDS = [c for c in READ_COMMANDS if c not in (("validate",), ("status",), ("plan",))]


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(slot=st.sampled_from(SLOTS), value=NASTY)
@example(slot=("actions/LR-1.yaml", "amber"), value=HUGE)
@example(slot=("actions/LR-1.yaml", "2016-10-01"), value="9999-12-31")
def test_fuzz_every_command_exits_0_or_1(slot, value) -> None:
    files = records()
    files["lif.yaml"] = "partnership: Test Partnership\nframework: wt2015\n"
    file, placeholder = slot
    files[file] = files[file].replace(placeholder, value, 1)
    folder = Path(tempfile.mkdtemp())
    try:
        root = write_repo(folder / "records", files)
        for command in FUZZ_COMMANDS:
            result = run_lif(*command, "-C", str(root), *AS_OF)
            assert result.exit_code in (0, 1), (command, value, result.output)
            assert "internal error" not in result.output, (command, value)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
