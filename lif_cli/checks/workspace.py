"""Files lif itself may leave beside the records: a killed write's temp file.

``lif update``, ``lif import`` and ``lif new`` write through a temp file
(``.<file>.<random>.lif-tmp``) in the record's folder. A lif killed mid-write
leaves it behind, holding record text: the next write deletes it, and until
then ``lif validate`` warns (code ``temp-file-left``), saying too when
``.gitignore`` would not keep it out of git.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from lif_cli.errors import Problem, Severity
from lif_cli.repo import WorkTree, temp_files

if TYPE_CHECKING:
    from lif_cli.loader import Records

CODE = "temp-file-left"


def _ignored(root: str) -> bool:
    try:
        with open(os.path.join(root, ".gitignore"), encoding="utf-8", errors="replace") as fh:
            return any(line.strip() in ("*.lif-tmp", ".*.lif-tmp") for line in fh)
    except OSError:
        return False


def check_temp_files(records: Records, as_of: date) -> list[Problem]:
    """A warning for each temp file a killed lif write left in the records' folders."""
    if not isinstance(records.source, WorkTree):
        return []
    root = str(records.root)
    found = list(temp_files(root))
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
