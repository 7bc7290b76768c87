"""`lif validate` end to end: every bad input of issue 2 gets a located problem.

Each test writes a real records folder (``make_repo``), runs the real CLI and
asserts the exit code, the problem code, the file and the line (and column
where it means something). A bad file must produce its own problem and nothing
else: the other records still load.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, write_repo

AS_OF = "2016-11-15"

REVIEW = """\
id: R1
type: learning-review
title: Child A
status: referred
"""

SCR = """\
id: SCR-1
type: serious-case-review
title: Child A
case_ref: Child A
status: in-progress
commissioned_by: board
criteria:
  abuse_or_neglect: known
  child_died: false
  seriously_harmed: true
  concern_about_working_together: true
recommendations:
  - id: R1
    text: Share information about adults in the household.
    to: [csc, police]
  - id: R2
    text: Relaunch the escalation procedure.
    to: [board]
"""

PLAN = """\
source: SCR-1
actions:
  - id: A1
    recommendation: R1
    text: Revise the assessment guidance
    agency: csc
    due: 2017-03-31
    status: in-progress
  - id: A2
    recommendation: [R2]
    text: Relaunch the escalation procedure
    agency: police
    due: 2017-01-31
    status: not-started
"""

CALENDAR = """\
entries:
  - {id: lado, title: LADO report, from: police, to: PIQAG, months: [1, 4, 7, 10]}
