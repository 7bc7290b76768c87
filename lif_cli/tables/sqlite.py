"""Writing the tables to one SQLite database (the standard library's sqlite3).

Each table gets a primary key and foreign keys from the registry (declared,
so tools draw the joins; SQLite checks them only when asked). Two more tables,
``lif_tables`` and ``lif_columns``, carry the data dictionary inside the file.
Dates are ISO text (``YYYY-MM-DD``), booleans 0 or 1.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from lif_cli.errors import LifError

from .schema import Built, Table

_SQL_TYPES = {
    "text": "TEXT",
    "integer": "INTEGER",
    "real": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
}


def q(name: str) -> str:
    """A quoted SQL identifier (``commit``, ``from`` and ``to`` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def create_sql(table: Table) -> str:
    """CREATE TABLE for one registry table, keys and foreign keys included."""
    lines = [f"  {q(c.name)} {_SQL_TYPES[c.type]}" for c in table.all_columns]
    lines.append(f"  PRIMARY KEY ({', '.join(q(k) for k in table.full_key)})")
    for c in table.all_columns:
        if c.ref and c.name != "partnership":
            other, col = c.ref.split(".")
            lines.append(
                f"  FOREIGN KEY ({q('partnership')}, {q(c.name)}) "
                f"REFERENCES {q(other)} ({q('partnership')}, {q(col)})"
            )
        elif c.ref:
            other, col = c.ref.split(".")
            if other != table.name:
                lines.append(f"  FOREIGN KEY ({q(c.name)}) REFERENCES {q(other)} ({q(col)})")
    return f"CREATE TABLE {q(table.name)} (\n" + ",\n".join(lines) + "\n)"


def _value(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def write_sqlite(built: Iterable[Built], path: Path) -> int:
    """Write every table to a new SQLite file at ``path``, atomically; the row count."""
    folder = path.parent if str(path.parent) else Path(".")
    total = 0
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise LifError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.executescript(DICTIONARY_SQL)
            for b in built:
                t = b.table
                con.execute(create_sql(t))
                names = [c.name for c in t.all_columns]
                insert = (
                    f"INSERT INTO {q(t.name)} ({', '.join(q(n) for n in names)}) "
                    f"VALUES ({', '.join('?' for _ in names)})"
                )
                con.executemany(insert, ([_value(r.get(n)) for n in names] for r in b.rows))
                total += len(b.rows)
                _describe(con, t)
            con.commit()
        finally:
            con.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        Path(tmp).unlink(missing_ok=True)
        raise LifError(f"cannot write {path}: {exc}") from exc
    return total


DICTIONARY_SQL = """
CREATE TABLE lif_tables (name TEXT PRIMARY KEY, description TEXT, key TEXT);
CREATE TABLE lif_columns (
  table_name TEXT, column_name TEXT, position INTEGER, type TEXT, description TEXT,
  refers_to TEXT, PRIMARY KEY (table_name, column_name)
);
"""


def _describe(con: sqlite3.Connection, t: Table) -> None:
    con.execute(
        "INSERT INTO lif_tables VALUES (?, ?, ?)", (t.name, t.description, ",".join(t.full_key))
    )
    con.executemany(
        "INSERT INTO lif_columns VALUES (?, ?, ?, ?, ?, ?)",
        [(t.name, c.name, i, c.type, c.description, c.ref) for i, c in enumerate(t.all_columns, 1)],
    )
