"""Writing records: start a repository, add a record, update an action.

By job: :mod:`.transaction` plans, validates and writes changes;
:mod:`.update` edits an action; :mod:`.new` writes a record skeleton;
:mod:`.init` lays out a new repository. Callers use the names re-exported here.
"""

from lif_cli.authoring.init import InitRequest, init_conflicts, init_files, write_init
from lif_cli.authoring.new import KIND_ALIASES, NewRecord, kind_of_word, new_record, next_id
from lif_cli.authoring.transaction import (
    FileChange,
    Verdict,
    check_changes,
    make_folder,
    write_changes,
)
from lif_cli.authoring.update import (
    ACTION_STATUSES,
    OPEN_STATUSES,
    ActionChanges,
    action_edit,
    describe_edit,
    latest_update,
    plan_file_edits,
    resolve_action,
    same_text,
)

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
