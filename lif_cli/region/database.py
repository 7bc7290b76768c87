"""The region's DuckDB database: the only module that imports duckdb.

Every registry table is created once, with the same columns as a partnership's
export; each partnership's rows go in with its region id in ``partnership``.
Rows built from records arrive as Arrow tables; snapshots are read straight
from their Parquet files, all partnerships' files of one table in one scan.
``region_partnerships`` says where each partnership was read from, and why
one could not be.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lif_cli.errors import LifError
from lif_cli.tables.registry import TABLES
from lif_cli.tables.sqlite import q

from .collect import PartnershipRead

_TYPES = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "real": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
}

REGION_TABLE = """
CREATE TABLE region_partnerships (
  partnership VARCHAR PRIMARY KEY, name VARCHAR, source VARCHAR, location VARCHAR,
  ref VARCHAR, "commit" VARCHAR, read BOOLEAN, reason VARCHAR, record_errors BIGINT
)
"""


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_database(path: Path | None) -> Any:
    """A new DuckDB database (in memory, or a new file at ``path``)."""
    import duckdb

    if path is not None:
        if path.exists():
            raise LifError(
                f"{path} already exists; lif writes a new region database each time",
                hint="remove it first, or give another --db path",
            )
        try:
            return duckdb.connect(str(path))
        except duckdb.Error as exc:
            raise LifError(f"cannot create {path}: {exc}") from None
    return duckdb.connect()


def build_database(con: Any, reads: Sequence[PartnershipRead]) -> None:
    """Create every table and fill it from the partnerships read."""
    import duckdb

    from lif_cli.tables.parquet import arrow_table

    # One transaction: a file database would otherwise commit (and sync) each
    # of the hundreds of statements on its own.
    con.execute("BEGIN TRANSACTION")
    con.execute(REGION_TABLE)
    for t in TABLES:
        cols = ", ".join(f"{q(c.name)} {_TYPES[c.type]}" for c in t.all_columns)
        con.execute(f"CREATE TABLE {q(t.name)} ({cols})")
        con.execute(f"COMMENT ON TABLE {q(t.name)} IS {_quote_literal(t.description)}")
        for c in t.all_columns:
            con.execute(
                f"COMMENT ON COLUMN {q(t.name)}.{q(c.name)} IS {_quote_literal(c.description)}"
            )
    for r in reads:
        for b in r.built:
            data = arrow_table(b)  # noqa: F841 (read by name in the query below)
            con.execute(f"INSERT INTO {q(b.table.name)} BY NAME SELECT * FROM data")
    snapshots = [r for r in reads if r.ok and r.snapshot is not None]
    if snapshots:
        for r in snapshots:
            try:
                r.commit = _snapshot_commit(con, r.snapshot)
            except duckdb.Error as exc:
                r.reason = f"cannot read the snapshot: {_first_line(exc)}"
        snapshots = [r for r in snapshots if r.ok]
        for t in TABLES:
            _insert_snapshots(con, t, snapshots)
    for r in reads:
        e = r.entry
        con.execute(
            "INSERT INTO region_partnerships VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [e.id, e.name, r.source, r.location, r.ref, r.commit, r.ok, r.reason, r.errors],
        )
    con.execute("COMMIT")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _snapshot_commit(con: Any, folder: str) -> str | None:
    row = con.execute(
        'SELECT "commit" FROM read_parquet(?) LIMIT 1', [f"{folder}/partnerships.parquet"]
    ).fetchone()
    return row[0] if row else None


def _insert_snapshots(con: Any, t: Any, reads: Sequence[PartnershipRead]) -> None:
    """One scan over every snapshot's file of this table; the region id replaces theirs."""
    import os

    ids = {
        f"{r.snapshot}/{t.name}.parquet": r.entry.id
        for r in reads
        if "://" in (r.snapshot or "") or os.path.exists(f"{r.snapshot}/{t.name}.parquet")
    }
    files = list(ids)
    if not files:
        return  # snapshots written before this table existed
    con.execute("CREATE OR REPLACE TEMP TABLE _files (filename VARCHAR, pid VARCHAR)")
    con.executemany("INSERT INTO _files VALUES (?, ?)", list(ids.items()))
    present = [c.name for c in t.all_columns]
    found = {
        row[0] for row in con.execute("SELECT name FROM parquet_schema(?)", [files[0]]).fetchall()
    }
    cols = ", ".join(
        "f.pid AS partnership" if n == "partnership" else f"s.{q(n)}"
        for n in present
        if n == "partnership" or n in found
    )
    con.execute(
        f"INSERT INTO {q(t.name)} BY NAME SELECT {cols} FROM read_parquet(?, "
        "union_by_name = true, filename = true) s JOIN _files f USING (filename)",
        [files],
    )
