"""The 1 MiB record limit is checked from sizes, before anything is read (issue 17, point 5).

A file's size comes from ``stat`` in the working tree and from ``git cat-file
--batch-check`` for ``--at`` and history, so a 4 GB sparse file or a large
blob costs a size look-up, never a read of its bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from lif_cli import gitrepo, layout, revisions
from tests.conftest import git
from tests.test_validate import AS_OF, GOOD

HUGE = 4 * 1024**3  # 4 GiB, sparse: no disk is used, and reading it would take minutes
BIG = layout.MAX_FILE_BYTES + 4096


def _errors(lif, root: Path, *args: str) -> tuple[int, list[dict]]:
    result = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)["errors"]


def _big_record() -> bytes:
    """A well-formed review just over the limit (comments pad it)."""
    body = GOOD["reviews/SCR-1.yaml"].encode()
    return body + b"# padding\n" * ((BIG - len(body)) // 10 + 1)


def test_a_4_gb_sparse_file_is_refused_from_its_size(lif, make_repo):
    root = make_repo(GOOD)
    with open(root / "reviews" / "HUGE-1.yaml", "wb") as fh:
        fh.truncate(HUGE)
    for _ in range(2):  # cold, then warm (the stat index must not change it)
        code, errors = _errors(lif, root)
        assert code == 1
        [problem] = [e for e in errors if e["file"] == "reviews/HUGE-1.yaml"]
        assert problem["code"] == "file-too-large"
        assert f"the file is {HUGE:,} bytes" in problem["message"]
        assert (problem["line"], problem["column"]) == (1, 1)


def test_a_read_never_returns_more_than_the_limit(make_repo):
    from lif_cli.repo import FileTooLarge, WorkTree

    root = make_repo(GOOD)
    with open(root / "reviews" / "HUGE-1.yaml", "wb") as fh:
        fh.truncate(HUGE)
    source = WorkTree(root)
    source.files()
    try:
        source.read("reviews/HUGE-1.yaml")
    except FileTooLarge as exc:
        assert exc.size == HUGE
    else:  # pragma: no cover - the failure this test is for
        raise AssertionError("a 4 GB file was read")


def _repo_with_big_blob(git_repo) -> tuple[Path, str]:
    root = git_repo(GOOD)
    git(root, "tag", "start")
    (root / "reviews" / "BIG-1.yaml").write_bytes(_big_record())
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a large record")
    sha = git(root, "rev-parse", "HEAD:reviews/BIG-1.yaml").strip()
    return root, sha


def test_a_large_blob_is_refused_from_its_size_at_a_revision(lif, git_repo):
    root, _ = _repo_with_big_blob(git_repo)
    (root / "reviews" / "BIG-1.yaml").unlink()  # the working tree no longer has it
    code, errors = _errors(lif, root, "--at", "HEAD")
    assert code == 1
    [problem] = [e for e in errors if e["file"] == "reviews/BIG-1.yaml"]
    assert problem["code"] == "file-too-large"
    assert f"the file is {len(_big_record()):,} bytes" in problem["message"]


def test_history_never_reads_a_blob_over_the_limit(git_repo):
    root, sha = _repo_with_big_blob(git_repo)
    small = git(root, "rev-parse", "HEAD:reviews/SCR-1.yaml").strip()
    oversized: dict[str, int] = {}
    blobs = revisions.read_blobs(gitrepo.open_git(root), [sha, small], oversized)
    assert oversized == {sha: len(_big_record())}
    assert sha not in blobs
    assert blobs[small] == (root / "reviews" / "SCR-1.yaml").read_bytes()


def test_changes_over_a_large_blob_name_it_unread_as_a_located_problem(lif, git_repo):
    root, _ = _repo_with_big_blob(git_repo)
    # and one more over the limit, uncommitted in the working tree
    with open(root / "reviews" / "HUGE-1.yaml", "wb") as fh:
        fh.truncate(HUGE)
    result = lif("changes", "-C", str(root), "--since", "start", "--format", "json")
    # a file version lif would not read is a problem in the range (exit 1), as in validate
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "reviews/BIG-1.yaml:1:1: error file-too-large" in result.stderr
    assert "reviews/HUGE-1.yaml:1:1: error file-too-large" in result.stderr
    assert "in the working tree" in result.stderr
    assert "empty-file" not in result.stderr
    text = json.dumps(json.loads(result.stdout))
    assert "reviews/BIG-1.yaml" in text
    assert "reviews/HUGE-1.yaml" in text
