"""Every row of issue 15's table in one run: lif beside the floor and the peers.

    pip install check-jsonschema yamllint      # the peers; not lif dependencies
    python benchmarks/bench_issue15.py [--runs 3] [--dir DIR] [--skip-50k] [--skip-peers]

Each figure is CPU seconds (user + system of the whole child process, from
``wait4``) as the median of ``--runs`` runs, with the child's peak memory.
CPU time, not wall time: the machine is shared, and other work running at the
same time inflates wall time much more than CPU time (it still inflates CPU
time somewhat: the load average is printed with the table). Repositories come
from ``generate.py`` and are kept in ``--dir`` between runs.

"warm" is a repeat on unchanged records, which a kept verdict (validate) or a
kept output (status, plan, calendar) answers; "one file changed" has one
action plan's bytes changed before each run, so every file but that one comes
from the model cache and the command does all its work.

A benchmark, not a test: it prints figures and never fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_commands import build_history  # noqa: E402
from bench_validate import (  # noqa: E402
    AS_OF,
    Run,
    child_env,
    ensure_repo,
    lif_command,
    one_file_changed,
    run_once,
)

FLOOR_READ = (
    "import os, sys\n"
    "for folder, _, names in os.walk(sys.argv[1]):\n"
    "    for name in names:\n"
    "        if name.endswith('.yaml'):\n"
    "            open(os.path.join(folder, name), 'rb').read()\n"
)


def median(runs: list[Run]) -> tuple[float, float]:
    return statistics.median(r.cpu for r in runs), max(r.peak_mb for r in runs)


def timed(
    cmd: list[str],
    runs: int,
    env: dict[str, str] | None = None,
    cold: Path | None = None,
    cwd: Path | None = None,
) -> tuple[float, float]:
    """Median CPU s and peak MB of ``runs`` runs; ``cold``: a cache folder emptied first."""
    out = []
    for _ in range(runs):
        if cold is not None:
            shutil.rmtree(cold, ignore_errors=True)
        run = run_once(cmd, env, cwd)
        if run.code != 0:
            # A figure from a failed run measures the failure: stop and show it.
            err = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
            sys.exit(f"{' '.join(cmd)} exited {run.code}:\n{err.stderr[-2000:]}")
        out.append(run)
    return median(out)


def tool(name: str) -> str | None:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "lif-bench")
    parser.add_argument("--skip-50k", action="store_true")
    parser.add_argument("--skip-peers", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    runs = args.runs
    cache = args.dir / "cache-issue15"
    env = child_env(cache)
    lif = lif_command()
    rows: list[tuple[str, str, str, str]] = []

    def row(
        what: str, figure: tuple[float, float] | str, floor: str = "", target: str = ""
    ) -> None:
        shown = figure if isinstance(figure, str) else f"{figure[0]:.2f} ({figure[1]:.0f} MB)"
        rows.append((what, shown, floor, target))
        print(f"  {what}: {shown}", file=sys.stderr)

    big = ensure_repo(args.dir, 10_000)
    small = ensure_repo(args.dir, 1_000)
    validate = [*lif, "validate", "-C", str(big), "--as-of", AS_OF, "--format", "json"]
    floor = timed([sys.executable, "-c", FLOOR_READ, str(big)], runs)
    cold_validate = timed(validate, runs, env, cold=cache)
    row(
        "validate, cold cache",
        cold_validate,
        f"reading every file in Python {floor[0]:.2f}",
        "<= 2.0",
    )
    run_once(validate, env)
    row("validate, warm", timed(validate, runs, env), "", "<= 0.6")
    row("validate, one file changed", median(one_file_changed(validate, big, runs, env)))

    commands = {
        "status": ["status", "--as-of", AS_OF, "--format", "json"],
        "plan": ["plan", "--as-of", AS_OF, "--format", "json"],
        "calendar": ["calendar", "--as-of", AS_OF, "--format", "json"],
        "report board": ["report", "board", "--as-of", AS_OF],
    }
    for name, argv in commands.items():
        cmd = [*lif, *argv, "-C", str(big)]
        cold = timed(cmd, runs, env, cold=cache)
        run_once(cmd, env)
        row(f"{name}, warm", timed(cmd, runs, env), "", "<= 0.8")
        if name != "report board":
            row(f"{name}, one file changed", median(one_file_changed(cmd, big, runs, env)))
        row(f"{name}, cold", cold, "", "<= 2.5")

    # lif update on one action, warm: on a copy, so the generated repository stays as made.
    work = args.dir / "update-10000"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(big, work)
    plan = sorted((work / "actions").iterdir())[0]
    source = plan.stem
    run_once([*lif, "validate", "-C", str(work), "--as-of", AS_OF], env)
    update = []
    for i in range(runs):
        note = f"benchmark note {i}"
        update.append(
            run_once(
                [*lif, "update", f"{source}/A1", "--note", note, "--as-of", AS_OF, "-C", str(work)],
                env,
            )
        )
    row("lif update one action, warm", median(update), "", "<= 0.8")

    python_pass = timed([sys.executable, "-c", "pass"], max(runs, 5))
    row(
        "lif --help",
        timed([*lif, "--help"], max(runs, 5)),
        f"python -c pass {python_pass[0]:.3f}",
        "<= 0.1",
    )

    status_small = [*lif, "status", "--as-of", AS_OF, "-C", str(small)]
    run_once(status_small, env)
    row("1,000 records: status warm", timed(status_small, runs, env), "", "<= 0.35")

    history = build_history(small, args.dir / "history-1000", 1000)
    first = subprocess.run(
        ["git", "rev-list", "--max-parents=0", "HEAD"],
        cwd=history,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    changes = [*lif, "changes", "--since", first, "-C", str(history), "--format", "json"]
    run_once(changes, env)
    git_log = timed(["git", "log", "-p", f"{first}..HEAD"], runs, cwd=history)
    row(
        "1,000 commits: lif changes warm",
        timed(changes, runs, env),
        f"git log -p {git_log[0]:.2f}",
        "<= 0.4",
    )

    if not args.skip_50k:
        huge = ensure_repo(args.dir, 50_000)
        cmd = [*lif, "validate", "-C", str(huge), "--as-of", AS_OF, "--format", "json"]
        row(
            "50,000 records: validate cold / peak",
            timed(cmd, runs, env, cold=cache),
            "",
            "<= 10 s / <= 300 MB",
        )

    if not args.skip_peers:
        files = sorted(str(p) for p in big.rglob("*.yaml"))
        yamllint = tool("yamllint")
        if yamllint:
            peer = run_once([yamllint, "-d", "relaxed", *files])
            row(
                "yamllint, same 10k files (1 run)",
                (peer.cpu, peer.peak_mb),
                f"lif validate cold {peer.cpu / cold_validate[0]:.0f}x faster",
                ">= 30x",
            )
        else:
            row("yamllint, same 10k files", "not installed (pip install yamllint)")
        jsonschema = tool("check-jsonschema")
        if jsonschema:
            from bench_validate import bench_check_jsonschema

            figure = bench_check_jsonschema(big, 10_000, args.dir)
            if figure is not None:
                row(
                    "check-jsonschema, same 10k files (1 run)",
                    (figure.cpu, figure.peak_mb),
                    f"lif validate cold {figure.cpu / cold_validate[0]:.0f}x faster",
                    ">= 30x",
                )
        else:
            row("check-jsonschema, same 10k files", "not installed (pip install check-jsonschema)")

    print(
        f"\nCPU seconds, median of {runs}; load average now {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs\n"
    )
    print(
        f"| {'10,000 records unless said':<42} | {'lif CPU s (peak)':<18} | "
        f"{'floor or peer':<34} | target |"
    )
    print(f"|{'-' * 44}|{'-' * 20}|{'-' * 36}|--------|")
    for what, shown, floor_text, target in rows:
        print(f"| {what:<42} | {shown:<18} | {floor_text:<34} | {target} |")


if __name__ == "__main__":
    main()
