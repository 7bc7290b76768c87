"""`lif update`: one action edited in place, nothing else disturbed, written atomically."""

from __future__ import annotations

import difflib
import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lif_cli import yamlio
from lif_cli.filewrite import BOM, EditError, read_snapshot, write_atomic
from lif_cli.yamledit import REMOVE, ActionEdit, edit_actions, expected_data

from .conftest import ROOT, git

AS_OF = "2016-11-15"

REVIEW = """\
    id: SCR-2016-01
    type: serious-case-review
    title: Child A
    status: published
    recommendations:
      - {id: R1, text: Identify every adult in the household, to: [csc]}
      - {id: R2, text: Relaunch escalation, to: [board]}
    """

PLAN = """\
    # Action plan for SCR-2016-01.
    source: SCR-2016-01
    actions:
      - id: A1
        recommendation: R1
        text: "Revise the assessment guidance"   # agreed at the board
        agency: csc
        due: 2016-12-31
        status: in-progress

        updates:
          - {date: 2016-09-01, status: in-progress, note: Drafting}
      # A2 is the police's
      - id: A2
        recommendation: R2
        text: 'Brief every team'
        agency: police
        due: 2017-03-31
        status: not-started
    """


@pytest.fixture
def plan_repo(make_repo):
    return make_repo({"reviews/SCR-2016-01.yaml": REVIEW, "actions/SCR-2016-01.yaml": PLAN})


