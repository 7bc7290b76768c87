"""`lif --help` printed from lif's cache: the same text as typer prints, faster.

Run as a shell runs it: a new `python -m lif_cli` process each time, with its
own cache folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _help(cache: Path, *, columns: int = 80, no_cache: bool = False, trace: bool = False):
    env = {k: v for k, v in os.environ.items() if k not in ("LIF_NO_CACHE", "NO_COLOR")}
    env.update(LIF_CACHE_DIR=str(cache), COLUMNS=str(columns), NO_COLOR="1")
    if no_cache:
        env["LIF_NO_CACHE"] = "1"
    cmd = [sys.executable, *(["-X", "importtime"] if trace else []), "-m", "lif_cli", "--help"]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)


def test_a_repeated_help_is_typers_text_without_importing_typer(tmp_path):
    cache = tmp_path / "cache"
    typers = _help(cache, no_cache=True).stdout
    assert "Usage: lif" in typers and "validate" in typers
    first = _help(cache, trace=True)
    assert first.stdout == typers
    assert (cache / "help.pickle").exists()
    assert "| typer" in first.stderr  # printed through the app
    again = _help(cache, trace=True)
    assert again.stdout == typers
    assert "| typer" not in again.stderr
    assert "lif_cli.models" not in again.stderr


@pytest.mark.parametrize("columns", [40, 60])
def test_each_terminal_width_gets_its_own_text(tmp_path, columns):
    cache = tmp_path / "cache"
    _help(cache)  # 80 columns kept
    typers = _help(cache, columns=columns, no_cache=True).stdout
    assert _help(cache, columns=columns).stdout == typers
    assert _help(cache, columns=columns).stdout == typers
    assert typers != _help(cache).stdout


def test_a_help_entry_that_lif_did_not_sign_is_never_printed(tmp_path):
    cache = tmp_path / "cache"
    typers = _help(cache, no_cache=True).stdout
    _help(cache)
    planted = cache / "help.pickle"
    blob = bytearray(planted.read_bytes())
    blob[-20:-10] = b"\x1b[2J EVIL "  # changed bytes: the MAC no longer verifies
    planted.write_bytes(bytes(blob))
    assert _help(cache).stdout == typers
