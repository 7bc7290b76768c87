"""Time shell completion through the installed `lif`, as a shell runs it.

    python benchmarks/bench_completion.py [--dir DIR] [--records 1000] [--runs 7]

Each request is one `lif` process with the environment bash sets on a Tab
press (``_LIF_COMPLETE=complete_bash``, ``COMP_WORDS``, ``COMP_CWORD``), run in
a generated repository; the figure is the median wall-clock and CPU seconds
(user + system of the child) of ``--runs`` runs. `python -c pass` is timed the
same way, as the floor no Python program can go under.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_validate import child_env  # noqa: E402

REQUESTS = [
    ("agency ids", "lif status --agency "),
    ("source ids", "lif plan --source S"),
    ("action ids of one plan", "lif update {plan}/"),
    ("record kinds", "lif new "),
    ("command names (typer)", "lif st"),
]


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE)
    out = proc.stdout.read()
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, out.decode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "lif-bench")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    repo = args.dir / f"repo-{args.records}"
    if not (repo / "lif.yaml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(repo), "--records", str(args.records)],
            check=True,
        )
    lif = shutil.which("lif")
    if lif is None:
        print("lif is not installed in this environment", file=sys.stderr)
        return 2
    plan = sorted((repo / "actions").iterdir())[0].stem
    files = sum(1 for _ in repo.rglob("*.yaml"))
    print(f"{files} record files in {repo.name}; median of {args.runs} runs\n")
    print("| request | candidates | wall s | CPU s |\n|---|---|---|---|")
    floor = [run([sys.executable, "-c", "pass"], child_env(), repo) for _ in range(args.runs)]
    print(
        f"| `python -c pass` (the floor) | - | {statistics.median(w for w, _, _ in floor):.3f} "
        f"| {statistics.median(c for _, c, _ in floor):.3f} |"
    )
    for label, line in REQUESTS:
        line = line.format(plan=plan)
        words = line.split(" ")
        env = {
            **child_env(),
            "_LIF_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
        runs = [run([lif], env, repo) for _ in range(args.runs)]
        n = len(runs[0][2].split())
        wall = statistics.median(w for w, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        print(f"| {label}: `{line.strip()}` | {n} | {wall:.3f} | {cpu:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
