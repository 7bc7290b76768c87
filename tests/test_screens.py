"""Golden screens: every text command at 80 and 120 columns on examples/nscb.

Each screen is kept in tests/golden/screens/ (LIF_UPDATE_GOLDEN=1 rewrites
them) and must hold no line wider than the terminal, no id cut or broken, no
space at a line's end and no date split over two lines.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from lif_cli import loader
from lif_cli.repo import WorkTree
from tests.conftest import EXAMPLE, ROOT
from tests.goldens import GOLDEN, assert_golden

AS_OF = ("--as-of", "2016-11-15")
SCREENS = {
    "status": ("status",),
    "plan": ("plan",),
    "calendar": ("calendar",),
    "indicators": ("indicators",),
    "s11": ("s11",),
    "training": ("training",),
    "changes": ("changes", "--since", "board-2016-09-27"),
    "validate": ("validate",),
}
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"


@pytest.fixture(scope="session")
def history(tmp_path_factory):
    """examples/nscb with its September to November 2016 history."""
    dest = tmp_path_factory.mktemp("history") / "nscb"
    subprocess.run(
        [sys.executable, str(ROOT / "examples/build-history.py"), str(dest)],
        check=True,
        capture_output=True,
    )
    return dest


def known_ids() -> set[str]:
    """Every id a user may type: records, agencies, groups, calendar entries, actions."""
    records = loader.load(WorkTree(EXAMPLE), use_cache=False)
    ids = set(records.by_id) | set(records.agencies) | set(records.groups)
    ids |= set(records.calendar)
    for source, rf in records.plans.items():
        ids |= {f"{source}/{a.id}" for a in rf.model.actions}
    ids |= {m.id for m in records.models("indicators")}
    return ids


def screen_faults(text: str, width: int, ids: set[str]) -> list[str]:
    faults = []
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        if len(line) > width:
            faults.append(f"line {n} is {len(line)} wide: {line!r}")
        if line != line.rstrip():
            faults.append(f"line {n} ends in a space: {line!r}")
        # a title cut mid-word ("Evidence of t…") is not an id: judge fragments
        # long enough to be one
        for cut in re.findall(r"(\S{4,})…", line):
            if any(i.startswith(cut) and i != cut for i in ids):
                faults.append(f"line {n} cuts an id: {line!r}")
        words = line.split()
        if words and words[-1] in ids:
            pass
        elif words:
            tail = words[-1].rstrip(",.;:)")
            # an id broken at the line's end would leave a prefix here and the rest below
            nxt = lines[n].split()[0] if n < len(lines) and lines[n].split() else ""
            if nxt and tail + nxt in ids and tail not in ids:
                faults.append(f"line {n} breaks the id {tail + nxt}")
        ends_in_date_part = re.search(rf"\b\d{{1,2}}( {MONTH})?$", line)
        whole_date = re.search(rf"\b\d{{1,2}} {MONTH} \d{{4}}$", line)
        year_next = n < len(lines) and re.match(rf"\s*({MONTH} )?\d{{4}}\b", lines[n])
        if ends_in_date_part and not whole_date and year_next:
            faults.append(f"line {n} splits a date: {line!r} / {lines[n]!r}")
    return faults


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_golden_screen(lif, monkeypatch, history, name, width):
    monkeypatch.setenv("COLUMNS", str(width))
    r = lif(*SCREENS[name], "-C", str(history), *AS_OF)
    assert r.exit_code == 0, r.output
    assert_golden(r.stdout, GOLDEN / "screens" / f"{name}-{width}.txt")
    assert screen_faults(r.stdout, width, known_ids()) == []


def test_the_checks_catch_what_they_are_for():
    ids = {"public-health-daat-report", "LSCG-north"}
    assert screen_faults("x \n", 80, ids)  # a trailing space
    assert screen_faults("x" * 81, 80, ids)  # too wide
    assert screen_faults("public-health-daat… ·", 80, ids)  # a cut id
    assert screen_faults("complete on 29\nJul 2016 and more", 80, ids)  # a split date
    assert screen_faults("to LSCG-\nnorth", 80, ids)  # a broken id
    assert screen_faults("due 29 Jul 2016\n2017 was", 80, ids) == []
