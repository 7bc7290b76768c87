"""Writing records: start a repository, add a record, update an action.

By job: :mod:`.transaction` plans, validates and writes changes;
:mod:`.update` edits an action; :mod:`.new` writes a record skeleton;
:mod:`.init` lays out a new repository. Callers use the names re-exported here.
"""

from __future__ import annotations

import importlib
from typing import Any

# Where each re-exported name lives. Imported on first use (PEP 562): `lif
# update` needs neither init's templates nor new's skeletons (a third of a
# second of imports it used to pay).
_HOMES = {
    "init": ("InitRequest", "init_conflicts", "init_files", "write_init"),
    "new": ("KIND_ALIASES", "NewRecord", "kind_of_word", "new_record", "next_id"),
    "transaction": ("FileChange", "Verdict", "check_changes", "make_folder", "write_changes"),
    "update": (
        "ACTION_STATUSES",
        "OPEN_STATUSES",
        "ActionChanges",
        "action_edit",
        "describe_edit",
        "latest_update",
        "plan_file_edits",
        "resolve_action",
        "same_text",
    ),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ACTION_STATUSES",
    "KIND_ALIASES",
    "OPEN_STATUSES",
    "ActionChanges",
    "FileChange",
    "InitRequest",
    "NewRecord",
    "Verdict",
    "action_edit",
    "check_changes",
    "describe_edit",
    "init_conflicts",
    "init_files",
    "kind_of_word",
    "latest_update",
    "make_folder",
    "new_record",
    "next_id",
    "plan_file_edits",
    "resolve_action",
    "same_text",
    "write_changes",
    "write_init",
]
