"""Hostile input: the reader's caps, and property-based fuzzing of `lif validate`.

Whatever bytes land in a records repository, `lif validate --format json`
returns (no hang), exits 0 or 1 (never a traceback, never the internal-error
exit 3) and prints JSON of the FORMAT.md shape. The examples are derandomised
and bounded so CI stays fast; benchmarks/fuzz_loader.py runs the long,
coverage-guided search. Crashers it found are replayed from fuzz_regressions/.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lif_cli import layout, yamlio
from tests.conftest import MINIMAL, run_lif, write_repo

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
# Where a fuzzed file is put: a record of each family, and the two root files
# every other record depends on.
TARGETS = ("reviews/CASE-1.yaml", "actions/CASE-1.yaml", "lif.yaml", "agencies.yaml")
# One example may take this long before it counts as a hang.
HANG_SECONDS = 20

VALID_REVIEW = """\
id: CASE-1
type: learning-review
title: Child A
status: in-progress
dates: {referred: 2016-01-10, decided: 2016-02-02}
findings:
  - id: F1
    text: |
      Information about the father was not shared.
recommendations:
  - {id: R1, text: Share information, to: [board, csc], findings: [F1]}
"""


# --- checking one run -----------------------------------------------------------------


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail, rather than hang the suite, if the body runs too long."""

    def _alarm(signum, frame):
        raise Hang(f"lif validate ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_problem_shape(p: dict, severity: str) -> None:
    assert set(p) >= {"file", "line", "column", "code", "message"}, p
    assert isinstance(p["file"], str) and p["file"], p
    assert isinstance(p["line"], int) and p["line"] >= 0, p
    assert isinstance(p["column"], int) and p["column"] >= 0, p
    assert isinstance(p["code"], str) and p["code"], p
    assert isinstance(p["message"], str) and p["message"], p
    assert p.get("severity", severity) == severity


def validate_json(root: Path, *extra: str) -> dict:
    """Run `lif validate --format json` and check the run and the JSON's shape."""
    with time_limit(HANG_SECONDS):
        result = run_lif(
            "validate", "-C", str(root), "--format", "json", "--as-of", "2016-11-15", *extra
        )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"errors", "warnings", "records"}
    assert isinstance(payload["records"], int)
    for p in payload["errors"]:
        assert_problem_shape(p, "error")
    for p in payload["warnings"]:
        assert_problem_shape(p, "warning")
    assert (result.exit_code == 1) == bool(payload["errors"])
    return payload


def codes(payload: dict) -> list[tuple[str, str, int, int]]:
    return [(p["file"], p["code"], p["line"], p["column"]) for p in payload["errors"]]


# --- the caps, each through lif validate with a located error -------------------------------


def review_file(make_repo, content: str | bytes) -> Path:
    return make_repo({"reviews/CASE-1.yaml": content})


