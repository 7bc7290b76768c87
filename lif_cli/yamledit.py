"""Editing record files in place, changing only the lines meant to change.

Reviewers hand-edit these files: their comments, key order, quoting, blank
lines, line endings (CRLF), a UTF-8 byte-order mark and flow or block style are
theirs. A round-trip dump (even ruamel.yaml's) re-indents, re-wraps and drops
some of that, so we never dump. Instead ruamel.yaml's composer gives the exact
character span of every node, we splice new text into those spans ourselves,
and then re-read the result to prove that the data changed exactly as intended
and nothing else did.

This is the only module that imports ruamel.yaml. Writing the result (atomic,
refused over a change on disk) is :mod:`lif_cli.filewrite`'s job.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from lif_cli import yamlio
from lif_cli.filewrite import EditError

# FORMAT.md's order of an action's fields: a new key goes after the last key
# present that comes before it here.
ACTION_KEY_ORDER = (
    "id",
    "recommendation",
    "text",
    "agency",
    "owner",
    "due",
    "status",
    "completed",
    "evidence",
    "impact",
    "rag",
    "updates",
)
UPDATE_KEY_ORDER = ("date", "status", "note")

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_CHARS = set(",[]{}")


class _Remove:
    def __repr__(self) -> str:
        return "REMOVE"


# A set_fields value that deletes the key (e.g. `completed` when an action reopens).
REMOVE = _Remove()


# --- finding spans ------------------------------------------------------------------------


def _compose(text: str, file: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").compose(io.StringIO(text))
    except YAMLError as exc:
        raise EditError(
            f"{file} is not valid YAML, so lif will not edit it ({str(exc).splitlines()[0]})",
            hint="run 'lif validate' to see where, fix it, then run the command again",
        ) from exc


def _kind(node: Any) -> str:
    return type(node).__name__  # ScalarNode, MappingNode, SequenceNode


def _get(mapping: Any, key: str) -> tuple[Any, Any] | None:
    for k, v in mapping.value:
        if _kind(k) == "ScalarNode" and k.value == key:
            return k, v
    return None


def _is_flow(node: Any) -> bool:
    return bool(getattr(node, "flow_style", False))


def _is_null(node: Any) -> bool:
    return _kind(node) == "ScalarNode" and not node.style and node.value in ("", "~", "null")


def _content_end(text: str, node: Any, key: Any = None) -> int:
    """Index just after the last character of ``node``'s own content.

    A block collection's end mark runs on over trailing comments and blank
    lines, and a block scalar's over its trailing line breaks: neither belongs
    to the value for our purposes. An empty value (``key:`` and nothing) ends
    at its key's colon; pass the ``key`` node for that case.
    """
    while _kind(node) != "ScalarNode" and not _is_flow(node) and node.value:
        last = node.value[-1]
        key, node = last if isinstance(last, tuple) else (None, last)
    start, end = node.start_mark.index, node.end_mark.index
    if _kind(node) == "ScalarNode":
        if start == end and not node.style:
            if key is not None:
                return text.index(":", key.end_mark.index) + 1
            return start
        if node.style in ("|", ">"):
            while end > start and text[end - 1] in " \t\r\n":
                end -= 1
    return end


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _after_line(text: str, index: int, eol: str) -> tuple[int, str]:
    """(insertion index at the start of the next line, prefix needed there)."""
    nl = text.find("\n", index)
    if nl == -1:
        return len(text), eol
    return nl + 1, ""


def _eol_of(text: str, index: int) -> str:
    nl = text.find("\n", index)
    if nl == -1:
        nl = text.rfind("\n")
    if nl > 0 and text[nl - 1] == "\r":
        return "\r\n"
    if nl == -1:
        return "\r\n" if "\r\n" in text else "\n"
    return "\n"


# --- rendering scalars ---------------------------------------------------------------------


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return False
    if value[0] in _INDICATORS or ": " in value or " #" in value or value.endswith(":"):
        return False
    if "\t" in value:
        return False
    if flow and (set(value) & _FLOW_CHARS):
        return False
    return isinstance(yamlio.resolve_plain(value), str)


def _single_quoted(value: str) -> str | None:
    if any(c in value for c in "\n\r\t") or not value.isprintable():
        return None
    return "'" + value.replace("'", "''") + "'"


def _double_quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_scalar(value: Any, *, flow: bool, prefer: str | None = None) -> str:
    """YAML text for one scalar value (a date, a word, free text).

    ``prefer`` is the quote style of the value being replaced, kept when it can
    represent the new value.
    """
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "null"
    text = str(value)
    if prefer == "'":
        quoted = _single_quoted(text)
        if quoted:
            return quoted
    if prefer == '"':
        return _double_quoted(text)
    if _plain_ok(text, flow):
        return text
    return _single_quoted(text) or _double_quoted(text)


def _render_flow_mapping(entry: Mapping[str, Any]) -> str:
    parts = [f"{k}: {render_scalar(v, flow=True)}" for k, v in entry.items()]
    return "{" + ", ".join(parts) + "}"


# --- the edit -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionEdit:
    """What to change in one action: fields to set and an update entry to append."""

    action_id: str
    set_fields: Mapping[str, Any]
    append_update: Mapping[str, Any] | None = None


def _plain(value: Any) -> Any:
    """How lif's reader sees a value we write (dates are read as text)."""
    return value.isoformat() if isinstance(value, date) else value


