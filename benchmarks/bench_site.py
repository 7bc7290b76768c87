"""Time `lif site` as a whole process on synthetic repositories.

    python benchmarks/bench_site.py [--sizes 1000 10000] [--runs 3] [--dir DIR]

For each size it uses (generating once) the repository of ``generate.py`` that
``bench_validate.py`` keeps in the same ``--dir``, and runs the real ``lif
site -o OUT`` as a subprocess, cold (cache emptied) and warm, reporting the
median wall-clock and CPU seconds and peak memory. Then, in process, the CPU
seconds of each phase of a warm build: load, the personal-data guard, the
figures and pages, writing the folder. Targets (issue 11): 1,000 records
<= 3 s, 10,000 <= 20 s. A benchmark, not a test: it prints figures and never
fails.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_validate import (  # noqa: E402
    AS_OF,
    Figure,
    child_env,
    ensure_repo,
    lif_command,
    median_of,
    print_table,
    run_once,
    size_parser,
)

TARGETS = {1000: 3.0, 10_000: 20.0}


def bench_site(repo: Path, size: int, runs: int, cache: Path, out: Path) -> list[Figure]:
    env = child_env(cache)
    cmd = [*lif_command(), "site", "-o", str(out), "-C", str(repo), "--as-of", AS_OF]
    target = TARGETS.get(size)
    cold = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run_once(cmd, env))
    warm = [run_once(cmd, env) for _ in range(runs)]
    pages = sum(1 for _ in out.glob("*.html"))
    megabytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"{size:,} records: {pages:,} pages, {megabytes:.1f} MB", file=sys.stderr)
    return [
        median_of(cold, size, "site, cold (cache emptied)", target),
        median_of(warm, size, "site, warm", target),
    ]


def phases(repo: Path, cache: Path, out: Path) -> list[tuple[str, float]]:
    """CPU seconds of each phase of a warm build, in process."""
    os.environ["LIF_CACHE_DIR"] = str(cache)
    from datetime import date

    from lif_cli import loader
    from lif_cli.checks.privacy import personal_data_problems
    from lif_cli.repo import WorkTree
    from lif_cli.site.build import build_site, write_site

    timings = []
    start = time.process_time()
    records = loader.load(WorkTree(repo))
    timings.append(("load (warm cache)", time.process_time() - start))
    start = time.process_time()
    personal_data_problems(records)
    timings.append(("personal-data guard", time.process_time() - start))
    start = time.process_time()
    site = build_site(records, date.fromisoformat(AS_OF))
    timings.append(("figures and pages", time.process_time() - start))
    start = time.process_time()
    write_site(site, out)
    timings.append(("write the folder", time.process_time() - start))
    return timings


def main() -> None:
    args = size_parser(__doc__).parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    cache = args.dir / "cache"
    figures: list[Figure] = []
    repos = {}
    for size in args.sizes:
        repos[size] = ensure_repo(args.dir, size)
        figures += bench_site(repos[size], size, args.runs, cache, args.dir / f"site-{size}")
    print(f"lif site, median of {args.runs} runs; CPU load now: {os.getloadavg()[0]:.2f}")
    print_table(figures)
    largest = max(args.sizes)
    print(f"\nwarm build of {largest:,} records, in-process CPU seconds by phase:")
    for name, seconds in phases(repos[largest], cache, args.dir / f"site-{largest}"):
        print(f"  {name:<28} {seconds:6.2f}")


if __name__ == "__main__":
    main()
