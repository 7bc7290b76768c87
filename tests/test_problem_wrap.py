"""Problems at a terminal: long messages and hints go on over indented lines,
broken between words; a pipe keeps each problem on one line."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from lif_cli.errors import Problem, Severity
from lif_cli.render.problems import render_text
from lif_cli.render.words import wrap_words

from .conftest import write_repo

LONG = (
    "Serious incident notified to the Panel within 5 working days of becoming aware: "
    "the deadline 2025-04-03 has passed and no date is recorded"
)


def _rejoined(lines: list[str], indent: str) -> str:
    return " ".join([lines[0], *(line.removeprefix(indent) for line in lines[1:])])


def test_wrap_words_breaks_only_at_spaces_and_keeps_every_character():
    first = "  incidents/SI-2025-03.yaml:5:1: "
    lines = wrap_words(first, LONG, "    ", 80)
    assert len(lines) == 3
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].startswith("    working days")  # not cut inside a word
    assert _rejoined(lines, "    ") == first + LONG
    # dates and ids are never broken at their hyphens
    assert any("2025-04-03" in line for line in lines)


def test_wrap_words_keeps_a_word_longer_than_the_line_whole():
    word = "x" * 100
    lines = wrap_words("hint: ", f"see {word} now", "      ", 40)
    assert lines == ["hint: see", f"      {word}", "      now"]


def test_wrap_words_keeps_runs_of_spaces():
    text = "'a  b' is not   an agency"
    lines = wrap_words("", text, "", 12)
    assert " ".join(lines) == text


def test_no_width_keeps_one_line_per_problem():
    assert wrap_words("  f.yaml:1:1: ", LONG, "    ", None) == ["  f.yaml:1:1: " + LONG]


def _problem(**kw) -> Problem:
    base = dict(
        code="timescale-missed",
        file="incidents/SI-2025-03.yaml",
        line=5,
        column=1,
        message=LONG,
        hint="statutory timescale (Children Act 2004 s16C(1)); record the date and the reason",
        severity=Severity.WARNING,
    )
    return Problem(**{**base, **kw})


def test_render_text_wraps_message_and_hint_to_the_width():
    text = render_text([_problem()], 1, lambda p: "dates:", width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert lines[1] == "  incidents/SI-2025-03.yaml:5:1: warning timescale-missed:"
    assert lines[2].startswith("    Serious incident notified")
    hint = next(i for i, line in enumerate(lines) if line.startswith("        hint: "))
    assert lines[hint + 1].startswith(" " * 14) and lines[hint + 1][14] != " "


def test_render_text_colours_the_severity_on_a_wrapped_first_line():
    text = render_text([_problem(severity=Severity.ERROR)], 1, lambda p: "", color=True, width=50)
    first = text.splitlines()[1]
    assert first == "  incidents/SI-2025-03.yaml:5:1: \x1b[31merror\x1b[0m"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert max(len(line) for line in plain.splitlines()) <= 50


def test_refused_update_lists_its_errors_without_the_summary():
    text = render_text([_problem(severity=Severity.ERROR)], 1, lambda p: "", summary=False)
    assert "error" in text and "record files read" not in text


def _bad_records(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path / "records",
        {
            "actions/SCR-2016-01.yaml": """\
                source: SCR-2016-01
                actions:
                  - id: A1
                    recommendation: R1
                    text: Share the chronology with every agency that knows the family
                    agency: health-provider-services-for-children-and-young-people
                    due: 2016-06-31
                    status: in-progres
                """,
        },
    )


def _read_terminal(master: int) -> str:
    """Everything written to a pseudo-terminal until its other end closes."""
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def _at_terminal(args: list[str], columns: str, code: int = 1) -> str:
    """Run lif with stdout and stderr on a pseudo-terminal; what it showed."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": columns, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lif_cli", *args], stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    shown = _read_terminal(master)
    assert proc.wait(timeout=60) == code
    return shown


def test_validate_at_an_80_column_terminal_cuts_no_word(tmp_path):
    root = _bad_records(tmp_path)
    shown = _at_terminal(["validate", "-C", str(root), "--as-of", "2016-11-15"], "80")
    lines = shown.splitlines()
    assert "error unknown-agency" in shown and "error invalid-date" in shown
    # every line fits, but for a quoted source line (its caret must stay under it)
    assert all(len(line) <= 80 for line in lines if " | " not in line), shown
    piped = subprocess.run(
        [sys.executable, "-m", "lif_cli", "validate", "-C", str(root), "--as-of", "2016-11-15"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    # the same words; in a pipe each problem is one line, as grep and editors need
    heads = [line for line in piped.stdout.splitlines() if ": error " in line]
    assert len(heads) == 4 and any(len(line) > 80 for line in heads)
    assert " ".join(shown.split()) == " ".join(piped.stdout.split())


def test_a_stopping_error_at_a_terminal_is_broken_between_words(tmp_path):
    root = _bad_records(tmp_path)
    args = ["update", "SCR-2016-01/A1", "--status", "complete", "-C", str(root)]
    shown = _at_terminal(args, "60")
    lines = shown.splitlines()
    assert lines[0].startswith("lif: error: actions/SCR-2016-01.yaml has errors")
    assert len(lines) > 2 and all(len(line) <= 60 for line in lines), shown
    assert all(line.startswith(("lif: error: ", "  ", "hint: ")) for line in lines)
    piped = subprocess.run([sys.executable, "-m", "lif_cli", *args], capture_output=True, text=True)
    assert piped.returncode == 1 and len(piped.stderr.splitlines()) == 2
    assert " ".join(shown.split()) == " ".join(piped.stderr.split())


def _stderr_at_terminal(args: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run lif with stdout piped and stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lif_cli", *args], stdout=subprocess.PIPE, stderr=slave, env=env
    )
    os.close(slave)
    out = proc.stdout.read() if proc.stdout else b""
    shown = _read_terminal(master)
    proc.wait(timeout=60)
    return out.decode(), shown


def test_a_note_on_stderr_is_broken_at_a_terminal_and_kept_apart(tmp_path):
    root = _bad_records(tmp_path)
    args = ["status", "-C", str(root), "--as-of", "2016-11-15"]
    env = {**os.environ, "COLUMNS": "60"}
    piped = subprocess.run([sys.executable, "-m", "lif_cli", *args], capture_output=True, env=env)
    note = "lif: the records have errors; what could be read is shown."
    assert note in piped.stderr.decode() and piped.returncode == 1
    # the same command, options and stdout: only stderr is now a terminal. The
    # output kept from the piped run must not be replayed with its long line.
    out, err = _stderr_at_terminal(args, env)
    assert out == piped.stdout.decode()
    assert all(len(line) <= 60 for line in err.splitlines()), err
    assert " ".join(err.split()) == " ".join(piped.stderr.decode().split())
