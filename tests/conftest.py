"""Shared fixtures: real records folders in tmp_path, the real CLI entry point."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check what holds, never how fast: a shared CI machine under load
# must not turn hypothesis's per-example deadline into a flaky failure.
settings.register_profile("lif", deadline=None)
settings.load_profile("lif")

# Every Problem created under test must use a code registered in lif_cli/codes.py.
os.environ["LIF_CHECK_CODES"] = "1"

from lif_cli.cli.app import main  # noqa: E402 (after LIF_CHECK_CODES is set)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nscb"
SHARED = ROOT.parent / "shared"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    """Every test gets its own cache folder, no colour and a fixed width."""
    monkeypatch.setenv("LIF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("LIF_NO_CACHE", raising=False)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Officer")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "officer@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Officer")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "officer@example.invalid")


def run_lif(*args: str, cwd: Path | None = None) -> Result:
    """Run the real `lif` entry point in-process, capturing both streams."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(old)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def lif():
    return run_lif


MINIMAL = {
    "lif.yaml": "partnership: Test Safeguarding Children Partnership\nframework: wt2015\n",
    "agencies.yaml": """\
        agencies:
          - {id: csc, name: Children's Services, sector: local-authority}
          - {id: police, name: Police, sector: police}
          - {id: health, name: Health, sector: health}
        """,
    "groups.yaml": """\
        groups:
          - {id: board, name: Safeguarding Board}
          - {id: PIQAG, name: Performance Improvement and Quality Assurance Group, parent: board}
        """,
}


def write_repo(root: Path, files: dict[str, str | bytes], base: bool = True) -> Path:
    """Write a records repository: MINIMAL plus ``files`` (dedented text or bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    merged: dict[str, str | bytes] = {**(MINIMAL if base else {}), **files}
    for rel, content in merged.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def make_repo(tmp_path):
    def _make(files: dict[str, str | bytes] | None = None, base: bool = True) -> Path:
        return write_repo(tmp_path / "records", files or {}, base=base)

    return _make


@pytest.fixture
def example_repo(tmp_path) -> Path:
    """A private copy of examples/nscb that a test may change."""
    dest = tmp_path / "nscb"
    shutil.copytree(EXAMPLE, dest)
    return dest


def git_logging(tmp_path: Path, monkeypatch) -> Path:
    """Put a logging wrapper in front of the real git: each git command lif runs
    is written to the returned file, then run."""
    real = shutil.which("git")
    shim = tmp_path / "bin"
    shim.mkdir()
    log = tmp_path / "git.log"
    (shim / "git").write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    (shim / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    return log


def git(cwd: Path, *args: str) -> str:
    """Run real git in ``cwd``."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def git_repo(make_repo):
    """A records repository that is also a git repository with one commit."""

    def _make(files: dict[str, str | bytes] | None = None) -> Path:
        root = make_repo(files)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "initial records")
        return root

    return _make
