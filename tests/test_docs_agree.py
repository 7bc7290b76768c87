"""README, docs and `--help` agree on every option."""

from __future__ import annotations

import re

import pytest

from lif_cli.cli.app import COMMAND_MODULES
from tests.conftest import ROOT

# Leaf commands: `lif region` is a group of its own subcommands.
GROUPS = {"region": ["region status", "region report"]}
COMMANDS = [leaf for m in COMMAND_MODULES for leaf in GROUPS.get(m.removeprefix("cmd_"), [m[4:]])]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "examples/ci/README.md"]


@pytest.fixture(scope="module")
def helps():
    """Each command's --help, wide so nothing wraps."""
    import contextlib
    import io
    import os

    from lif_cli.cli.app import main

    out = {}
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "250"
    try:
        for c in [*COMMANDS, ""]:
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                main([*c.split(), "--help"] if c else ["--help"])
            out[c] = buf.getvalue()
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    return out


def _options(text: str) -> list[str]:
    return re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[A-Za-z])(?![\w-])", text)


def readme_rows() -> list[tuple[str, str]]:
    rows = []
    for line in (ROOT / "README.md").read_text().splitlines():
        m = re.match(r"\| `lif (\w+(?: \w+)?)` \| (.*) \|$", line)
        if m:
            rows.append((m[1], m[2]))
    return rows


def test_the_readme_table_lists_every_command():
    assert sorted(c for c, _ in readme_rows()) == sorted(COMMANDS)


@pytest.mark.parametrize(("command", "text"), readme_rows(), ids=[c for c, _ in readme_rows()])
def test_every_option_in_the_readme_table_is_in_help(helps, command, text):
    for option in _options(text.replace("\\|", "|")):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", helps[command]), (
            command,
            option,
        )
    # the values of --format the README names are the ones --help offers
    for values in re.findall(r"--format ([a-z|\\]+)", text):
        for value in values.replace("\\", "").split("|"):
            assert value in helps[command], (command, value)


def _doc_command_lines() -> list[tuple[str, str, str]]:
    """(doc, command, options text) for every `lif COMMAND ...` the docs show."""
    found = []
    for path in DOCS:
        text = path.read_text()
        for m in re.finditer(r"(?m)(?:`|^\s*(?:\$ )?)lif ((?:[a-z0-9]+))([^`\n|]*)", text):
            command, rest = m[1], m[2]
            if command in GROUPS:
                sub = rest.split()[:1]
                command = f"{command} {sub[0]}" if sub else command
                rest = rest.split(None, 1)[1] if sub and len(rest.split()) > 1 else ""
            if command in COMMANDS:
                found.append((path.name, command, rest))
    return found


def test_every_option_the_docs_show_is_in_help(helps):
    missing = []
    for doc, command, rest in _doc_command_lines():
        for option in _options(rest):
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", helps[command]):
                missing.append(f"{doc}: lif {command} {option}")
    assert missing == []


def test_the_readme_says_which_commands_take_as_of_and_at(helps):
    readme = (ROOT / "README.md").read_text()
    m = re.search(r"`validate`, (.*?) also take\s+`--at REV`", readme, re.S)
    assert m, "the README names the commands that take --at"
    listed = {"validate", *re.findall(r"`(\w+)`", m[1])}
    takes_at = {c for c in COMMANDS if re.search(r"(?<![\w-])--at(?![\w-])", helps[c])}
    assert listed == takes_at
    takes_as_of = {c for c in COMMANDS if "--as-of" in helps[c]}
    assert takes_as_of == set(COMMANDS) - {"init", "schema"}
    takes_repo = {c for c in COMMANDS if re.search(r"(?<![\w-])-C(?![\w-])", helps[c])}
    assert takes_repo == set(COMMANDS) - {"init", "schema", "region status", "region report"}


def test_the_changelog_names_the_version():
    from lif_cli import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text()
    first = re.search(r"^## (\S+)", changelog, re.M)
    assert first and first[1] == __version__


def test_usage_lines_have_no_doubled_brackets(helps):
    for command, text in helps.items():
        usage = text.splitlines()[0]
        assert "[[" not in usage and "]]" not in usage, (command, usage)
    assert helps["init"].splitlines()[0] == "Usage: lif init [OPTIONS] [DIR]"


def test_no_pre_commit_rev_names_a_tag_that_does_not_exist():
    """No tag is made yet (CHANGELOG.md says 0.1.0 is unreleased): no doc may pin one."""
    for path in [*DOCS, ROOT / ".pre-commit-hooks.yaml", *(ROOT / "examples/ci").iterdir()]:
        assert not re.search(r"rev: v\d", path.read_text()), path
