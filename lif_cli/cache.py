"""A content-hash cache of validated models, so an unchanged repo loads fast.

Keyed by each file's path and the hash of its bytes, and stamped with the
versions of lif, pydantic and Python: a change to any of them, or to a file,
means a fresh parse. Only files that loaded with no problem at all are cached,
so the error path always re-reads the file and reports exact positions.

The cache lives in the user's cache folder (``$LIF_CACHE_DIR``, else
``$XDG_CACHE_HOME/lif``, else ``~/.cache/lif``), never in the records
repository: read commands do not write to the repository. It is sharded so
that a change to one file rewrites a sixteenth of it. Set ``LIF_NO_CACHE=1``
(or pass ``--no-cache``) to bypass it. Any failure to read or write it is
ignored: the cache can only make lif faster, never wrong.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import pydantic

from . import __version__

FORMAT = 1
SHARDS = 16


def cache_dir() -> Path:
    explicit = os.environ.get("LIF_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lif"


def is_private(path: Path) -> bool:
    """True when nobody but this user can have written ``path`` or its folder.

    A pickle runs code when it is loaded, so a cache that another user could
    write to (LIF_CACHE_DIR pointed at a shared folder such as /tmp, or a
    folder someone else created first) is neither read nor written. Paths
    that do not exist yet are fine: lif creates them, for this user only.
    """
    if not hasattr(os, "getuid"):  # Windows: access is by ACL, in the user's profile
        return True
    uid = os.getuid()
    for p in (path.parent, path):
        try:
            st = os.stat(p)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if st.st_uid != uid or st.st_mode & 0o002:
            return False
    return True


@functools.cache
def _models_fingerprint() -> str:
    # A model gaining a field between releases must not be served from a cache
    # pickled before it (the unpickled model would lack the attribute).
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted((Path(__file__).parent / "models").glob("*.py")):
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()


def _stamp() -> str:
    return (
        f"{FORMAT}|{__version__}|{pydantic.VERSION}|{sys.version_info[:2]}|{_models_fingerprint()}"
    )


def _shard_of(rel: str) -> int:
    return hashlib.blake2b(rel.encode(), digest_size=1).digest()[0] % SHARDS


# A file whose stat signature changed less than this long before lif read it
# may change again within the file system's timestamp granularity without
# its signature changing ("racy" files, as git calls them): it is re-hashed.
RACY_NS = 2_000_000_000

Signature = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


class Cache:
    """Per-repository cache: {rel path: (content hash, model)} in shards.

    Beside the shards, a stat index {rel path: (signature, content hash)} lets
    an unchanged working-tree file skip being read and hashed, as git's index
    does. It is only a short cut to the content hash: a signature that differs
    in size, modification time, change time or inode means the file is read.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._shards: dict[int, dict[str, tuple[str, Any]]] = {}
        self._dirty: set[int] = set()
        self._stats: dict[str, tuple[Signature, str]] | None = None
        self._stats_dirty = False

    @classmethod
    def open(cls, repo_key: str) -> Cache | None:
        if os.environ.get("LIF_NO_CACHE"):
            return None
        name = hashlib.blake2b(repo_key.encode(), digest_size=10).hexdigest()
        folder = cache_dir() / name
        if not is_private(folder):
            return None
        return cls(folder)

    def _shard(self, index: int) -> dict[str, tuple[str, Any]]:
        shard = self._shards.get(index)
        if shard is None:
            shard = {}
            if self.folder is not None:
                try:
                    with open(self.folder / f"{index:02d}.pickle", "rb") as fh:
                        stamp, data = pickle.load(fh)
                    if stamp == _stamp():
                        shard = data
                except Exception:  # missing, stale or corrupt: start afresh
                    shard = {}
            self._shards[index] = shard
        return shard

    def _stat_index(self) -> dict[str, tuple[Signature, str]]:
        if self._stats is None:
            self._stats = {}
            if self.folder is not None:
                try:
                    with open(self.folder / "stat.pickle", "rb") as fh:
                        stamp, data = pickle.load(fh)
                    if stamp == _stamp() and isinstance(data, dict):
                        self._stats = data
                except Exception:  # missing, stale or corrupt: start afresh
                    self._stats = {}
        return self._stats

    def known_digest(self, rel: str, signature: Signature) -> str | None:
        """The content hash of ``rel`` if its stat signature is the one recorded."""
        hit = self._stat_index().get(rel)
        return hit[1] if hit is not None and hit[0] == signature else None

    def note_stat(self, rel: str, signature: Signature, digest: str, started_ns: int) -> None:
        """Record the hash of a file read now, unless it changed too recently to trust."""
        index = self._stat_index()
        if signature[1] >= started_ns - RACY_NS or signature[2] >= started_ns - RACY_NS:
            if index.pop(rel, None) is not None:
                self._stats_dirty = True
            return
        if index.get(rel) != (signature, digest):
            index[rel] = (signature, digest)
            self._stats_dirty = True

    def get(self, rel: str, digest: str) -> Any | None:
        hit = self._shard(_shard_of(rel)).get(rel)
        if hit is not None and hit[0] == digest:
            return hit[1]
        return None

    def put(self, rel: str, digest: str, model: Any) -> None:
        index = _shard_of(rel)
        self._shard(index)[rel] = (digest, model)
        self._dirty.add(index)

    def save(self, present: set[str]) -> None:
        """Write changed shards, dropping entries of files that are gone."""
        if self.folder is None:
            return
        for index, shard in self._shards.items():
            gone = [rel for rel in shard if rel not in present]
            for rel in gone:
                del shard[rel]
            if gone:
                self._dirty.add(index)
        if self._stats is not None:
            gone = [rel for rel in self._stats if rel not in present]
            for rel in gone:
                del self._stats[rel]
            self._stats_dirty = self._stats_dirty or bool(gone)
        if not self._dirty and not self._stats_dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            for index in self._dirty:
                self._write(f"{index:02d}.pickle", self._shards[index])
            if self._stats_dirty and self._stats is not None:
                self._write("stat.pickle", self._stats)
        except OSError:
            pass  # a read-only home folder: run without a cache
        self._dirty.clear()
        self._stats_dirty = False

    def load_facts(self, name: str) -> dict[str, Any]:
        """A store of content-derived facts ({digest: fact}); empty when absent."""
        if self.folder is None:
            return {}
        try:
            if not is_private(self.folder):
                return {}
            with open(self.folder / f"facts-{name}.pickle", "rb") as fh:
                stamp, data = pickle.load(fh)
            if stamp == _stamp() and isinstance(data, dict):
                return data
        except Exception:  # missing, stale or corrupt: start afresh
            pass
        return {}

    def save_facts(self, name: str, data: dict[str, Any]) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._write(f"facts-{name}.pickle", data)
        except OSError:
            pass  # a read-only home folder: run without a cache

    def _write(self, name: str, data: object) -> None:
        assert self.folder is not None
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((_stamp(), data), fh, protocol=5)
            os.replace(tmp, self.folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
