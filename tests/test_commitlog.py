"""The commit log lif reads for `lif changes`, and what it keeps of it.

Real git repositories with merges, a merge that drops a side branch, a
rename, commits that touch no record and records in a sub-folder. Each read
that uses what was kept must equal a read from git alone.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from lif_cli.commitlog import read_log
from lif_cli.gitrepo import open_git
from tests.conftest import git_logging
from tests.test_changes import commit, plan, run_git, write


def log_of(root: Path, start: str | None, end: str = "HEAD", use_cache: bool = True) -> list:
    repo = open_git(root)
    end_sha = run_git(root, "rev-parse", end).strip()
    return [dataclasses.astuple(c) for c in read_log(repo, start, end_sha, use_cache)]


def action(root: Path, name: str, status: str, due: str = "2017-01-31") -> None:
    write(root, f"actions/{name}.yaml", plan(name, [("A1", "R1", status, due)]))


def branching_history(top: Path, records: str = "") -> tuple[Path, str]:
    """Records in ``top/records``: a root commit, a commit outside the records,
    a merged branch, a branch whose record change the merge dropped, a rename."""
    root = top / records if records else top
    root.mkdir(parents=True)
    (root / "lif.yaml").write_text("partnership: {name: Test, short: TP}\n")
    run_git(top, "init", "-q", "-b", "main")
    action(root, "SCR-1", "not-started")
    first = commit(top, "first", "2016-09-01", "Officer One")
    (top / "README.md").write_text("not a record\n")
    commit(top, "docs", "2016-09-02", "Officer One")
    run_git(top, "checkout", "-q", "-b", "side")
    action(root, "SCR-2", "in-progress")
    commit(top, "side: SCR-2", "2016-09-03", "Officer Two")
    run_git(top, "checkout", "-q", "main")
    action(root, "SCR-1", "in-progress")
    commit(top, "main: SCR-1 started", "2016-09-04", "Officer One")
    run_git(top, "merge", "-q", "--no-ff", "-m", "merge side", "side", when="2016-09-05")
    run_git(top, "checkout", "-q", "-b", "dropped")
    action(root, "SCR-1", "blocked")
    commit(top, "dropped: SCR-1 blocked", "2016-09-06", "Officer Two")
    run_git(top, "checkout", "-q", "main")
    run_git(top, "merge", "-q", "-s", "ours", "-m", "merge dropped", "dropped", when="2016-09-07")
    run_git(top, "mv", (root / "actions/SCR-2.yaml").relative_to(top).as_posix(), "x.yaml")
    run_git(top, "mv", "x.yaml", (root / "actions/SCR-02.yaml").relative_to(top).as_posix())
    commit(top, "rename SCR-2", "2016-09-08", "Officer One")
    return root, first


def logs_run(log: Path) -> list[str]:
    lines = log.read_text().splitlines() if log.exists() else []
    log.write_text("")
    return [line for line in lines if " log " in f" {line} "]


@pytest.mark.parametrize("records", ["", "records"])
def test_what_is_kept_reads_as_git_does(tmp_path, records):
    root, first = branching_history(tmp_path / "repo", records)
    fresh = log_of(root, first, use_cache=False)
    subjects = [c[4] for c in fresh]
    # default simplification: the branch the second merge dropped is not walked
    assert "dropped: SCR-1 blocked" not in subjects
    assert "docs" not in subjects
    assert {"side: SCR-2", "main: SCR-1 started", "rename SCR-2"} <= set(subjects)
    renamed = next(c for c in fresh if c[4] == "rename SCR-2")
    assert [ch[:3] for ch in renamed[5]] == [("R", "actions/SCR-2.yaml", "actions/SCR-02.yaml")]
    assert log_of(root, first) == fresh  # the first read, kept
    assert log_of(root, first) == fresh  # read from what was kept
    assert log_of(root, None) == log_of(root, None, use_cache=False)


def test_a_repeat_runs_no_git_log_and_new_commits_alone_are_diffed(tmp_path, monkeypatch):
    root, first = branching_history(tmp_path / "repo")
    log = git_logging(tmp_path, monkeypatch)
    fresh = log_of(root, first)
    [one] = logs_run(log)
    assert "--raw" in one and "--no-walk" not in one
    assert log_of(root, first) == fresh
    assert logs_run(log) == []

    action(root, "SCR-3", "not-started")
    new = commit(root, "SCR-3 added", "2016-09-09", "Officer Two")
    again = log_of(root, first)
    listing, diffs = logs_run(log)
    assert "--raw" not in listing  # the range is listed without diffs
    assert "--no-walk=unsorted --stdin" in diffs  # and only the new commit is diffed
    assert again == log_of(root, first, use_cache=False)
    assert again[:-1] == fresh and again[-1][0] == new
    assert [ch[2] for ch in again[-1][5]] == ["actions/SCR-3.yaml"]


def test_a_shallow_clone_keeps_nothing(tmp_path):
    source, _ = branching_history(tmp_path / "repo")
    clone = tmp_path / "clone"
    run_git(tmp_path, "clone", "-q", "--depth", "2", source.as_uri(), str(clone))
    before = set(Path(os.environ["LIF_CACHE_DIR"]).glob("commits-*"))
    assert log_of(clone, None) == log_of(clone, None, use_cache=False)
    assert set(Path(os.environ["LIF_CACHE_DIR"]).glob("commits-*")) == before


def test_new_merges_are_diffed_alone_too(tmp_path, monkeypatch):
    # Everything up to the first commit's child is known; the range then grows
    # over both merges and the rename: they are listed, then diffed on their own
    # (no third, whole log).
    root, _ = branching_history(tmp_path / "repo")
    early = run_git(root, "rev-list", "--reverse", "HEAD").split()[1]
    log = git_logging(tmp_path, monkeypatch)
    log_of(root, None, early)
    logs_run(log)
    grown = log_of(root, None)
    assert len(logs_run(log)) == 2
    assert grown == log_of(root, None, use_cache=False)
    assert sum(len(c[1]) > 1 for c in grown) >= 1  # a merge was among the new commits
