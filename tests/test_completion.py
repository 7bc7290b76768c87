"""Shell completion through the real `lif`: the variables a shell sets, the
candidates it gets back, from the fast path and from typer alike."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from lif_cli.completion import FAST, candidates, fast_answer
from tests.conftest import EXAMPLE

# `lif` as installed (the entry point with the fast path) and the typer app alone.
ENTRY = [sys.executable, "-c", "from lif_cli.cli.entry import run; run()"]
TYPER = [sys.executable, "-c", "from lif_cli.cli.app import run; run()"]


def complete_bash(line: str, cwd=EXAMPLE, program=ENTRY) -> list[str]:
    words = line.split(" ")
    env = {
        **os.environ,
        "_LIF_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    out = subprocess.run(program, env=env, cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout.split()


CASES = [
    ("lif status --agency po", ["police"]),
    ("lif status -a comm", ["community-health"]),
    ("lif plan --source SCR", ["SCR-2016-01", "SCR-2016-02"]),
    ("lif plan --to LSCG-", ["LSCG-north", "LSCG-south", "LSCG-west"]),
    ("lif update SCR-2016-01/A", [f"SCR-2016-01/A{n}" for n in range(1, 8)]),
    ("lif update PCD", ["PCD-2016/"]),
    ("lif report b", ["board"]),
    ("lif new pl", ["plan"]),
    ("lif new plan --source LR", ["LR-2016-01"]),
    ("lif calendar --as-of 2016-11-15 --agency lad", ["lado"]),
]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_ids_complete_through_the_real_cli(line, expected):
    assert complete_bash(line) == expected


@pytest.mark.parametrize(("line", "expected"), CASES[:4] + CASES[6:8])
def test_typer_gives_the_same_candidates(line, expected):
    assert complete_bash(line, program=TYPER) == expected


def test_repo_option_names_the_repository(tmp_path):
    line = f"lif status -C {EXAMPLE} --agency pol"
    assert complete_bash(line, cwd=tmp_path) == ["police"]
    # outside any repository there is nothing to offer, and no error
    assert complete_bash("lif status --agency pol", cwd=tmp_path) == []


def test_commands_and_options_complete_through_typer():
    assert complete_bash("lif sta") == ["status"]
    assert "--as-of" in complete_bash("lif changes --")
    assert "--agency" in complete_bash("lif plan --a")


def test_zsh_reply_quotes_each_candidate(tmp_path):
    env = {
        **os.environ,
        "_LIF_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": f"lif status -C {EXAMPLE} --agency pol",
    }
    out = subprocess.run(ENTRY, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert out.stdout.strip() == "_arguments '*: :((\"police\"))'"


def test_every_fast_completion_is_also_typers():
    """The fast path answers only for options whose typer definition completes the same."""
    from typer.main import get_command

    from lif_cli.cli.app import app

    group = get_command(app)
    for (command, option), name in FAST.items():
        cmd = group.commands[command]
        if option:
            param = next(p for p in cmd.params if option in p.opts)
        else:
            param = next(p for p in cmd.params if not p.opts[0].startswith("-"))
        found = param.shell_complete(_Ctx(command), "")
        values = [getattr(c, "value", c) for c in found]
        assert values, (command, option, name)
        assert values == candidates(name, ["-C", str(EXAMPLE)], ""), (command, option)


class _Ctx:
    """Enough of a context for a completion callback (the repository is the example)."""

    def __init__(self, command):
        self.params = {"repo": EXAMPLE}
        self.parent = None
        self.command = command
        self.resilient_parsing = True


def test_fast_answer_leaves_options_to_typer():
    env = {"_LIF_COMPLETE": "complete_bash", "COMP_WORDS": "lif plan --", "COMP_CWORD": "2"}
    assert fast_answer(env) is None
    env = {"_LIF_COMPLETE": "source_bash"}
    assert fast_answer(env) is None


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_script_completes_ids(tmp_path):
    """`lif --show-completion bash`, sourced in a real bash, fills COMPREPLY."""
    lif = shutil.which("lif")
    if lif is None:
        pytest.skip("lif is not installed on PATH")
    script = subprocess.run(
        [lif, "--show-completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    assert "_LIF_COMPLETE=complete_bash" in script
    (tmp_path / "lif-completion.bash").write_text(script)
    probe = (
        f"source {tmp_path / 'lif-completion.bash'}\n"
        "COMP_WORDS=(lif status --agency po); COMP_CWORD=3\n"
        "_lif_completion lif\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run(["bash", "-c", probe], cwd=EXAMPLE, capture_output=True, text=True)
    assert out.stdout.split() == ["police"], out.stderr


def test_install_completion_is_offered(lif):
    r = lif("--help")
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout


def test_completion_knows_every_kind_and_folder():
    from lif_cli.authoring.new import KIND_ALIASES
    from lif_cli.completion import KINDS, RECORD_FOLDERS, SOURCE_FOLDERS
    from lif_cli.models import KIND_MODELS, SOURCE_KINDS

    assert set(SOURCE_FOLDERS) == set(SOURCE_KINDS)
    assert set(RECORD_FOLDERS) == set(KIND_MODELS) - {"actions"}
    assert {KIND_ALIASES[k] for k in KINDS} == set(KIND_MODELS)
