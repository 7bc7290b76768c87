"""Read commands never write: the records repository stays byte-identical.

Every file under the repository, .git included, is hashed with its mtime and
mode (and every folder with its mtime, which a temporary file created and
deleted would change) before and after each read command, in every output
format. The repository is a real git repository with a dirty working tree and
a stat-dirty index, the case in which a careless `git status` rewrites
.git/index. The git safety tests (refs that look like options, shallow clones,
repositories owned by another user) are here too: none of them may write.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from lif_cli.cli.app import app
from tests.conftest import git

AS_OF = ("--as-of", "2016-11-15")
NO_AS_OF = {"changes", "schema"}  # commands that take no --as-of


def as_of(command: str) -> tuple[str, ...]:
    return () if command in NO_AS_OF else AS_OF


# Every command lif registers is either read-only (with the argument lists that
# exercise it) or a writer. A new command fails test_every_command_is_classified
# until it is listed here.
READ_RUNS: dict[str, list[tuple[str, ...]]] = {
    "validate": [
        (),
        ("--format", "json"),
        ("--format", "github"),
        ("--strict", "--show-suppressed"),
        ("--at", "HEAD"),
        ("--no-cache",),
    ],
    "status": [(), ("--format", "json"), ("--agency", "csc"), ("--at", "HEAD")],
    "plan": [
        (),
        ("--format", "md"),
        ("--format", "csv"),
        ("--format", "json"),
        ("--overdue",),
        ("--at", "first"),
    ],
    "calendar": [(), *(("--format", f) for f in ("json", "md", "csv", "ics")), ("--at", "HEAD")],
    "indicators": [(), ("--format", "json"), ("--at", "HEAD")],
    "s11": [(), ("--format", "json"), ("--at", "HEAD")],
    "training": [(), ("--format", "json"), ("--at", "HEAD")],
    "changes": [
        ("--since", "first"),
        ("--since", "first", "--format", "json"),
        ("--since", "first", "--until", "HEAD", "--format", "md"),
        ("--since", "2016-01-01"),
    ],
    "report": [
        (),
        ("piqag",),
        ("annual",),
        ("agency", "--agency", "csc"),
        ("--format", "html"),
        ("--since", "first"),
        ("--at", "HEAD"),
    ],
    "export": [
        ("--what", "plan"),
        ("--what", "calendar"),
        ("--what", "indicators"),
        ("--what", "s11"),
    ],
    "schema": [("--check",)],
    # -o is required: the site goes outside the repository ({sheet} is outside it)
    "site": [("-o", "{sheet}.site"), ("-o", "{sheet}.site", "--at", "HEAD", "--no-cache")],
    "update": [("SCR-2016-01/A1", "--status", "complete", "--evidence", "Done", "--dry-run")],
    "import": [("--dry-run", "{sheet}")],
}
# Commands that exist to write (each writes only when asked; their own tests
# cover what they write). update and import also appear above, in --dry-run.
WRITERS = {"init", "new", "update", "import"}
# Options that make a read command write a file (outside the repository here).
WRITING_OPTIONS = {"report": "-o", "export": "-o", "schema": "--out", "site": "-o"}


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file's bytes hash, mtime and mode; every folder's mtime."""
    out: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        here = Path(folder)
        st = here.stat()
        out[str(here.relative_to(root)) + "/"] = (st.st_mtime_ns, st.st_mode)
        for name in sorted(files):
            path = here / name
            st = path.lstat()
            if path.is_symlink():
                digest = "link:" + os.readlink(path)
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out[str(path.relative_to(root))] = (digest, st.st_mtime_ns, st.st_mode)
    return out


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> tuple[Path, Path, str]:
    """The example records in git: two commits, a tag, a dirty tree, a stale index."""
    import shutil

    from tests.conftest import EXAMPLE

    base = tmp_path_factory.mktemp("readonly")
    root = base / "nscb"
    shutil.copytree(EXAMPLE, root)
    env_git = ["-c", "user.name=Test Officer", "-c", "user.email=officer@example.invalid"]
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, *env_git, "commit", "-q", "-m", "first records")
    first = git(root, "rev-parse", "HEAD").strip()
    plan = root / "actions" / "SCR-2016-01.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, *env_git, "commit", "-q", "-m", "second")
    git(root, "tag", "board-2016-09-27")
    # a dirty working tree, and a file whose mtime moved without a change
    # (git status would like to refresh the index for it)
    plan.write_text(plan.read_text(encoding="utf-8") + "# dirty\n", encoding="utf-8")
    touched = root / "agencies.yaml"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    sheet = base / "sheet.csv"
    return root, sheet, first


