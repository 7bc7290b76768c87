"""Files lif itself may leave beside the records: a killed write's temp file.

``lif update``, ``lif import`` and ``lif new`` write through a temp file
(``.<file>.<random>.lif-tmp``) in the record's folder. A lif killed mid-write
leaves it behind, holding record text: the next write deletes it, and until
then ``lif validate`` warns (code ``temp-file-left``), saying too when
``.gitignore`` would not keep it out of git.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

from lif_cli.errors import Problem, Severity
from lif_cli.loader import Records
from lif_cli.models import KIND_MODELS
from lif_cli.repo import WorkTree
from lif_cli.yamledit import TEMP_SUFFIX

CODE = "temp-file-left"


def _ignored(root: str) -> bool:
    try:
        with open(os.path.join(root, ".gitignore"), encoding="utf-8", errors="replace") as fh:
            return any(line.strip() in ("*.lif-tmp", ".*.lif-tmp") for line in fh)
    except OSError:
        return False


def _temp_files(root: str) -> Iterator[str]:
    for folder in ("", *KIND_MODELS):
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except OSError:
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                yield f"{folder}/{entry.name}" if folder else entry.name


def check_temp_files(records: Records, as_of: date) -> list[Problem]:
    """A warning for each temp file a killed lif write left in the records' folders."""
    if not isinstance(records.source, WorkTree):
        return []
    root = str(records.root)
    found = list(_temp_files(root))
    if not found:
        return []
    git_note = (
        "" if _ignored(root) else "; .gitignore does not list *.lif-tmp, so git may commit it"
    )
    return [
        Problem(
            code=CODE,
            message="a temp file left by a lif write that was stopped; it holds record text"
            + git_note,
            file=rel,
            severity=Severity.WARNING,
            hint="delete it (the next lif update deletes it); 'lif init' writes a .gitignore "
            "listing *.lif-tmp",
        )
        for rel in found
    ]
