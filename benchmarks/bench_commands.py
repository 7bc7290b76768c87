"""Time the everyday read commands, and `lif changes` over 1,000 commits.

    python benchmarks/bench_commands.py [--sizes 1000 10000] [--runs 3] [--dir DIR]

* ``lif status`` and ``lif plan --format json`` on the synthetic repositories
  of ``generate.py`` (the ones ``bench_validate.py`` keeps in the same
  ``--dir``), each cold (cache emptied) and warm: the median of ``--runs``
  whole-process runs. A command that is not registered yet is skipped.
* ``lif changes``: a git repository is built from the 1,000-record repository
  with ``git fast-import`` (one commit holding everything, then 1,000 commits
  each changing one action's status or due date), and the changes since the
  first commit are timed, both as a whole ``lif changes`` process and as the
  library function named in ``CHANGES_FUNCTION`` (in process, so the figure is
  the history work alone).
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_validate import AS_OF, child_env, ensure_repo, lif_command, run_once  # noqa: E402

# The hook for `lif changes`: "module:function", called as
# function(repo_root, since, until) and timed in process. None to skip.
CHANGES_FUNCTION: str | None = "lif_cli.compute.changes:changes_between"
CHANGES_COMMITS = 1000

COMMANDS = {
    "status": ["status", "--as-of", AS_OF],
    "plan": ["plan", "--as-of", AS_OF, "--format", "json"],
}


def registered() -> set[str]:
    from lif_cli.cli.app import app

    return {c.name or c.callback.__name__ for c in app.registered_commands}


def time_command(name: str, args: list[str], repo: Path, runs: int, cache: Path) -> list[str]:
    env = child_env(cache)
    cmd = [*lif_command(), *args, "-C", str(repo)]
    cold = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run_once(cmd, env))
    run_once(cmd, env)
    warm = [run_once(cmd, env) for _ in range(runs)]
    rows = []
    for label, runs_ in (("cold", cold), ("warm", warm)):
        rows.append(
            f"{' '.join(['lif', *args[:1], *args[3:]]):<28} {label:<5} "
            f"{statistics.median(r.wall for r in runs_):7.2f} "
            f"{statistics.median(r.cpu for r in runs_):7.2f} "
            f"{max(r.peak_mb for r in runs_):8.0f}  "
            f"{','.join(str(c) for c in sorted({r.code for r in runs_})):>4}"
        )
    return rows


# --- lif changes over 1,000 commits ------------------------------------------------


def _blob(data: bytes) -> bytes:
    return b"data %d\n" % len(data) + data + b"\n"


def build_history(source: Path, dest: Path, commits: int, seed: int = 7) -> Path:
    """A git repository of ``source``'s records with ``commits`` small changes on top."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
    files = {
        p.relative_to(source).as_posix(): p.read_bytes()
        for p in sorted(source.rglob("*.yaml"))
        if ".bench-stamp" not in p.name
    }
    plans = sorted(rel for rel in files if rel.startswith("actions/"))
    rng = random.Random(seed)
    stream = bytearray()
    when = 1_451_606_400  # 2016-01-01

    def commit(message: str, changes: dict[str, bytes]) -> None:
        nonlocal when
        when += 3600
        stream.extend(b"commit refs/heads/main\n")
        stream.extend(b"committer Support Officer <officer@example.invalid> %d +0000\n" % when)
        stream.extend(_blob(message.encode()))
        for rel, data in changes.items():
            stream.extend(b"M 100644 inline " + rel.encode() + b"\n" + _blob(data))

    commit("Import the records", files)
    statuses = [b"in-progress", b"blocked", b"not-started"]
    for i in range(commits):
        rel = rng.choice(plans)
        text = files[rel]
        if i % 3 == 2:
            text = re.sub(
                rb"due: 20(\d\d)", lambda m: b"due: 20%02d" % (int(m[1]) + 1), text, count=1
            )
        else:
            old = rng.choice(statuses)
            text = text.replace(b"status: " + old, b"status: " + rng.choice(statuses), 1)
        text += b"# update %d\n" % i
        files[rel] = text
        commit(f"Update {rel}", {rel: text})
    subprocess.run(["git", "fast-import", "--quiet"], cwd=dest, input=bytes(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=dest, check=True)
    return dest


def time_changes(repo: Path, runs: int, cache: Path) -> list[str]:
    first = subprocess.run(
        ["git", "rev-list", "--max-parents=0", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    rows = []
    if "changes" in registered():
        env = child_env(cache)
        cmd = [*lif_command(), "changes", "--since", first, "-C", str(repo), "--format", "json"]
        cold = []
        for _ in range(runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(run_once(cmd, env))
        warm = [run_once(cmd, env) for _ in range(runs)]
        for label, rs in (("cold", cold), ("warm", warm)):
            rows.append(
                f"{'lif changes (1,000 commits)':<28} {label:<5} "
                f"{statistics.median(r.wall for r in rs):7.2f} "
                f"{statistics.median(r.cpu for r in rs):7.2f} "
                f"{max(r.peak_mb for r in rs):8.0f}  "
                f"{','.join(str(c) for c in sorted({r.code for r in rs})):>4}"
            )
    else:
        rows.append("lif changes: not registered yet, skipped")
    if CHANGES_FUNCTION:
        module, _, name = CHANGES_FUNCTION.partition(":")
        try:
            function = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            rows.append(f"{CHANGES_FUNCTION}: not available yet, skipped")
            return rows
        os.environ["LIF_NO_CACHE"] = "1"
        try:
            seconds = []
            for _ in range(runs):
                start = time.perf_counter()
                function(repo, first, None)
                seconds.append(time.perf_counter() - start)
        finally:
            del os.environ["LIF_NO_CACHE"]
        rows.append(
            f"{name + '() in process':<28} {'nocache':<5} {statistics.median(seconds):7.2f}"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "lif-bench")
    parser.add_argument("--skip-changes", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    cache = args.dir / "cache-commands"
    names = registered()
    print(f"median of {args.runs} runs; CPU load now: {os.getloadavg()[0]:.2f}")
    print(f"{'command':<28} {'cache':<5} {'wall s':>7} {'cpu s':>7} {'peak MB':>8}  exit")
    for size in args.sizes:
        repo = ensure_repo(args.dir, size)
        print(f"-- {size:,} records")
        for name, cmd_args in COMMANDS.items():
            if name not in names:
                print(f"lif {name}: not registered yet, skipped")
                continue
            for row in time_command(name, cmd_args, repo, args.runs, cache):
                print(row)
    if not args.skip_changes:
        print(f"-- {CHANGES_COMMITS:,} commits over the 1,000-record repository")
        history = build_history(
            ensure_repo(args.dir, 1000), args.dir / "history-1000", CHANGES_COMMITS
        )
        for row in time_changes(history, args.runs, cache):
            print(row)


if __name__ == "__main__":
    main()