def all_runs() -> list[tuple[str, tuple[str, ...]]]:
    return [(name, args) for name, runs in READ_RUNS.items() for args in runs]


@pytest.mark.parametrize(
    ("command", "args"), all_runs(), ids=[f"{c} {' '.join(a)}".strip() for c, a in all_runs()]
)
def test_read_command_leaves_the_repository_byte_identical(lif, records, command, args) -> None:
    root, sheet, first = records
    if command == "import" and not sheet.exists():
        exported = lif("export", "-C", str(root), "--what", "plan", "-o", str(sheet), *AS_OF)
        assert exported.exit_code == 0, exported.output
    args = tuple(a.replace("{sheet}", str(sheet)) if a != "first" else first for a in args)
    before = snapshot(root)
    if command == "schema":
        result = lif(command, *args, cwd=root)
    else:
        result = lif(command, "-C", str(root), *args, *as_of(command))
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    after = snapshot(root)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], f"lif {command} {' '.join(args)} changed {changed}"


def test_every_command_is_classified() -> None:
    names = {c.name for c in app.registered_commands}
    unclassified = names - READ_RUNS.keys() - WRITERS
    assert not unclassified, f"add these commands to READ_RUNS or WRITERS: {unclassified}"
    assert names >= READ_RUNS.keys()


def test_writing_options_write_outside_only(lif, records, tmp_path) -> None:
    root, _, _ = records
    before = snapshot(root)
    for command, option in WRITING_OPTIONS.items():
        target = tmp_path / command
        if command == "schema":
            result = lif(command, option, str(target), cwd=root)
        else:
            extra = ("--what", "plan") if command == "export" else ()
            out = target.with_suffix({"export": ".csv", "site": ""}.get(command, ".md"))
            result = lif(command, "-C", str(root), *extra, option, str(out), *AS_OF)
        assert result.exit_code == 0, result.output
    assert snapshot(root) == before


# --- git safety ------------------------------------------------------------------------------

OPTION_LIKE = ["-n", "--output=/tmp/lif-pwned", "--upload-pack=touch /tmp/lif-pwned", "-"]


@pytest.mark.parametrize("ref", OPTION_LIKE)
@pytest.mark.parametrize(
    "argv",
    [
        ("validate", "--at={ref}"),
        ("status", "--at={ref}"),
        ("plan", "--at={ref}"),
        ("changes", "--since={ref}"),
        ("changes", "--since", "HEAD", "--until={ref}"),
        ("report", "--since={ref}"),
    ],
    ids=lambda a: " ".join(a).replace("={ref}", ""),
)
def test_refs_that_look_like_options_are_refused(lif, records, argv, ref) -> None:
    root, _, _ = records
    before = snapshot(root)
    args = [a.replace("{ref}", ref) for a in argv]
    result = lif(*args, "-C", str(root), *as_of(args[0]))
    assert result.exit_code == 2, result.output
    assert "starts with '-'" in result.stderr or "empty revision" in result.stderr
    assert "Traceback" not in result.output
    assert not Path("/tmp/lif-pwned").exists()
    assert snapshot(root) == before


def test_record_file_named_like_an_option(lif, git_repo) -> None:
    review = """\
        id: -n
        type: learning-review
        title: Child A
        status: referred
        """
    root = git_repo({"reviews/--output=x.yaml": review})
    before = snapshot(root)
    result = lif("validate", "-C", str(root), "--at", "HEAD", "--format", "json", *AS_OF)
    assert result.exit_code == 1
    assert '"file": "reviews/--output=x.yaml"' in result.stdout
    changes = lif("changes", "-C", str(root), "--since", "HEAD")
    assert changes.exit_code == 0, changes.output
    assert snapshot(root) == before
    assert not (root / "x").exists()


