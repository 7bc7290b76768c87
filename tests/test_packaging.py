"""The built wheel carries templates/ and schemas/ and works without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lif_cli.schemas import schema_names
from tests.conftest import EXAMPLE, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (found,) = out.glob("lif_cli-*.whl")
    return found


def test_wheel_contains_templates_and_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in schema_names():
        assert f"lif_cli/schemas_data/{schema}" in names
    templates = [n for n in names if n.startswith("lif_cli/templates/") and n.endswith(".j2")]
    assert templates, "no report templates in the wheel"
    # every package of the source tree (a new one must be listed in pyproject.toml)
    for init in (ROOT / "lif_cli").rglob("__init__.py"):
        assert init.relative_to(ROOT).as_posix() in names
    # the site's own style and script
    assert {"lif_cli/templates/site/site.css", "lif_cli/templates/site/plan.js"} <= names


def test_installed_wheel_runs_without_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "LIF_NO_CACHE": "1", "NO_COLOR": "1"}
    work = tmp_path / "elsewhere"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lif_cli", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import lif_cli.resources as r; print(r.templates_dir())"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(target)), where

    result = run("validate", "-C", str(EXAMPLE), "--as-of", "2016-11-15")
    assert result.returncode == 0, result.stdout + result.stderr

    result = run("schema", "--check", "--out", str(Path(where).parent / "schemas_data"))
    assert result.returncode == 0, result.stdout + result.stderr

    result = run("report", "board", "-C", str(EXAMPLE), "--as-of", "2016-11-15")
    assert result.returncode == 0, result.stderr
    assert "Norfolk Safeguarding Children Board" in result.stdout