def expected_data(data: dict[str, Any], edits: Sequence[ActionEdit]) -> dict[str, Any]:
    """The document data after ``edits``: what the edited text must read back as."""
    out = copy.deepcopy(data)
    for edit in edits:
        action = next(a for a in out["actions"] if a.get("id") == edit.action_id)
        for key, value in edit.set_fields.items():
            if value is REMOVE:
                action.pop(key, None)
            else:
                action[key] = _plain(value)
        if edit.append_update is not None:
            entry = {k: _plain(v) for k, v in edit.append_update.items()}
            if not isinstance(action.get("updates"), list):
                action["updates"] = []
            action["updates"].append(entry)
    return out


def _find_action(root: Any, action_id: str, file: str) -> Any:
    if _kind(root) != "MappingNode":
        raise EditError(f"{file} is not an action plan (it is not a mapping of fields)")
    found = _get(root, "actions")
    if found is None or _kind(found[1]) != "SequenceNode":
        raise EditError(f"{file} has no list of actions")
    matches = []
    for item in found[1].value:
        if _kind(item) != "MappingNode":
            continue
        ident = _get(item, "id")
        if ident is not None and _kind(ident[1]) == "ScalarNode" and ident[1].value == action_id:
            matches.append(item)
    if not matches:
        raise EditError(f"{file} has no action '{action_id}'")
    if len(matches) > 1:
        raise EditError(f"{file} has {len(matches)} actions with id '{action_id}'")
    return matches[0]


def _sequence_offset(text: str, root: Any) -> int:
    """How far this file indents a block list under its key (0 or 2, usually)."""
    found = _get(root, "actions")
    if found and _kind(found[1]) == "SequenceNode" and not _is_flow(found[1]) and found[1].value:
        key, seq = found
        return max(_dash_column(text, seq.value[0]) - key.start_mark.column, 0)
    return 2


def _dash_column(text: str, item: Any) -> int:
    """The column of the ``-`` that introduces a block sequence ``item``.

    Usually on the item's own line (``- id: A1``), but YAML allows the dash
    alone on the line before (``-`` then ``id: A1`` below it).
    """
    dash = text.rfind("-", 0, item.start_mark.index)
    return dash - _line_start(text, dash)


def _same_line(text: str, item: Any, dash_col: int) -> bool:
    start = item.start_mark.index
    line = _line_start(text, start)
    return text[line:start].strip() == "-" and text[line + dash_col] == "-"


def _update_style(root: Any) -> str:
    """'flow' or 'block': how this file writes its update entries (flow by default)."""
    found = _get(root, "actions")
    if not found or _kind(found[1]) != "SequenceNode":
        return "flow"
    for item in found[1].value:
        if _kind(item) != "MappingNode":
            continue
        upd = _get(item, "updates")
        if upd and _kind(upd[1]) == "SequenceNode":
            for entry in upd[1].value:
                if _kind(entry) == "MappingNode":
                    return "flow" if _is_flow(entry) else "block"
    return "flow"


def _splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _anchor_key(mapping: Any, key: str, order: Sequence[str]) -> Any | None:
    """The existing key a new ``key`` should follow, by the canonical ``order``."""
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(order))
    best = None
    for k, v in mapping.value:
        r = rank.get(k.value, len(order)) if _kind(k) == "ScalarNode" else len(order)
        if r < mine:
            best = (k, v)
    if best is None and mapping.value:
        best = mapping.value[-1]
    return best


def _render_item(entry: Mapping[str, Any], style: str, dash_col: int, offset: int, eol: str) -> str:
    """One list item at ``dash_col``, its content ``offset`` columns after the dash."""
    offset = max(offset, 2)
    lead = " " * dash_col + "-" + " " * (offset - 1)
    if style == "flow":
        return lead + _render_flow_mapping(entry) + eol
    inner = " " * (dash_col + offset)
    lines = [
        f"{lead if i == 0 else inner}{k}: {render_scalar(v, flow=False)}"
        for i, (k, v) in enumerate(entry.items())
    ]
    return eol.join(lines) + eol


