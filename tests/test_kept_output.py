"""A repeated read command on unchanged records prints its kept output.

`lif status`, `plan`, `calendar`, `indicators`, `s11` and `training` keep
what they printed, keyed by every input (lif_cli/verdict.py). The kept answer
must be exactly what a full run prints (stdout, stderr and exit code), and
anything that changes an input (a file's bytes, the as-of date, an option,
the terminal's width) must send the run the full way. Runs go through the real
entry point: in process for outputs, and as a new `python -m lif_cli` process
where what was imported is the evidence.
"""

from __future__ import annotations

import pytest

from lif_cli.cache import cache_dir
from tests.test_cache import BROKEN
from tests.test_validate import AS_OF
from tests.test_verdict import imported, run_twice

COMMANDS = [
    ("status",),
    ("status", "--format", "json"),
    ("status", "--agency", "police", "--limit", "2"),
    ("plan",),
    ("plan", "--format", "json"),
    ("plan", "--format", "csv", "--agency", "police"),
    ("plan", "--format", "md", "--overdue"),
    ("calendar",),
    ("calendar", "--format", "json", "--year", "2015"),
    ("calendar", "--format", "md"),
    ("indicators", "--format", "json"),
    ("indicators",),
    ("s11", "--format", "json"),
    ("training",),
]


def _kept() -> list:
    return sorted(cache_dir().rglob("output-*.pickle"))


def _same(a, b) -> bool:
    return (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_repeated_run_prints_what_the_full_run_printed(lif, example_repo, args):
    argv = (*args, "-C", str(example_repo), "--as-of", AS_OF)
    full = lif(*argv, "--no-cache")
    assert full.exit_code == 0 and full.stdout
    first = lif(*argv)
    assert len(_kept()) == 1
    again = lif(*argv)
    assert _same(first, full)
    assert _same(again, full)


def test_records_with_errors_replay_the_note_and_exit_code(lif, make_repo):
    root = make_repo(BROKEN)
    argv = ("status", "-C", str(root), "--as-of", AS_OF)
    full = lif(*argv, "--no-cache")
    assert full.exit_code == 1 and "the records have errors" in full.stderr
    lif(*argv)
    again = lif(*argv)
    assert _same(again, full)


def test_the_guard_off_note_is_said_on_a_kept_run_too(lif, example_repo):
    settings = example_repo / "lif.yaml"
    settings.write_text(settings.read_text() + "personal_data: off\n")
    argv = ("plan", "-C", str(example_repo), "--as-of", AS_OF)
    first = lif(*argv)
    again = lif(*argv)
    assert "personal-data guard is off" in first.stderr
    assert _same(again, first)


def test_the_repeated_run_loads_no_record(tmp_path):
    first, again = run_twice(tmp_path, "status")
    assert "Overdue" in first.stdout
    assert imported("lif_cli.loader", first.stderr)
    assert not imported("lif_cli.loader", again.stderr)
    assert not imported("lif_cli.compute.status", again.stderr)


def test_a_changed_record_is_read_again(lif, example_repo):
    argv = ("plan", "-C", str(example_repo), "--as-of", AS_OF, "--format", "json")
    before = lif(*argv)
    lif(*argv)
    plan = next(
        p
        for p in (example_repo / "actions").glob("*.yaml")
        if "    status: not-started" in p.read_text()
    )
    plan.write_text(plan.read_text().replace("    status: not-started", "    status: blocked", 1))
    after = lif(*argv)
    assert after.stdout != before.stdout
    assert _same(after, lif(*argv, "--no-cache"))


def test_a_new_record_file_is_read(lif, example_repo):
    argv = ("training", "-C", str(example_repo), "--as-of", AS_OF, "--format", "json")
    lif(*argv)
    lif(*argv)
    (example_repo / "training" / "TR-NEW.yaml").write_text(
        "id: TR-NEW\ntitle: Kept output course\ncourses: 1\nplaces: 10\nattended: 8\n"
    )
    after = lif(*argv)
    assert after.exit_code == 0 and "Kept output course" in after.stdout
    assert _same(after, lif(*argv, "--no-cache"))


def test_each_option_and_date_is_its_own_answer(lif, example_repo):
    base = ("status", "-C", str(example_repo))
    runs = [
        (*base, "--as-of", AS_OF),
        (*base, "--as-of", AS_OF, "--limit", "1"),
        (*base, "--as-of", "2016-06-30"),
        (*base, "--as-of", AS_OF, "--agency", "police"),
    ]
    outputs = [lif(*argv).stdout for argv in runs]
    assert len(set(outputs)) == len(outputs)
    assert [lif(*argv).stdout for argv in runs] == outputs
    assert len(_kept()) == len(runs)


def test_the_terminal_width_is_part_of_the_key(lif, example_repo, monkeypatch):
    argv = ("status", "-C", str(example_repo), "--as-of", AS_OF)
    wide = lif(*argv).stdout
    monkeypatch.setenv("COLUMNS", "60")
    narrow = lif(*argv)
    assert narrow.stdout != wide
    assert _same(narrow, lif(*argv, "--no-cache"))
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60


def test_a_calendar_feed_is_never_kept(lif, example_repo):
    # the feed's SEQUENCE numbers come from git history, which is not a record file
    argv = ("calendar", "-C", str(example_repo), "--as-of", AS_OF, "--format", "ics")
    lif(*argv)
    lif(*argv)
    assert _kept() == []


def test_at_a_revision_is_never_kept(lif, example_repo):
    from tests.conftest import git

    git(example_repo, "init", "-q")
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-q", "-m", "records")
    argv = ("status", "-C", str(example_repo), "--as-of", AS_OF, "--at", "HEAD")
    assert lif(*argv).exit_code == 0
    assert _kept() == []


def test_a_usage_error_is_never_kept(lif, example_repo):
    argv = ("status", "-C", str(example_repo), "--as-of", AS_OF, "--agency", "polise")
    first = lif(*argv)
    assert first.exit_code == 2 and "did you mean 'police'" in first.stderr
    assert _kept() == []


def test_a_kept_output_lif_did_not_sign_is_never_used(lif, example_repo):
    argv = ("status", "-C", str(example_repo), "--as-of", AS_OF)
    full = lif(*argv)
    [kept] = _kept()
    blob = bytearray(kept.read_bytes())
    blob[-8:] = b"\x00" * 8  # changed bytes: the MAC no longer verifies
    kept.write_bytes(bytes(blob))
    assert _same(lif(*argv), full)


def test_only_the_latest_outputs_are_kept(lif, example_repo):
    for limit in range(20):
        lif("status", "-C", str(example_repo), "--as-of", AS_OF, "--limit", str(limit))
    assert len(_kept()) == 16
