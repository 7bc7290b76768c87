"""`lif changes`: real git repositories with several commits, read in one pass."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from lif_cli.compute.change_facts import read_facts
from lif_cli.compute.changes import changes_between
from lif_cli.errors import LifError
from tests.conftest import git_logging, write_repo

CALENDAR = """\
    entries:
      - {id: themed-audit, title: Themed audit, from: PIQAG, to: board, months: [5, 10]}
    """


def review(ident: str, recs: str = "R1, R2", status: str = "in-progress") -> str:
    lines = [
        f"id: {ident}",
        "type: serious-case-review",
        "title: Child A",
        "case_ref: Child A",
        f"status: {status}",
        "dates: {referred: 2016-01-10, decided: 2016-02-02, started: 2016-02-20}",
        "recommendations:",
    ]
    for r in [x.strip() for x in recs.split(",")]:
        lines.append(f"  - {{id: {r}, text: Recommendation {r} for the board, to: [csc]}}")
    return "\n".join(lines) + "\n"


def plan(source: str, actions: list[tuple[str, str, str, str]]) -> str:
    """actions: (id, recommendation, status, due)."""
    out = [f"source: {source}", "actions:"]
    for aid, rec, status, due in actions:
        out += [
            f"  - id: {aid}",
            f"    recommendation: {rec}",
            f"    text: Action {aid} on {rec}",
            "    agency: csc",
            f"    due: {due}",
            f"    status: {status}",
        ]
        if status == "complete":
            out += ["    completed: 2016-10-19", "    evidence: Audit of 10 cases"]
    return "\n".join(out) + "\n"


def audit(status: str, presented: str | None = None) -> str:
    text = textwrap.dedent(
        f"""\
        id: MAA-2016-01
        type: multi-agency
        title: Neglect audit
        status: {status}
        calendar: themed-audit
        """
    )
    if presented:
        text += f"dates: {{presented: {presented}}}\n"
    return text


def run_git(root: Path, *args: str, when: str | None = None, author: str | None = None) -> str:
    env = dict(os.environ)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when}T12:00:00+00:00"
    if author:
        env["GIT_AUTHOR_NAME"] = author
    return subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def commit(root: Path, message: str, when: str, author: str) -> str:
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "-m", message, when=when, author=author)
    return run_git(root, "rev-parse", "HEAD").strip()


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def build_history_repo(root: Path) -> dict[str, str]:
    """Four commits: a status change, due dates slipping twice, a rename, completion.

    Returns {name: commit sha}. The repository is left clean.
    """
    write_repo(
        root,
        {
            "calendar.yaml": CALENDAR,
            "reviews/SCR-2016-1.yaml": review("SCR-2016-1"),
            "actions/SCR-2016-1.yaml": plan(
                "SCR-2016-1",
                [
                    ("A1", "R1", "not-started", "2016-10-31"),
                    ("A2", "R2", "in-progress", "2016-12-31"),
                ],
            ),
            "audits/MAA-2016-01.yaml": audit("planned"),
        },
    )
    run_git(root, "init", "-q", "-b", "main")
    shas = {"c1": commit(root, "Records as at the September board", "2016-09-01", "Officer One")}
    run_git(root, "tag", "board-2016-09")

    write(
        root,
        "actions/SCR-2016-1.yaml",
        plan(
            "SCR-2016-1",
            [("A1", "R1", "in-progress", "2016-10-31"), ("A2", "R2", "in-progress", "2017-01-31")],
        ),
    )
    shas["c2"] = commit(root, "A1 started; A2 slips a month", "2016-09-20", "Officer Two")

    run_git(root, "mv", "reviews/SCR-2016-1.yaml", "reviews/SCR-2016-01.yaml")
    run_git(root, "mv", "actions/SCR-2016-1.yaml", "actions/SCR-2016-01.yaml")
    write(root, "reviews/SCR-2016-01.yaml", review("SCR-2016-01"))
    write(
        root,
        "actions/SCR-2016-01.yaml",
        plan(
            "SCR-2016-01",
            [("A1", "R1", "in-progress", "2016-10-31"), ("A2", "R2", "in-progress", "2017-01-31")],
        ),
    )
    shas["c3"] = commit(root, "Rename SCR-2016-1 to SCR-2016-01", "2016-10-05", "Officer One")

    write(root, "reviews/SCR-2016-01.yaml", review("SCR-2016-01", "R1, R2, R3"))
    write(
        root,
        "actions/SCR-2016-01.yaml",
        plan(
            "SCR-2016-01",
            [
                ("A1", "R1", "complete", "2016-10-31"),
                ("A2", "R2", "in-progress", "2017-02-28"),
                ("A3", "R3", "not-started", "2017-03-31"),
            ],
        ),
    )
    write(root, "audits/MAA-2016-01.yaml", audit("reported", "2016-10-18"))
    shas["c4"] = commit(root, "October updates", "2016-10-20", "Officer Two")
    return shas


@pytest.fixture
def history_repo(tmp_path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "records"
    return root, build_history_repo(root)


def test_changes_since_a_tag_lists_every_kind_of_change(lif, history_repo):
    root, shas = history_repo
    result = lif("changes", "-C", str(root), "--since", "board-2016-09", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["since"] == {"ref": "board-2016-09", "commit": shas["c1"], "date": "2016-09-01"}
    assert data["until"]["commit"] == shas["c4"] and data["until"]["uncommitted"] == []
    assert data["commits"] == 3
    # history before the rename is reported under the new id
    assert [
        (e["id"], e["from"], e["to"], e["date"], e["author"]) for e in data["status_changes"]
    ] == [
        ("SCR-2016-01/A1", "not-started", "in-progress", "2016-09-20", "Officer Two"),
        ("SCR-2016-01/A1", "in-progress", "complete", "2016-10-20", "Officer Two"),
    ]
    (slip,) = data["due_dates_moved"]
    assert (slip["id"], slip["from"], slip["to"], slip["days"], slip["times"]) == (
        "SCR-2016-01/A2",
        "2016-12-31",
        "2017-02-28",
        59,
        2,
    )
    assert [m["days"] for m in slip["moves"]] == [31, 28]
    assert [a["id"] for a in data["actions"]["added"]] == ["SCR-2016-01/A3"]
    assert [a["id"] for a in data["actions"]["completed"]] == ["SCR-2016-01/A1"]
    assert data["actions"]["removed"] == []
    assert [r["id"] for r in data["recommendations"]["added"]] == ["SCR-2016-01/R3"]
    assert [r["id"] for r in data["recommendations"]["closed"]] == ["SCR-2016-01/R1"]
    assert data["records"] == {"added": [], "removed": []}
    (stage,) = data["stages"]
    assert (stage["id"], stage["kind"], stage["from"], stage["to"]) == (
        "MAA-2016-01",
        "audit",
        "planned",
        "reported",
    )
    assert stage["steps"][0]["author"] == "Officer Two"
    (presented,) = data["presented"]
    assert presented == {
        "id": "MAA-2016-01",
        "kind": "audit",
        "text": "Neglect audit",
        "calendar": "themed-audit",
        "date": "2016-10-18",
    }
    (renamed,) = data["renamed"]
    assert (renamed["from"], renamed["to"], renamed["commit"]) == (
        "SCR-2016-1",
        "SCR-2016-01",
        shas["c3"],
    )


def test_text_output_reads_as_sections_with_ids(lif, history_repo):
    root, _ = history_repo
    result = lif("changes", "-C", str(root), "--since", "board-2016-09")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Changes to the records: 3 commits\n  from board-2016-09 (")
    for heading in (
        "Action status changes (2)",
        "Due dates moved (1)",
        "Actions added (1)",
        "Recommendations closed",
        "Reviews, audits and drilldowns that moved stage (1)",
        "Presented against the reporting calendar (1)",
        "Renamed (1)",
    ):
        assert heading in out
    assert "+59 days" in out and "2 times" in out
    assert "SCR-2016-01/A1" in out


def test_a_date_means_the_last_commit_on_or_before_it(history_repo):
    root, shas = history_repo
    ch = changes_between(root, "2016-10-04", "2016-10-19")
    assert ch.since_commit == shas["c2"] and ch.until_commit == shas["c3"]
    assert ch.commits == 1
    assert [(e.before, e.after) for e in ch.renamed] == [("SCR-2016-1", "SCR-2016-01")]
    assert ch.status_changes == [] and ch.slippage == []
    # a date before the first commit starts from nothing: everything is new
    ch = changes_between(root, "2015-01-01", "2016-09-01")
    assert ch.since_commit is None and ch.until_commit == shas["c1"]
    assert [a.id for a in ch.actions_added] == ["SCR-2016-1/A1", "SCR-2016-1/A2"]
    assert {i.id for i in ch.records_added} == {"SCR-2016-1", "MAA-2016-01"}


def test_uncommitted_changes_are_included_and_said(lif, history_repo):
    root, _ = history_repo
    text = (root / "actions/SCR-2016-01.yaml").read_text()
    text = text.replace("status: not-started", "status: cancelled")
    (root / "actions/SCR-2016-01.yaml").write_text(text)
    result = lif("changes", "-C", str(root), "--since", "board-2016-09", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["until"]["uncommitted"] == ["actions/SCR-2016-01.yaml"]
    last = data["status_changes"][-1]
    assert (last["id"], last["from"], last["to"], last["commit"], last["date"]) == (
        "SCR-2016-01/A3",
        "not-started",
        "cancelled",
        "uncommitted",
        None,
    )
    assert [a["id"] for a in data["actions"]["cancelled"]] == ["SCR-2016-01/A3"]
    assert "uncommitted changes" in result.stderr
    text_result = lif("changes", "-C", str(root), "--since", "board-2016-09")
    assert "plus uncommitted changes" in text_result.stdout
    assert "uncommitted" in text_result.stdout


def test_until_a_ref_ignores_the_working_tree(history_repo):
    root, _ = history_repo
    (root / "audits/MAA-2016-01.yaml").write_text(audit("closed", "2016-10-18"))
    ch = changes_between(root, "board-2016-09", "HEAD")
    assert ch.uncommitted == ()
    assert [s.after for s in ch.stages] == ["reported"]


def test_refs_starting_with_a_dash_are_refused(lif, history_repo):
    root, _ = history_repo
    for bad in ("--output=/tmp/x", "-p"):
        result = lif("changes", "-C", str(root), f"--since={bad}")
        assert result.exit_code == 2
        assert "starts with '-'" in result.stderr
        assert "Traceback" not in result.output
    result = lif("changes", "-C", str(root), "--since", "board-2016-09", f"--until={'-x'}")
    assert result.exit_code == 2 and "starts with '-'" in result.stderr


def test_an_unknown_ref_is_a_clear_error(lif, history_repo):
    root, _ = history_repo
    result = lif("changes", "-C", str(root), "--since", "board-2015-01")
    assert result.exit_code == 2
    assert "'board-2015-01' is not a commit, branch, tag or date" in result.stderr
    assert "hint:" in result.stderr


def test_no_git_repository_is_a_clear_error_and_other_commands_work(lif, make_repo):
    root = make_repo({})
    result = lif("changes", "-C", str(root), "--since", "HEAD~1")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr
    assert "Every other command works without git" in result.stderr
    assert "Traceback" not in result.output
    assert lif("validate", "-C", str(root)).exit_code == 0


def test_a_shallow_clone_says_history_is_incomplete(lif, history_repo, tmp_path):
    root, _ = history_repo
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{root}", str(clone)],
        check=True,
        capture_output=True,
    )
    result = lif("changes", "-C", str(clone), "--since", "HEAD~1", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["shallow"] is True
    assert any("history is incomplete" in n for n in data["notes"])
    assert "history is incomplete" in result.stderr
    # a date before the clone's oldest commit cannot be answered
    result = lif("changes", "-C", str(clone), "--since", "2016-09-05")
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "git fetch --unshallow" in result.stderr


def test_records_in_a_subfolder_of_the_git_repository(tmp_path):
    top = tmp_path / "top"
    build_history_repo(top / "safeguarding" / "records")
    # build_history_repo ran `git init` inside the subfolder: make the top the repo instead
    subprocess.run(["rm", "-rf", str(top / "safeguarding/records/.git")], check=True)
    run_git(top, "init", "-q", "-b", "main")
    (top / "README.txt").write_text("not a record\n")
    commit(top, "everything", "2016-11-01", "Officer One")
    (top / "safeguarding/records/audits/MAA-2016-01.yaml").write_text(audit("closed"))
    commit(top, "close the audit", "2016-11-02", "Officer Two")
    ch = changes_between(top / "safeguarding" / "records", "HEAD~1", "HEAD")
    assert [(s.id, s.before, s.after) for s in ch.stages] == [("MAA-2016-01", "reported", "closed")]
    assert ch.stages[0].steps[0].author == "Officer Two"


def test_markdown_output_is_tables(lif, history_repo):
    from markdown_it import MarkdownIt

    root, _ = history_repo
    result = lif("changes", "-C", str(root), "--since", "board-2016-09", "--format", "md")
    assert result.exit_code == 0, result.output
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    assert sum(1 for t in tokens if t.type == "table_open") >= 7
    assert "| SCR-2016-01/A2 | csc | 31 Dec 2016 | 28 Feb 2017 | +59 days | 2 |" in result.stdout


def test_facts_tolerate_broken_files():
    assert read_facts("actions", b"source: [unclosed").broken
    facts = read_facts("actions", b"source: X\nactions:\n  - id: A1\n    status: blocked\n")
    assert facts.actions["A1"].status == "blocked"


def test_git_errors_are_lif_errors(tmp_path):
    with pytest.raises(LifError) as info:
        changes_between(tmp_path, "HEAD")
    assert "not in a git repository" in info.value.message


def test_a_second_run_reads_facts_from_the_cache_and_agrees(history_repo):
    root, _ = history_repo
    first = changes_between(root, "board-2016-09").as_json()
    second = changes_between(root, "board-2016-09").as_json()
    fresh = changes_between(root, "board-2016-09", use_cache=False).as_json()
    assert first == second == fresh
    assert first["status_changes"]


def test_no_changes_between_equal_points(lif, history_repo):
    root, _ = history_repo
    result = lif("changes", "-C", str(root), "--since", "HEAD", "--until", "HEAD")
    assert result.exit_code == 0, result.output
    assert "0 commits" in result.stdout
    assert "No changes to the records in this range." in result.stdout


def test_a_second_run_reads_no_blob_whose_facts_are_kept(history_repo, tmp_path, monkeypatch):
    # the first run reads the blobs it parses, the second none
    log = git_logging(tmp_path, monkeypatch)
    root, _ = history_repo
    first = changes_between(root, "board-2016-09").as_json()
    assert "cat-file --batch" in log.read_text()
    log.write_text("")
    second = changes_between(root, "board-2016-09").as_json()
    assert "cat-file" not in log.read_text()
    assert "ls-tree" in log.read_text()  # the two points were still read
    assert second == first == changes_between(root, "board-2016-09", use_cache=False).as_json()
