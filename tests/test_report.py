"""`lif report`: papers from templates, stamped, reproducible, sandboxed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import EXAMPLE, ROOT
from tests.goldens import assert_golden
from tests.test_changes import build_history_repo, commit, run_git

GOLDEN = ROOT / "tests" / "golden" / "board-nscb-2016-11-15.md"
AS_OF = "2016-11-15"


def tables(markdown: str) -> list[tuple[int, list[int]]]:
    """Each table as (header cells, [cells of each body row]), parsed by markdown-it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    out: list[tuple[int, list[int]]] = []
    header, rows, cells, in_head = 0, [], 0, False
    for t in tokens:
        if t.type == "table_open":
            header, rows = 0, []
        elif t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            if in_head:
                header = cells
            else:
                rows.append(cells)
        elif t.type == "table_close":
            out.append((header, rows))
    return out


def assert_valid_tables(markdown: str, at_least: int) -> None:
    """Every '|---' separator starts a table markdown-it parses, rows as wide as the header."""
    found = tables(markdown)
    separators = sum(1 for line in markdown.splitlines() if line.startswith("|---"))
    assert len(found) == separators >= at_least, (len(found), separators)
    # markdown-it pads or cuts rows to the header's width: check the source rows too
    for line in markdown.splitlines():
        if line.startswith("| "):
            assert line.endswith(" |") or line.endswith("|"), line


@pytest.fixture
def nscb_git(tmp_path) -> Path:
    """examples/nscb in a git repository with two commits at fixed dates and a tag.

    The first commit lacks the domestic abuse audit and its plan (added by the
    second), so 'what changed since the last meeting' has content.
    """
    root = tmp_path / "nscb"
    shutil.copytree(EXAMPLE, root)
    held = {}
    for rel in ("audits/MAA-2016-02.yaml", "actions/MAA-2016-02.yaml"):
        held[rel] = (root / rel).read_bytes()
        (root / rel).unlink()
    run_git(root, "init", "-q", "-b", "main")
    commit(root, "Records for the September board", "2016-09-20", "Board Officer")
    run_git(root, "tag", "board-2016-09-27")
    for rel, data in held.items():
        (root / rel).write_bytes(data)
    commit(root, "Domestic abuse audit and its action plan", "2016-11-08", "Audit Lead")
    return root


