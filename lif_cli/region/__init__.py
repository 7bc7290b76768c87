"""`lif region`: one view over many partnerships' records.

region.yaml (:mod:`.config`) lists the partnerships; :mod:`.collect` reads each
one's records (a folder, a folder at a ref, a shallow fetch of a git URL into
the user's cache) or its Parquet snapshot; :mod:`.database` puts every
partnership's tables in one DuckDB database; :mod:`.report` queries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lif_cli.errors import LifError, Problem

from .collect import PartnershipRead
from .config import Region, read_region


@dataclass
class RegionResult:
    region: Region
    reads: list[PartnershipRead]
    report: dict[str, Any]

    @property
    def unreadable(self) -> list[PartnershipRead]:
        return [r for r in self.reads if not r.ok]


class RegionFileError(LifError):
    """region.yaml has problems; they are in ``problems``."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        super().__init__("region.yaml has errors")
        self.problems = problems


def run_region(path: Path, as_of: date, db: Path | None = None, full: bool = True) -> RegionResult:
    """Read region.yaml and every partnership, build the database, report
    (only the status when not ``full``)."""
    from lif_cli.cache import cache_dir

    from .collect import read_region as read_all
    from .database import build_database, database_error, open_database
    from .report import region_report

    if not path.is_file():
        raise LifError(
            f"no region file at {path}",
            hint="write a region.yaml listing the partnerships (see docs/DATA.md), "
            "or give its path",
        )
    region, problems = read_region(path)
    if region is None:
        raise RegionFileError(problems)
    reads = read_all(region, as_of, cache_dir() / "region")
    con = open_database(db)
    try:
        build_database(con, reads, materialize=db is not None)
        report = region_report(con, region.title, reads, as_of, full)
    except database_error() as exc:
        raise LifError(
            f"the region's tables could not be read: {exc}",
            hint="a snapshot may be damaged or from an incompatible lif; "
            "export it again with lif export --format parquet",
            exit_code=1,
        ) from None
    finally:
        con.close()
    return RegionResult(region, reads, report)


__all__ = ["PartnershipRead", "Region", "RegionFileError", "RegionResult", "run_region"]