def test_file_size_cap(make_repo) -> None:
    big = VALID_REVIEW + "# padding\n" * (layout.MAX_FILE_BYTES // 10)
    payload = validate_json(review_file(make_repo, big))
    [(file, code, _line, _col)] = codes(payload)
    assert (file, code) == ("reviews/CASE-1.yaml", "file-too-large")
    assert f"at most {layout.MAX_FILE_BYTES:,} bytes" in payload["errors"][0]["message"]


def test_file_at_the_size_cap_is_read(make_repo) -> None:
    padding = layout.MAX_FILE_BYTES - len(VALID_REVIEW.encode())
    exact = VALID_REVIEW + "#" * (padding - 1) + "\n"
    assert len(exact.encode()) == layout.MAX_FILE_BYTES
    assert codes(validate_json(review_file(make_repo, exact))) == []


def test_depth_cap(make_repo) -> None:
    depth = yamlio.MAX_DEPTH + 5
    nested = "id: CASE-1\nnotes: " + "[" * depth + "]" * depth + "\n"
    payload = validate_json(review_file(make_repo, nested))
    assert codes(payload) == [("reviews/CASE-1.yaml", "yaml-too-deep", 2, 8 + yamlio.MAX_DEPTH - 1)]


def test_very_deep_flow_nesting_does_not_recurse(make_repo) -> None:
    depth = 200_000
    payload = validate_json(review_file(make_repo, "a: " + "[" * depth + "]" * depth + "\n"))
    # libyaml's scanner stops at its own limit (1,000 flow levels) before lif's
    # cap is reached; it is reported as the same problem.
    assert codes(payload) == [("reviews/CASE-1.yaml", "yaml-too-deep", 1, 1003)]


def test_block_nesting_depth_cap(make_repo) -> None:
    lines = ["id: CASE-1"]
    for level in range(yamlio.MAX_DEPTH + 2):
        lines.append("  " * level + f"k{level}:")
    lines[-1] += " deep"
    payload = validate_json(review_file(make_repo, "\n".join(lines) + "\n"))
    [(_file, code, line, _col)] = codes(payload)
    assert code == "yaml-too-deep"
    # line 1 opens the root mapping; line n + 1 the n-th nested one
    assert line == yamlio.MAX_DEPTH + 2


def test_node_count_cap(make_repo) -> None:
    count = yamlio.MAX_NODES + 10
    flat = "id: CASE-1\nnotes: [" + "1," * count + "1]\n"
    assert len(flat) < layout.MAX_FILE_BYTES
    payload = validate_json(review_file(make_repo, flat))
    # the root mapping, two keys, a value and the list are five nodes, so the
    # item numbered MAX_NODES - 4 is one too many
    column = len("notes: [") + 2 * (yamlio.MAX_NODES - 5) + 1
    assert codes(payload) == [("reviews/CASE-1.yaml", "yaml-too-many-nodes", 2, column)]


def test_alias_refused_located(make_repo) -> None:
    text = "id: CASE-1\ntitle: &t Child A\ncase_ref: *t\n"
    payload = validate_json(review_file(make_repo, text))
    assert codes(payload) == [
        ("reviews/CASE-1.yaml", "yaml-anchor", 2, 8),
        ("reviews/CASE-1.yaml", "yaml-alias", 3, 11),
    ]
    text = "id: CASE-1\ncase_ref: *t\n"
    payload = validate_json(review_file(make_repo, text))
    assert codes(payload) == [("reviews/CASE-1.yaml", "yaml-alias", 2, 11)]


def test_billion_laughs_is_refused_before_expansion(make_repo) -> None:
    lines = ["id: CASE-1", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    payload = validate_json(review_file(make_repo, "\n".join(lines) + "\n"))
    assert ("reviews/CASE-1.yaml", "yaml-anchor", 2, 5) in codes(payload)
    assert {c[1] for c in codes(payload)} <= {"yaml-anchor", "yaml-alias"}


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("id: CASE-1\ntitle: !!python/object:os.system echo\n", "yaml-tag", 2, 8),
        ("id: CASE-1\ntitle: !!binary aGVsbG8=\n", "yaml-tag", 2, 8),
        ("id: CASE-1\nfindings: !custom []\n", "yaml-tag", 2, 11),
        ("id: CASE-1\n<<: {title: Child A}\n", "yaml-merge-key", 2, 1),
        ("%YAML 1.1\n---\nid: CASE-1\n", "yaml-directive", 1, 1),
        ("%TAG !e! tag:example.com,2000:\n---\nid: CASE-1\n", "yaml-directive", 1, 1),
    ],
)
def test_tags_merge_keys_and_directives_refused(make_repo, text, code, line, col) -> None:
    payload = validate_json(review_file(make_repo, text))
    assert codes(payload) == [("reviews/CASE-1.yaml", code, line, col)]


