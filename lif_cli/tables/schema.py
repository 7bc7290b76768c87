"""What a table is: its name, columns (with types and descriptions) and row builder.

The tables lif exports (``lif export --format sqlite|parquet``) and that
``lif region`` gathers are listed once, in :mod:`lif_cli.tables.registry`. Each
:class:`Table` names its columns and the function that builds its rows from a
:class:`Context`; the writers (SQLite, Parquet, DuckDB) and the data dictionary
(docs/DATA.md) are all driven from that one list, so a new record kind is one
more entry there.

Every table also starts with the three :data:`COMMON` columns: ``partnership``,
``as_of`` and ``commit``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal

ColumnType = Literal["text", "integer", "real", "boolean", "date"]
Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column: its name, type and meaning; ``ref`` is ``table.column`` it joins to."""

    name: str
    type: ColumnType
    description: str
    ref: str | None = None


@dataclass(frozen=True)
class Table:
    """One table: its columns, key and how its rows are built."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rows: Callable[[Context], Iterable[Row]] = field(repr=False, compare=False)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The COMMON columns, then the table's own."""
        return (*COMMON, *self.columns)

    @property
    def full_key(self) -> tuple[str, ...]:
        """The key within a region: the partnership, then the table's key."""
        return ("partnership", *self.key)


COMMON: tuple[Column, ...] = (
    Column(
        "partnership",
        "text",
        "The partnership the row belongs to (the region.yaml id, or `--partnership`; "
        "by default the short name from lif.yaml, in lower case)",
        ref="partnerships.partnership",
    ),
    Column("as_of", "date", "The date the figures are computed as of (`--as-of`)"),
    Column(
        "commit",
        "text",
        "The git commit the records were read at (empty when the folder is not in git). "
        "`commit` is an SQL keyword: write it in double quotes",
    ),
)


@dataclass
class Context:
    """The inputs every row builder shares; the composite plan is built once."""

    records: Any  # lif_cli.loader.Records
    as_of: date
    partnership: str
    commit: str | None
    dirty: bool = False

    @cached_property
    def plan(self) -> Any:
        from lif_cli.compute.plan import build_plan

        return build_plan(self.records, self.as_of)

    @cached_property
    def reviews(self) -> Any:
        from lif_cli.compute.reviews import review_states

        return review_states(self.records, self.plan, self.as_of)

    @cached_property
    def incidents(self) -> Any:
        from lif_cli.compute.partners import incident_states

        return incident_states(self.records, self.as_of)

    @cached_property
    def calendar(self) -> Any:
        from lif_cli.compute.calendar import calendar_view

        return calendar_view(self.records, self.as_of)


def partnership_id(name: str) -> str:
    """A default partnership id from a name: 'NSCB' -> 'nscb'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "partnership"


@dataclass
class Built:
    """One table's rows for one partnership, with rows whose key repeated left out."""

    table: Table
    rows: list[Row]
    dropped: int = 0


def build_table(table: Table, ctx: Context) -> Built:
    """The rows of ``table``: COMMON columns filled, keys unique (first wins)."""
    common = {"partnership": ctx.partnership, "as_of": ctx.as_of, "commit": ctx.commit}
    seen: set[tuple[Any, ...]] = set()
    rows: list[Row] = []
    dropped = 0
    for row in table.rows(ctx):
        k = tuple(row.get(c) for c in table.key)
        if k in seen:
            dropped += 1  # a duplicate id: `lif validate` reports it
            continue
        seen.add(k)
        rows.append({**common, **row})
    return Built(table, rows, dropped)


def build_all(tables: Iterable[Table], ctx: Context) -> Iterator[Built]:
    """Every table's rows, in registry order."""
    from lif_cli.compute.plan import few_collections

    with few_collections():
        for t in tables:
            yield build_table(t, ctx)
