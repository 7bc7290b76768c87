"""Guards that keep the project honest as it grows (STYLE.md habit 9)."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys

import pytest

import lif_cli
from lif_cli.cli.app import COMMAND_MODULES, app
from tests.conftest import EXAMPLE, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_example_repository_validates_clean(lif):
    result = lif("validate", "-C", str(EXAMPLE), "--as-of", "2016-11-15", "--format", "json")
    report = json.loads(result.stdout)
    assert report["errors"] == [] and report["warnings"] == [], result.stdout
    assert report["records"] > 40
    assert result.exit_code == 0


def test_every_command_module_registers_a_command():
    registered = {c.callback.__module__.rsplit(".", 1)[-1] for c in app.registered_commands}
    registered |= {  # command groups such as `lif region status`
        c.callback.__module__.rsplit(".", 1)[-1]
        for g in app.registered_groups
        for c in g.typer_instance.registered_commands
    }
    missing = [m for m in COMMAND_MODULES if m not in registered]
    assert not missing, f"command modules that register no command: {missing}"


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_and_is_in_the_readme(lif, name):
    result = lif(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage: lif " + name in result.stdout
    command = next(c for c in app.registered_commands if c.name == name)
    assert (command.callback.__doc__ or "").strip(), f"lif {name} has no docstring (--help)"
    assert f"lif {name}" in README, f"README.md does not mention `lif {name}`"


def _modules() -> list[str]:
    names = ["lif_cli"]
    for info in pkgutil.walk_packages(lif_cli.__path__, "lif_cli."):
        if info.name == "lif_cli.__main__":
            continue
        names.append(info.name)
    return sorted(names)


def test_every_module_imports_on_its_own():
    """Each module in a fresh interpreter: catches import cycles and order bugs."""
    failures = []
    for name in _modules():
        proc = subprocess.run(
            [sys.executable, "-c", f"import {name}"], capture_output=True, text=True
        )
        if proc.returncode != 0:
            failures.append(f"{name}: {proc.stderr.strip().splitlines()[-1]}")
    assert not failures, "\n".join(failures)


def test_help_does_not_import_heavy_libraries():
    """`lif --help` runs many times a day: git, jinja2 and openpyxl load lazily."""
    code = (
        "import sys\n"
        "from lif_cli.cli.app import main\n"
        "main(['--help'])\n"
        "heavy = [m for m in ('git', 'jinja2', 'openpyxl', 'icalendar', 'ruamel.yaml') "
        "if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY=", proc.stdout


def test_every_problem_code_is_documented():
    from lif_cli.codes import CODES

    doc = (ROOT / "docs" / "VALIDATION.md").read_text(encoding="utf-8")
    missing = [code for code in CODES if f"`{code}`" not in doc]
    assert not missing, f"codes not explained in docs/VALIDATION.md: {missing}"


@pytest.mark.parametrize("name", [*command_names(), "region"])
def test_a_command_runs_from_an_app_of_that_command_alone(name, capsys):
    from lif_cli.cli.app import _narrowed, main

    one = _narrowed([name, "--help"])
    assert len(one.registered_commands) + len(one.registered_groups) == 1
    assert len(app.registered_commands) == len(command_names())  # the app is untouched
    assert main([name, "--help"]) == 0
    narrowed = capsys.readouterr().out
    app(args=[name, "--help"], prog_name="lif", standalone_mode=False)
    assert capsys.readouterr().out == narrowed  # the same help as from the whole app


@pytest.mark.parametrize("argv", [[], ["--version"], ["chnages"], ["-h"]])
def test_anything_but_a_command_name_gets_the_whole_app(argv):
    from lif_cli.cli.app import _narrowed

    assert _narrowed(argv) is app


def test_no_pydantic_plugin_sees_the_records(tmp_path):
    """A package may declare a pydantic plugin, which would see every value lif
    validates (case details): lif loads none. The control run proves the plugin
    loads for pydantic itself."""
    site = tmp_path / "site"
    info = site / "spyplugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spyplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spyplugin:plugin\n")
    marker = tmp_path / "loaded"
    (site / "spyplugin.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('x')\n"
        "class Spy:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None\n"
        "plugin = Spy()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "LIF_NO_CACHE": "1"}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    control = "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\n"
    subprocess.run([sys.executable, "-c", control], env=env, check=True)
    assert marker.exists()
    marker.unlink()
    args = [sys.executable, "-m", "lif_cli", "validate", "-C", str(EXAMPLE)]
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