def test_caps_in_every_root_file(make_repo) -> None:
    for target in ("lif.yaml", "agencies.yaml", "groups.yaml", "calendar.yaml"):
        root = make_repo({target: "partnership: &p Test\n"})
        payload = validate_json(root)
        assert (target, "yaml-anchor", 1, 14) in codes(payload)


# --- property-based fuzzing ------------------------------------------------------------------

# Pieces of YAML, chosen to reach the reader's corners: indicators, anchors,
# tags, directives, block scalars, flow collections, odd characters and line ends.
_FIELDS = [
    "id", "type", "title", "status", "findings", "recommendations", "text", "to", "dates",
    "source", "actions", "agency", "due", "agencies", "name", "partnership", "framework",
    "year_start_month", "personal_data", "updates", "<<", "? ", "",
]  # fmt: skip
_VALUES = [
    "CASE-1", "Child A", "learning-review", "in-progress", "2016-01-10", "2016-02-30",
    "2016-01-10T10:00", "1", "007", "0x1F", "1e400", ".nan", "-.inf", "yes", "~", "null",
    "true", "''", '""', "'unterminated", '"esc \\x00 \\u2028 \\uD800"', "[", "]", "{", "}",
    "[a, b]", "{a: 1}", "&a x", "*a", "!!str x", "!tag x", "! x", "|", ">-", "|+2", "- ",
    "- - x", ": ", "#", "# lif: allow personal-data", "NR1 2DH", "943 476 5919", "%", "---",
    "...", "<<<<<<< HEAD", "=======", "\t", "\r", "\r\n", "\u2028", "\x85", "\ufeff",
    "\u00e9", "\U0001f600", "\\", "@", "`", "?", ",", "[[[[", "}}}}", "'''",
]  # fmt: skip

yaml_ish = st.lists(
    st.tuples(
        st.integers(0, 6),  # indentation, in steps of two spaces
        st.sampled_from(_FIELDS),
        st.lists(st.one_of(st.sampled_from(_VALUES), st.text(max_size=8)), max_size=3),
    ),
    max_size=25,
).map(
    lambda rows: "\n".join(
        "  " * indent + (f"{key}: " if key else "") + " ".join(values)
        for indent, key, values in rows
    )
)


@st.composite
def mutated_review(draw) -> bytes:
    """A valid record with a few bytes inserted, deleted or replaced."""
    data = bytearray(VALID_REVIEW.encode())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("insert", "delete", "replace")))
        chunk = draw(st.binary(min_size=1, max_size=4))
        if op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