def _set_field(text: str, action: Any, key: str, value: Any, *, quoted: bool = False) -> str:
    """Set one field of ``action``. ``quoted``: write text double-quoted, the form that
    holds any text in any context (the fallback when a nicer form did not read back)."""
    flow = _is_flow(action)
    found = _get(action, key)
    if value is REMOVE:
        return _remove_key(text, action, found) if found is not None else text

    def render(prefer: str | None = None) -> str:
        if quoted and isinstance(value, str):
            return _double_quoted(value)
        return render_scalar(value, flow=flow, prefer=prefer)

    if found is not None:
        knode, vnode = found
        if _kind(vnode) != "ScalarNode":
            raise EditError(f"the action's '{key}' is a list or mapping, not a single value")
        if vnode.start_mark.index == vnode.end_mark.index:
            # an empty value: `key:` with nothing after the colon
            colon = text.index(":", knode.end_mark.index)
            return _splice(text, colon + 1, colon + 1, " " + render())
        if vnode.style in ("|", ">"):
            if quoted:
                end = _content_end(text, vnode)
                return _splice(text, vnode.start_mark.index, end, render())
            return _replace_block_scalar(text, knode, vnode, value)
        prefer = vnode.style if vnode.style in ("'", '"') else None
        return _splice(text, vnode.start_mark.index, vnode.end_mark.index, render(prefer))
    return _insert_key(text, action, key, render())


def _remove_key(text: str, mapping: Any, pair: tuple[Any, Any]) -> str:
    """Delete one key and its value (and, in block style, its whole line or lines)."""
    knode, vnode = pair
    pairs = list(mapping.value)
    at = next(i for i, (k, _v) in enumerate(pairs) if k is knode)
    if _is_flow(mapping):
        if at > 0:  # from the end of the previous value: ", key: value"
            start = _content_end(text, pairs[at - 1][1], pairs[at - 1][0])
            return _splice(text, start, _content_end(text, vnode, knode), "")
        if len(pairs) > 1:  # the first pair: up to the next key
            return _splice(text, knode.start_mark.index, pairs[1][0].start_mark.index, "")
        return _splice(text, knode.start_mark.index, _content_end(text, vnode, knode), "")
    line = _line_start(text, knode.start_mark.index)
    if text[line : knode.start_mark.index].strip():
        # the key shares its line with a list dash (`- completed: ...`)
        raise EditError(
            f"lif cannot remove '{knode.value}' from where it stands; remove it by hand"
        )
    end = _content_end(text, vnode, knode)
    nl = text.find("\n", end)
    return _splice(text, line, len(text) if nl == -1 else nl + 1, "")


def _replace_block_scalar(text: str, knode: Any, vnode: Any, value: Any) -> str:
    start, end = vnode.start_mark.index, _content_end(text, vnode)
    old = text[start:end]
    eol = _eol_of(text, start)
    body_lines = old.split("\n")[1:]
    indent = " " * (knode.start_mark.column + 2)
    for line in body_lines:
        if line.strip():
            indent = line[: len(line) - len(line.lstrip(" "))]
            break
    new_text = str(_plain(value))
    if "\r" in new_text or new_text.endswith("\n\n"):
        return _splice(text, start, end, _double_quoted(new_text))
    if "\n" in new_text:
        header = "|" + ("" if new_text.endswith("\n") else "-")
        lines = new_text.rstrip("\n").split("\n")
    else:
        header = old.split("\n", 1)[0].rstrip("\r").split("#", 1)[0].rstrip()
        header = header[0] + "-"
        lines = [new_text]
    if any(line[:1] == " " for line in lines) or any(line != line.rstrip() for line in lines):
        return _splice(text, start, end, _double_quoted(new_text))
    body = eol.join(indent + line if line else "" for line in lines)
    return _splice(text, start, end, header + eol + body)


def _insert_key(text: str, mapping: Any, key: str, rendered_value: str) -> str:
    anchor = _anchor_key(mapping, key, ACTION_KEY_ORDER)
    if _is_flow(mapping):
        if anchor is None:
            at = mapping.start_mark.index + 1
            return _splice(text, at, at, f"{key}: {rendered_value}")
        at = _content_end(text, anchor[1], anchor[0])
        return _splice(text, at, at, f", {key}: {rendered_value}")
    first_key = mapping.value[0][0]
    indent = " " * first_key.start_mark.column
    end = _content_end(text, anchor[1], anchor[0])
    eol = _eol_of(text, end)
    at, prefix = _after_line(text, end, eol)
    return _splice(text, at, at, f"{prefix}{indent}{key}: {rendered_value}{eol}")


