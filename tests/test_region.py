"""`lif region`: many partnerships from real local git repositories and snapshots."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from .conftest import EXAMPLE, git

AS_OF = "2016-11-15"


def _records_repo(path: Path) -> Path:
    shutil.copytree(EXAMPLE, path)
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "records")
    return path


def _rag_counts(lif, *args: str) -> dict[str, int]:
    r = lif("plan", *args, "--as-of", AS_OF, "--format", "json")
    assert r.exit_code == 0, r.output
    counts = Counter(a["rag"] for a in json.loads(r.stdout) if a["rag"])
    return {k: counts.get(k, 0) for k in ("red", "amber", "green", "blue")}


@pytest.fixture
def region(tmp_path) -> Path:
    """north: a folder in git; south: a git repository at tag v1 (a later commit
    completes an action); west: not a records repository at all."""
    north = _records_repo(tmp_path / "north")
    south = _records_repo(tmp_path / "south")
    git(south, "tag", "v1")
    plan = south / "actions" / "MAA-2016-01.yaml"
    text = plan.read_text()
    assert "status: not-started" in text
    plan.write_text(text.replace("status: not-started", "status: in-progress", 1))
    git(south, "commit", "-q", "-am", "start an action")
    (tmp_path / "west").mkdir()
    git(tmp_path / "west", "init", "-q", "-b", "main")
    region = tmp_path / "region.yaml"
    region.write_text(
        textwrap.dedent(
            f"""\
            region: Eastern region
            partnerships:
              - id: north
                name: North SCP
                path: north
              - id: south
                name: South SCP
                git: file://{south}
                ref: v1
              - id: west
                name: West SCP
                git: west
                ref: main
            """
        )
    )
    assert north.is_dir()
    return region


def test_three_partnerships_one_unreadable(region, lif, tmp_path):
    before = {p: git(tmp_path / p, "rev-parse", "HEAD") for p in ("north", "south")}
    r = lif("region", "status", str(region), "--as-of", AS_OF, "--format", "json")
    assert r.exit_code == 1, r.output
    report = json.loads(r.stdout)
    by_id = {p["id"]: p for p in report["partnerships"]}
    assert [p["id"] for p in report["partnerships"]] == ["north", "south", "west"]
    assert by_id["west"]["read"] is False
    assert "west" in by_id["west"]["reason"] and "main" in by_id["west"]["reason"]
    assert report["unreadable"] == [
        {"id": "west", "name": "West SCP", "reason": by_id["west"]["reason"]}
    ]
    # each partnership's figures are its own lif plan's, south's at the ref
    assert by_id["north"]["actions"] == _rag_counts(lif, "-C", str(tmp_path / "north"))
    assert by_id["south"]["actions"] == _rag_counts(
        lif, "-C", str(tmp_path / "south"), "--at", "v1"
    )
    assert by_id["south"]["commit"] == git(tmp_path / "south", "rev-parse", "v1^{commit}").strip()
    assert by_id["north"]["overdue"] == 3
    # the records were only read: no new commit, no change, nothing fetched into them
    for p in ("north", "south"):
        assert git(tmp_path / p, "rev-parse", "HEAD") == before[p]
        assert git(tmp_path / p, "status", "--porcelain") == ""
        assert not (tmp_path / p / ".git" / "FETCH_HEAD").exists()


def test_text_status_names_the_unreadable_partnership(region, lif):
    r = lif("region", "status", str(region), "--as-of", AS_OF)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines[0] == "Eastern region: 3 partnerships as of 2016-11-15 (1 could not be read)"
    assert any(
        line.startswith("north ") and line.split()[1:5] == ["3", "6", "12", "9"] for line in lines
    )
    assert "Could not be read:" in r.stdout and "  west (West SCP): " in r.stdout
    assert max(len(line) for line in lines if not line.startswith("  west")) <= 80


def test_report_themes_reviews_indicators_and_returns(region, lif):
    r = lif("region", "report", str(region), "--as-of", AS_OF, "--format", "json")
    report = json.loads(r.stdout)
    neglect = next(t for t in report["themes"] if t["theme"] == "neglect")
    assert neglect["by_partnership"] == {"north": 2, "south": 2}
    assert neglect["reviews"] == 4
    scr = [x for x in report["reviews"] if x["type"] == "serious-case-review"]
    assert {x["partnership"] for x in scr} == {"north", "south"}
    assert all(x["reviews"] == 2 and x["timescales_met"] == 3 for x in scr)
    rr = next(i for i in report["indicators"] if i["id"] == "re-referrals")
    assert set(rr["values"]) == {"north", "south"}
    assert {x["status"] for x in report["late_returns"]} == {"late", "overdue"}
    md = lif("region", "report", str(region), "--as-of", AS_OF, "--format", "md").stdout
    assert "## Themes across reviews" in md and "| Neglect | 4 |" in md
    assert "- **west** (West SCP): " in md


def test_db_keeps_every_table_with_the_partnership_column(region, lif, tmp_path):
    db = tmp_path / "region.duckdb"
    r = lif("region", "status", str(region), "--as-of", AS_OF, "--db", str(db))
    assert r.exit_code == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(
        "SELECT partnership, count(*) FROM actions GROUP BY 1 ORDER BY 1"
    ).fetchall() == [("north", 31), ("south", 31)]
    rows = con.execute(
        "SELECT partnership, read, reason IS NOT NULL FROM region_partnerships ORDER BY 1"
    ).fetchall()
    assert rows == [("north", True, False), ("south", True, False), ("west", False, True)]
    # an existing file is never overwritten
    r = lif("region", "status", str(region), "--as-of", AS_OF, "--db", str(db))
    assert r.exit_code == 2 and "already exists" in r.stderr


def test_snapshot_partnership(tmp_path, lif):
    snap = tmp_path / "east-snapshot"
    r = lif("export", "-C", str(EXAMPLE), "--as-of", AS_OF, "-f", "parquet", "-o", str(snap))
    assert r.exit_code == 0, r.output
    (tmp_path / "region.yaml").write_text(
        "region: R\npartnerships:\n"
        "  - {id: east, name: East, snapshot: east-snapshot}\n"
        "  - {id: gone, name: Gone, snapshot: nowhere}\n"
    )
    r = lif("region", "report", str(tmp_path / "region.yaml"), "--as-of", AS_OF, "-f", "json")
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    east = report["partnerships"][0]
    assert east["read"] and east["actions"] == _rag_counts(lif, "-C", str(EXAMPLE))
    assert "not a lif snapshot" in report["partnerships"][1]["reason"]
    assert {a["partnership"] for a in report["overdue_actions"]} == {"east"}


def test_all_read_exits_zero(tmp_path, lif):
    _records_repo(tmp_path / "one")
    (tmp_path / "region.yaml").write_text(
        "region: R\npartnerships:\n  - {id: one, name: One, path: one}\n"
    )
    r = lif("region", "status", "--as-of", AS_OF, cwd=tmp_path)
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "R: 1 partnership as of 2016-11-15"


def test_git_never_runs_the_records_fsmonitor(tmp_path, lif):
    repo = _records_repo(tmp_path / "one")
    marker = tmp_path / "ran"
    hook = tmp_path / "monitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(hook))
    (tmp_path / "region.yaml").write_text(
        "region: R\npartnerships:\n  - {id: one, name: One, path: one}\n"
    )
    r = lif("region", "status", str(tmp_path / "region.yaml"), "--as-of", AS_OF)
    assert r.exit_code == 0, r.output
    assert not marker.exists()


def test_region_file_errors_are_located(tmp_path, lif):
    (tmp_path / "region.yaml").write_text(
        "region: R\npartnerships:\n"
        "  - id: one\n    name: One\n    path: one\n    git: https://example.invalid/x.git\n"
        "  - id: One\n    name: Two\n    path: two\n"
    )
    r = lif("region", "status", str(tmp_path / "region.yaml"))
    assert r.exit_code == 1
    assert "region.yaml:3:5: error invalid-value: partnership 'one' must give exactly one" in (
        r.stderr
    )
    assert "region.yaml:7:9: error duplicate-id" in r.stderr
    (tmp_path / "region.yaml").write_text(
        "region: R\npartnerships:\n  - id: two\n    nmae: Two\n    path: two\n"
    )
    r = lif("region", "status", str(tmp_path / "region.yaml"))
    assert r.exit_code == 1
    assert "region.yaml:4:5: error unknown-field" in r.stderr
    assert "did you mean 'name'?" in r.stderr
    r = lif("region", "status", str(tmp_path / "missing.yaml"))
    assert r.exit_code == 2 and "no region file" in r.stderr


def test_an_ext_url_is_refused_not_run(tmp_path, lif):
    marker = tmp_path / "pwned"
    (tmp_path / "region.yaml").write_text(
        "region: R\npartnerships:\n"
        f"  - {{id: x, name: X, git: 'ext::sh -c touch% {marker}', ref: main}}\n"
    )
    r = lif("region", "status", str(tmp_path / "region.yaml"), "-f", "json")
    assert r.exit_code == 1
    assert "not a repository address" in json.loads(r.stdout)["unreadable"][0]["reason"]
    assert not marker.exists()


@pytest.mark.parametrize("sub", ["status", "report"])
def test_region_commands_have_help_and_are_in_the_readme(lif, sub):
    from .conftest import ROOT

    r = lif("region", sub, "--help")
    assert r.exit_code == 0 and f"Usage: lif region {sub}" in r.stdout
    assert f"lif region {sub}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_region_report_as_a_word_document(region, lif, tmp_path):
    from docx import Document

    out = tmp_path / "region.docx"
    r = lif("region", "report", str(region), "--as-of", AS_OF, "-f", "docx", "-o", str(out))
    assert r.exit_code == 1  # west could not be read, and is named in the paper
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Eastern region" in text and "west" in text
    head = [c.text for c in doc.tables[0].rows[0].cells]
    assert head[0] == "partnership" and "red" in head
    assert any(row.cells[0].text == "north" for row in doc.tables[0].rows)
    footer = "\n".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert "Eastern region" in footer and AS_OF in footer
    # without -o there is nowhere to put a Word document
    r = lif("region", "report", str(region), "--as-of", AS_OF, "-f", "docx")
    assert r.exit_code == 2 and "-o FILE.docx" in r.stderr