"""


@pytest.fixture
def other_repo(tmp_path):
    """A second records folder in the same test (make_repo always writes one)."""
    count = itertools.count()

    def _make(files: dict[str, str | bytes]) -> Path:
        return write_repo(tmp_path / f"other{next(count)}", files)

    return _make


def validate(lif, root: Path, *args: str, fmt: str = "json"):
    """Run `lif validate` on ``root``: (result, parsed JSON or None)."""
    result = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", fmt, *args)
    data = json.loads(result.stdout) if fmt == "json" else None
    return result, data


def found(data: dict) -> list[tuple[str, str, int, int]]:
    """Every problem as (code, file, line, column), errors then warnings."""
    return [(p["code"], p["file"], p["line"], p["column"]) for p in data["errors"]] + [
        (p["code"], p["file"], p["line"], p["column"]) for p in data["warnings"]
    ]


def one(data: dict, code: str) -> dict:
    """The single problem with ``code`` (fails if there are none or several)."""
    hits = [p for p in data["errors"] + data["warnings"] if p["code"] == code]
    assert len(hits) == 1, f"expected one {code}, got {json.dumps(data, indent=1)}"
    return hits[0]


# --- syntax and encoding: each bad file alone gives exactly its problems -------------

R = "reviews/R1.yaml"

BILLION_LAUGHS = "".join(
    [
        'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n',
        *(f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)),
    ]
)

BAD_FILES: dict[str, tuple[dict[str, str | bytes], list[tuple[str, str, int, int]]]] = {
    "empty file": ({R: ""}, [("empty-file", R, 1, 1)]),
    "comments only": ({R: "# a review will go here\n\n# later\n"}, [("empty-file", R, 1, 1)]),
    "a list at the top": ({R: "- id: R1\n- id: R2\n"}, [("not-a-mapping", R, 1, 1)]),
    "a single value at the top": ({R: "just some text\n"}, [("not-a-mapping", R, 1, 1)]),
    "a tab indenting a key": (
        {R: "id: R1\ntitle: Child A\ndates:\n\taware: 2016-01-08\n"},
        [("yaml-syntax", R, 4, 1)],
    ),
    "an unclosed double quote": (
        {R: 'id: R1\ntitle: "Child A\ntype: learning-review\nstatus: referred\n'},
        [("yaml-syntax", R, 2, 8)],
    ),
    "an unclosed single quote": (
        {R: "id: R1\ntitle: 'Child A\n"},
        [("yaml-syntax", R, 2, 8)],
    ),
    "a: b: c": ({R: "id: R1\ntitle: a: b: c\n"}, [("yaml-syntax", R, 2, 9)]),
    "an unclosed flow list": (
        {R: "id: R1\nfindings: [a, b\nstatus: referred\n"},
        [("yaml-syntax", R, 2, 11)],
    ),
    "a duplicate key": (
        {R: REVIEW + "title: Child B\n"},
        [("duplicate-key", R, 5, 1)],
    ),
    "a duplicate nested key": (
        {R: REVIEW + "dates:\n  aware: 2016-01-08\n  aware: 2016-01-09\n"},
        [("duplicate-key", R, 7, 3)],
    ),
    "two documents": ({R: REVIEW + "---\nid: R2\n"}, [("yaml-multiple-documents", R, 5, 1)]),
    "two documents, each with a start marker": (
        {R: "---\n" + REVIEW + "---\n" + REVIEW},
        [("yaml-multiple-documents", R, 6, 1)],
    ),
    "an anchor and an alias": (
        {R: REVIEW + "lead_reviewer: &who Independent reviewer\ncase_ref: *who\n"},
        [("yaml-anchor", R, 5, 16), ("yaml-alias", R, 6, 11)],
    ),
    "a merge key": (
        {R: "id: R1\n<<: {type: learning-review, title: Child A}\nstatus: referred\n"},
        [("yaml-merge-key", R, 2, 1)],
    ),
    "a python tag": (
        {R: REVIEW + "case_ref: !!python/object/apply:os.system ['true']\n"},
        [("yaml-tag", R, 5, 11)],
    ),
    "a local tag": ({R: REVIEW + "case_ref: !secret Child A\n"}, [("yaml-tag", R, 5, 11)]),
    "a %YAML directive": ({R: "%YAML 1.1\n---\n" + REVIEW}, [("yaml-directive", R, 1, 1)]),
    "a %TAG directive": (
        {R: "%TAG !x! tag:example.com,2000:\n---\n" + REVIEW},
        [("yaml-directive", R, 1, 1)],
    ),
    "deep flow nesting": (
        {R: "id: R1\nfindings: " + "[" * 200 + "]" * 200 + "\n"},
        [("yaml-too-deep", R, 2, 42)],
    ),
    "deep block nesting": (
        {R: "id: R1\n" + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n"},
        [("yaml-too-deep", R, 34, 65)],
    ),
    "a Windows-1252 byte": ({R: b"id: R1\ntitle: Caf\xe9 review\n"}, [("file-encoding", R, 2, 11)]),
    "UTF-16 with a byte-order mark": ({R: REVIEW.encode("utf-16")}, [("file-encoding", R, 1, 1)]),
    "UTF-16 without a byte-order mark": (
        {R: REVIEW.encode("utf-16-le")},
        [("file-encoding", R, 1, 1)],
    ),
    "a NUL byte": ({R: b"id: R1\ntitle: Chi\x00ld A\n"}, [("file-encoding", R, 2, 11)]),
    "a control character": ({R: "id: R1\ntitle: Child\x1b A\n"}, [("file-encoding", R, 2, 13)]),
    "a C1 control character": ({R: "id: R1\ntitle: A\x90\n"}, [("file-encoding", R, 2, 9)]),
    "a file over the size cap": (
        {R: REVIEW + "# " + "x" * 1_100_000 + "\n"},
        [("file-too-large", R, 1, 1)],
    ),
    "left-over merge conflict markers": (
        {
            R: "id: R1\n<<<<<<< HEAD\ntitle: Child A\n=======\ntitle: Child B\n"
            ">>>>>>> feature\ntype: learning-review\nstatus: referred\n"
        },
        [("conflict-marker", R, 2, 1), ("conflict-marker", R, 4, 1), ("conflict-marker", R, 6, 1)],
    ),
    "a key that is a list": ({R: "id: R1\n? [a, b]\n: c\n"}, [("yaml-key-type", R, 2, 3)]),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_gives_exactly_its_located_problems(lif, make_repo, case):
    files, expected = BAD_FILES[case]
    root = make_repo(files)
    result, data = validate(lif, root)
    assert result.exit_code == 1, result.output
    assert found(data) == expected
    assert data["records"] == 4  # lif, agencies, groups and the bad file: nothing else broke


def test_an_alias_bomb_is_refused_before_anything_is_expanded(tmp_path, make_repo):
    """A billion-laughs document must neither hang nor eat memory.

    Run as a real process so a hang would end in the subprocess timeout and
    the child's peak memory can be read (an expanded bomb needs gigabytes).
    """
    root = make_repo({R: BILLION_LAUGHS})
    # The child's own peak (VmHWM of its own memory map): ru_maxrss of children
    # would count this test process's memory too (it is copied at fork and
    # recorded at exec), so a long test session would fail it.
    peak_file = root.parent / "peak-kib"
    wrapper = (
        "import atexit, pathlib, sys\n"
        "def peak():\n"
        "    status = pathlib.Path('/proc/self/status')\n"
        "    if status.exists():\n"
        "        kib = status.read_text().split('VmHWM:')[1].split()[0]\n"
        f"        pathlib.Path({str(peak_file)!r}).write_text(kib)\n"
        "atexit.register(peak)\n"
        "from lif_cli.cli.app import run\n"
        "sys.argv = ['lif', *sys.argv[1:]]\n"
        "run()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, "validate", "-C", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LIF_NO_CACHE": "1"},
    )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    codes = {(p["code"], p["line"]) for p in data["errors"]}
    assert ("yaml-anchor", 1) in codes and ("yaml-alias", 2) in codes
    if peak_file.exists():  # Linux: an expanded bomb would need gigabytes
        assert int(peak_file.read_text()) < 400 * 1024


def test_text_output_shows_the_line_a_caret_and_the_hint(lif, make_repo):
    root = make_repo({R: "id: R1\ntitle: a: b: c\n"})
    result, _ = validate(lif, root, fmt="text")
    assert result.exit_code == 1
    assert result.stdout == (
        "reviews/R1.yaml\n"
        "  reviews/R1.yaml:2:9: error yaml-syntax: YAML syntax error: a ':' followed by a "
        "space inside a plain value\n"
        "    2 | title: a: b: c\n"
        "      |         ^\n"
        "        hint: put the value in quotes, e.g. key: 'a: b', or check this line's "
        "indentation\n"
        "\n"
        "1 error in 1 file (4 record files read)\n"
    )


def test_text_output_for_a_tab_and_an_unclosed_quote(lif, make_repo):
    root = make_repo(
        {
            "reviews/R1.yaml": "id: R1\ndates:\n\taware: 2016-01-08\n",
            "reviews/R2.yaml": "id: R2\ntitle: 'Child B\ntype: learning-review\n",
        }
    )
    result, _ = validate(lif, root, fmt="text")
    assert result.exit_code == 1
    out = result.stdout
    assert "reviews/R1.yaml:3:1: error yaml-syntax: YAML syntax error: a tab is used" in out
    assert "    3 |  aware: 2016-01-08\n      | ^\n" in out
    assert "hint: YAML indents with spaces only: replace the tab with spaces" in out
    assert "reviews/R2.yaml:2:8: error yaml-syntax:" in out
    assert "    2 | title: 'Child B\n      |        ^\n" in out
    assert "never closed" in out
    assert out.endswith("2 errors in 2 files (5 record files read)\n")


def test_tags_are_named_as_written(lif, make_repo):
    root = make_repo({R: REVIEW + "case_ref: !!python/object/apply:os.system ['true']\n"})
    _, data = validate(lif, root)
    assert "'!!python/object/apply:os.system'" in one(data, "yaml-tag")["message"]


# --- accepted inputs ----------------------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {R: b"\xef\xbb\xbf" + REVIEW.encode()},
        {R: REVIEW.replace("\n", "\r\n").encode()},
        {"reviews/R1.yml": REVIEW},
        {R: REVIEW + "dates:\n  aware: '2016-01-08'\n  notified: \"2016-01-12\"\n"},
        {R: REVIEW, "reviews/notes.txt": "not a record", "README.md": "# records\n"},
    ],
    ids=["utf-8 BOM", "CRLF", ".yml", "quoted dates", "other files"],
)
def test_accepted_inputs_validate_clean(lif, make_repo, files):
    root = make_repo(files)
    result, data = validate(lif, root)
    assert found(data) == []
    assert result.exit_code == 0


def test_positions_are_exact_after_a_bom_and_in_crlf_files(lif, make_repo):
    bad = "id: R1\ntype: learning-review\ntitle: Child A\nstatus: refered\n"
    root = make_repo(
        {
            "reviews/R1.yaml": b"\xef\xbb\xbf" + bad.encode(),
            "audits/A1.yaml": (
                b"id: A1\r\ntype: multi-agency\r\ntitle: Neglect\r\nstatus: planed\r\n"
            ),
        }
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [
        ("invalid-value", "audits/A1.yaml", 4, 9),
        ("invalid-value", "reviews/R1.yaml", 4, 9),
    ]
    text, _ = validate(lif, root, fmt="text")
    assert "    4 | status: planed\n      |         ^\n" in text.stdout


def test_a_yml_file_is_named_as_it_is(lif, make_repo):
    root = make_repo({"reviews/R1.yml": REVIEW.replace("referred", "refered")})
    _, data = validate(lif, root)
    assert found(data) == [("invalid-value", "reviews/R1.yml", 4, 9)]
    assert one(data, "invalid-value")["hint"] == "did you mean 'referred'?"


def test_the_same_record_as_yaml_and_yml_is_a_duplicate(lif, make_repo):
    root = make_repo({"reviews/R1.yaml": REVIEW, "reviews/R1.yml": REVIEW})
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [("duplicate-file", "reviews/R1.yml", 1, 1)]


# --- missing repository -------------------------------------------------------------


def test_no_lif_yaml_is_misuse_and_says_how_to_start(lif, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = lif("validate", "-C", str(empty))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no lif.yaml" in result.stderr
    assert "lif init" in result.stderr
    assert "Traceback" not in result.output


def test_no_lif_yaml_found_from_the_current_folder(lif, tmp_path):
    result = lif("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "lif init" in result.stderr


def test_a_repo_path_that_does_not_exist(lif, tmp_path):
    result = lif("validate", "-C", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_validate_finds_the_root_from_a_subfolder(lif, make_repo):
    root = make_repo({R: REVIEW})
    result = lif("validate", "--format", "json", cwd=root / "reviews")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["records"] == 4


@pytest.mark.parametrize(
    "args",
    [("--format", "xml"), ("--bogus",), ("--as-of", "2016-02-30"), ("--as-of", "15/11/2016")],
)
def test_bad_options_are_misuse_not_internal_errors(lif, make_repo, args):
    root = make_repo({R: REVIEW})
    result = lif("validate", "-C", str(root), *args)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.stderr
    assert "Usage: lif validate" in result.stderr


# --- schema layer: types, dates, unknown fields, ids -----------------------------


def test_an_invalid_calendar_date(lif, make_repo):
    root = make_repo({R: REVIEW + "dates:\n  aware: 2016-02-30\n"})
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [("invalid-date", R, 6, 10)]
    assert "'2016-02-30' is not a date: 2016-02 has 29 days" in data["errors"][0]["message"]


WRONG_TYPES = {
    "due: 0": (
        "actions/SCR-1.yaml",
        PLAN.replace("due: 2017-03-31", "due: 0"),
        ("invalid-date", 7, 10),
        "found the number 0",
    ),
    "independent: yes": (
        "reviews/SCR-1.yaml",
        SCR + "independent: yes\n",
        ("wrong-type", 19, 14),
        "YAML 1.2 booleans are true and false",
    ),
    "id: 007": (
        "reviews/SCR-1.yaml",
        SCR.replace("id: SCR-1", "id: 007"),
        ("invalid-id", 1, 5),
        "put it in quotes",
    ),
    "a datetime for a date": (
        "reviews/SCR-1.yaml",
        SCR + "dates:\n  aware: 2016-01-08T09:30:00\n",
        ("invalid-date", 20, 10),
        "give the date without a time",
    ),
    "a date with a space and a time": (
        "reviews/SCR-1.yaml",
        SCR + "dates:\n  aware: 2016-01-08 09:30\n",
        ("invalid-date", 20, 10),
        "give the date without a time",
    ),
    ".nan": (
        "indicators/re-referrals.yaml",
        "id: re-referrals\ntitle: Re-referrals\nbetter: lower\ntarget: .nan\n",
        ("wrong-type", 4, 9),
        "not-a-number",
    ),
    ".inf in a nested list": (
        "indicators/re-referrals.yaml",
        "id: re-referrals\ntitle: Re-referrals\nbetter: lower\nvalues:\n"
        "  - {period: 2016-Q1, value: 22.4}\n  - {period: 2016-Q2, value: .inf}\n",
        ("wrong-type", 6, 30),
        "an infinite number",
    ),
    "a number for text": (
        "reviews/SCR-1.yaml",
        SCR.replace("title: Child A", "title: 12"),
        ("wrong-type", 3, 8),
        "put it in quotes",
    ),
    "a month of 13": (
        "calendar.yaml",
        CALENDAR.replace("[1, 4, 7, 10]", "[1, 4, 7, 13]"),
        ("invalid-value", 2, 79),
        "a month number 1 to 12",
    ),
    "a list for a mapping": (
        "reviews/SCR-1.yaml",
        SCR + "dates: [2016-01-08]\n",
        ("wrong-type", 19, 8),
        "a mapping of fields",
    ),
}


@pytest.mark.parametrize("case", WRONG_TYPES, ids=list(WRONG_TYPES))
def test_wrong_typed_values_are_located(lif, make_repo, case):
    file, text, (code, line, column), words = WRONG_TYPES[case]
    files = {"reviews/SCR-1.yaml": SCR, "actions/SCR-1.yaml": PLAN, "calendar.yaml": CALENDAR}
    files[file] = text
    root = make_repo(files)
    result, data = validate(lif, root)
    assert result.exit_code == 1
    problem = one(data, code)
    assert (problem["file"], problem["line"], problem["column"]) == (file, line, column)
    assert words in problem["message"] + problem.get("hint", "")


def test_unknown_fields_get_a_did_you_mean_hint_at_every_depth(lif, make_repo):
    root = make_repo(
        {
            "reviews/SCR-1.yaml": SCR.replace("case_ref:", "case_reff:")
            + "dates:\n  publishd: 2016-05-03\n",
            "actions/SCR-1.yaml": PLAN.replace("    agency: police", "    agncy: police"),
        }
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    unknown = [p for p in data["errors"] if p["code"] == "unknown-field"]
    assert [(p["file"], p["line"], p["column"], p["hint"]) for p in unknown] == [
        ("actions/SCR-1.yaml", 12, 5, "did you mean 'agency'?"),
        ("reviews/SCR-1.yaml", 4, 1, "did you mean 'case_ref'?"),
        ("reviews/SCR-1.yaml", 20, 3, "did you mean 'published'?"),
    ]
    # the misspelt agency leaves the action without its required one
    assert one(data, "missing-field")["line"] == 9
    text, _ = validate(lif, root, fmt="text")
    assert "   20 |   publishd: 2016-05-03\n      |   ^\n" in text.stdout
    assert "hint: did you mean 'published'?" in text.stdout


def test_an_unknown_field_without_a_close_match_lists_the_fields(lif, make_repo):
    root = make_repo({"reviews/R1.yaml": REVIEW + "dates:\n  zzz: 2016-05-03\n"})
    _, data = validate(lif, root)
    hint = one(data, "unknown-field")["hint"]
    assert hint.startswith("fields here: aware, notified")


def test_required_and_empty_fields(lif, make_repo):
    root = make_repo(
        {
            "reviews/R1.yaml": "id: R1\ntype: learning-review\nstatus: referred\n",
            "reviews/R2.yaml": "id: R2\ntype: learning-review\ntitle:\nstatus: referred\n",
            "reviews/R3.yaml": "id: R3\ntype: learning-review\ntitle: '  '\nstatus: referred\n",
        }
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [
        ("missing-field", "reviews/R1.yaml", 1, 1),
        ("empty-field", "reviews/R2.yaml", 3, 7),
        ("empty-field", "reviews/R3.yaml", 3, 8),
    ]
    assert data["errors"][0]["message"] == "the record has no 'title', which is required"


def test_a_problem_deep_in_a_nested_list_is_located(lif, make_repo):
    plan = PLAN + (
        "    updates:\n"
        "      - {date: 2016-10-01, status: in-progress}\n"
        "      - {date: 2016-11-01, status: stalled}\n"
    )
    root = make_repo({"reviews/SCR-1.yaml": SCR, "actions/SCR-1.yaml": plan})
    _, data = validate(lif, root)
    problem = one(data, "invalid-value")
    assert (problem["file"], problem["line"], problem["column"]) == ("actions/SCR-1.yaml", 17, 36)
    assert problem["message"].startswith("actions[1].updates[1].status: 'stalled' is not one of")


def test_an_empty_action_list_is_an_error(lif, make_repo):
    root = make_repo(
        {"reviews/SCR-1.yaml": SCR, "actions/SCR-1.yaml": "source: SCR-1\nactions: []\n"}
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [("empty-field", "actions/SCR-1.yaml", 2, 10)]


def test_an_invalid_id_syntax(lif, make_repo):
    root = make_repo({"reviews/R 1.yaml": REVIEW.replace("id: R1", "id: R 1")})
    _, data = validate(lif, root)
    assert found(data) == [("invalid-id", "reviews/R 1.yaml", 1, 5)]
    assert "is not a valid id" in data["errors"][0]["message"]


# --- layer 2: ids and references --------------------------------------------------


def test_id_must_match_the_file_stem(lif, make_repo):
    root = make_repo(
        {
            "reviews/R1.yaml": REVIEW.replace("id: R1", "id: R2"),
            "reviews/SCR-1.yaml": SCR,
            "actions/SCR-2.yaml": PLAN,
        }
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert [p for p in found(data) if p[0] == "id-mismatch"] == [
        ("id-mismatch", "actions/SCR-2.yaml", 1, 9),
        ("id-mismatch", "reviews/R1.yaml", 1, 5),
    ]
    hints = {p["file"]: p["hint"] for p in data["errors"] if p["code"] == "id-mismatch"}
    assert hints["reviews/R1.yaml"] == "rename the file to reviews/R2.yaml, or set id: R1"
    assert "actions/SCR-1.yaml" in hints["actions/SCR-2.yaml"]


def test_ids_are_unique_case_insensitively_across_kinds(lif, make_repo):
    root = make_repo(
        {
            "reviews/R1.yaml": REVIEW,
            "audits/r1.yaml": "id: r1\ntype: multi-agency\ntitle: Neglect\nstatus: planned\n",
            "training/R1.yaml": "id: R1\ntitle: Neglect training\n",
        }
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    dups = [p for p in data["errors"] if p["code"] == "duplicate-id"]
    # reviews are read before audits and training: the later files are the duplicates
    assert [(p["file"], p["line"], p["column"]) for p in dups] == [
        ("audits/r1.yaml", 1, 5),
        ("training/R1.yaml", 1, 5),
    ]
    assert dups[0]["message"] == (
        "the id 'r1' is already used by reviews/R1.yaml (ids are compared ignoring case)"
    )
    assert dups[1]["message"] == "the id 'R1' is already used by reviews/R1.yaml"


def test_record_files_differing_only_in_case(lif, make_repo):
    root = make_repo({"reviews/R1.yaml": REVIEW, "reviews/r1.yaml": REVIEW.replace("R1", "r1")})
    if len(list((root / "reviews").iterdir())) < 2:
        pytest.skip("this file system folds case")
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [("duplicate-file", "reviews/r1.yaml", 1, 1)]


def test_agency_and_group_ids_share_one_namespace(lif, make_repo):
    groups = (
        "groups:\n  - {id: board, name: Board}\n  - {id: PIQAG, name: PIQAG, parent: board}\n"
        "  - {id: CSC, name: Children's services group}\n"
    )
    calendar = CALENDAR + "  - {id: LADO, title: Again, to: PIQAG, months: [2]}\n"
    root = make_repo({"groups.yaml": groups, "calendar.yaml": calendar})
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [
        ("duplicate-id", "calendar.yaml", 3, 10),
        ("duplicate-id", "groups.yaml", 4, 10),
    ]
    assert "agencies.yaml" in data["errors"][1]["message"]


def test_local_ids_are_unique_within_their_record(lif, make_repo):
    review = SCR + (
        "  - id: r1\n    text: Again.\n"
        "findings:\n  - {id: F1, text: One}\n  - {id: F1, text: Two}\n"
    )
    plan = PLAN + (
        "  - id: A1\n    recommendation: R1\n    text: Again\n    agency: csc\n"
        "    due: 2017-03-31\n    status: in-progress\n"
    )
    drilldown = (
        "id: DD-1\nraised: 2016-03-10\nstatus: open\nquestions:\n"
        "  - {id: Q1, text: Why?, to: csc}\n  - {id: Q1, text: Why not?, to: police}\n"
    )
    assessment = (
        "id: S11-police\nagency: police\nyear: 2016\nstandards:\n"
        "  - {standard: S1, rating: met}\n  - {standard: S1, rating: not-met}\n"
    )
    root = make_repo(
        {
            "reviews/SCR-1.yaml": review,
            "actions/SCR-1.yaml": plan,
            "drilldowns/DD-1.yaml": drilldown,
            "assessments/S11-police.yaml": assessment,
        }
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [
        ("duplicate-local-id", "actions/SCR-1.yaml", 15, 9),
        ("duplicate-local-id", "assessments/S11-police.yaml", 6, 16),
        ("duplicate-local-id", "drilldowns/DD-1.yaml", 6, 10),
        ("duplicate-local-id", "reviews/SCR-1.yaml", 19, 9),
        ("duplicate-local-id", "reviews/SCR-1.yaml", 23, 10),
    ]


GOOD = {
    "calendar.yaml": CALENDAR,
    "reviews/SCR-1.yaml": SCR + "findings:\n  - {id: F1, text: Nobody asked about the partner}\n",
    "actions/SCR-1.yaml": PLAN,
    "indicators/re-referrals.yaml": "id: re-referrals\ntitle: Re-referrals\nbetter: lower\n",
}

DANGLING = {
    "agency (an action's)": (
        "actions/SCR-1.yaml",
        PLAN.replace("agency: csc", "agency: cs"),
        ("unknown-agency", 6, 13),
        "did you mean 'csc'?",
    ),
    "agency (a group given)": (
        "indicators/re-referrals.yaml",
        GOOD["indicators/re-referrals.yaml"] + "agency: PIQAG\n",
        ("unknown-agency", 4, 9),
        "add it to agencies.yaml first, or correct the id",
    ),
    "group (a parent)": (
        "groups.yaml",
        "groups:\n  - {id: board, name: Board}\n  - {id: PIQAG, name: PIQAG, parent: bord}\n",
        ("unknown-group", 3, 38),
        "did you mean 'board'?",
    ),
    "who (a recommendation's to)": (
        "reviews/SCR-1.yaml",
        GOOD["reviews/SCR-1.yaml"].replace("to: [board]", "to: [board, polce]"),
        ("unknown-who", 18, 17),
        "did you mean 'police'?",
    ),
    "who (commissioned_by)": (
        "reviews/SCR-1.yaml",
        GOOD["reviews/SCR-1.yaml"].replace("commissioned_by: board", "commissioned_by: SCRG"),
        ("unknown-who", 6, 18),
        "add it to agencies.yaml or groups.yaml first, or correct the id",
    ),
    "source (an action plan's)": (
        "actions/SCR-2.yaml",
        PLAN.replace("source: SCR-1", "source: SCR-2"),
        ("unknown-source", 1, 9),
        "did you mean 'SCR-1'?",
    ),
    "recommendation (a single id)": (
        "actions/SCR-1.yaml",
        PLAN.replace("recommendation: R1", "recommendation: R9"),
        ("unknown-recommendation", 4, 21),
        "add it to SCR-1's recommendations first, or correct the id",
    ),
    "recommendation (in a list)": (
        "actions/SCR-1.yaml",
        PLAN.replace("recommendation: [R2]", "recommendation: [R2, r1x]"),
        ("unknown-recommendation", 10, 26),
        "did you mean 'R1'?",
    ),
    "finding": (
        "reviews/SCR-1.yaml",
        GOOD["reviews/SCR-1.yaml"].replace("to: [board]", "to: [board]\n    findings: [F2]"),
        ("unknown-finding", 19, 16),
        "add it to this record's findings first, or correct the id",
    ),
    "calendar entry": (
        "reports/LADO-Q1.yaml",
        "id: LADO-Q1\ntitle: LADO report\nfrom: police\nto: PIQAG\ncalendar: ladoo\n",
        ("unknown-calendar-entry", 5, 11),
        "did you mean 'lado'?",
    ),
    "indicator": (
        "drilldowns/DD-1.yaml",
        "id: DD-1\nraised: 2016-03-10\nstatus: open\nindicators: [re-referals]\n",
        ("unknown-indicator", 4, 14),
        "did you mean 're-referrals'?",
    ),
    "S11 standard": (
        "assessments/S11-police.yaml",
        "id: S11-police\nagency: police\nyear: 2016\nstandards:\n  - {standard: s1, rating: met}\n",
        ("unknown-standard", 5, 16),
        "did you mean 'S1'?",
    ),
    "triggered_by record": (
        "audits/MAA-1.yaml",
        "id: MAA-1\ntype: multi-agency\ntitle: Neglect\nstatus: planned\n"
        "trigger: performance-data\ntriggered_by: [re-referrals, SCR-1/R1, SCR-1/R7]\n",
        ("unknown-record", 6, 40),
        "did you mean 'SCR-1'?",
    ),
}


@pytest.mark.parametrize("case", DANGLING, ids=list(DANGLING))
def test_every_kind_of_dangling_reference_is_located(lif, make_repo, case):
    file, text, (code, line, column), hint = DANGLING[case]
    root = make_repo({**GOOD, file: text})
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert [p for p in found(data) if p[0] != "recommendation-without-action"] == [
        (code, file, line, column)
    ]
    assert data["errors"][0]["hint"] == hint


def test_the_clean_reference_fixture_is_clean(lif, make_repo):
    root = make_repo(GOOD)
    result, data = validate(lif, root)
    assert found(data) == []
    assert result.exit_code == 0


def test_an_action_plan_for_a_record_that_carries_no_recommendations(lif, make_repo):
    root = make_repo({**GOOD, "actions/re-referrals.yaml": PLAN.replace("SCR-1", "re-referrals")})
    _, data = validate(lif, root)
    problem = one(data, "unknown-source")
    assert problem["file"] == "actions/re-referrals.yaml"
    assert problem["message"] == (
        "the action plan's source 're-referrals' is not a review, audit, report, assessment, "
        "challenge, drilldown, scrutiny, national review or feedback (indicators/re-referrals.yaml "
        "is an indicator, which carries no recommendations)"
    )


def test_a_dangling_reference_in_text_output(lif, make_repo):
    root = make_repo({**GOOD, "actions/SCR-1.yaml": PLAN.replace("agency: csc", "agency: cs")})
    result, _ = validate(lif, root, fmt="text")
    assert result.exit_code == 1
    assert (
        "  actions/SCR-1.yaml:6:13: error unknown-agency: 'cs' is not an agency in agencies.yaml\n"
        "    6 |     agency: cs\n"
        "      |             ^\n"
        "        hint: did you mean 'csc'?\n"
    ) in result.stdout


# --- layer 3: rules -----------------------------------------------------------


def review(dates: str, kind: str = "learning-review", extra: str = "") -> str:
    return f"id: R1\ntype: {kind}\ntitle: Child A\nstatus: in-progress\n{extra}dates:\n" + "".join(
        f"  {line}\n" for line in dates.strip().splitlines()
    )


def test_lifecycle_dates_in_order(lif, make_repo):
    dates = """
