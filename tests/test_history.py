"""lif_cli.gitrepo, .revisions and .history: records at a revision, the state of the working
tree, git failures."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from lif_cli.errors import LifError
from lif_cli.gitrepo import GitError, NotAGitRepo, _translate, check_ref
from lif_cli.history import last_tag, repo_state
from lif_cli.revisions import revision_source
from tests.test_changes import build_history_repo, commit, run_git


@pytest.fixture
def history_repo(tmp_path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "records"
    return root, build_history_repo(root)


def test_revision_source_reads_files_as_they_were(history_repo):
    root, shas = history_repo
    src = revision_source(root, shas["c1"])
    assert src.commit == shas["c1"]
    assert "actions/SCR-2016-1.yaml" in src.files()
    assert "actions/SCR-2016-01.yaml" not in src.files()
    assert b"status: not-started" in src.read("actions/SCR-2016-1.yaml")
    assert src.files()[0] == "lif.yaml"  # the loader's order: top files first
    with pytest.raises(FileNotFoundError):
        src.read("reviews/nope.yaml")
    # the working tree is untouched
    assert (root / "actions/SCR-2016-01.yaml").is_file()
    assert not (root / "actions/SCR-2016-1.yaml").exists()


def test_at_rev_on_a_read_command(lif, history_repo):
    root, shas = history_repo
    result = lif("validate", "-C", str(root), "--at", "board-2016-09", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["errors"] == []
    # a date is the last commit on or before it
    assert revision_source(root, "2016-09-25").commit == shas["c2"]
    assert revision_source(root, "2016-10-20").commit == shas["c4"]


def test_at_rev_reads_a_broken_past_exactly(lif, history_repo):
    root, _ = history_repo
    (root / "audits/MAA-2016-01.yaml").write_text("id: MAA-2016-01\ntype: [\n")
    commit(root, "break the audit", "2016-10-25", "Officer Two")
    now = lif("validate", "-C", str(root), "--format", "json")
    assert now.exit_code == 1
    assert json.loads(now.stdout)["errors"][0]["file"] == "audits/MAA-2016-01.yaml"
    before = lif("validate", "-C", str(root), "--format", "json", "--at", "HEAD~1")
    assert before.exit_code == 0, before.output


def test_bad_revisions_are_refused_with_hints(lif, history_repo):
    root, _ = history_repo
    for rev, message in (
        ("-p", "starts with '-'"),
        ("--output=x", "starts with '-'"),
        ("no-such-tag", "'no-such-tag' is not a commit, branch, tag or date"),
        ("2015-01-01", "there is no commit on or before 2015-01-01"),
    ):
        result = lif("validate", "-C", str(root), "--at", rev)
        assert result.exit_code == 2, (rev, result.output)
        assert message in result.stderr
        assert "hint:" in result.stderr
        assert "Traceback" not in result.output
    with pytest.raises(GitError):
        check_ref("")
    with pytest.raises(GitError):
        check_ref("HEAD\n--exec")


def test_at_rev_outside_git_is_a_clear_error(lif, make_repo):
    root = make_repo({})
    result = lif("validate", "-C", str(root), "--at", "HEAD")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr


def test_at_rev_before_the_records_existed(lif, tmp_path):
    top = tmp_path / "top"
    top.mkdir()
    run_git(top, "init", "-q", "-b", "main")
    (top / "README.txt").write_text("hello\n")
    commit(top, "start", "2016-01-01", "Officer One")
    build_history_repo(top / "records")
    subprocess.run(["rm", "-rf", str(top / "records/.git")], check=True)
    commit(top, "add records", "2016-11-01", "Officer One")
    result = lif("validate", "-C", str(top / "records"), "--at", "HEAD~1")
    assert result.exit_code == 2
    assert "there is no lif.yaml in records at HEAD~1" in result.stderr
    assert lif("validate", "-C", str(top / "records"), "--at", "HEAD").exit_code == 0


def test_repo_state_reports_commit_dirty_and_shallow(history_repo, tmp_path):
    root, shas = history_repo
    state = repo_state(root)
    assert state is not None
    assert (state.commit, state.dirty, state.shallow) == (shas["c4"], False, False)
    # a file outside the records does not make the records dirty
    (root / "notes.txt").write_text("scratch\n")
    assert repo_state(root).dirty is False
    (root / "reviews/LR-2016-09.yaml").write_text("id: LR-2016-09\n")
    state = repo_state(root)
    assert state.dirty is True and state.changed == ("reviews/LR-2016-09.yaml",)
    assert repo_state(tmp_path) is None  # not in git
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert repo_state(clone).shallow is True


def test_last_tag_skips_the_papers_own_commit(history_repo):
    root, shas = history_repo
    assert last_tag(root, "board-*") == "board-2016-09"
    assert last_tag(root, "piqag-*") is None
    run_git(root, "tag", "board-2016-10")  # on HEAD: the paper rebuilt from HEAD
    assert last_tag(root, "board-*") == "board-2016-09"
    assert last_tag(root, "board-*", at=shas["c1"]) is None
    (root / "reviews/LR-2016-09.yaml").write_text("id: LR-2016-09\n")  # work after HEAD
    assert last_tag(root, "board-*") == "board-2016-10"


def test_git_messages_become_lif_errors_with_hints():
    err = _translate(
        "fatal: detected dubious ownership in repository at '/srv/records'\n"
        "To add an exception for this directory, call: ...",
        Path("/srv/records"),
        "find the repository",
    )
    assert isinstance(err, LifError) and err.exit_code == 2
    assert "dubious ownership" in err.message
    assert "safe.directory /srv/records" in (err.hint or "")
    assert "never changes git settings" in (err.hint or "")
    err = _translate("fatal: not a git repository (or any parent)", Path("/x"), "read")
    assert isinstance(err, NotAGitRepo)
    err = _translate("fatal: something odd\n", Path("/x"), "read the history")
    assert err.message == "git could not read the history: something odd"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to hand the repo away"
)
def test_a_repository_owned_by_someone_else(lif, history_repo):
    root, _ = history_repo
    subprocess.run(["chown", "-R", "nobody", str(root)], check=True)
    result = lif("changes", "-C", str(root), "--since", "HEAD~1")
    assert result.exit_code == 2
    assert "dubious ownership" in result.stderr and "safe.directory" in result.stderr
    assert "Traceback" not in result.output
    # a paper is still written, saying why history is missing
    paper = lif("report", "board", "-C", str(root), "--as-of", "2016-10-31")
    assert paper.exit_code == 0, paper.output
    assert "an unknown git commit (git could not be read)" in paper.stdout
    assert "What changed cannot be shown: git refuses to read" in paper.stdout
    assert "not stamped with a git commit" in paper.stderr
