"""The cache never runs code that lif did not write (issue 17, point 1).

Cache entries are pickles. Each is signed with a key that only this user can
read; an entry without a valid signature is never unpickled. These tests plant
entries as "someone else" would (no signature, a forged one, one signed with
another key) whose unpickling would create a marker file, run the real CLI,
and check that the marker never appears and the answer is unchanged.
"""

from __future__ import annotations

import json
import os
import pickle
import stat
from pathlib import Path

import pytest

from lif_cli.cache import KEY_FILE, cache_dir, read_signed, write_signed
from tests.conftest import git
from tests.test_validate import AS_OF, GOOD


class _Planted:
    """Creates ``marker`` when unpickled: what another user could plant."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _validate(lif, root: Path) -> tuple[int, dict]:
    result = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _history_repo(git_repo) -> Path:
    """A records repository with two commits, the first tagged ``start``."""
    root = git_repo(GOOD)
    git(root, "tag", "start")
    review = root / "reviews" / "SCR-1.yaml"
    review.write_text(review.read_text() + "# a second commit\n")
    git(root, "commit", "-q", "-am", "second")
    return root


def _changes(lif, root: Path):
    return lif("changes", "-C", str(root), "--since", "start", "--format", "json")


def _entries() -> list[Path]:
    return sorted(p for p in cache_dir().rglob("*.pickle") if p.is_file())


def _forgeries(marker: Path) -> dict[str, bytes]:
    payload = pickle.dumps(_Planted(marker))
    other_key_mac = os.urandom(32)
    return {
        "bare pickle": payload,
        "old (stamp, data) pickle": pickle.dumps(("2|0.1.0", _Planted(marker))),
        "lif's header, forged signature": b"LIFC2\n" + other_key_mac + payload,
        "lif's header, no signature": b"LIFC2\n" + payload,
    }


@pytest.mark.parametrize("how", list(_forgeries(Path("x"))))
def test_planted_shards_stat_index_and_facts_are_never_unpickled(lif, git_repo, tmp_path, how):
    root = _history_repo(git_repo)
    expected = _validate(lif, root)
    changes = _changes(lif, root)
    assert changes.exit_code == 0
    planted = _entries()
    names = {p.name for p in planted}
    # every kind of entry lif keeps is there to be replaced (the stat index is
    # written only for files older than two seconds, so it is planted beside)
    shard = next(p for p in planted if p.name[:2].isdigit())
    planted.append(shard.with_name("stat.pickle"))
    assert any(n.startswith("facts-") for n in names)
    assert any(n.startswith("history-") for n in names)
    assert any(n.startswith("commits-") for n in names)
    marker = tmp_path / "planted-code-ran"
    for path in planted:
        path.write_bytes(_forgeries(marker)[how])
    assert _validate(lif, root) == expected
    assert _changes(lif, root).stdout == changes.stdout
    assert not marker.exists()
    # and the planted entries were replaced by lif's own, signed ones
    assert all(read_signed(p, "no such stamp") is None for p in _entries())


def test_an_entry_signed_with_another_users_key_is_refused(lif, make_repo, tmp_path):
    root = make_repo(GOOD)
    expected = _validate(lif, root)
    shard = next(p for p in _entries() if p.name[:2].isdigit())
    marker = tmp_path / "planted-code-ran"
    key = cache_dir() / KEY_FILE
    mine = key.read_bytes()
    # the other user's key: sign the payload with it, then put ours back
    key.write_bytes(os.urandom(32))
    from lif_cli import cache as cache_module

    cache_module._key.cache_clear()
    write_signed(shard, cache_module._stamp(), {"reviews/SCR-1.yaml": _Planted(marker)})
    assert not marker.exists()
    key.write_bytes(mine)
    cache_module._key.cache_clear()
    assert _validate(lif, root) == expected
    assert not marker.exists()


@pytest.mark.parametrize("mode", [0o770, 0o730, 0o777])
def test_a_group_or_world_writable_cache_folder_is_not_used(
    lif, make_repo, tmp_path, monkeypatch, mode
):
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv("LIF_CACHE_DIR", str(shared))
    root = make_repo(GOOD)
    marker = tmp_path / "planted-code-ran"
    folder = shared / "planted"
    folder.mkdir()
    (folder / "00.pickle").write_bytes(pickle.dumps(_Planted(marker)))
    assert _validate(lif, root)[0] == 0
    assert not marker.exists()
    # nothing was written there either: no key, no entries
    assert sorted(p.name for p in shared.rglob("*")) == ["00.pickle", "planted"]


def test_a_cache_folder_group_writable_below_a_private_one_is_not_used(
    lif, make_repo, tmp_path, monkeypatch
):
    root = make_repo(GOOD)
    _validate(lif, root)
    [folder] = [p for p in cache_dir().iterdir() if p.is_dir()]
    folder.chmod(0o770)
    marker = tmp_path / "planted-code-ran"
    for path in folder.glob("*.pickle"):
        path.write_bytes(pickle.dumps(_Planted(marker)))
    assert _validate(lif, root)[0] == 0
    assert not marker.exists()


def test_the_key_is_private_and_a_shared_key_disables_the_cache(lif, make_repo):
    root = make_repo(GOOD)
    _validate(lif, root)
    key = cache_dir() / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_bytes()) == 32
    entries = _entries()
    assert entries
    from lif_cli import cache as cache_module

    key.chmod(0o640)  # readable by the group: anyone there could sign entries
    cache_module._key.cache_clear()
    before = {p: p.read_bytes() for p in entries}
    assert _validate(lif, root)[0] == 0
    assert {p: p.read_bytes() for p in _entries()} == before  # neither read nor rewritten
    assert cache_module.Cache.open(str(root)) is None


def test_changes_history_cache_is_signed_too(lif, git_repo):
    root = _history_repo(git_repo)
    assert _changes(lif, root).exit_code == 0
    [history] = [p for p in _entries() if p.name.startswith("history-")]
    assert history.read_bytes().startswith(b"LIFC2\n")
    [commits] = [p for p in _entries() if p.name.startswith("commits-")]
    assert commits.read_bytes().startswith(b"LIFC2\n")