def test_update_changes_only_the_intended_lines(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    before = path.read_text()
    r = lif(
        "update", "SCR-2016-01/A1", "--status", "complete", "--evidence",
        "Guidance issued: see intranet #42", "--note", "Issued", "--as-of", AS_OF,
        "-C", str(plan_repo),
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    after = path.read_text()
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        "-    status: in-progress",
        "+    status: complete",
        "+    completed: 2016-11-15",
        "+    evidence: 'Guidance issued: see intranet #42'",
        "+      - {date: 2016-11-15, status: complete, note: Issued}",
    ]
    assert "updated SCR-2016-01/A1 in actions/SCR-2016-01.yaml" in r.stdout
    assert "+    status: complete" in r.stdout  # the diff is shown
    assert lif("validate", "-C", str(plan_repo), "--as-of", AS_OF).exit_code == 0


def test_update_creates_the_updates_list_in_the_files_style(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    r = lif("update", "SCR-2016-01/A2", "--note", "Dates set", "--as-of", AS_OF,
            "-C", str(plan_repo))  # fmt: skip
    assert r.exit_code == 0, r.output
    assert path.read_text().endswith(
        "    status: not-started\n    updates:\n      - {date: 2016-11-15, note: Dates set}\n"
    )


def test_completing_without_evidence_is_refused_and_nothing_written(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    before = path.read_bytes()
    r = lif("update", "SCR-2016-01/A1", "--status", "complete", "--as-of", AS_OF,
            "-C", str(plan_repo))  # fmt: skip
    assert r.exit_code == 1
    assert "nothing was written" in r.stderr
    assert "complete-without-evidence" in r.stderr
    assert "actions/SCR-2016-01.yaml:9:13: error complete-without-evidence" in r.stderr
    assert path.read_bytes() == before


def test_completed_defaults_to_as_of_and_can_be_given(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    r = lif("update", "SCR-2016-01/A2", "-s", "complete", "--evidence", "Done",
            "--completed", "2016-11-01", "--as-of", AS_OF, "-C", str(plan_repo))  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "    completed: 2016-11-01\n    evidence: Done\n" in path.read_text()


@pytest.mark.parametrize(
    ("ref", "message", "hint"),
    [
        ("SCR-2016-01/A9", "has no action 'A9'", "its actions: A1, A2"),
        ("SCR-2016-01/a2", None, None),  # ids match case-insensitively
        ("SCR-2016-1/A1", "no action plan for 'SCR-2016-1'", "did you mean 'SCR-2016-01/A1'?"),
        ("A1", "'A1' is not an action reference", "SOURCE-ID/ACTION-ID"),
    ],
)
def test_action_references(lif, plan_repo, ref, message, hint):
    r = lif("update", ref, "--note", "x", "--as-of", AS_OF, "-C", str(plan_repo))
    if message is None:
        assert r.exit_code == 0, r.output
        return
    assert r.exit_code == 2
    assert message in r.stderr
    assert hint in r.stderr
    assert "Traceback" not in r.output


def test_nothing_to_update_is_misuse(lif, plan_repo):
    r = lif("update", "SCR-2016-01/A1", "-C", str(plan_repo))
    assert r.exit_code == 2
    assert "nothing to update" in r.stderr


def test_same_values_change_nothing(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    before = path.read_bytes()
    r = lif("update", "SCR-2016-01/A1", "--status", "in-progress", "--note", "Drafting",
            "--as-of", AS_OF, "-C", str(plan_repo))  # fmt: skip
    assert r.exit_code == 0
    assert "is unchanged" in r.stdout
    assert path.read_bytes() == before


def test_dry_run_writes_nothing(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    before = path.read_bytes()
    r = lif("update", "SCR-2016-01/A1", "--note", "x", "--dry-run", "--as-of", AS_OF,
            "-C", str(plan_repo))  # fmt: skip
    assert r.exit_code == 0
    assert "+      - {date: 2016-11-15, note: x}" in r.stdout
    assert path.read_bytes() == before


def test_conflict_markers_are_refused(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    text = path.read_text().replace(
        "    status: not-started\n",
        "<<<<<<< HEAD\n    status: not-started\n=======\n    status: blocked\n>>>>>>> other\n",
    )
    path.write_text(text)
    r = lif("update", "SCR-2016-01/A1", "--note", "x", "-C", str(plan_repo))
    assert r.exit_code in (1, 2)
    assert path.read_text() == text
    assert "conflict" in r.stderr


def test_conflict_markers_refused_by_the_editor(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> theirs\n")
    with pytest.raises(EditError, match="merge conflict marker at line 2"):
        read_snapshot(path)


def test_crlf_and_bom_survive(lif, make_repo):
    text = PLAN.replace("\n    ", "\n")[4:].replace("\n", "\r\n")
    raw = BOM + text.encode()
    root = make_repo({"reviews/SCR-2016-01.yaml": REVIEW, "actions/SCR-2016-01.yaml": raw})
    path = root / "actions/SCR-2016-01.yaml"
    r = lif("update", "SCR-2016-01/A2", "-s", "blocked", "-n", "Waiting for the form",
            "--as-of", AS_OF, "-C", str(root))  # fmt: skip
    assert r.exit_code == 0, r.output
    new = path.read_bytes()
    assert new.startswith(BOM)
    assert b"\n" not in new.replace(b"\r\n", b"")
    expected = raw.replace(b"status: not-started\r\n", b"status: blocked\r\n") + (
        b"    updates:\r\n"
        b"      - {date: 2016-11-15, status: blocked, note: Waiting for the form}\r\n"
    )
    assert new == expected


def test_file_mode_is_kept(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    path.chmod(0o640)
    r = lif("update", "SCR-2016-01/A1", "--note", "x", "--as-of", AS_OF, "-C", str(plan_repo))
    assert r.exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".lif-tmp")]


def test_a_file_changed_on_disk_is_not_replaced(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("a: 1\n")
    snap = read_snapshot(path)
    path.write_text("a: 2\n")  # someone saved meanwhile
    with pytest.raises(EditError, match="changed on disk"):
        write_atomic(snap, b"a: 3\n")
    assert path.read_text() == "a: 2\n"
    assert list(tmp_path.iterdir()) == [path]


def test_commit_records_one_file_naming_the_action(lif, git_repo):
    root = git_repo({"reviews/SCR-2016-01.yaml": REVIEW, "actions/SCR-2016-01.yaml": PLAN})
    (root / "reviews/SCR-2016-01.yaml").write_text(
        (root / "reviews/SCR-2016-01.yaml").read_text() + "lead_reviewer: Someone\n"
    )
    r = lif("update", "SCR-2016-01/A2", "-s", "in-progress", "--commit", "--as-of", AS_OF,
            "-C", str(root))  # fmt: skip
    assert r.exit_code == 0, r.output
    log = git(root, "log", "-1", "--format=%s", "--name-only")
    assert log.split("\n")[0] == "Update SCR-2016-01/A2: status in-progress"
    assert "actions/SCR-2016-01.yaml" in log
    assert "reviews/" not in log
    assert git(root, "status", "--porcelain").strip() == "M reviews/SCR-2016-01.yaml"


def test_commit_without_git_identity_says_how_to_set_it(lif, git_repo, monkeypatch, tmp_path):
    root = git_repo({"reviews/SCR-2016-01.yaml": REVIEW, "actions/SCR-2016-01.yaml": PLAN})
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "nogitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("EMAIL", "")
    r = lif("update", "SCR-2016-01/A2", "-n", "x", "--commit", "--as-of", AS_OF, "-C", str(root))
    assert r.exit_code == 2
    assert "git does not know who you are" in r.stderr
    assert "git config --global user.name" in r.stderr


def test_commit_outside_git_is_refused_before_writing(lif, plan_repo):
    path = plan_repo / "actions/SCR-2016-01.yaml"
    before = path.read_bytes()
    r = lif("update", "SCR-2016-01/A2", "-n", "x", "--commit", "--as-of", AS_OF,
            "-C", str(plan_repo))  # fmt: skip
    assert r.exit_code == 2
    assert "not in a git repository" in r.stderr
    assert path.read_bytes() == before


def test_commit_without_git_binary(lif, plan_repo, monkeypatch):
    monkeypatch.setenv("PATH", str(plan_repo / "no-such-bin"))
    r = lif("update", "SCR-2016-01/A2", "-n", "x", "--commit", "--as-of", AS_OF,
            "-C", str(plan_repo))  # fmt: skip
    assert r.exit_code == 2
    assert "git is not installed" in r.stderr


def test_killed_mid_write_leaves_the_original_intact(plan_repo):
    """SIGKILL between writing the temp file and the rename: the record is untouched."""
    path = plan_repo / "actions/SCR-2016-01.yaml"
    before = path.read_bytes()
    env = {**os.environ, "LIF_TEST_WRITE_PAUSE": "60", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lif_cli", "update", "SCR-2016-01/A1", "--note", "Half way",
         "--as-of", AS_OF, "-C", str(plan_repo)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        temps: list[Path] = []
        while not temps and time.monotonic() < deadline and proc.poll() is None:
            temps = [p for p in path.parent.iterdir() if p.name.endswith(".lif-tmp")]
            time.sleep(0.05)
        assert temps, proc.stderr.read().decode() if proc.poll() is not None else "no temp file"
        # the temp file holds the whole new text before the rename is even tried
        while b"Half way" not in temps[0].read_bytes():
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert yamlio.read_bytes(path.read_bytes(), "x").data["actions"][0]["id"] == "A1"
    # the leftover temp file is not a record and does not block the next update
    done = subprocess.run(
        [sys.executable, "-m", "lif_cli", "update", "SCR-2016-01/A1", "--note", "Again",
         "--as-of", AS_OF, "-C", str(plan_repo)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "note: Again}" in path.read_text()


# --- property-based: varied layouts, only the intended lines change -------------------------

WORDS = st.sampled_from(
    [
        "Revise guidance",
        "Brief: all teams",
        "it's done",
        'say "hello"',
        "50% # of cases",
        "yes",
        "null",
        "2016-01-01",
        "- dash first",
        "[bracketed]",
        "a, b and c",
        "Café ☕ naïve",
        "x" * 150 + " long line",
        "ends with colon:",
        "@at",
        "'quoted'",
        "0123",
        "true",
    ]
)


def _scalar(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    from lif_cli.yamledit import render_scalar

    return render_scalar(value, flow=False)


@st.composite
def plan_files(draw):
    """An action plan text with varied layout, and the set of line numbers per action."""
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    seq_indent = draw(st.sampled_from([0, 2, 4]))
    n = draw(st.integers(1, 3))
    lines: list[str] = []
    spans: list[tuple[int, int, str]] = []
    markers = draw(st.integers(0, 5)) == 0  # explicit document start and end
    if markers:
        lines.append("---")
    if draw(st.booleans()):
        lines.append("# a plan, with comments")
    lines.append("source: SCR-2016-01")
    lines.append("actions:" + draw(st.sampled_from(["", "   # the actions"])))
    pad = " " * seq_indent
    for i in range(1, n + 1):
        start = len(lines)
        flow = draw(st.integers(0, 3)) == 0
        text = draw(WORDS)
        status = draw(st.sampled_from(["in-progress", "not-started", "blocked"]))
        fields = [
            ("id", f"A{i}"),
            ("recommendation", draw(st.sampled_from(["R1", "[R1, R2]"]))),
            ("text", None),
            ("agency", "csc"),
            ("due", "2017-01-31"),
            ("status", status),
        ]
        if draw(st.integers(0, 3)) == 0:
            fields.append(("completed", "2016-05-05"))
        optional = draw(st.sampled_from(["", "evidence", "impact", "both", "empty", "block"]))
        updates = draw(st.sampled_from(["none", "flow", "block", "flowseq", "empty", "null"]))
        if flow:
            parts = []
            for k, v in fields:
                parts.append(f"{k}: {v if v is not None else _flow_text(text, draw)}")
            if optional in ("evidence", "both"):
                parts.append("evidence: 'Some evidence'")
            if updates == "flowseq":
                parts.append("updates: [{date: 2016-01-01, note: x}]")
            lines.append(f"{pad}- {{{', '.join(parts)}}}" + draw(st.sampled_from(["", "  # c"])))
        else:
            inner = pad + "  "
            first = True
            if draw(st.integers(0, 5)) == 0:  # the dash alone on its line
                lines.append(pad + "-")
                first = False
            for k, v in fields:
                if v is None:
                    kind = draw(st.sampled_from(["plain", "single", "double", "folded"]))
                    if kind == "folded":
                        value_lines = [f"{k}: >-", f"{inner}  {text}", f"{inner}  more"]
                    else:
                        value_lines = [f"{k}: {_scalar(text, kind)}"]
                else:
                    value_lines = [f"{k}: {v}"]
                if draw(st.integers(0, 4)) == 0:
                    value_lines[0] += "   # note " + k
                for j, vl in enumerate(value_lines):
                    if first:
                        lines.append(f"{pad}- {vl}")
                        first = False
                    else:
                        lines.append(vl if j else inner + vl)
                if draw(st.integers(0, 6)) == 0:
                    lines.append(inner + "# a comment line")
            if optional in ("evidence", "both"):
                lines.append(inner + "evidence: " + _scalar(draw(WORDS), "single"))
            if optional in ("impact", "both"):
                lines.append(inner + 'impact: "Fewer re-referrals"')
            if optional == "empty":
                lines.append(inner + "evidence:")
            if optional == "block":
                lines.append(inner + "evidence: |")
                lines.append(inner + "  First line of evidence")
                lines.append(inner + "  Second line")
            if updates == "flow":
                lines.append(inner + "updates:")
                lines.append(inner + "  - {date: 2016-01-01, status: in-progress, note: Begun}")
            elif updates == "block":
                lines.append(inner + "updates:")
                lines.append(inner + "- date: 2016-01-01")
                lines.append(inner + "  note: 'Begun'")
            elif updates == "flowseq":
                lines.append(inner + "updates: [{date: 2016-01-01, note: x}]")
            elif updates == "empty":
                lines.append(inner + "updates:")
            elif updates == "null":
                lines.append(inner + "updates: null   # none yet")
        spans.append((start, len(lines), "flow" if flow else "block"))
        if draw(st.booleans()):
            lines.append("")
    if draw(st.booleans()):
        lines.append("# trailing comment")
    if markers:
        lines.append("...")
    text = eol.join(lines) + (eol if draw(st.booleans()) or not lines else "")
    return text, eol, bom, spans


def _flow_text(text: str, draw) -> str:
    from lif_cli.yamledit import render_scalar

    return render_scalar(text, flow=True, prefer=draw(st.sampled_from([None, "'", '"'])))


# Values typed into a command or a spreadsheet cell may hold line breaks and tabs.
NEW_TEXT = st.one_of(
    WORDS,
    st.sampled_from(["line one\nline two", "tab\there", "trailing newline\n", " lead space"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1),
)
CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["complete", "blocked", "in-progress", "cancelled"]),
        "evidence": NEW_TEXT,
        "impact": NEW_TEXT,
        "due": st.dates(date(2016, 1, 1), date(2018, 12, 31)),
        "completed": st.one_of(st.dates(date(2016, 1, 1), date(2016, 12, 31)), st.just(REMOVE)),
    },
)
NOTES = st.one_of(st.none(), NEW_TEXT)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_files(), st.lists(st.tuples(CHANGES, NOTES), min_size=2, max_size=3), st.data())
def test_property_several_edits_in_one_file(plan, changes, data):
    """An import edits several actions of one file in one pass; each must land, plainly."""
    text, _eol, _bom, spans = plan
    doc = yamlio.read_text(text, "p.yaml")
    edits = []
    for fields, note in changes:
        target = data.draw(st.integers(0, len(spans) - 1))
        entry = {"date": date(2016, 11, 15), **({"note": note} if note is not None else {})}
        edits.append(ActionEdit(f"A{target + 1}", fields, entry))
    try:
        new = edit_actions(text, edits, "p.yaml")
    except EditError:
        assert not text.endswith(_eol)  # the one refused layout (see above)
        return
    assert yamlio.read_text(new, "p.yaml").data == expected_data(doc.data, edits)
    # simple words never need the double-quoted fallback, however many edits came
    # before (the generator never writes evidence double-quoted itself)
    evidence: dict[str, list[str]] = {}
    for edit in edits:
        if "evidence" in edit.set_fields:
            evidence.setdefault(edit.action_id, []).append(edit.set_fields["evidence"])
    if ["Revise guidance"] in evidence.values():  # set once: the file's own style rules
        assert 'evidence: "Revise guidance"' not in new


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_files(), CHANGES, NOTES, st.data())
def test_property_only_intended_lines_change(plan, fields, note, data):
    text, eol, bom, spans = plan
    doc = yamlio.read_text(text, "p.yaml")
    assert doc.data is not None, (text, doc.problems)
    target = data.draw(st.integers(0, len(spans) - 1))
    action_id = f"A{target + 1}"
    entry = {"date": date(2016, 11, 15)}
    if "status" in fields:
        entry["status"] = fields["status"]
    if note is not None:
        entry["note"] = note
    edit = ActionEdit(action_id, fields, entry)

    try:
        new = edit_actions(text, [edit], "p.yaml")
    except EditError:
        # The one layout lif refuses (safely, writing nothing): a block scalar ending
        # the file without a final line break, where any line added after it would
        # change its value (clip chomping). Documented in docs/authoring.md.
        assert not text.endswith(eol)
        assert text.split(eol)[-3].rstrip().endswith(("|", ">", ">-"))
        return

    # 1. the data changed exactly as intended
    assert yamlio.read_text(new, "p.yaml").data == expected_data(doc.data, [edit])
    # 2. line endings kept: no bare LF in a CRLF file, no CR in an LF file
    if eol == "\r\n":
        assert "\n" not in new.replace("\r\n", "")
    else:
        assert "\r" not in new
    # 3. a BOM is kept as bytes around the text (the editor works on text)
    raw = (BOM if bom else b"") + text.encode()
    assert read_snapshot_like(raw).encode(new).startswith(BOM) == bom
    # 4. only lines of the target action that hold a changed key were removed or replaced
    old_lines = text.split(eol)
    new_lines = new.split(eol)
    start, end, style = spans[target]
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    unchanged_keys = {"id", "recommendation", "text", "agency", "due", "status", "completed",
                      "evidence", "impact"} - set(fields)  # fmt: skip
    for op, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            for k in range(i1, i2):
                assert start <= k < end, (op, k, old_lines[k])
                if style == "block":
                    stripped = old_lines[k].strip().lstrip("- ")
                    assert not any(stripped.startswith(f"{key}:") for key in unchanged_keys), (
                        old_lines[k]
                    )


def read_snapshot_like(raw: bytes):
    from lif_cli.filewrite import Snapshot

    return Snapshot(Path("x"), raw, "", 0, 0o644)


def test_property_test_inputs_cover_the_hard_cases():
    """The generator really produces the layouts the acceptance names."""
    seen = set()

    @settings(max_examples=200, deadline=None)
    @given(plan_files())
    def collect(plan):
        text, eol, bom, spans = plan
        seen.add("crlf" if eol == "\r\n" else "lf")
        if bom:
            seen.add("bom")
        if any(s[2] == "flow" for s in spans):
            seen.add("flow")
        if "#" in text:
            seen.add("comments")
        if "'" in text:
            seen.add("single")
        if '"' in text:
            seen.add("double")
        if any(len(line) > 120 for line in text.splitlines()):
            seen.add("long")
        if text.startswith(("---", "\ufeff---")):
            seen.add("markers")
        if any(line.strip() == "-" for line in text.splitlines()):
            seen.add("dash-alone")
        if ": |" in text:
            seen.add("block-scalar")

    collect()
    assert seen >= {"crlf", "lf", "bom", "flow", "comments", "single", "double", "long",
                    "markers", "dash-alone", "block-scalar"}  # fmt: skip


def test_reopening_removes_the_completed_date(lif, example_repo):
    path = example_repo / "actions/SCR-2016-01.yaml"
    before = path.read_text()
    r = lif("update", "SCR-2016-01/A2", "--status", "in-progress", "--as-of", AS_OF,
            "-C", str(example_repo))  # fmt: skip
    assert r.exit_code == 0, r.output
    diff = [
        line
        for line in difflib.unified_diff(
            before.splitlines(), path.read_text().splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        "-    status: complete",
        "-    completed: 2016-09-30",
        "+    status: in-progress",
        "+      - {date: 2016-11-15, status: in-progress, note: Reopened}",
    ]
    # the owner's own rating no longer agrees: said, as a warning
    assert "warning rag-mismatch" in r.stderr


def test_an_error_the_file_already_had_does_not_block_an_update(lif, make_repo):
    plan = PLAN.replace("agency: police", "agency: lado")  # not in agencies.yaml
    root = make_repo({"reviews/SCR-2016-01.yaml": REVIEW, "actions/SCR-2016-01.yaml": plan})
    path = root / "actions/SCR-2016-01.yaml"
    r = lif("update", "SCR-2016-01/A1", "--note", "Still drafting", "--as-of", AS_OF,
            "-C", str(root))  # fmt: skip
    assert r.exit_code == 1  # written, but the records still have an error
    assert "note: Still drafting}" in path.read_text()
    assert "still has 1 error it had before this change" in r.stderr
    # a new error is still refused
    r = lif("update", "SCR-2016-01/A1", "--status", "complete", "--as-of", AS_OF,
            "-C", str(root))  # fmt: skip
    assert r.exit_code == 1
    assert "nothing was written" in r.stderr
    assert "complete-without-evidence" in r.stderr
    assert "unknown-agency" not in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_a_read_only_folder_is_a_clear_error(lif, plan_repo):
    folder = plan_repo / "actions"
    before = (folder / "SCR-2016-01.yaml").read_bytes()
    folder.chmod(0o555)
    try:
        r = lif("update", "SCR-2016-01/A1", "--note", "x", "--as-of", AS_OF,
                "-C", str(plan_repo))  # fmt: skip
    finally:
        folder.chmod(0o755)
    assert r.exit_code == 2
    assert "cannot write SCR-2016-01.yaml" in r.stderr
    assert (folder / "SCR-2016-01.yaml").read_bytes() == before


def test_write_errors_become_edit_errors(tmp_path):
    path = tmp_path / "gone" / "x.yaml"
    from lif_cli.filewrite import write_new

    with pytest.raises(EditError, match=r"cannot write x\.yaml"):
        write_new(path, b"a: 1\n")
    assert not path.parent.exists()


def test_validation_reads_the_planned_text_even_for_an_old_cached_file(lif, plan_repo):
    """A warm cache and an old, unchanged file on disk must not hide the planned change."""
    path = plan_repo / "actions/SCR-2016-01.yaml"
    hour_ago = time.time() - 3600
    for p in plan_repo.rglob("*.yaml"):
        os.utime(p, (hour_ago, hour_ago))
    assert lif("validate", "-C", str(plan_repo), "--as-of", AS_OF).exit_code == 0
    assert lif("validate", "-C", str(plan_repo), "--as-of", AS_OF).exit_code == 0  # warm
    before = path.read_bytes()
    r = lif("update", "SCR-2016-01/A1", "--status", "complete", "--as-of", AS_OF,
            "-C", str(plan_repo))  # fmt: skip
    assert r.exit_code == 1
    assert "complete-without-evidence" in r.stderr
    assert path.read_bytes() == before


def test_validating_an_edit_locates_no_other_files_problems():
    # `lif update` asks about the file it edits: the checks see every record,
    # but the warnings of other files are not located (each would mean parsing
    # that file again, with positions).
    from lif_cli.checks import run_checks
    from lif_cli.loader import load
    from lif_cli.repo import WorkTree

    borsetshire = ROOT / "examples" / "borsetshire"
    everything = run_checks(load(WorkTree(borsetshire), use_cache=False), date(2026, 6, 30))
    files = {p.file for p in everything}
    assert len(files) >= 3
    one = sorted(files)[1]
    records = load(WorkTree(borsetshire), use_cache=False)
    assert run_checks(records, date(2026, 6, 30), files={one}) == [
        p for p in everything if p.file == one
    ]
    assert set(records._documents) <= {one}
