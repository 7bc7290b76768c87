"""Every case of the YAML test suite as a record: located problems, never a crash.

The suite (yaml-test-suite, one folder per case, sub-folders 00, 01, ... for
variants, the input in ``in.yaml`` and an ``error`` file when the YAML is
invalid) is read from the shared corpora folder beside the project; CI clones
the project beside a copy of it. Each input is put in a records repository as
a review and as lif.yaml: `lif validate --format json` must exit 0 or 1 with
well-formed JSON, and an input the suite marks invalid must be an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_repo
from tests.test_fuzz import validate_json

SUITE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "yaml-test-suite"


def cases() -> list[Path]:
    if not SUITE.is_dir():
        return []
    return sorted(SUITE.rglob("in.yaml"))


def case_id(path: Path) -> str:
    return path.parent.relative_to(SUITE).as_posix()


CASES = cases()
pytestmark = pytest.mark.skipif(not CASES, reason=f"the YAML test suite is not at {SUITE}")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_suite_case_as_a_record(tmp_path: Path, case: Path) -> None:
    data = case.read_bytes()
    invalid = (case.parent / "error").exists()
    for target in ("reviews/CASE-1.yaml", "lif.yaml"):
        root = write_repo(tmp_path / target.replace("/", "-"), {target: data})
        payload = validate_json(root, "--no-cache")
        mine = [p for p in payload["errors"] if p["file"] == target]
        if invalid:
            # Invalid YAML is always an error in the file, and located.
            assert mine, f"{case_id(case)} is invalid YAML but {target} passed"
            assert all(p["line"] >= 1 and p["column"] >= 1 for p in mine), mine
        for p in mine:
            if p["code"].startswith("yaml-") or p["code"] == "file-encoding":
                assert p["line"] >= 1, p


def test_suite_is_complete_when_present() -> None:
    # The copy in shared/ holds every case: a truncated copy would hide failures.
    assert len(CASES) >= 400
