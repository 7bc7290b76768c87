"""The loader and the YAML reader, driven directly on real files.

The reader has two paths: a fast one without positions for well-formed files
(the loader's clean path) and the full one that locates every problem. They
must agree on the data of every well-formed file, and the fast one must hand
every file with a problem to the full one.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from lif_cli import loader, model_errors, yamlio
from lif_cli.errors import LifError
from lif_cli.models import ActionPlan, Review, Settings
from lif_cli.repo import WorkTree
from tests.conftest import EXAMPLE
from tests.test_validate import BAD_FILES, BILLION_LAUGHS, PLAN, REVIEW, SCR

EXAMPLE_FILES = sorted(p for p in EXAMPLE.rglob("*.y*ml") if p.is_file())


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(EXAMPLE)))
def test_fast_and_full_readers_agree_on_every_example_file(path):
    text = path.read_text(encoding="utf-8")
    full = yamlio.read_text(text, path.name)
    fast = yamlio.read_text(text, path.name, positions=False)
    assert full.problems == [] and fast.problems == []
    assert fast.data == full.data
    assert fast.positions == {}  # the fast path keeps none
    assert full.positions[()] == (1, 1) or full.positions[()][0] > 1


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_the_fast_reader_hands_every_bad_file_to_the_full_one(case):
    files, expected = BAD_FILES[case]
    raw = files["reviews/R1.yaml"]
    raw = raw if isinstance(raw, bytes) else raw.encode()
    fast = yamlio.read_bytes(raw, "reviews/R1.yaml", positions=False)
    full = yamlio.read_bytes(raw, "reviews/R1.yaml")
    assert fast.problems == full.problems
    assert [(p.code, p.line, p.column) for p in fast.problems] == [
        (code, line, column) for code, _, line, column in expected
    ]


@pytest.mark.parametrize(
    "text",
    [
        BILLION_LAUGHS,
        "id: R1\nid: R2\n",  # a duplicate key
        "id: R1\n? [a]\n: b\n",
        "id: R1\n7: seven\n",
        "id: R1\n<<: {a: b}\n",
        "id: !!str R1\n",
        "id: R1\n---\nid: R2\n",
        "- a\n",
        "",
        "# only a comment\n",
        "id: 'R1\n",
        "%YAML 1.2\n---\nid: R1\n",
        "id: R1\nnote: |\n  a line\n  ======= in a block\n",
    ],
)
def test_the_fast_reader_gives_up_where_the_full_one_has_work(text):
    assert yamlio._read_fast(text) is None


def test_the_fast_reader_reads_scalars_as_the_full_one_does():
    text = (
        "a: yes\nb: 007\nc: 0o17\nd: 0x1F\ne: 1.5e3\nf: .inf\ng: -.inf\nh: ~\ni: null\n"
        'j: \'quoted 12\'\nk: "2016-01-08"\nl: 2016-01-08\nm: True\nn: "12"\no: [1, two]\n'
        "p: {q: false}\nr: |\n  block\ns: >-\n  folded\n  text\n"
    )
    full = yamlio.read_text(text, "x.yaml").data
    fast = yamlio._read_fast(text)
    assert fast == full
    assert fast is not None
    assert fast["a"] == "yes" and fast["b"] == 7 and fast["c"] == 15 and fast["d"] == 31
    assert fast["e"] == 1500.0 and fast["f"] == math.inf and fast["h"] is None
    assert fast["j"] == "quoted 12" and fast["l"] == "2016-01-08" and fast["m"] is True
    assert fast["n"] == "12" and fast["o"] == [1, "two"] and fast["r"] == "block\n"
    assert fast["s"] == "folded text"


def test_nan_reads_as_nan_and_the_models_refuse_it():
    doc = yamlio.read_text("v: .nan\n", "x.yaml")
    assert math.isnan(doc.data["v"])


def test_positions_of_keys_and_values_are_one_based():
    doc = yamlio.read_text("id: R1\ndates:\n  aware: 2016-01-08\nto: [a, b]\n", "x.yaml")
    assert doc.positions[("id",)] == (1, 5)
    assert doc.key_positions[("dates", "aware")] == (3, 3)
    assert doc.positions[("dates", "aware")] == (3, 10)
    assert doc.positions[("to", 1)] == (4, 9)
    # a block mapping is located at its key; a flow list at its value
    assert doc.locate(("dates",)) == (2, 1)
    assert doc.locate(("to",)) == (4, 5)
    # a path that does not exist falls back to its nearest ancestor
    assert doc.locate(("dates", "published")) == (2, 1)
    assert doc.locate(("nothing", 3)) == (1, 1)


def test_the_example_loads_with_every_kind(example_repo):
    records = loader.load(WorkTree(example_repo))
    assert not records.problems
    assert isinstance(records.settings, Settings)
    assert records.settings.framework == "wt2015"
    for kind in ("reviews", "audits", "reports", "assessments", "indicators", "actions"):
        assert records.models(kind), kind
    assert isinstance(records.by_id["SCR-2016-01"].model, Review)
    assert isinstance(records.plans["SCR-2016-01"].model, ActionPlan)
    assert records.who("board") and records.who("nobody") is None
    assert {rf.kind for rf in records.sources()} <= {
        "reviews",
        "audits",
        "reports",
        "assessments",
        "challenges",
        "drilldowns",
        "feedback",
    }


def test_loading_never_raises_on_bad_files(make_repo):
    files = {
        f"reviews/B{i}.yaml": raw
        for i, (fs, _) in enumerate(BAD_FILES.values())
        for raw in fs.values()
    }
    root = make_repo(files)
    records = loader.load(WorkTree(root))
    bad = {p.file for p in records.problems}
    assert bad == set(files)
    assert records.has_errors
    assert all(rf.model is None for rf in records.by_kind["reviews"])
    assert records.agencies and records.groups  # the good files still loaded


def test_a_validation_error_on_the_fast_path_is_located(make_repo):
    root = make_repo({"reviews/SCR-1.yaml": SCR.replace("status: in-progress", "status: ongoing")})
    records = loader.load(WorkTree(root))
    (p,) = records.problems
    assert (p.code, p.file, p.line, p.column) == ("invalid-value", "reviews/SCR-1.yaml", 5, 9)
    # the located document is kept for the renderer's source line
    assert records.source_line(p) == "status: ongoing"


def test_an_unreadable_repository_is_a_lif_error(tmp_path):
    with pytest.raises(LifError):
        loader.load(WorkTree(tmp_path / "missing"))


def test_did_you_mean():
    assert model_errors.did_you_mean("refered", ["referred", "decided"]) == "referred"
    assert model_errors.did_you_mean("CSC", ["csc", "police"]) == "csc"
    assert model_errors.did_you_mean("zzz", ["csc", "police"]) is None


def test_broken_settings_keep_their_valid_fields():
    salvaged = loader._salvage_settings(
        {"partnership": "P", "framework": "wt2018", "amber_days": -1, "colour": "red"}
    )
    assert (salvaged.partnership, salvaged.framework, salvaged.amber_days) == ("P", "wt2018", 30)
    assert loader._salvage_settings(None).framework == "wt2023"


def test_a_plan_and_its_source_load_with_positions_only_on_error(make_repo):
    root = make_repo(
        {"reviews/SCR-1.yaml": SCR, "actions/SCR-1.yaml": PLAN, "reviews/R1.yaml": REVIEW}
    )
    records = loader.load(WorkTree(root), use_cache=False)
    assert records.problems == []
    assert records._documents == {}  # nothing read with positions on the clean path
    assert Path(records.root) == root


def test_an_edit_validated_incrementally_equals_a_fresh_load(example_repo):
    """``lif update`` parses only the edited file; the result is a full load's."""
    from datetime import date

    from lif_cli.checks import run_checks
    from tests.test_validate import AS_OF

    before = loader.load(WorkTree(example_repo))
    plan = next(rf for rf in before.by_kind["actions"] if rf.model is not None)
    raw = (example_repo / plan.file).read_bytes()
    edited = raw.replace(b"status: ", b"status: nonsense-", 1)
    assert edited != raw
    incremental = loader.with_changes(before, {plan.file: edited})
    assert incremental is not None
    (example_repo / plan.file).write_bytes(edited)
    fresh = loader.load(WorkTree(example_repo), use_cache=False)
    day = date.fromisoformat(AS_OF)
    assert [rf.model for rf in incremental.files] == [rf.model for rf in fresh.files]
    assert run_checks(incremental, day) == run_checks(fresh, day)
    assert any(p.file == plan.file and p.is_error for p in run_checks(incremental, day))
