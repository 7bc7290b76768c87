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


def build_database(con: Any, reads: Sequence[PartnershipRead], materialize: bool) -> None:
    """Create every table from the partnerships read.

    Rows built from records are stored; snapshots are scanned where they lie
    (a view per table over every snapshot's Parquet file), so a region of
    many snapshots costs a read of the columns each query needs. With
    ``materialize`` (a ``--db`` file) every table is stored whole instead, so
    the file stands on its own.
    """
    import duckdb

    from lif_cli.tables.parquet import arrow_columns, arrow_table

    # One transaction: a file database would otherwise commit (and sync) each
    # of the hundreds of statements on its own.
    con.execute("BEGIN TRANSACTION")
    con.execute(REGION_TABLE)
    snapshots = [r for r in reads if r.ok and r.snapshot is not None]
    for r in snapshots:
        try:
            r.commit = _snapshot_commit(con, r.snapshot)
        except duckdb.Error as exc:
            r.reason = f"cannot read the snapshot: {_first_line(exc)}"
    snapshots = [r for r in snapshots if r.ok]
    files = {t.name: _snapshot_files(t.name, snapshots) for t in TABLES}
    mapping = arrow_columns(  # noqa: F841 (read by name below)
        {
            "filename": [f for by in files.values() for f in by],
            "pid": [pid for by in files.values() for pid in by.values()],
        }
    )
    con.execute("CREATE TEMP TABLE _snapshot_files AS SELECT * FROM mapping")
    for t in TABLES:
        stored = f"_records_{t.name}"
        cols = ", ".join(f"{q(c.name)} {_TYPES[c.type]}" for c in t.all_columns)
        con.execute(f"CREATE TEMP TABLE {q(stored)} ({cols})")
        for r in reads:
            for b in r.built:
                if b.table.name == t.name:
                    data = arrow_table(b)  # noqa: F841 (read by name in the query below)
                    con.execute(f"INSERT INTO {q(stored)} BY NAME SELECT * FROM data")
        select = _select(con, t, stored, list(files[t.name]))
        if materialize:
            con.execute(f"CREATE TABLE {q(t.name)} ({cols})")
            con.execute(f"INSERT INTO {q(t.name)} BY NAME {select}")
            con.execute(f"COMMENT ON TABLE {q(t.name)} IS {_quote_literal(t.description)}")
            for c in t.all_columns:
                con.execute(
                    f"COMMENT ON COLUMN {q(t.name)}.{q(c.name)} IS {_quote_literal(c.description)}"
                )
        else:
            con.execute(f"CREATE TEMP VIEW {q(t.name)} AS {select}")
    for r in reads:
        e = r.entry
        con.execute(
            "INSERT INTO region_partnerships VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [e.id, e.name, r.source, r.location, r.ref, r.commit, r.ok, r.reason, r.errors],
        )
    con.execute("COMMIT")


def database_error() -> type[Exception]:
    """DuckDB's error class, for callers that must not import duckdb."""
    import duckdb

    return duckdb.Error


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _snapshot_commit(con: Any, folder: str) -> str | None:
    row = con.execute(
        'SELECT "commit" FROM read_parquet(?) LIMIT 1', [f"{folder}/partnerships.parquet"]
    ).fetchone()
    return row[0] if row else None


def _snapshot_files(table: str, reads: Sequence[PartnershipRead]) -> dict[str, str]:
    """{file: partnership id} of one table's snapshot files (those that exist)."""
    import os

    out = {}
    for r in reads:
        f = f"{r.snapshot}/{table}.parquet"
        # a snapshot written before this table existed simply has none
        if "://" in f or os.path.exists(f):
            out[f] = r.entry.id
    return out


def _select(con: Any, t: Any, stored: str, files: list[str]) -> str:
    """The rows from records, then every snapshot's rows with the region's ids."""
    names = [c.name for c in t.all_columns]
    plain = ", ".join(q(n) for n in names)
    sql = f"SELECT {plain} FROM {q(stored)}"
    if not files:
        return sql
    found = {
        row[0] for row in con.execute("SELECT name FROM parquet_schema(?)", [files[0]]).fetchall()
    }
    cols = ", ".join(
        "f.pid AS partnership" if n == "partnership" else f"s.{q(n)}"
        for n in names
        if n == "partnership" or n in found
    )
    listed = ", ".join(_quote_literal(f) for f in files)
    return (
        f"{sql} UNION ALL BY NAME SELECT {cols} FROM read_parquet([{listed}], "
        "union_by_name = true, filename = true) s JOIN _snapshot_files f USING (filename)"
    )
