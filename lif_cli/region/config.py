"""region.yaml: the partnerships a region compares, and where each one's records are.

```yaml
region: Eastern region safeguarding group
partnerships:
  - id: north
    name: North Safeguarding Children Partnership
    path: ../north-records          # a records folder (relative to region.yaml)
  - id: south
    name: South Safeguarding Children Partnership
    git: https://git.example.org/south/records.git
    ref: main                       # default HEAD
    subdir: records                 # the records folder inside the repository
  - id: east
    name: East Safeguarding Children Partnership
    snapshot: ../east-snapshot      # a folder written by lif export --format parquet
```
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import Field, ValidationError

from lif_cli import yamlio
from lif_cli.errors import KEY, Problem, Severity
from lif_cli.models.common import Id, Model, Text


class PartnershipEntry(Model):
    id: Id
    name: Text
    path: Text | None = None
    git: Text | None = None
    ref: Text | None = None
    subdir: Text | None = None
    snapshot: Text | None = None


class RegionFile(Model):
    region: Text
    partnerships: list[PartnershipEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Region:
    """A read region.yaml: its folder resolves relative paths."""

    file: Path
    title: str
    partnerships: tuple[PartnershipEntry, ...]

    @property
    def folder(self) -> Path:
        return self.file.parent


def read_region(path: Path) -> tuple[Region | None, list[Problem]]:
    """region.yaml -> (Region, problems); the Region is None when it has errors."""
    from lif_cli.model_errors import translate

    rel = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            Problem(
                code="unreadable-file",
                message=f"cannot read {path}: {exc.strerror or exc}",
                file=rel,
                severity=Severity.ERROR,
            )
        ]
    doc = yamlio.read_bytes(raw, rel)
    problems = list(doc.problems)
    model = None
    if doc.data is not None:
        try:
            model = RegionFile.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(translate(exc, RegionFile, rel))
    if model is not None:
        problems.extend(_check(model, rel))
    located = []
    for p in problems:
        if p.line == 0 and p.path:
            key = p.path[-1] == KEY
            line, col = doc.locate(p.path[:-1] if key else p.path, key=key)
            p = replace(p, line=line, column=col)
        located.append(p)
    if any(p.is_error for p in located) or model is None:
        return None, located
    return Region(path, model.region, tuple(model.partnerships)), located


def _check(model: RegionFile, rel: str) -> list[Problem]:
    out = []
    seen: set[str] = set()
    for i, e in enumerate(model.partnerships):
        given = [k for k in ("path", "git", "snapshot") if getattr(e, k) is not None]
        if len(given) != 1:
            out.append(
                Problem(
                    code="invalid-value",
                    message=f"partnership '{e.id}' must give exactly one of path, git or "
                    f"snapshot (found {', '.join(given) or 'none'})",
                    file=rel,
                    severity=Severity.ERROR,
                    path=("partnerships", i),
                    hint="path: a records folder; git: a repository address with ref:; "
                    "snapshot: a folder written by lif export --format parquet",
                )
            )
        if e.id.lower() in seen:
            out.append(
                Problem(
                    code="duplicate-id",
                    message=f"the partnership id '{e.id}' appears twice",
                    file=rel,
                    severity=Severity.ERROR,
                    path=("partnerships", i, "id"),
                )
            )
        seen.add(e.id.lower())
    return out
