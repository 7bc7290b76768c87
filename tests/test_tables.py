"""`lif export --format sqlite|parquet`: the records as tidy, documented tables.

Driven through the real CLI on a copy of examples/nscb (and real git repos);
the figures are checked against the screens' own JSON.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import duckdb
import pytest

from lif_cli.tables.datadoc import render_data_md
from lif_cli.tables.registry import TABLES

from .conftest import EXAMPLE, ROOT, git

AS_OF = "2016-11-15"


@pytest.fixture(scope="module")
def nscb_sqlite(tmp_path_factory) -> Path:
    from .conftest import run_lif

    out = tmp_path_factory.mktemp("export") / "nscb.sqlite"
    r = run_lif(
        "export", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "sqlite", "-o", str(out)
    )
    assert r.exit_code == 0, r.output
    assert f"wrote {len(TABLES)} tables" in r.stderr
    return out


def _rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_registry_table_is_in_the_sqlite_file_with_its_columns(nscb_sqlite):
    for t in TABLES:
        cols = [r[1] for r in _rows(nscb_sqlite, f'PRAGMA table_info("{t.name}")')]
        assert cols == [c.name for c in t.all_columns], t.name
        assert cols[:3] == ["partnership", "as_of", "commit"]
    described = _rows(nscb_sqlite, "SELECT table_name, count(*) FROM lif_columns GROUP BY 1")
    assert dict(described) == {t.name: len(t.all_columns) for t in TABLES}


def test_every_table_has_the_common_columns_filled(nscb_sqlite):
    empty = []
    for t in TABLES:
        rows = _rows(nscb_sqlite, f'SELECT DISTINCT partnership, as_of FROM "{t.name}"')
        assert rows in ([("nscb", AS_OF)], []), t.name
        if not rows:
            empty.append(t.name)
    # the 2016 example has no WT2018 incidents, scrutiny or national reviews
    assert empty == ["incidents", "incident_steps", "scrutiny", "national_reviews"]


def test_incidents_match_lif_export_what_incidents(tmp_path, lif):
    borset = ROOT / "examples" / "borsetshire"
    out = tmp_path / "b.sqlite"
    r = lif("export", "-C", str(borset), "--as-of", "2024-11-15", "-f", "sqlite", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert _rows(out, "PRAGMA foreign_key_check") == []
    r = lif("export", "-C", str(borset), "--as-of", "2024-11-15", "--what", "incidents")
    assert r.exit_code == 0, r.output
    ids = sorted(i for (i,) in _rows(out, "SELECT id FROM incidents"))
    assert ids and all(i in r.stdout for i in ids)
    states = _rows(out, "SELECT DISTINCT state FROM incident_steps")
    assert ("met",) in states


def test_foreign_keys_join(nscb_sqlite):
    assert _rows(nscb_sqlite, "PRAGMA foreign_key_check") == []
    # every action joins to its source, its agency and its recommendations
    orphans = _rows(
        nscb_sqlite,
        """SELECT a.id FROM actions a
           LEFT JOIN sources s ON s.partnership = a.partnership AND s.id = a.source_id
           LEFT JOIN agencies g ON g.partnership = a.partnership AND g.id = a.agency_id
           WHERE s.id IS NULL OR g.id IS NULL""",
    )
    assert orphans == []


def test_action_rag_matches_lif_plan_json(nscb_sqlite, lif):
    r = lif("plan", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "json")
    assert r.exit_code == 0, r.output
    plan = {a["id"]: (a["rag"], a["days_overdue"], a["status"]) for a in json.loads(r.stdout)}
    tables = {
        i: (rag, days, status)
        for i, rag, days, status in _rows(
            nscb_sqlite, "SELECT id, rag, days_overdue, status FROM actions"
        )
    }
    assert tables == plan
    assert len(plan) == 31


def test_indicators_match_lif_indicators_json(nscb_sqlite, lif):
    r = lif("indicators", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "json")
    shown = {
        i["id"]: (i["latest"], i["rag"], i["trend"]) for i in json.loads(r.stdout)["indicators"]
    }
    rows = _rows(nscb_sqlite, "SELECT id, latest, rag, trend FROM indicators")
    assert {i: (v, rag, t) for i, v, rag, t in rows} == shown


def test_calendar_cells_match_lif_calendar_json(nscb_sqlite, lif):
    r = lif("calendar", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "json")
    shown = sorted((c["entry"], c["month"], c["status"]) for c in json.loads(r.stdout))
    rows = sorted(_rows(nscb_sqlite, "SELECT entry_id, month, status FROM calendar_cells"))
    assert rows == shown


def test_framework_tables_match_the_compute_layer_and_lif_status(nscb_sqlite, lif):
    from datetime import date

    from lif_cli.cli.options import load_records
    from lif_cli.compute.plan import build_plan
    from lif_cli.compute.risks import risk_rows

    as_of = date.fromisoformat(AS_OF)
    records = load_records(EXAMPLE)
    computed = {
        r.id: (r.score, r.rag, r.review_overdue_days, r.actions_open)
        for r in risk_rows(records, build_plan(records, as_of), as_of)
    }
    sql = "SELECT id, score, rag, review_overdue_days, actions_open FROM risks"
    assert {i: (s, rag, d, n) for i, s, rag, d, n in _rows(nscb_sqlite, sql)} == computed
    assert len(computed) == 3

    r = lif("status", "-C", str(EXAMPLE), "--as-of", AS_OF, "--format", "json")
    assert r.exit_code == 0, r.output
    status = json.loads(r.stdout)
    assert {x["id"]: (x["score"], x["rag"]) for x in status["risks"]} == {
        i: v[:2] for i, v in computed.items()
    }
    requests = _rows(nscb_sqlite, "SELECT id, state, chased, days_overdue FROM evidence_requests")
    assert {i: (s, c, d) for i, s, c, d in requests} == {
        x["id"]: (x["state"], x["chased"], x["days_overdue"]) for x in status["evidence_requests"]
    }
    outcomes = _rows(nscb_sqlite, "SELECT id, evidence, actions_open FROM outcomes")
    assert {i: (e, n) for i, e, n in outcomes} == {
        i: (o["evidence"], o["actions_open"]) for i, o in status["outcomes"].items()
    }

    # every outcome's and risk's action joins to the actions table
    for link, owner in (("outcome_actions", "outcome_id"), ("risk_actions", "risk_id")):
        linked = _rows(nscb_sqlite, f"SELECT count(*) FROM {link}")[0][0]
        joined = _rows(
            nscb_sqlite,
            f"""SELECT l.{owner}, l.action_id FROM {link} l
                JOIN actions a ON a.partnership = l.partnership AND a.id = l.action_id""",
        )
        assert linked > 0 and len(joined) == linked, link


def test_themes_are_tables(nscb_sqlite):
    rows = _rows(
        nscb_sqlite,
        """SELECT t.id, count(*) FROM source_themes st JOIN sources s ON s.id = st.source_id
           JOIN themes t ON t.id = st.theme_id WHERE s.kind = 'review' GROUP BY 1 ORDER BY 1""",
    )
    assert ("neglect", 2) in rows
    assert ("domestic-abuse", 1) in rows


def test_parquet_snapshot_opens_in_duckdb_with_the_same_rows(nscb_sqlite, tmp_path, lif):
    snap = tmp_path / "snapshot"
    r = lif("export", "-C", str(EXAMPLE), "--as-of", AS_OF, "-f", "parquet", "-o", str(snap))
    assert r.exit_code == 0, r.output
    con = duckdb.connect()
    for t in TABLES:
        n = con.execute(f"SELECT count(*) FROM read_parquet('{snap}/{t.name}.parquet')").fetchone()
        assert n[0] == _rows(nscb_sqlite, f'SELECT count(*) FROM "{t.name}"')[0][0], t.name
    types = dict(
        con.execute(
            "SELECT column_name, column_type FROM "
            f"(DESCRIBE SELECT * FROM '{snap}/actions.parquet')"
        ).fetchall()
    )
    assert types["due"] == "DATE" and types["overdue"] == "BOOLEAN"
    assert types["days_overdue"] == "BIGINT"
    # writing again replaces the snapshot; a folder that is not one is refused
    assert lif("export", "-C", str(EXAMPLE), "-f", "parquet", "-o", str(snap)).exit_code == 0
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    r = lif("export", "-C", str(EXAMPLE), "-f", "parquet", "-o", str(other))
    assert r.exit_code == 2 and "not a lif snapshot" in r.stderr
    assert (other / "keep.txt").read_text() == "mine"


def test_commit_column_is_the_records_commit(tmp_path, lif, git_repo):
    root = git_repo()
    head = git(root, "rev-parse", "HEAD").strip()
    out = tmp_path / "t.sqlite"
    r = lif("export", "-C", str(root), "-f", "sqlite", "-o", str(out), "--partnership", "test")
    assert r.exit_code == 0, r.output
    assert _rows(out, 'SELECT partnership, "commit", dirty FROM partnerships') == [
        ("test", head, 0)
    ]
    assert set(_rows(out, 'SELECT DISTINCT "commit" FROM agencies')) == {(head,)}


def test_table_formats_refuse_what_does_not_apply(lif, tmp_path):
    r = lif("export", "-C", str(EXAMPLE), "-f", "sqlite")
    assert r.exit_code == 2 and "add -o FILE" in r.stderr
    r = lif("export", "-C", str(EXAMPLE), "-f", "sqlite", "-o", str(tmp_path / "x"), "-w", "s11")
    assert r.exit_code == 2 and "--what does not apply" in r.stderr
    r = lif("export", "-C", str(EXAMPLE), "--partnership", "x")
    assert r.exit_code == 2
    r = lif("export", "-C", str(EXAMPLE), "-o", str(tmp_path / "by-name.sqlite"))
    assert r.exit_code == 0 and "(sqlite)" in r.stderr
    assert _rows(tmp_path / "by-name.sqlite", "SELECT count(*) FROM actions") == [(31,)]
    assert not (tmp_path / "x").exists()


def test_every_row_builder_fills_only_its_declared_columns(example_repo):
    from datetime import date

    from lif_cli import tables
    from lif_cli.loader import load
    from lif_cli.repo import WorkTree

    records = load(WorkTree(example_repo))
    for b in tables.build(tables.context(records, date(2016, 11, 15))):
        declared = {c.name for c in b.table.all_columns}
        for row in b.rows:
            assert set(row) <= declared, (b.table.name, set(row) - declared)
        keys = [tuple(r[k] for k in b.table.key) for r in b.rows]
        assert all(all(v is not None for v in k) for k in keys), b.table.name


def test_data_md_is_the_registry():
    """docs/DATA.md is generated from the registry: regenerate it with
    `python -m lif_cli.tables.datadoc`."""
    assert (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8") == render_data_md()


def test_unknown_theme_is_located_with_a_hint(example_repo, lif):
    path = example_repo / "reviews" / "LR-2016-01.yaml"
    text = path.read_text()
    path.write_text(text.replace("themes: [neglect]", "themes: [neglekt]"))
    r = lif("validate", "-C", str(example_repo), "--as-of", AS_OF)
    assert r.exit_code == 1
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "neglekt" in t)
    assert f"reviews/LR-2016-01.yaml:{line}:10: error unknown-theme" in r.stdout
    assert "did you mean 'neglect'?" in r.stdout


def test_a_local_themes_list_replaces_the_default(example_repo, lif):
    lif_yaml = example_repo / "lif.yaml"
    lif_yaml.write_text(lif_yaml.read_text() + "themes:\n  - {id: neglect, title: Neglect}\n")
    r = lif("validate", "-C", str(example_repo), "--as-of", AS_OF)
    assert r.exit_code == 1
    assert "'domestic-abuse' is not a theme in lif.yaml" in r.stdout


def test_lif_init_writes_the_default_themes(tmp_path, lif):
    r = lif("init", str(tmp_path / "new"), "--partnership", "Test Partnership")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "new" / "lif.yaml").read_text()
    assert "themes:" in text and "id: domestic-abuse" in text and "id: sudi" in text
