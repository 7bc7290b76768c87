"""The records as tidy tables, for analysts and for `lif region`.

:data:`~lif_cli.tables.registry.TABLES` lists every table; :func:`build` fills
them for one partnership from the compute layer, so the numbers are the
screens' numbers; :mod:`.sqlite` and :mod:`.parquet` write them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .schema import Built, Context, partnership_id


def context(
    records: Any,
    as_of: date,
    partnership: str | None = None,
    commit: str | None = None,
    dirty: bool = False,
) -> Context:
    """The inputs of one partnership's tables (partnership id from lif.yaml by default)."""
    if partnership is None:
        s = records.settings
        partnership = partnership_id(s.short_name or s.partnership)
    return Context(records, as_of, partnership, commit, dirty)


def records_commit(records: Any) -> tuple[str | None, bool]:
    """(commit, dirty) of the records read: the --at commit, or the work tree's HEAD."""
    from lif_cli.errors import LifError
    from lif_cli.history import repo_state
    from lif_cli.revisions import RevisionSource

    if isinstance(records.source, RevisionSource):
        return records.source.commit, False
    try:
        state = repo_state(records.root)
    except LifError:
        return None, False
    if state is None:
        return None, False
    return state.commit, state.dirty


def build(ctx: Context) -> list[Built]:
    """Every registry table's rows for one partnership."""
    from .registry import TABLES
    from .schema import build_all

    return list(build_all(TABLES, ctx))


__all__ = ["Built", "Context", "build", "context", "partnership_id", "records_commit"]
