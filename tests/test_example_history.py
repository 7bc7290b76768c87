"""examples/build-history.py: the example with dated history, as the README shows it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLE, ROOT, git

AS_OF = "2016-11-15"


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    dest = tmp_path_factory.mktemp("h") / "nscb-history"
    subprocess.run(
        [sys.executable, str(ROOT / "examples/build-history.py"), str(dest)],
        check=True,
        capture_output=True,
    )
    return dest


def test_dated_commits_from_september_to_november_and_a_board_tag(history):
    dates = git(history, "log", "--format=%ad", "--date=short").split()
    assert dates[-1] == "2016-09-01" and dates[0] == "2016-11-08"
    assert all("2016-09-01" <= d <= "2016-11-15" for d in dates)
    assert len(dates) >= 10
    assert git(history, "tag").split() == ["board-2016-09-27"]
    assert git(
        history, "log", "-1", "--format=%ad", "--date=short", "board-2016-09-27"
    ).strip() == ("2016-09-27")
    authors = set(git(history, "log", "--format=%an").splitlines())
    assert authors <= {"Support Officer A", "Board Manager B"}
    # the last commit is the example itself, byte for byte
    for path in EXAMPLE.rglob("*.yaml"):
        rel = path.relative_to(EXAMPLE)
        assert (history / rel).read_bytes() == path.read_bytes(), rel
    assert git(history, "status", "--porcelain") == ""


def test_every_commit_validates(lif, history, tmp_path):
    for sha in git(history, "rev-list", "HEAD").split():
        r = lif("validate", "-C", str(history), "--at", sha, "--as-of", AS_OF, "-f", "json")
        assert r.exit_code == 0, (sha, r.stdout)


def test_changes_since_the_board_show_real_content(lif, history):
    r = lif("changes", "-C", str(history), "--since", "board-2016-09-27", "--as-of", AS_OF,
            "-f", "json")  # fmt: skip
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    changed = {(e["id"], e["from"], e["to"]) for e in data["status_changes"]}
    assert ("SCR-2016-01/A2", "in-progress", "complete") in changed
    assert ("SCR-2016-01/A5", "in-progress", "blocked") in changed
    slipped = {s["id"]: s["days"] for s in data["due_dates_moved"]}
    assert slipped == {"SCR-2016-01/A4": 39, "S11-2016-police/A2": 30}
    assert {i["id"] for i in data["records"]["added"]} == {"LADO-2016-Q3", "YOT-2016-11"}


def test_the_readme_shows_what_the_commands_print(lif, history, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    readme = (ROOT / "README.md").read_text()
    shown = readme.split("## History: what changed", 1)[1]
    text_block = shown.split("```text\n", 1)[1].split("```", 1)[0]
    out = lif("changes", "-C", str(history), "--since", "board-2016-09-27", "--as-of", AS_OF)
    for line in text_block.splitlines():
        if line.strip() and line.strip() != "...":
            assert line in out.stdout.splitlines(), line
    paper = lif("report", "board", "-C", str(history), "--as-of", AS_OF).stdout
    md_block = shown.split("```markdown\n", 1)[1].split("```", 1)[0]
    for line in md_block.splitlines():
        if line.strip():
            assert line in paper.splitlines(), line
    section = re.search(r"## 3\. What changed since the last meeting\n(.*?)\n## 4\.", paper, re.S)
    assert section and "SCR-2016-01/A4" in section[1] and "No changes" not in section[1]
