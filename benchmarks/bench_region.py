"""Time `lif region` over many partnerships read from their Parquet snapshots.

    python benchmarks/bench_region.py [--partnerships 150] [--records 1000]
                                      [--runs 3] [--dir DIR] [--from-records 10]
                                      [--distinct 20]

1. ``generate.py`` makes a records repository for each of the first
   ``--distinct`` partnerships (seed = its number, so each differs), and each
   is exported once as ``lif export --format parquet`` does (in process; the
   time of one export is what each partnership's CI pays to publish its
   snapshot). The other partnerships copy those snapshots: the region reads
   every one as a separate partnership with its own id.
2. A region.yaml lists every snapshot; ``lif region report --format json
   --db FILE`` runs as a whole process ``--runs`` times: wall time (median)
   and peak memory (max RSS of the process), and the database's size.
3. For comparison, the same command over the first ``--from-records``
   partnerships read from their records folders (no snapshot).

Generated data is kept in ``--dir`` (default: a temporary folder) and reused.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_validate import child_env  # noqa: E402
from generate import generate  # noqa: E402

AS_OF = date(2016, 11, 15)


def make_partnerships(work: Path, count: int, records: int, distinct: int) -> list[float]:
    """Snapshots for ``count`` partnerships; export times (s) of the distinct ones.

    The first ``distinct`` are generated and exported; the rest copy one of
    their snapshots (the region gives each its own id), so a 150-partnership
    run does not spend most of its time generating files.
    """
    import shutil

    from lif_cli import tables
    from lif_cli.loader import load
    from lif_cli.repo import WorkTree
    from lif_cli.tables.parquet import write_parquet

    times = []
    for i in range(1, count + 1):
        repo = work / "records" / f"p{i:03d}"
        snap = work / "snapshots" / f"p{i:03d}"
        if snap.exists():
            continue
        if i > distinct:
            shutil.copytree(work / "snapshots" / f"p{(i - 1) % distinct + 1:03d}", snap)
            continue
        if not repo.exists():
            generate(repo, records, seed=2016 + i)
        start = time.perf_counter()
        recs = load(WorkTree(repo), use_cache=False)
        built = tables.build(tables.context(recs, AS_OF, f"p{i:03d}"))
        snap.parent.mkdir(parents=True, exist_ok=True)
        write_parquet(built, snap)
        times.append(time.perf_counter() - start)
    return times


def write_region(path: Path, count: int, kind: str) -> None:
    lines = ["region: Benchmark region", "partnerships:"]
    for i in range(1, count + 1):
        where = f"snapshots/p{i:03d}" if kind == "snapshot" else f"records/p{i:03d}"
        lines.append(f"  - {{id: p{i:03d}, name: Partnership {i}, {kind}: {where}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_region(region: Path, db: Path | None) -> tuple[float, float, int, float]:
    """(wall s, peak RSS MB, exit code, CPU s) of one whole `lif region report`."""
    cmd = [sys.executable, "-m", "lif_cli", "region", "report", str(region)]
    cmd += ["--as-of", AS_OF.isoformat(), "--format", "json"]
    if db is not None:
        db.unlink(missing_ok=True)
        cmd += ["--db", str(db)]
    wrapper = (
        "import resource, subprocess, sys; "
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(u.ru_maxrss, rc, u.ru_utime + u.ru_stime)"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd],
        capture_output=True,
        text=True,
        env={**child_env(), "LIF_NO_CACHE": "1"},
        check=True,
    )
    wall = time.perf_counter() - start
    rss_kb, rc, cpu = out.stdout.split()
    return wall, int(rss_kb) / 1024, int(rc), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=150)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--from-records", type=int, default=10)
    parser.add_argument(
        "--distinct", type=int, default=20, help="partnerships generated (the rest copy them)"
    )
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="lif-region-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"data in {work}")
    start = time.perf_counter()
    exports = make_partnerships(work, args.partnerships, args.records, args.distinct)
    if exports:
        print(
            f"made {len(exports)} partnerships in {time.perf_counter() - start:.0f} s; "
            f"one export (load {args.records} records + build + write Parquet): "
            f"median {statistics.median(exports):.2f} s, max {max(exports):.2f} s"
        )
    size = sum(f.stat().st_size for f in (work / "snapshots").rglob("*.parquet"))
    files = sum(1 for _ in (work / "snapshots").rglob("*.parquet"))
    print(f"snapshots: {files} Parquet files, {size / 1e6:.1f} MB")
    region = work / "region.yaml"
    write_region(region, args.partnerships, "snapshot")
    for label, db in (("in memory", None), ("--db FILE", work / "region.duckdb")):
        runs = [run_region(region, db) for _ in range(args.runs)]
        size = f"; database {db.stat().st_size / 1e6:.1f} MB" if db else ""
        print(
            f"lif region report, {args.partnerships} snapshots, {label}: median "
            f"{statistics.median(r[0] for r in runs):.2f} s wall, "
            f"{statistics.median(r[3] for r in runs):.2f} s CPU, peak RSS "
            f"{max(r[1] for r in runs):.0f} MB, exit {runs[0][2]}{size}"
        )
    if args.from_records:
        n = min(args.from_records, args.partnerships)
        region = work / "region-records.yaml"
        write_region(region, n, "path")
        runs = [run_region(region, None) for _ in range(args.runs)]
        print(
            f"lif region report, {n} partnerships from records (no cache), in memory: median "
            f"{statistics.median(r[0] for r in runs):.2f} s wall, "
            f"{statistics.median(r[3] for r in runs):.2f} s CPU, peak RSS "
            f"{max(r[1] for r in runs):.0f} MB, exit {runs[0][2]}"
        )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"(this script's own peak RSS {usage.ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
