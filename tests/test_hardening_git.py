"""No program named in a records repository's git configuration runs (issue 17, point 3).

Each configuration key below names a program that git would run; the program
touches a marker file. The test first shows that git itself runs it, then runs
every lif command that calls git and checks the marker was never made.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.test_hardening_values import records

AS_OF = ("--as-of", "2016-11-15")


def sh_touch(marker: Path, then: str = "") -> str:
    return f"sh -c 'touch {marker}{'; ' + then if then else ''}' --"


def git_in(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=check)


# key -> (value, a plain git command that runs it, whether .gitattributes names a driver)
def configs(marker: Path) -> dict[str, tuple[str, tuple[str, ...], str | None]]:
    filter_process = f"sh -c 'touch {marker}; exit 1'"  # the process dies at once: git falls back
    return {
        "core.fsmonitor": (sh_touch(marker), ("status",), None),
        "core.hooksPath": ("HOOKS", ("commit", "--allow-empty", "-qm", "x"), None),
        "core.pager": (sh_touch(marker, "cat"), ("-p", "log", "-1"), None),
        "diff.external": (sh_touch(marker), ("diff", "HEAD~1"), None),
        "diff.evil.textconv": (sh_touch(marker, 'cat "$1"'), ("log", "-p", "-1"), "diff=evil"),
        "filter.evil.clean": (sh_touch(marker, "cat"), ("add", "-A"), "filter=evil"),
        "filter.evil.process": (filter_process, ("add", "-A"), "filter=evil"),
    }


def hooks_folder(root: Path, marker: Path) -> Path:
    folder = root.parent / "hooks"
    folder.mkdir(exist_ok=True)
    names = ("pre-commit", "commit-msg", "post-commit", "prepare-commit-msg", "post-index-change")
    for name in names:
        hook = folder / name
        hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
        hook.chmod(0o755)
    return folder


def hostile_repo(git_repo, tmp_path: Path, key: str) -> tuple[Path, Path, tuple[str, ...]]:
    root = git_repo(records())
    marker = tmp_path / "ran"
    value, proof, attribute = configs(marker)[key]
    if value == "HOOKS":
        value = str(hooks_folder(root, marker))
    if attribute:
        (root / ".gitattributes").write_text(f"*.yaml {attribute}\n")
        git_in(root, "add", ".gitattributes")
        git_in(root, "commit", "-qm", "attributes")
    # a second commit, and an uncommitted change with the same size, so that
    # git must look at the content of a modified file
    plan = root / "actions/LR-1.yaml"
    plan.write_text(plan.read_text().replace("amber", "green"))
    git_in(root, "commit", "-qam", "green")
    git_in(root, "config", key, value)
    plan.write_text(plan.read_text().replace("green", "amber"))
    os.utime(plan, (1, 1))
    return root, marker, proof


@pytest.mark.parametrize(
    "key",
    [
        "core.fsmonitor",
        "core.hooksPath",
        "core.pager",
        "diff.external",
        "diff.evil.textconv",
        "filter.evil.clean",
        "filter.evil.process",
    ],
)
def test_git_configuration_runs_no_program(lif, git_repo, tmp_path, key) -> None:
    root, marker, proof = hostile_repo(git_repo, tmp_path, key)
    runs = [
        ("changes", "--since", "HEAD~1"),
        ("changes", "--since", "HEAD~1", "--until", "HEAD"),
        ("report", "board", "--since", "HEAD~1", *AS_OF),
        ("status", "--at", "HEAD", *AS_OF),
        ("validate", "--at", "HEAD~1", *AS_OF),
        ("update", "LR-1/A1", "--note", "Chased", "--commit", *AS_OF),
    ]
    for args in runs:
        result = lif(*args, "-C", str(root))
        assert result.exit_code in (0, 1), (args, result.output)
        assert not marker.exists(), f"{key} ran a program during lif {' '.join(args)}"
    # lif committed the update without running the program
    assert "Chased" in git_in(root, "show", "HEAD:actions/LR-1.yaml").stdout
    # the same configuration does run the program when git is used directly
    (root / "actions/LR-1.yaml").write_text(
        (root / "actions/LR-1.yaml").read_text().replace("Chased", "Chased again")
    )
    if key == "core.pager":
        # git starts a pager only for a terminal; lif's git never has one, and
        # passes --no-pager besides. Show git would use the configured one.
        assert marker.name in git_in(root, "var", "GIT_PAGER").stdout
        return
    git_in(root, *proof, check=False)
    assert marker.exists(), f"the test's {key} never runs, so it proves nothing"
