"""`lif schema`: the exported JSON Schemas are current and describe real records.

The records are read with lif's own reader (``yamlio.read_bytes``) so the
schemas are checked against exactly the data the models see.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lif_cli import yamlio
from lif_cli.loader import kind_of
from lif_cli.schemas import schema_names
from tests.conftest import EXAMPLE, ROOT

jsonschema = pytest.importorskip("jsonschema")

SCHEMAS = ROOT / "schemas"
EXAMPLE_FILES = sorted(
    p.relative_to(EXAMPLE).as_posix()
    for p in EXAMPLE.rglob("*.yaml")
    if p.parent == EXAMPLE or p.parent.parent == EXAMPLE
)


def validator_for(folder: Path, rel: str):
    by_kind = {kind: name for name, kind in schema_names().items()}
    schema = json.loads((folder / by_kind[kind_of(rel)]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def data_of(path: Path, rel: str):
    doc = yamlio.read_bytes(path.read_bytes(), rel)
    assert doc.problems == []
    return doc.data


def test_the_committed_schemas_are_current(lif):
    result = lif("schema", "--check", "--out", str(SCHEMAS))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ok: {len(schema_names())} schemas in {SCHEMAS} are current\n"


def test_a_stale_copy_fails_the_check(lif, tmp_path):
    stale = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, stale)
    review = stale / "review.schema.json"
    schema = json.loads(review.read_text(encoding="utf-8"))
    del schema["properties"]["case_ref"]
    review.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    (stale / "training.schema.json").unlink()
    result = lif("schema", "--check", "--out", str(stale))
    assert result.exit_code == 1
    assert "review.schema.json" in result.stderr and "training.schema.json" in result.stderr
    assert "action-plan.schema.json" not in result.stderr
    assert "hint: run 'lif schema'" in result.stderr
    # writing brings it up to date, and writes only what changed
    written = lif("schema", "--out", str(stale))
    assert written.exit_code == 0
    assert written.stdout == f"wrote 2 changed schemas to {stale}\n"
    assert lif("schema", "--check", "--out", str(stale)).exit_code == 0
    again = lif("schema", "--out", str(stale))
    assert again.stdout == f"schemas in {stale} are already current\n"


def test_schema_writes_one_file_per_kind(lif, tmp_path):
    out = tmp_path / "fresh"
    result = lif("schema", "--out", str(out))
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(schema_names())
    for path in out.iterdir():
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"lif:{path.name}"


@pytest.mark.parametrize("rel", EXAMPLE_FILES)
def test_the_schemas_accept_every_example_file(rel):
    validator = validator_for(SCHEMAS, rel)
    errors = sorted(validator.iter_errors(data_of(EXAMPLE / rel, rel)), key=str)
    assert errors == [], [e.message for e in errors]


def test_the_schemas_accept_a_synthetic_repository(tmp_path):
    """The benchmark generator's records, of every kind, pass the schemas too."""
    from benchmarks.generate import generate

    root = tmp_path / "synthetic"
    generate(root, 200)
    files = sorted(root.rglob("*.yaml"))
    assert len(files) == 204
    for path in files:
        rel = path.relative_to(root).as_posix()
        validator = validator_for(SCHEMAS, rel)
        assert list(validator.iter_errors(data_of(path, rel))) == [], rel


@pytest.mark.parametrize(
    ("rel", "text", "words"),
    [
        (
            "reviews/R1.yaml",
            "id: R1\ntype: learning-review\ntitle: T\nstatus: refered\n",
            "refered",
        ),
        (
            "reviews/R1.yaml",
            "id: R1\ntype: learning-review\ntitle: T\nstatus: referred\nx: 1\n",
            "x",
        ),
        ("reviews/R1.yaml", "id: R1\ntype: learning-review\nstatus: referred\n", "title"),
        ("actions/R1.yaml", "source: R1\nactions:\n  - {id: A1}\n", "recommendation"),
        ("indicators/i.yaml", "id: i\ntitle: T\nbetter: lower\ntarget: yes\n", "yes"),
        ("calendar.yaml", "entries:\n  - {id: c, title: T, to: b, months: [13]}\n", "13"),
    ],
)
def test_the_schemas_refuse_what_the_models_refuse(rel, text, words):
    validator = validator_for(SCHEMAS, rel)
    doc = yamlio.read_text(text, rel)
    errors = list(validator.iter_errors(doc.data))
    assert errors, f"the schema accepted {text!r}"
    assert any(words in (e.message + json.dumps(list(e.path))) for e in errors)