def test_shallow_clone_is_reported_with_a_hint(lif, records, tmp_path) -> None:
    root, _, first = records
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
        check=True,
        capture_output=True,
    )
    before = snapshot(clone)
    result = lif("plan", "-C", str(clone), "--at", first, *AS_OF)
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "git fetch --unshallow" in result.stderr
    result = lif("changes", "-C", str(clone), "--since", "2015-01-01")
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "--unshallow" in result.stderr
    assert "Traceback" not in result.output
    # what the clone does hold is still read
    assert lif("validate", "-C", str(clone), "--at", "HEAD", *AS_OF).exit_code == 0
    assert snapshot(clone) == before


@pytest.fixture
def owned_by_nobody(git_repo, tmp_path, monkeypatch):
    """A repository owned by another user, and a private global git config."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give the repository to another user")
    home = tmp_path / "home"
    home.mkdir()
    config = home / ".gitconfig"
    config.write_text("[user]\n\tname = Test Officer\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    root = git_repo()
    subprocess.run(["chown", "-R", "nobody", str(root)], check=True)
    return root, config


def test_dubious_ownership_is_reported_with_a_hint(lif, owned_by_nobody) -> None:
    root, config = owned_by_nobody
    config_before = config.read_bytes()
    before = snapshot(root)
    for argv in (("validate", "--at", "HEAD"), ("changes", "--since", "HEAD")):
        result = lif(*argv, "-C", str(root), *as_of(argv[0]))
        assert result.exit_code == 2, result.output
        assert "dubious ownership" in result.stderr
        assert f"safe.directory {root}" in result.stderr
        assert "lif never changes git settings" in result.stderr
        assert "Traceback" not in result.output
    # commands that do not need git still work on the repository
    assert lif("validate", "-C", str(root), *AS_OF).exit_code == 0
    assert config.read_bytes() == config_before  # lif did not mark it safe itself
    assert snapshot(root) == before


# --- the cache is only used where nobody else can write ------------------------------------


class _Planted:
    """A pickle that creates a file when loaded: what another user could plant."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _plant(cache: Path, root: Path, marker: Path) -> None:
    import pickle

    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=10).hexdigest()
    folder = cache / name
    folder.mkdir(parents=True, exist_ok=True)
    for shard in [f"{i:02d}.pickle" for i in range(16)] + ["stat.pickle"]:
        (folder / shard).write_bytes(pickle.dumps(_Planted(marker)))


def test_a_world_writable_cache_folder_is_not_used(lif, make_repo, tmp_path, monkeypatch) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("LIF_CACHE_DIR", str(shared))
    root = make_repo()
    marker = tmp_path / "pickle-ran"
    _plant(shared, root, marker)
    planted = snapshot(shared)
    assert lif("validate", "-C", str(root), *AS_OF).exit_code == 0
    assert not marker.exists()
    assert snapshot(shared) == planted  # nothing read, nothing written


def test_a_cache_folder_owned_by_someone_else_is_not_used(
    lif, make_repo, tmp_path, monkeypatch
) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the folder to another user")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv("LIF_CACHE_DIR", str(cache))
    root = make_repo()
    marker = tmp_path / "pickle-ran"
    _plant(cache, root, marker)
    subprocess.run(["chown", "-R", "nobody", str(cache)], check=True)
    assert lif("validate", "-C", str(root), *AS_OF).exit_code == 0
    assert not marker.exists()


def test_a_private_cache_folder_is_used(lif, make_repo, tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("LIF_CACHE_DIR", str(cache))
    root = make_repo()
    assert lif("validate", "-C", str(root), *AS_OF).exit_code == 0
    [folder] = [p for p in cache.iterdir() if p.is_dir()]
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (cache / "key").stat().st_mode & 0o777 == 0o600
    assert any(folder.glob("*.pickle"))
