"""A repeated `lif validate` on unchanged records answers from the kept verdict.

The answer must be exactly what a full run prints, in every format; anything
that changes an input (a file's bytes, the as-of date, a temp file beside the
records) must send the run the full way; a verdict lif did not sign is never
used. Runs go through the real entry point: in process for outputs, and as a
new `python -m lif_cli` process where what was imported is the evidence.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from lif_cli.cache import cache_dir
from tests.conftest import EXAMPLE
from tests.test_cache import BROKEN
from tests.test_validate import AS_OF

FORMATS = ("text", "json", "github")


def _verdicts() -> list:
    return sorted(cache_dir().rglob("verdict.pickle"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_repeated_run_prints_what_the_full_run_printed(lif, make_repo, fmt):
    root = make_repo(BROKEN)
    args = ("validate", "-C", str(root), "--as-of", AS_OF, "--format", fmt)
    full = lif(*args, "--no-cache")
    assert full.exit_code == 1 and full.stdout
    first = lif(*args)
    assert _verdicts()
    again = lif(*args)
    assert (again.exit_code, again.stdout, again.stderr) == (
        full.exit_code,
        full.stdout,
        full.stderr,
    )
    assert (first.exit_code, first.stdout) == (full.exit_code, full.stdout)
    strict = lif(*args, "--strict")
    assert strict.exit_code == 1


def run_twice(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess, ...]:
    """``lif ARGS -C <copy of the example>`` twice, each a new process that says
    what it imported (``-X importtime``, on stderr)."""
    records = tmp_path / "nscb"
    shutil.copytree(EXAMPLE, records)
    env = {**os.environ, "LIF_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-X", "importtime", "-m", "lif_cli", *args, "-C", str(records)]
    cmd += ["--as-of", AS_OF]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True)
    again = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert first.returncode == again.returncode == 0
    assert first.stdout == again.stdout
    return first, again


def test_the_repeated_run_loads_no_record(tmp_path):
    first, again = run_twice(tmp_path, "validate")
    assert imported("lif_cli.loader", first.stderr)
    assert not imported("lif_cli.loader", again.stderr)
    assert not imported("lif_cli.checks", again.stderr)


def imported(module: str, importtime: str) -> bool:
    return re.search(rf"\|\s+{re.escape(module)}$", importtime, re.MULTILINE) is not None


def test_a_changed_file_is_checked_again(lif, make_repo):
    root = make_repo(BROKEN)
    args = ("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    lif(*args)
    lif(*args)
    plan = root / "actions" / "SCR-1.yaml"
    plan.write_text(plan.read_text().replace("agency: polise", "agency: police"))
    after = lif(*args)
    assert after.stdout == lif(*args, "--no-cache").stdout
    assert "polise" not in after.stdout and "unknown-who" not in after.stdout


def test_another_as_of_date_is_checked_again(lif, example_repo):
    early = ("validate", "-C", str(example_repo), "--as-of", "2012-01-01", "--format", "json")
    later = ("validate", "-C", str(example_repo), "--as-of", AS_OF, "--format", "json")
    lif(*later)
    lif(*later)
    found = lif(*early)
    assert "date-in-future" in found.stdout
    assert found.stdout == lif(*early, "--no-cache").stdout
    assert "date-in-future" not in lif(*later).stdout


def test_a_temp_file_left_by_a_write_is_always_reported(lif, make_repo):
    root = make_repo(BROKEN)
    args = ("validate", "-C", str(root), "--as-of", AS_OF)
    lif(*args)
    lif(*args)
    left = root / "actions" / ".SCR-1.yaml.abc123.lif-tmp"
    left.write_text("id: SCR-1\n")
    assert "temp-file-left" in lif(*args).stdout
    left.unlink()
    assert "temp-file-left" not in lif(*args).stdout


def test_show_suppressed_is_never_answered_from_a_verdict(lif, make_repo):
    text = "Refer to Dr Barnardo's family support service"
    review = (
        "id: R9\ntype: scr\ntitle: Child X\nstatus: published\n"
        "findings:\n  # lif: allow personal-data -- the charity's name\n"
        f"  - id: F1\n    text: {text}\n"
    )
    root = make_repo({"reviews/R9.yaml": review})
    args = ("validate", "-C", str(root), "--as-of", AS_OF)
    lif(*args)
    lif(*args)
    listed = lif(*args, "--show-suppressed")
    assert "the charity's name" in listed.stdout


def test_a_verdict_lif_did_not_sign_is_never_used(lif, make_repo):
    root = make_repo(BROKEN)
    args = ("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    full = lif(*args, "--no-cache").stdout
    lif(*args)
    [kept] = _verdicts()
    blob = bytearray(kept.read_bytes())
    blob[-8:] = b"\x00" * 8  # changed bytes: the MAC no longer verifies
    kept.write_bytes(bytes(blob))
    assert lif(*args).stdout == full