FUZZ = settings(
    max_examples=60,
    deadline=None,  # hangs are caught by time_limit, without flaky timing
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def fuzz_root() -> Iterator[Path]:
    """One records repository, reset before each example."""
    folder = Path(tempfile.mkdtemp(prefix="lif-fuzz-"))
    yield folder / "records"
    shutil.rmtree(folder, ignore_errors=True)


def run_example(root: Path, target: str, content: bytes, *extra: str) -> dict:
    shutil.rmtree(root, ignore_errors=True)
    files: dict[str, str | bytes] = {target: content}
    if target.startswith("actions/"):
        files["reviews/CASE-1.yaml"] = VALID_REVIEW
    write_repo(root, files)
    return validate_json(root, *extra)


@FUZZ
@given(target=st.sampled_from(TARGETS), text=yaml_ish)
def test_fuzz_yaml_ish_text(fuzz_root, target, text) -> None:
    run_example(fuzz_root, target, text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(target=st.sampled_from(TARGETS), data=st.binary(max_size=400))
def test_fuzz_arbitrary_bytes(fuzz_root, target, data) -> None:
    run_example(fuzz_root, target, data)


@FUZZ
@given(target=st.sampled_from(TARGETS), data=mutated_review())
def test_fuzz_mutated_records(fuzz_root, target, data) -> None:
    run_example(fuzz_root, target, data, "--no-cache")


@settings(FUZZ, max_examples=40)
@given(text=st.text(max_size=300))
def test_fuzz_free_text_never_echoed_in_problems(fuzz_root, text) -> None:
    """Any text as a finding: validation survives, and personal data is not repeated."""
    from lif_cli.privacy import scan_text

    body = VALID_REVIEW.replace("Information about the father was not shared.", "x")
    quoted = json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar
    content = body.replace("|\n      x", quoted)
    payload = run_example(
        fuzz_root, "reviews/CASE-1.yaml", content.encode("utf-8", "surrogatepass")
    )
    shown = json.dumps(payload, ensure_ascii=False)
    for finding in scan_text(text):
        value = text[finding.start : finding.end]
        if len(value) > 4:
            assert value not in shown


# --- crashers found by the long fuzz run, kept as regression cases ------------------------


def regression_cases() -> list[Path]:
    return sorted(p for p in REGRESSIONS.glob("*") if p.is_file() and p.suffix != ".md")


@pytest.mark.parametrize("case", regression_cases(), ids=lambda p: p.name)
def test_fuzz_regression(fuzz_root, case) -> None:
    data = case.read_bytes()
    for target in TARGETS:
        run_example(fuzz_root, target, data, "--no-cache")


def test_regression_folder_is_not_empty() -> None:
    assert regression_cases(), "fuzz_regressions/ holds the inputs that once crashed lif"


def test_minimal_files_are_clean(fuzz_root) -> None:
    # The harness itself: MINIMAL plus a valid review validates clean.
    payload = run_example(fuzz_root, "reviews/CASE-1.yaml", VALID_REVIEW.encode())
    assert payload["errors"] == [] and payload["records"] == len(MINIMAL) + 1


# --- symbolic links out of the repository -----------------------------------------------

OUTSIDE_REVIEW = VALID_REVIEW.replace("title: Child A", "title: Outside secret")


def test_symlink_to_a_file_outside_is_not_read(lif, make_repo, tmp_path) -> None:
    outside = tmp_path / "elsewhere" / "secret.yaml"
    outside.parent.mkdir()
    outside.write_text(OUTSIDE_REVIEW, encoding="utf-8")
    root = make_repo()
    (root / "reviews").mkdir()
    (root / "reviews" / "CASE-1.yaml").symlink_to(outside)
    payload = validate_json(root)
    assert codes(payload) == [("reviews/CASE-1.yaml", "symlink-outside-repo", 1, 1)]
    for command in ("status", "plan"):
        result = lif(command, "-C", str(root), "--as-of", "2016-11-15")
        assert result.exit_code == 1
        assert "Outside secret" not in result.output


def test_symlinked_folder_outside_is_not_read(make_repo, tmp_path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "CASE-1.yaml").write_text(OUTSIDE_REVIEW, encoding="utf-8")
    root = make_repo()
    (root / "reviews").symlink_to(outside, target_is_directory=True)
    payload = validate_json(root)
    assert codes(payload) == [("reviews/CASE-1.yaml", "symlink-outside-repo", 1, 1)]


def test_lif_yaml_linked_outside_is_not_read(make_repo, tmp_path) -> None:
    outside = tmp_path / "other-lif.yaml"
    outside.write_text("partnership: Someone Else\n", encoding="utf-8")
    root = make_repo()
    (root / "lif.yaml").unlink()
    (root / "lif.yaml").symlink_to(outside)
    payload = validate_json(root)
    assert codes(payload) == [("lif.yaml", "symlink-outside-repo", 1, 1)]


def test_symlink_inside_the_repository_is_read(make_repo) -> None:
    root = make_repo({"archive/CASE-1.yaml": VALID_REVIEW})
    (root / "reviews").mkdir()
    (root / "reviews" / "CASE-1.yaml").symlink_to(Path("..") / "archive" / "CASE-1.yaml")
    payload = validate_json(root)
    assert payload["errors"] == [] and payload["records"] == len(MINIMAL) + 1
