"""docs/DATA.md, the data dictionary, generated from the registry.

Regenerate with ``python -m lif_cli.tables.datadoc > docs/DATA.md``; a test
fails when the file and the registry differ.
"""

from __future__ import annotations

from .registry import TABLES
from .schema import Table

INTRO = """\
# The records as tables: the data dictionary

<!-- Generated from lif_cli/tables/registry.py by `python -m lif_cli.tables.datadoc
> docs/DATA.md`. Do not edit by hand: a test compares the two. -->

`lif export --format sqlite -o FILE` writes every table below into one SQLite
database; `lif export --format parquet -o FOLDER` writes one `TABLE.parquet`
file per table (a *snapshot*). `lif region` puts the same tables, from many
partnerships, into one DuckDB database (`--db FILE` keeps it). The figures
are computed as of `--as-of` by the same code as `lif plan`, `lif status`,
`lif calendar`, `lif indicators`, `lif s11` and `lif training`, so they are
the numbers those screens show.

Conventions:

- Every table starts with `partnership`, `as_of` and `commit`. Within one
  partnership's export the key is the table's own key; across a region it is
  `partnership` plus that key, and joins go through `partnership` too.
- Ids are the records' ids. Findings, recommendations and actions are
  addressed `SOURCE/ID` (`SCR-2016-01/A3`), as `lif plan` shows them, so they
  are unique within a partnership.
- A column whose meaning names another table (*joins to*) is a foreign key;
  SQLite declares them, and `PRAGMA foreign_key_check` finds any a record
  error left dangling.
- Types: `text`; `integer`; `real`; `boolean` (SQLite 0/1); `date` (SQLite
  ISO text `YYYY-MM-DD`, Parquet and DuckDB `DATE`).
- Empty means absent in the records (SQL `NULL`).
- Opening them: Python's `sqlite3`, the `sqlite3` shell, Excel or Power BI
  (through an SQLite ODBC driver) open the SQLite file; DuckDB, pandas,
  Spark and Power BI read the Parquet snapshot as it is
  (`SELECT * FROM 'snapshot/actions.parquet'`). DuckDB reads the SQLite file
  only through its `sqlite` extension (`INSTALL sqlite; ATTACH 'x.sqlite'
  (TYPE sqlite)`), which it downloads on first use; not verified here, where
  there is no network.
- Each Parquet field carries its description in its metadata
  (`description`); the SQLite file holds the dictionary in two tables,
  `lif_tables` and `lif_columns`. `commit`, `from` and `to` are SQL
  keywords: quote them (`"commit"`).

## region.yaml

`lif region status` and `lif region report` read a region file:

```yaml
region: Eastern region safeguarding group
partnerships:
  - id: north
    name: North Safeguarding Children Partnership
    path: ../north-records        # a records folder (add ref: to read it at a git ref)
  - id: south
    name: South Safeguarding Children Partnership
    git: https://git.example.org/south/records.git
    ref: main                     # default HEAD; fetched shallowly into the cache
    subdir: records               # the records folder inside the repository
  - id: east
    name: East Safeguarding Children Partnership
    snapshot: ../east-snapshot    # a folder written by lif export --format parquet
```

Relative paths are from the region file's folder. Each partnership is read
from exactly one of `path`, `git` or `snapshot`; its id replaces the
`partnership` column. A `git` repository is fetched with depth 1 into the
user's cache folder (`$LIF_CACHE_DIR`, else `$XDG_CACHE_HOME/lif`, else
`~/.cache/lif`), never into anyone's records, with hooks and fsmonitor off
and the `ext::` transport refused. A partnership that cannot be read is named
with the reason and the others still report; the exit status is then 1 (0
when every partnership was read; 2 for misuse). `region_partnerships` in the
`--db` database records where each one came from. See docs/scale.md for
snapshots at scale.

## Tables
"""


def _table_md(t: Table) -> list[str]:
    out = [f"### `{t.name}`", "", t.description, ""]
    key = ", ".join(f"`{k}`" for k in t.key) or "(one row per partnership)"
    out += [f"Key: {key}.", "", "| column | type | meaning |", "|---|---|---|"]
    for c in t.all_columns:
        meaning = c.description.replace("|", "\\|")
        if c.ref:
            meaning += f" (joins to `{c.ref}`)"
        out.append(f"| `{c.name}` | {c.type} | {meaning} |")
    out.append("")
    return out


def render_data_md() -> str:
    """The whole of docs/DATA.md."""
    lines = [INTRO]
    lines += [f"- [`{t.name}`](#{t.name}): {t.description}" for t in TABLES]
    lines.append("")
    for t in TABLES:
        lines += _table_md(t)
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render_data_md())