def _append_update(text: str, root: Any, action: Any, entry: Mapping[str, Any]) -> str:
    ordered = {k: entry[k] for k in UPDATE_KEY_ORDER if k in entry}
    found = _get(action, "updates")
    style = _update_style(root)
    if _is_flow(action):
        flow_item = _render_flow_mapping(ordered)
        if found is None:
            return _insert_key(text, action, "updates", f"[{flow_item}]")
        knode, seq = found
        if _is_null(seq):
            return _set_flow_null(text, knode, seq, f"[{flow_item}]")
        return _append_to_flow_seq(text, seq, flow_item)
    offset = _sequence_offset(text, root)
    if found is None:
        anchor = _anchor_key(action, "updates", ACTION_KEY_ORDER)
        first_key = action.value[0][0]
        col = first_key.start_mark.column
        end = _content_end(text, anchor[1], anchor[0])
        eol = _eol_of(text, end)
        at, prefix = _after_line(text, end, eol)
        item = _render_item(ordered, style, col + offset, 2, eol)
        return _splice(text, at, at, f"{prefix}{' ' * col}updates:{eol}{item}")
    knode, seq = found
    if _is_null(seq):
        col = knode.start_mark.column
        eol = _eol_of(text, knode.start_mark.index)
        if seq.start_mark.index != seq.end_mark.index:  # `updates: null` or `updates: ~`
            text = _splice(text, seq.start_mark.index, seq.end_mark.index, "")
        line_end = text.find("\n", knode.end_mark.index)
        at, prefix = (len(text), eol) if line_end == -1 else (line_end + 1, "")
        item = _render_item(ordered, style, col + offset, 2, eol)
        return _splice(text, at, at, prefix + item)
    if _kind(seq) != "SequenceNode":
        raise EditError("the action's 'updates' is not a list")
    if _is_flow(seq):
        return _append_to_flow_seq(text, seq, _render_flow_mapping(ordered))
    last = seq.value[-1]
    dash_col = _dash_column(text, last)
    item_offset = last.start_mark.column - dash_col if _same_line(text, last, dash_col) else 2
    if _kind(last) == "MappingNode":
        style = "flow" if _is_flow(last) else "block"
    end = _content_end(text, last)
    eol = _eol_of(text, end)
    at, prefix = _after_line(text, end, eol)
    return _splice(text, at, at, prefix + _render_item(ordered, style, dash_col, item_offset, eol))


def _append_to_flow_seq(text: str, seq: Any, item: str) -> str:
    if not seq.value:
        at = seq.start_mark.index + 1
        return _splice(text, at, at, item)
    at = _content_end(text, seq.value[-1])
    return _splice(text, at, at, ", " + item)


def _set_flow_null(text: str, knode: Any, vnode: Any, new: str) -> str:
    if vnode.start_mark.index == vnode.end_mark.index:
        colon = text.index(":", knode.end_mark.index)
        return _splice(text, colon + 1, colon + 1, " " + new)
    return _splice(text, vnode.start_mark.index, vnode.end_mark.index, new)


def edit_actions(text: str, edits: Sequence[ActionEdit], file: str) -> str:
    """Apply ``edits`` to an action plan's text; return the new text.

    Only the spans of the changed values (and the lines added) differ from
    ``text``. The result is re-read and must hold exactly the intended data,
    else :class:`EditError` is raised and nothing should be written.
    """
    before = yamlio.read_text(text, file)
    if before.data is None:
        first = before.problems[0] if before.problems else None
        where = f" (line {first.line}: {first.message})" if first else ""
        raise EditError(
            f"{file} cannot be read{where}; lif will not edit it",
            hint="run 'lif validate', fix the file, then run the command again",
        )
    new = text
    data = before.data
    for edit in edits:
        for key, value in edit.set_fields.items():
            root = _compose(new, file)
            action = _find_action(root, edit.action_id, file)
            want = expected_data(data, [ActionEdit(edit.action_id, {key: value})])
            candidate = _set_field(new, action, key, value)
            if yamlio.read_text(candidate, file).data != want:
                candidate = _set_field(new, action, key, value, quoted=True)
            new, data = candidate, want
        if edit.append_update is not None:
            root = _compose(new, file)
            action = _find_action(root, edit.action_id, file)
            new = _append_update(new, root, action, edit.append_update)
            data = expected_data(data, [ActionEdit(edit.action_id, {}, edit.append_update)])
    after = yamlio.read_text(new, file)
    if after.data != expected_data(before.data, edits):
        raise EditError(
            f"lif could not edit {file} without disturbing the rest of it; nothing was written",
            hint="make this change by hand in the file (this is a bug in lif: please report "
            "the file's layout)",
        )
    return new


def unified_diff(old: str, new: str, file: str) -> str:
    """A unified diff of two texts, line endings shown as plain newlines."""
    import difflib

    lines = difflib.unified_diff(
        old.replace("\r\n", "\n").splitlines(keepends=True),
        new.replace("\r\n", "\n").splitlines(keepends=True),
        fromfile=f"a/{file}",
        tofile=f"b/{file}",
        n=1,
    )
    out = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return out
