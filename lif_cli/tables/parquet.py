"""Writing the tables as Parquet files: the only module that imports pyarrow.

A snapshot is a folder holding one ``TABLE.parquet`` per registry table; DuckDB,
Power BI, pandas and Spark read it as it is. Column descriptions travel in each
field's metadata (``description``), the table's in the schema's metadata.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from lif_cli.errors import LifError

from .schema import Built, Table

MARKER = "partnerships.parquet"  # present in every snapshot folder


def _arrow_schema(table: Table):
    import pyarrow as pa

    types = {
        "text": pa.string(),
        "integer": pa.int64(),
        "real": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }
    fields = [
        pa.field(c.name, types[c.type], metadata={"description": c.description})
        for c in table.all_columns
    ]
    return pa.schema(
        fields,
        metadata={"description": table.description, "key": ",".join(table.full_key)},
    )


def arrow_table(b: Built):
    """One built table as a pyarrow Table with the registry's types."""
    import pyarrow as pa

    schema = _arrow_schema(b.table)
    columns = {c.name: [r.get(c.name) for r in b.rows] for c in b.table.all_columns}
    return pa.Table.from_pydict(columns, schema=schema)


def arrow_columns(columns: dict[str, list]):
    """A pyarrow Table from plain columns (for DuckDB to read by name)."""
    import pyarrow as pa

    return pa.table(columns)


def write_parquet(built: Iterable[Built], folder: Path) -> int:
    """Write a snapshot folder, replacing an earlier snapshot there; the row count."""
    import pyarrow.parquet as pq

    if folder.exists() and not folder.is_dir():
        raise LifError(
            f"{folder} is a file; a Parquet snapshot is a folder of files",
            hint="give a folder name with -o",
        )
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise LifError(
            f"{folder} is not empty and is not a lif snapshot; lif will not write there",
            hint="give a new or empty folder with -o",
        )
    parent = folder.parent if str(folder.parent) else Path(".")
    total = 0
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as exc:
        raise LifError(f"cannot write {folder}: {exc.strerror or exc}") from exc
    try:
        for b in built:
            pq.write_table(arrow_table(b), tmp / f"{b.table.name}.parquet")
            total += len(b.rows)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=parent))
            os.replace(folder, old / "snapshot")
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, folder)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise LifError(f"cannot write {folder}: {exc.strerror or exc}") from exc
    return total
