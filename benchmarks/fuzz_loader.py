"""The long fuzz run of the records loader: coverage-guided with atheris when it
is installed (``pip install atheris``), else a long hypothesis run.

Each input becomes one file of an in-memory records repository (a review, an
action plan, lif.yaml or agencies.yaml, chosen by the input's first byte) beside
the minimal valid files; the whole validation pipeline runs on it: decode, the
YAML reader, the models, every check (the personal-data guard included) and the
JSON renderer. A control character in the text of a loaded record (it would
reach the terminal) and an unregistered problem code count as defects too.
Anything but a clean return is a crash: the input is saved to
``benchmarks/out/fuzz-crashes/`` and counted, and the run goes on.

    python benchmarks/fuzz_loader.py --seconds 600

prints the inputs tried, the crashes found (with the saved files) and exits 1
if there was any. Keep each crasher, once fixed, in tests/fuzz_regressions/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
CRASHES = OUT / "fuzz-crashes"
CORPUS = OUT / "fuzz-corpus"
SUITE = ROOT.parent / "shared" / "corpora" / "yaml-test-suite"

TARGETS = ("reviews/CASE-1.yaml", "actions/CASE-1.yaml", "lif.yaml", "agencies.yaml")
BASE = {
    "lif.yaml": b"partnership: Fuzz Partnership\n",
    "agencies.yaml": b"agencies:\n  - {id: csc, name: Children's Services}\n",
    "groups.yaml": b"groups:\n  - {id: board, name: Board}\n",
    "reviews/CASE-1.yaml": b"id: CASE-1\ntype: learning-review\ntitle: Child A\n"
    b"status: referred\nrecommendations:\n  - {id: R1, text: Share information, to: board}\n",
}
AS_OF = date(2016, 11, 15)


class MemorySource:
    """A records repository held in memory (the loader's FileSource protocol)."""

    def __init__(self, files: dict[str, bytes]):
        self.root = Path("/nonexistent-fuzz-repo")
        self.label = "fuzz"
        self._files = files

    def files(self) -> list[str]:
        from lif_cli.repo import list_record_files

        listing: dict[str, list[str]] = {}
        for rel in self._files:
            folder, _, name = rel.rpartition("/")
            listing.setdefault(folder, []).append(name)
        return list_record_files(listing)

    def read(self, rel: str) -> bytes:
        return self._files[rel]

    def cache_key(self) -> str:
        return "fuzz"


def validate_once(data: bytes) -> None:
    """Run the validation pipeline on one input; raise on any defect."""
    from lif_cli import loader, yamltext
    from lif_cli.checks import run_checks
    from lif_cli.render.problems import render_json

    target = TARGETS[data[0] % len(TARGETS)] if data else TARGETS[0]
    files = {**BASE, target: data[1:]}
    records = loader.load(MemorySource(files), use_cache=False)
    problems = run_checks(records, AS_OF)
    payload = json.loads(render_json(problems, len(records.files)))
    if set(payload) != {"errors", "warnings", "records"}:
        raise AssertionError(f"bad JSON shape: {sorted(payload)}")
    for p in problems:
        if p.line < 0 or p.column < 0 or not p.code or not p.message:
            raise AssertionError(f"malformed problem {p!r}")
    # Text that reaches a terminal must not carry control sequences.
    for rf in records.files:
        if rf.model is not None:
            for text in _strings(rf.model.model_dump()):
                if yamltext.CONTROL.search(text):
                    raise AssertionError(f"a control character reached the model of {rf.file}")


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


class Stats:
    def __init__(self, seconds: float):
        self.start = time.monotonic()
        self.seconds = seconds
        self.tried = 0
        self.crashes: dict[str, str] = {}  # signature -> saved file
        self.last_report = self.start

    def run(self, data: bytes) -> None:
        self.tried += 1
        try:
            validate_once(data)
        except Exception as exc:
            tb = traceback.extract_tb(exc.__traceback__)
            where = tb[-1] if tb else None
            signature = (
                f"{type(exc).__name__} at {where.filename}:{where.lineno}" if where else repr(exc)
            )
            if signature not in self.crashes:
                CRASHES.mkdir(parents=True, exist_ok=True)
                name = hashlib.sha1(data).hexdigest()[:16]
                (CRASHES / name).write_bytes(data)
                self.crashes[signature] = str(CRASHES / name)
                print(f"CRASH {signature}: {exc!r:.200} -> {CRASHES / name}", flush=True)
        now = time.monotonic()
        if now - self.last_report > 60:
            self.last_report = now
            print(
                f"... {self.tried:,} inputs, {len(self.crashes)} crashes, {now - self.start:.0f} s",
                flush=True,
            )
        if now - self.start > self.seconds:
            self.finish()

    def finish(self) -> None:
        elapsed = time.monotonic() - self.start
        rate = self.tried / max(elapsed, 1)
        print(f"inputs tried: {self.tried:,} in {elapsed:.0f} s ({rate:.0f}/s)")
        print(f"distinct crashes: {len(self.crashes)}")
        for signature, path in self.crashes.items():
            print(f"  {signature}: {path}")
        sys.stdout.flush()
        os._exit(1 if self.crashes else 0)


def seed_corpus() -> Path:
    """Seeds: the example records and every yaml-test-suite input, one a target each."""
    CORPUS.mkdir(parents=True, exist_ok=True)
    seeds: list[bytes] = []
    for i, path in enumerate(sorted((ROOT / "examples" / "nscb").rglob("*.yaml"))):
        seeds.append(bytes([i % len(TARGETS)]) + path.read_bytes())
    if SUITE.is_dir():
        for i, path in enumerate(sorted(SUITE.rglob("in.yaml"))):
            seeds.append(bytes([i % len(TARGETS)]) + path.read_bytes())
    for seed in seeds:
        (CORPUS / hashlib.sha1(seed).hexdigest()[:16]).write_bytes(seed)
    return CORPUS


def run_atheris(stats: Stats) -> None:
    import atheris

    with atheris.instrument_imports(include=["lif_cli"]):
        import lif_cli.checks
        import lif_cli.loader
        import lif_cli.render.problems  # noqa: F401

    corpus = seed_corpus()
    args = [sys.argv[0], str(corpus), "-timeout=20", "-rss_limit_mb=4096", "-max_len=65536"]
    atheris.Setup(args, stats.run)
    atheris.Fuzz()


def run_hypothesis(stats: Stats) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seeds = [p.read_bytes() for p in sorted(seed_corpus().iterdir())]

    @st.composite
    def inputs(draw) -> bytes:
        data = bytearray(draw(st.sampled_from(seeds)))
        for _ in range(draw(st.integers(0, 8))):
            at = draw(st.integers(0, len(data)))
            chunk = draw(st.binary(min_size=1, max_size=8))
            if draw(st.booleans()):
                data[at:at] = chunk
            else:
                data[at : at + len(chunk)] = chunk
        return bytes(data)

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(inputs(), st.binary(max_size=2048)))
    def fuzz(data: bytes) -> None:
        stats.run(data)

    fuzz()
    stats.finish()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600, help="how long to fuzz")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("LIF_NO_CACHE", "1")
    os.environ.setdefault("LIF_CHECK_CODES", "1")  # an unregistered problem code is a crash
    stats = Stats(args.seconds)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"fuzzing the loader with {engine} for {args.seconds:.0f} s", flush=True)
    sys.argv = sys.argv[:1]
    if engine == "atheris":
        run_atheris(stats)
    else:
        run_hypothesis(stats)


if __name__ == "__main__":
    main()