def test_golden_board_paper_for_the_example(lif, nscb_git):
    result = lif("report", "board", "-C", str(nscb_git), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    paper = result.stdout
    assert_golden(paper, GOLDEN)
    assert_valid_tables(paper, at_least=12)


def test_the_board_paper_has_every_section_and_traces_lines_to_ids(lif, nscb_git):
    paper = lif("report", "board", "-C", str(nscb_git), "--as-of", AS_OF).stdout
    for heading in (
        "## 1. Summary",
        "## 2. RAG headline",
        "## 3. What changed since the last meeting",
        "## 4. Overdue actions and gaps",
        "## 5. Reviews in progress and statutory deadlines",
        "## 6. Published reviews: dissemination of the learning",
        "## 7. Reporting calendar",
        "## 8. Performance indicators and trends",
        "## 9. Section 11",
        "## 10. Training",
        "## 12. Outcomes, risks, evidence and learning",
        "## 13. Decisions the board is asked to take",
    ):
        assert heading in paper
    head = run_git(nscb_git, "rev-parse", "HEAD").strip()
    assert f"git commit `{head[:10]}` (clean)" in paper
    assert "Norfolk Safeguarding Children Board" in paper and "as of 15 Nov 2016" in paper
    # since the last board tag: the audit and its actions are new
    assert "From board-2016-09-27 (commit" in paper
    assert "| MAA-2016-02 | audit | reported | Domestic abuse" in paper.replace("\\", "")
    assert "| MAA-2016-02/A1 | police |" in paper
    # every row of the overdue table names its action
    overdue = paper.split("## 4.")[1].split("## 5.")[0]
    rows = [line for line in overdue.splitlines() if line.startswith("| RED")]
    assert rows and all("/A" in row.split("|")[2] for row in rows)


def test_since_last_meeting_in_a_repository_with_history(lif, tmp_path):
    root = tmp_path / "records"
    build_history_repo(root)
    result = lif("report", "board", "-C", str(root), "--as-of", "2016-10-31")
    assert result.exit_code == 0, result.output
    section = result.stdout.split("## 3. What changed since the last meeting")[1].split("## 4.")[0]
    assert "From board-2016-09 (commit" in section
    assert "3 commits" in section
    assert "| SCR-2016-01/A1 | not-started | in-progress | 20 Sep 2016 | Officer Two |" in section
    assert "| SCR-2016-01/A1 | in-progress | complete | 20 Oct 2016 | Officer Two |" in section
    assert "| SCR-2016-01/A2 | csc | 31 Dec 2016 | 28 Feb 2017 | +59 days | 2 |" in section
    assert "| SCR-2016-1 | SCR-2016-01 | 5 Oct 2016 | Officer One |" in section
    assert "| MAA-2016-01 | audit | themed-audit | 18 Oct 2016 | Neglect audit |" in section
    assert_valid_tables(result.stdout, at_least=10)


def test_at_an_older_commit_reproduces_that_commits_paper(lif, tmp_path):
    root = tmp_path / "records"
    shas = build_history_repo(root)
    # the paper as it was written when c2 was the latest commit
    then = tmp_path / "then"
    subprocess.run(["git", "clone", "-q", str(root), str(then)], check=True)
    run_git(then, "checkout", "-q", shas["c2"])
    original = lif("report", "board", "-C", str(then), "--as-of", "2016-09-27")
    assert original.exit_code == 0, original.output
    assert f"git commit `{shas['c2'][:10]}` (clean)" in original.stdout
    assert "| SCR-2016-1/A1 | not-started | in-progress | 20 Sep 2016 | Officer Two |" in (
        original.stdout
    )
    # the same paper, rebuilt later from the repository whose HEAD has moved on
    again = lif("report", "board", "-C", str(root), "--as-of", "2016-09-27", "--at", shas["c2"])
    assert again.exit_code == 0, again.output
    assert again.stdout == original.stdout
    # and with a date for --at
    by_date = lif("report", "board", "-C", str(root), "--as-of", "2016-09-27", "--at", "2016-09-30")
    assert by_date.stdout == original.stdout


def test_a_dirty_tree_is_stamped(lif, tmp_path):
    root = tmp_path / "records"
    build_history_repo(root)
    (root / "audits/MAA-2016-01.yaml").write_text(
        (root / "audits/MAA-2016-01.yaml").read_text().replace("reported", "closed")
    )
    result = lif("report", "board", "-C", str(root), "--as-of", "2016-10-31")
    assert result.exit_code == 0, result.output
    assert "**with uncommitted changes**" in result.stdout
    assert "uncommitted changes" in result.stderr


def test_records_not_in_git_still_get_a_paper(lif, tmp_path):
    root = tmp_path / "nscb"
    shutil.copytree(EXAMPLE, root)
    result = lif("report", "board", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "records not in git" in result.stdout
    assert "The records are not in git, so what changed cannot be shown." in result.stdout
    result = lif("report", "board", "-C", str(root), "--as-of", AS_OF, "--since", "HEAD")
    assert result.exit_code == 2 and "not in a git repository" in result.stderr


def test_output_file_gets_svg_charts_beside_it(lif, nscb_git, tmp_path):
    out = tmp_path / "papers" / "board-2016-11.md"
    result = lif("report", "board", "-C", str(nscb_git), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    paper = out.read_text()
    assert "![Actions by agency and RAG](board-2016-11-rag-by-agency.svg)" in paper
    assert "![Indicator trends](board-2016-11-indicator-trends.svg)" in paper
    rag = (out.parent / "board-2016-11-rag-by-agency.svg").read_text()
    assert rag.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in rag
    assert ">Actions by agency and RAG</title>" in rag and "police: 1 red" in rag
    trends = (out.parent / "board-2016-11-indicator-trends.svg").read_text()
    assert "re-referrals (Re-referrals" in trends and "(target 20)" in trends
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "board-2016-11-indicator-trends.svg",
        "board-2016-11-rag-by-agency.svg",
        "board-2016-11.md",
    ]  # no temporary files left behind
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)


def test_html_is_one_self_contained_file(lif, nscb_git, tmp_path):
    out = tmp_path / "board.html"
    result = lif(
        "report", "board", "-C", str(nscb_git), "--as-of", AS_OF, "--format", "html", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert html.count("<svg") == 2 and "<img" not in html
    assert "<table>" in html and "<h2>1. Summary</h2>" in html
    assert [p.name for p in tmp_path.iterdir()] == ["nscb", "board.html"] or sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["board.html", "nscb"]


def test_record_text_is_escaped_in_tables_and_html(lif, make_repo):
    root = make_repo(
        {
            "reviews/LR-1.yaml": """\
                id: LR-1
                type: learning-review
                title: "Pipes | stars * and <script>alert(1)</script>"
                status: in-progress
                recommendations:
                  - id: R1
                    text: "First line\\nsecond | line with *bold* and [link](http://x)"
                    to: [csc]
                """,
        }
    )
    result = lif("report", "board", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    paper = result.stdout
    line = next(x for x in paper.splitlines() if x.startswith("| LR-1/R1 |"))
    assert line == (
        "| LR-1/R1 | csc | First line second \\| line with \\*bold\\* and \\[link\\](http://x) |"
    )
    assert_valid_tables(paper, at_least=5)
    for header, rows in tables(paper):
        assert all(r == header for r in rows)
    html = lif("report", "board", "-C", str(root), "--as-of", AS_OF, "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_other_papers_render(lif, nscb_git):
    piqag = lif("report", "piqag", "-C", str(nscb_git), "--as-of", AS_OF)
    assert piqag.exit_code == 0, piqag.output
    assert "## 1. Audits" in piqag.stdout and "| MAA-2016-02 | multi-agency |" in piqag.stdout
    assert "### DD-2016-01" in piqag.stdout and "| DD-2016-01/Q1 |" in piqag.stdout
    assert_valid_tables(piqag.stdout, at_least=5)

    agency = lif("report", "agency", "--agency", "police", "-C", str(nscb_git), "--as-of", AS_OF)
    assert agency.exit_code == 0, agency.output
    assert "# NSCB paper for Norfolk Constabulary" in agency.stdout
    assert "| RED | SCR-2016-01/A3 |" in agency.stdout
    assert "| S11-2016-police | 15 Mar 2016 |" in agency.stdout
    assert_valid_tables(agency.stdout, at_least=3)

    annual = lif("report", "annual", "-C", str(nscb_git), "--as-of", AS_OF)
    assert annual.exit_code == 0, annual.output
    for heading in (
        "## 1. The impact of the work of the partnership",
        "## 2. Actions taken on reviews and their learning",
        "## 3. Training and its impact",
        "## 5. Priorities for the coming year",
    ):
        assert heading in annual.stdout
    assert "1 Apr 2016 to 31 Mar 2017" in annual.stdout
    assert_valid_tables(annual.stdout, at_least=4)


def test_misuse_is_exit_2_with_a_hint(lif, nscb_git):
    result = lif("report", "agency", "-C", str(nscb_git), "--as-of", AS_OF)
    assert result.exit_code == 2 and "needs --agency" in result.stderr
    result = lif("report", "agency", "--agency", "polise", "-C", str(nscb_git))
    assert result.exit_code == 2 and "did you mean 'police'?" in result.stderr
    result = lif("report", "bord", "-C", str(nscb_git))
    assert result.exit_code == 2 and "did you mean 'board'?" in result.stderr
    result = lif("report", "board", "-C", str(nscb_git), "--since", "-x")
    assert result.exit_code == 2 and "starts with '-'" in result.stderr


# --- the repository's own templates ---------------------------------------------------------


def with_template(make_repo, name: str, text: str) -> Path:
    return make_repo({f"templates/{name}": text})


def test_a_repository_template_overrides_and_adds_papers(lif, make_repo):
    root = make_repo(
        {
            "templates/board.md.j2": "# Our own board paper for {{ partnership }}\n"
            "{{ status.counts.red }} red\n",
            "templates/lscg.md.j2": '{% import "_macros.md.j2" as m with context %}'
            "{{ m.stamp_block(stamp, 'LSCG paper') }}\n",
        }
    )
    result = lif("report", "board", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == "# Our own board paper for Test Safeguarding Children Partnership\n0 red\n"
    )
    result = lif("report", "lscg", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# LSCG paper\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "line one\n{{ ''.__class__.__mro__ }}\n",
            "templates/board.md.j2:2: the template was stopped: access to attribute "
            "'__class__' of 'str' object is unsafe",
        ),
        (
            "{{ status.__init__.__globals__ }}\n",
            "templates/board.md.j2:1: the template was stopped",
        ),
        (
            "{% for i in range(10**9) %}x{% endfor %}\n",
            "templates/board.md.j2:1: the template was stopped",
        ),
        (
            "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}\n",
            "range() may produce at most 100,000 items",
        ),
        ("{{ 'x' * 10**9 }}\n", "longer than 1,000,000 items"),
        ("{{ 2 ** 100000 }}\n", "to a power over"),
        ("ok\n{% for x in %}\n", "templates/board.md.j2:2: template syntax error"),
        ("\n\n{{ no_such_thing }}\n", "templates/board.md.j2:3: 'no_such_thing' is undefined"),
    ],
)
def test_a_malicious_or_broken_template_fails_safely(lif, make_repo, text, message):
    root = with_template(make_repo, "board.md.j2", text)
    result = lif("report", "board", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "hint:" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_template_that_never_ends_is_stopped(make_repo):
    from lif_cli.errors import LifError
    from lif_cli.render.report import render_template

    root = with_template(
        make_repo,
        "slow.md.j2",
        "{% macro f(n) %}{% for i in [1, 2, 3, 4, 5, 6, 7, 8] %}{{ f(n) }}{% endfor %}"
        "{% endmacro %}{{ f(1) }}",
    )
    with pytest.raises(LifError) as info:
        render_template("slow.md.j2", {}, root, time_limit=1)
    assert "was stopped" in info.value.message


# --- personal data --------------------------------------------------------------------------


def test_a_paper_is_refused_when_records_hold_personal_data(lif, make_repo):
    root = make_repo(
        {
            "reviews/LR-1.yaml": """\
                id: LR-1
                type: learning-review
                title: Child A
                status: in-progress
                lead_reviewer: Contact jo.bloggs@example.org or 07700 900123
                """,
        }
    )
    result = lif("report", "board", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "appear to hold personal data (2 findings)" in result.stderr
    assert "lif validate" in result.stderr
    assert result.stdout == ""
    allowed = lif("report", "board", "-C", str(root), "--as-of", AS_OF, "--allow-personal-data")
    assert allowed.exit_code == 0, allowed.output
    assert "# Test Safeguarding Children Partnership Board paper" in allowed.stdout


def test_records_with_errors_still_get_a_paper_and_exit_1(lif, make_repo):
    root = make_repo(
        {
            "reviews/LR-1.yaml": "id: LR-1\ntype: learning-review\ntitle: Child A\n"
            "status: in-progress\n",
            "actions/LR-1.yaml": "source: LR-1\nactions:\n  - id: A1\n    recommendation: R1\n"
            "    text: Do it\n    agency: csc\n    due: 2016-13-01\n    status: not-started\n",
        }
    )
    result = lif("report", "board", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stdout.startswith("# Test Safeguarding Children Partnership Board paper")
    assert "the records have errors" in result.stderr and "lif validate" in result.stderr