aware: 2016-01-12
notified: 2016-01-08
referred: 2016-01-10
decided: 2016-01-09
started: 2016-02-20
report_received: 2016-02-19
"""
    root = make_repo({R: review(dates)})
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [
        ("date-order", R, 7, 13),
        ("date-order", R, 9, 12),
        ("date-order", R, 11, 20),
    ]
    messages = [p["message"] for p in data["errors"]]
    assert messages == [
        "notified (2016-01-08) is before aware (2016-01-12)",
        "decided (2016-01-09) is before referred (2016-01-10)",
        "report_received (2016-02-19) is before started (2016-02-20)",
    ]


def test_lifecycle_dates_skip_stages_not_yet_reached(lif, make_repo):
    root = make_repo({R: review("referred: 2016-01-10\npublished: 2016-01-05")})
    _, data = validate(lif, root)
    assert found(data) == [("date-order", R, 7, 14)]
    assert data["errors"][0]["message"] == "published (2016-01-05) is before referred (2016-01-10)"


def test_a_complete_action_needs_a_completed_date_and_evidence(lif, make_repo, other_repo):
    plan = PLAN.replace("status: in-progress", "status: complete")
    done = PLAN.replace(
        "status: in-progress",
        "status: complete\n    completed: 2016-10-01\n    evidence: Guidance issued",
    )
    root = make_repo({**GOOD, "actions/SCR-1.yaml": plan})
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [
        ("complete-without-date", "actions/SCR-1.yaml", 8, 13),
        ("complete-without-evidence", "actions/SCR-1.yaml", 8, 13),
    ]
    root2 = other_repo({**GOOD, "actions/SCR-1.yaml": done})
    result, data = validate(lif, root2)
    assert found(data) == []
    assert result.exit_code == 0


SCR_UNMET = SCR.replace(
    "concern_about_working_together: true", "concern_about_working_together: false"
)
CSPR = SCR.replace("serious-case-review", "child-safeguarding-practice-review")


@pytest.mark.parametrize(
    ("framework", "text", "expected"),
    [
        ("wt2015", SCR, []),
        ("wt2015", SCR_UNMET, ["criteria do not meet the SCR test"]),
        ("wt2015", CSPR, ["child safeguarding practice reviews began with wt2018"]),
        ("wt2023", SCR, ["serious case reviews were replaced by child safeguarding"]),
        ("wt2023", CSPR, []),
        (
            "wt2023",
            CSPR.replace("abuse_or_neglect: known", "abuse_or_neglect: none"),
            ["criteria do not meet the serious incident test"],
        ),
        (
            "wt2018",
            SCR.replace("criteria:\n", "x_criteria:\n")
            .split("x_criteria")[0]
            .replace("serious-case-review", "rapid-review"),
            ["statutory criteria are not recorded"],
        ),
    ],
    ids=[
        "wt2015 SCR met",
        "wt2015 SCR unmet",
        "wt2015 CSPR",
        "wt2023 SCR",
        "wt2023 CSPR met",
        "wt2023 CSPR unmet",
        "wt2018 rapid review without criteria",
    ],
)
def test_review_criteria_warn_per_framework(lif, make_repo, framework, text, expected):
    settings = f"partnership: Test Partnership\nframework: {framework}\n"
    root = make_repo({"lif.yaml": settings, "reviews/SCR-1.yaml": text})
    result, data = validate(lif, root)
    warnings = [p for p in data["warnings"] if p["code"] == "review-criteria"]
    assert [w["message"][: len(e)] for w, e in zip(warnings, expected, strict=True)] == expected
    for w in warnings:
        assert w["file"] == "reviews/SCR-1.yaml"
        assert w["line"] == (7 if "criteria:" in text else 2)
        assert framework in w["hint"]
    assert data["errors"] == []
    assert result.exit_code == 0
    if expected:
        assert lif("validate", "-C", str(root), "--strict").exit_code == 1


def test_a_cdop_category_belongs_to_child_death_reviews_only(lif, make_repo):
    cdop = "cdop:\n  category: 8\n  modifiable: false\n"
    root = make_repo(
        {
            R: REVIEW + cdop,
            "reviews/CDR-1.yaml": REVIEW.replace("R1", "CDR-1").replace(
                "learning-review", "child-death-review"
            )
            + cdop,
            "reviews/CDR-2.yaml": REVIEW.replace("R1", "CDR-2").replace(
                "learning-review", "child-death-review"
            )
            + "cdop:\n  category: 11\n  modifiable: perhaps\n",
        }
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [
        ("out-of-range", "reviews/CDR-2.yaml", 6, 13),
        ("invalid-value", "reviews/CDR-2.yaml", 7, 15),
        ("cdop-not-child-death", R, 5, 1),
    ]
    assert "a CDOP category is recorded on a learning-review" in data["errors"][2]["message"]


def test_training_counts_are_consistent(lif, make_repo):
    training = (
        "id: TR-1\ntitle: Neglect training\nplaces: 200\nattended: 214\n"
        "evaluations: {responses: 250, excellent: 70, good: 90, satisfactory: 15, poor: 5}\n"
    )
    root = make_repo({"training/TR-1.yaml": training})
    result, data = validate(lif, root)
    assert result.exit_code == 0  # warnings only
    assert found(data) == [
        ("training-counts", "training/TR-1.yaml", 4, 11),
        ("training-counts", "training/TR-1.yaml", 5, 26),
        ("training-counts", "training/TR-1.yaml", 5, 26),
    ]
    assert sorted(p["message"] for p in data["warnings"]) == [
        "attended (214) is more than places (200)",
        "responses (250) are more than attended (214)",
        "the ratings add up to 180, not the 250 responses",
    ]
    assert lif("validate", "-C", str(root), "--strict").exit_code == 1


def test_an_owners_rag_that_disagrees_with_the_computed_one(lif, make_repo):
    # A2 is due 2017-01-31: more than 30 days after the as-of date, so green.
    # By 2017-03-15 A2 is red (as its owner says) and A1 (due 2017-03-31) amber.
    plan = PLAN.replace("status: not-started", "status: not-started\n    rag: red")
    plan = plan.replace("status: in-progress", "status: in-progress\n    rag: green")
    root = make_repo({**GOOD, "actions/SCR-1.yaml": plan})
    result, data = validate(lif, root)
    assert result.exit_code == 0
    assert found(data) == [("rag-mismatch", "actions/SCR-1.yaml", 16, 10)]
    assert data["warnings"][0]["message"] == (
        "action A2 is rated red by its owner but is green as of 2016-11-15"
    )
    later = lif("validate", "-C", str(root), "--as-of", "2017-03-15", "--format", "json")
    moved = json.loads(later.stdout)["warnings"]
    assert [(w["code"], w["line"]) for w in moved] == [("rag-mismatch", 9)]


def test_an_approved_plan_with_a_recommendation_lacking_an_action(lif, make_repo, other_repo):
    plan = PLAN.replace(
        "source: SCR-1\n", "source: SCR-1\napproved: {by: board, date: 2016-06-01}\n"
    )
    plan = plan.split("  - id: A2")[0]
    root = make_repo({**GOOD, "actions/SCR-1.yaml": plan})
    result, data = validate(lif, root)
    assert result.exit_code == 0
    assert found(data) == [("recommendation-without-action", "reviews/SCR-1.yaml", 16, 9)]
    assert "SCR-1/R2 has no action" in data["warnings"][0]["message"]
    assert "actions/SCR-1.yaml" in data["warnings"][0]["hint"]
    # before approval the gap is the plan's business, not a warning
    root2 = other_repo({**GOOD, "actions/SCR-1.yaml": PLAN.split("  - id: A2")[0]})
    assert found(validate(lif, root2)[1]) == []


def _wt2015_review(dates: str) -> dict[str, str]:
    text = (
        SCR.replace("status: in-progress", "status: referred")
        + "dates:\n"
        + "".join(f"  {line}\n" for line in dates.strip().splitlines())
    )
    return {"reviews/SCR-1.yaml": text}


def test_a_notification_met_on_the_deadline_across_easter_is_not_warned(lif, make_repo):
    # Aware Thursday 24 March 2016. Good Friday (25th) and Easter Monday (28th)
    # are bank holidays in England, so the 5th working day after is Monday 4 April.
    root = make_repo(_wt2015_review("aware: 2016-03-24\nnotified: 2016-04-04"))
    result, data = validate(lif, root)
    assert found(data) == []
    assert result.exit_code == 0


def test_a_notification_one_working_day_late_across_easter_is_warned(lif, make_repo):
    root = make_repo(_wt2015_review("aware: 2016-03-24\nnotified: 2016-04-05"))
    result, data = validate(lif, root)
    assert result.exit_code == 0
    assert found(data) == [("timescale-missed", "reviews/SCR-1.yaml", 21, 13)]
    message = data["warnings"][0]["message"]
    assert "met on 2016-04-05, 1 working day(s) after the deadline 2016-04-04" in message
    assert "Working Together to Safeguard Children 2015" in data["warnings"][0]["hint"]
    assert lif("validate", "-C", str(root), "--as-of", AS_OF, "--strict").exit_code == 1


def test_an_overdue_notification_is_warned_at_the_start_date(lif, make_repo):
    root = make_repo(_wt2015_review("aware: 2016-11-01"))
    _, data = validate(lif, root)
    assert found(data) == [("timescale-missed", "reviews/SCR-1.yaml", 20, 10)]
    assert (
        "the deadline 2016-11-08 has passed and no 'notified' date"
        in (data["warnings"][0]["message"])
    )
    _, before = validate(lif, root, "--as-of", "2016-11-08")
    assert found(before) == []


# --- formats, --strict, everything in one run -------------------------------------


def test_every_problem_in_one_run_across_several_files(lif, make_repo):
    root = make_repo(
        {
            **GOOD,
            "lif.yaml": "partnership: Test\nframework: wt2015\nyear_start_month: 13\n",
            "reviews/R1.yaml": "id: R1\ntitle: 'Child A\n",
            "reviews/R2.yaml": REVIEW.replace("R1", "R2").replace("referred", "refered"),
            "actions/SCR-1.yaml": PLAN.replace("agency: csc", "agency: cs"),
            "training/TR-1.yaml": "id: TR-1\ntitle: T\nplaces: 1\nattended: 2\n",
        }
    )
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert found(data) == [
        ("unknown-agency", "actions/SCR-1.yaml", 6, 13),
        ("invalid-value", "lif.yaml", 3, 19),
        ("yaml-syntax", "reviews/R1.yaml", 2, 8),
        ("invalid-value", "reviews/R2.yaml", 4, 9),
        ("training-counts", "training/TR-1.yaml", 4, 11),
    ]
    assert data["records"] == 10
    text, _ = validate(lif, root, fmt="text")
    assert text.stdout.endswith("4 errors and 1 warning in 5 files (10 record files read)\n")
    headers = [line for line in text.stdout.splitlines() if line and not line.startswith(" ")]
    assert headers[:5] == [
        "actions/SCR-1.yaml",
        "lif.yaml",
        "reviews/R1.yaml",
        "reviews/R2.yaml",
        "training/TR-1.yaml",
    ]


def test_json_shape_matches_format_md(lif, make_repo):
    root = make_repo({**GOOD, "training/TR-1.yaml": "id: TR-1\ntitle: T\nplaces: 1\nattended: 2\n"})
    _, data = validate(lif, root)
    assert set(data) == {"errors", "warnings", "records"}
    assert data["errors"] == []
    (w,) = data["warnings"]
    assert {"file", "line", "column", "code", "message"} <= set(w)
    assert w["severity"] == "warning"
    assert data["records"] == 8


def test_strict_turns_warnings_into_failure(lif, make_repo, other_repo):
    root = make_repo({"training/TR-1.yaml": "id: TR-1\ntitle: T\nplaces: 1\nattended: 2\n"})
    assert lif("validate", "-C", str(root)).exit_code == 0
    strict = lif("validate", "-C", str(root), "--strict")
    assert strict.exit_code == 1
    assert "1 warning in 1 file" in strict.stdout
    clean = other_repo({R: REVIEW})
    assert lif("validate", "-C", str(clean), "--strict").exit_code == 0


def test_github_annotations_are_escaped(lif, make_repo, other_repo, tmp_path):
    root = make_repo(
        {
            "reviews/a,b.yaml": 'id: "a,b%:c"\ntype: learning-review\ntitle: T\nstatus: referred\n',
            "reviews/R2.yaml": 'id: "R2\\nx"\ntype: learning-review\ntitle: T\nstatus: referred\n',
        }
    )
    result = lif("validate", "-C", str(root), "--format", "github", cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "::error file=records/reviews/a%2Cb.yaml,line=1,col=5,title=lif invalid-id::"
        "id: 'a,b%25:c' is not a valid id: use 1 to 64 letters, digits, '.', '_' or '-', "
        "starting with a letter or digit"
    )
    assert lines[0].startswith(
        "::error file=records/reviews/R2.yaml,line=1,col=5,title=lif invalid-id::id: 'R2%0Ax'"
    )
    assert lines[-1] == "2 errors in 2 files (5 record files read)"
    # a whole-file problem is placed at 1:1 (FORMAT.md: lines are 1-based)
    big = other_repo({"reviews/R1.yaml": "id: R1\n#" + "x" * 1_100_000 + "\n"})
    out = lif("validate", "-C", str(big), "--format", "github", cwd=big).stdout
    assert out.splitlines()[0].startswith(
        "::error file=reviews/R1.yaml,line=1,col=1,title=lif file-too-large::"
    )


def test_github_warning_annotation(lif, make_repo):
    root = make_repo({"training/TR-1.yaml": "id: TR-1\ntitle: T\nplaces: 1\nattended: 2\n"})
    result = lif("validate", "-C", str(root), "--format", "github", cwd=root)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "::warning file=training/TR-1.yaml,line=4,col=11,title=lif training-counts::"
        "attended (2) is more than places (1) (hint: check the figures)"
    )


def test_a_broken_lif_yaml_still_reports_everything_else(lif, make_repo):
    root = make_repo({"lif.yaml": "partnership: [Test\n", R: REVIEW.replace("referred", "refered")})
    result, data = validate(lif, root)
    assert result.exit_code == 1
    assert [p[:2] for p in found(data)] == [("yaml-syntax", "lif.yaml"), ("invalid-value", R)]


def test_the_example_repository_is_clean_in_text(lif):
    result = lif("validate", "-C", str(EXAMPLE), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: ")
    assert result.stdout.endswith(" record files, no problems\n")


def test_a_broken_lif_yaml_keeps_its_valid_settings(lif, make_repo):
    """One bad field in lif.yaml must not switch the framework to the default."""
    settings = "partnership: Test\nframework: wt2015\nyear_start_month: 13\n"
    root = make_repo({"lif.yaml": settings, "reviews/SCR-1.yaml": SCR})
    result, data = validate(lif, root)
    assert result.exit_code == 1
    # under the default wt2023 an SCR would be warned as replaced by a CSPR
    assert found(data) == [("invalid-value", "lif.yaml", 3, 19)]


def test_every_ascii_control_character_is_refused_as_before():
    # An all-ASCII file is cleared of control characters by deleting their
    # bytes, not by the CONTROL expression: both must refuse the same ones.
    from lif_cli.yamltext import CONTROL, decode

    for code in range(128):
        raw = b"id: R1\ntitle: Child" + bytes([code]) + b" A\n"
        text, problems = decode(raw, "reviews/R1.yaml")
        refused = code == 0 or bool(CONTROL.match(chr(code)))
        assert (text is None) == refused, hex(code)
        if refused:
            assert [(p.code, p.line, p.column) for p in problems] == [("file-encoding", 2, 13)]
