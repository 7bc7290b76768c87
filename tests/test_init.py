"""`lif init`: a new records repository that validates, with its hooks and settings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lif_cli import schemas

from .conftest import git

NAME = "Test Safeguarding Children Partnership"


def test_init_then_new_review_then_validate(lif, tmp_path):
    root = tmp_path / "records"
    r = lif("init", str(root), "--partnership", NAME)
    assert r.exit_code == 0, r.output
    assert f"started a records repository in {root}" in r.stdout
    r = lif("new", "review", "--title", "Child A", "--as-of", "2026-03-02", "-C", str(root))
    assert r.exit_code == 0, r.output
    assert "created reviews/CSPR-2026-01.yaml" in r.stdout
    r = lif("validate", "--as-of", "2026-03-02", "-C", str(root), "--strict")
    assert r.exit_code == 0, r.output
    # a review just referred awaits its decision: its criteria are not asked for yet
    assert r.stdout.startswith("ok: 5 record files, no problems"), r.stdout


def test_init_validates_clean_and_commits(lif, tmp_path):
    root = tmp_path / "records"
    r = lif("init", str(root), "--partnership", NAME, "--short-name", "TSCP",
            "--framework", "wt2015")  # fmt: skip
    assert r.exit_code == 0, r.output
    v = lif("validate", "-C", str(root), "--strict", "--as-of", "2026-01-05")
    assert v.exit_code == 0, v.output
    assert v.stdout.startswith("ok: 4 record files, no problems")
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "log", "--format=%s") == "Start the records repository (lif init)\n"
    tracked = set(git(root, "ls-files").split())
    assert {"lif.yaml", "agencies.yaml", "groups.yaml", "calendar.yaml", ".gitignore",
            ".pre-commit-config.yaml", ".github/workflows/lif.yml", ".vscode/settings.json",
            "reviews/README.md", "actions/README.md"} <= tracked  # fmt: skip
    settings = (root / "lif.yaml").read_text()
    assert "partnership: Test Safeguarding Children Partnership\n" in settings
    assert "short_name: TSCP\n" in settings
    assert "framework: wt2015 " in settings
    for n in range(1, 9):
        assert f"  - id: S{n}\n" in settings


def test_lif_yaml_holds_the_eight_default_standards(lif, tmp_path):
    from lif_cli.models.records import DEFAULT_S11_STANDARDS

    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    r = lif("validate", "-C", str(root), "--format", "json", "--as-of", "2026-01-05")
    assert json.loads(r.stdout) == {"errors": [], "warnings": [], "records": 4}
    text = (root / "lif.yaml").read_text()
    for ident, title in DEFAULT_S11_STANDARDS:
        assert f"  - id: {ident}\n    title: {title}\n" in text


def test_commented_examples_validate_when_uncommented(lif, tmp_path):
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    for name in ("agencies.yaml", "groups.yaml"):
        path = root / name
        lines = path.read_text().splitlines()
        out = [line.replace("  # ", "  ", 1) if line.startswith("  # ") else line for line in lines]
        path.write_text("\n".join(out) + "\n")
    cal = root / "calendar.yaml"
    body = cal.read_text().replace("entries: []\n", "")
    cal.write_text("\n".join(line[2:] if line.startswith("# ") and not line.startswith("# The")
                             else line for line in body.splitlines()) + "\n")  # fmt: skip
    r = lif("validate", "-C", str(root), "--strict", "--as-of", "2026-01-05")
    assert r.exit_code == 0, r.output + cal.read_text()
    assert "education" in (root / "agencies.yaml").read_text()


def test_editor_settings_map_every_folder_to_a_written_schema(lif, tmp_path):
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    settings = json.loads((root / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert settings["./.lif/schemas/review.schema.json"] == ["reviews/*.yaml", "reviews/*.yml"]
    assert settings["./.lif/schemas/action-plan.schema.json"] == ["actions/*.yaml", "actions/*.yml"]
    assert settings["./.lif/schemas/lif.schema.json"] == ["lif.yaml", "lif.yml"]
    assert len(settings) == len(schemas.schema_names())
    for rel in settings:
        written = root / rel
        assert json.loads(written.read_text())["$schema"].startswith("https://json-schema.org/")


def test_ci_workflow_runs_validate_with_annotations(lif, tmp_path):
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    workflow = (root / ".github/workflows/lif.yml").read_text()
    assert "run: lif validate --format github" in workflow
    assert "fetch-depth: 0" in workflow


def test_refuses_an_existing_repository(lif, tmp_path):
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    before = (root / "lif.yaml").read_bytes()
    r = lif("init", str(root), "-p", "Other")
    assert r.exit_code == 2
    assert "already a records repository" in r.stderr
    assert (root / "lif.yaml").read_bytes() == before


def test_never_clobbers_an_existing_file(lif, tmp_path):
    root = tmp_path / "r"
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/lif.yml").write_text("mine\n")
    (root / "notes.txt").write_text("keep\n")
    r = lif("init", str(root), "-p", NAME)
    assert r.exit_code == 2
    assert "would overwrite 1 file in" in r.stderr
    assert ".github/workflows/lif.yml" in r.stderr
    assert sorted(p.name for p in root.iterdir()) == [".github", "notes.txt"]
    assert (root / ".github/workflows/lif.yml").read_text() == "mine\n"


def test_a_folder_with_other_files_is_fine(lif, tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    (root / "notes.txt").write_text("keep\n")
    r = lif("init", str(root), "-p", NAME)
    assert r.exit_code == 0, r.output
    assert (root / "notes.txt").read_text() == "keep\n"
    assert "notes.txt" not in git(root, "ls-files")


def test_partnership_name_is_required(lif, tmp_path):
    r = lif("init", str(tmp_path / "r"))
    assert r.exit_code == 2
    assert "--partnership" in r.stderr
    assert not (tmp_path / "r").exists()


def test_without_git_identity_the_files_are_written_and_the_fix_is_said(lif, tmp_path, monkeypatch):
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("EMAIL", "")
    root = tmp_path / "r"
    r = lif("init", str(root), "-p", NAME)
    assert r.exit_code == 2
    assert "git does not know who you are" in r.stderr
    assert "git config --global user.email" in r.stderr
    assert (root / "lif.yaml").is_file()


def _env_with_lif() -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}


def test_pre_commit_hook_entry_runs_from_the_repo(lif, tmp_path):
    """Run the hook's entry exactly as pre-commit would: from the repo root, no file names."""
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME).exit_code == 0
    config = (root / ".pre-commit-config.yaml").read_text()
    assert "      - id: lif-validate\n        name: lif validate\n" in config
    assert "        entry: lif validate\n" in config
    assert "        language: system\n" in config
    assert "        pass_filenames: false\n" in config
    if shutil.which("lif", path=_env_with_lif()["PATH"]) is None:
        pytest.skip("the lif script is not installed next to this Python")
    ok = subprocess.run(["lif", "validate"], cwd=root, env=_env_with_lif(),
                        capture_output=True, text=True)  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (root / "reviews/BAD.yaml").write_text("id: BAD\ntitle: x\n")
    bad = subprocess.run(["lif", "validate"], cwd=root, env=_env_with_lif(),
                         capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 1
    assert "reviews/BAD.yaml" in bad.stdout


def test_pre_commit_runs_the_hook(lif, tmp_path):
    """The real pre-commit, offline: passes on the new repo, fails on a broken record."""
    pre_commit = shutil.which("pre-commit", path=_env_with_lif()["PATH"])
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME).exit_code == 0
    env = {**_env_with_lif(), "PRE_COMMIT_HOME": str(tmp_path / "pc-home")}
    ok = subprocess.run([pre_commit, "run", "--all-files"], cwd=root, env=env,
                        capture_output=True, text=True)  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "lif validate" in ok.stdout and "Passed" in ok.stdout
    (root / "reviews/BAD.yaml").write_text("id: BAD\ntitle: x\n")
    git(root, "add", "reviews/BAD.yaml")
    bad = subprocess.run([pre_commit, "run", "--all-files"], cwd=root, env=env,
                         capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "reviews/BAD.yaml" in bad.stdout


def test_a_folder_that_cannot_be_made_is_a_clear_error(lif, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = lif("init", str(blocker / "records"), "-p", NAME, "--no-git")
    assert r.exit_code == 2
    assert "cannot create the folder" in r.stderr
    assert "Traceback" not in r.output


# Every kind `lif new` makes, with the options it needs, in a repository just started.
NEW_KINDS = [
    ("review",),
    ("review", "--type", "learning-review"),
    ("review", "--type", "rapid-review"),
    ("audit",),
    ("report",),
    ("assessment", "--agency", "csc"),
    ("challenge",),
    ("drilldown",),
    ("indicator", "--id", "re-referrals"),
    ("training",),
]


@pytest.mark.parametrize("args", NEW_KINDS, ids=lambda a: "-".join(a))
def test_every_new_skeleton_validates_clean_in_a_new_repository(lif, tmp_path, args):
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    r = lif("new", *args, "--as-of", "2026-03-02", "-C", str(root))
    assert r.exit_code == 0, r.output
    v = lif("validate", "-C", str(root), "--as-of", "2026-03-02", "--format", "json")
    assert v.exit_code == 0, v.stdout
    data = json.loads(v.stdout)
    assert data["errors"] == [] and data["warnings"] == [], v.stdout


def test_a_new_plan_validates_clean_in_a_new_repository(lif, tmp_path):
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    assert lif("new", "audit", "--id", "MAA-2026-01", "-C", str(root)).exit_code == 0
    audit = root / "audits/MAA-2026-01.yaml"
    audit.write_text(
        audit.read_text() + "recommendations:\n  - {id: R1, text: Do better, to: [csc]}\n"
    )
    r = lif("new", "plan", "--source", "MAA-2026-01", "--as-of", "2026-03-02", "-C", str(root))
    assert r.exit_code == 0, r.output
    v = lif("validate", "-C", str(root), "--as-of", "2026-03-02", "--format", "json")
    data = json.loads(v.stdout)
    assert data["errors"] == [] and data["warnings"] == [], v.stdout


def test_the_workflow_init_writes_is_the_example_recipe(lif, tmp_path):
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    written = (root / ".github/workflows/lif.yml").read_text()
    example = Path(__file__).resolve().parents[1] / "examples/ci/github-actions-lif.yml"
    assert written == example.read_text()
    # lif comes from the repository's own variable, never from a package index
    assert "lif-cli==" not in written
    assert 'pip install "$LIF_SPEC"' in written
    assert "actions/cache@" in written and "LIF_CACHE_DIR" in written


def _run_steps(script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)


@pytest.mark.parametrize("recipe", ["github-actions-lif.yml", "gitlab-ci-lif.yml"])
def test_ci_without_lif_spec_stops_with_a_clear_message(recipe):
    from ruamel.yaml import YAML

    path = Path(__file__).resolve().parents[1] / "examples/ci" / recipe
    data = YAML(typ="safe").load(path.read_text())
    if recipe.startswith("github"):
        steps = data["jobs"]["validate"]["steps"]
        script = next(s["run"] for s in steps if s.get("name") == "Install lif")
    else:
        script = next(s for s in data["lif-validate"]["script"] if "LIF_SPEC is not set" in s)
    env = {"PATH": os.environ["PATH"], "LIF_SPEC": ""}
    r = _run_steps(script, env)
    assert r.returncode == 1
    assert "LIF_SPEC is not set: add a repository variable LIF_SPEC" in r.stdout
    assert "lif-cli @ git+" in r.stdout


def test_init_on_a_terminal_asks_for_the_names(tmp_path):
    """Through a real pseudo-terminal: the prompts, the answers, the lif.yaml written."""
    import pty

    root = tmp_path / "r"
    env = {**os.environ, "NO_COLOR": "1"}
    code = (
        "import sys; from lif_cli.cli.app import main; "
        f"sys.exit(main(['init', {str(root)!r}, '--no-git']))"
    )
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdin, stdout and stderr are the terminal
        os.execve(sys.executable, [sys.executable, "-c", code], env)
    out = b""
    answers = [b"Test Safeguarding Children Partnership\n", b"\n"]
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if answers and out.rstrip().endswith(b":"):
            os.write(fd, answers.pop(0))
    _, status = os.waitpid(pid, 0)
    text = out.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "Partnership name" in text and "Short name [TSCP]" in text
    settings = (root / "lif.yaml").read_text()
    assert "partnership: Test Safeguarding Children Partnership\n" in settings
    assert "short_name: TSCP\n" in settings


def test_editors_doc_shows_the_settings_init_writes(lif, tmp_path):
    root = tmp_path / "r"
    assert lif("init", str(root), "-p", NAME, "--no-git").exit_code == 0
    written = (root / ".vscode/settings.json").read_text()
    doc = (Path(__file__).resolve().parents[1] / "docs/EDITORS.md").read_text()
    block = doc.split("```json\n", 1)[1].split("```", 1)[0]
    assert block == written
