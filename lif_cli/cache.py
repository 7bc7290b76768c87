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

Entries are pickles, which run code when loaded, so lif loads only what it
wrote itself: every file carries a keyed BLAKE2b MAC of its stamp and bytes,
under a random key kept in ``key`` in the cache folder, readable by this user
alone (created 0600). A file whose MAC does not verify (planted by someone
else, stale, truncated) is never unpickled. A cache folder or key that another
user owns, or that the group or others may write, is not used at all.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from . import __version__

FORMAT = 2
SHARDS = 16
KEY_FILE = "key"
_MAGIC = b"LIFC2\n"
_MAC_BYTES = 32


def cache_dir() -> Path:
    explicit = os.environ.get("LIF_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lif"


def is_private(path: Path, *, parent: bool = True) -> bool:
    """True when nobody but this user can have written ``path`` or its folder.

    A pickle runs code when it is loaded, so a cache that another user could
    write to (LIF_CACHE_DIR pointed at a shared folder such as /tmp, or a
    folder someone else created first, or one its group may write) is neither
    read nor written. Paths that do not exist yet are fine: lif creates them,
    for this user only.
    """
    if not hasattr(os, "getuid"):  # Windows: access is by ACL, in the user's profile
        return True
    uid = os.getuid()
    for p in (path.parent, path) if parent else (path,):
        try:
            st = os.stat(p)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if st.st_uid != uid or st.st_mode & 0o022:
            return False
    return True


def _private_file(fd: int) -> bool:
    """True when the open file is this user's and nobody else may read or write it."""
    if not hasattr(os, "getuid"):  # Windows: the profile's ACL protects it
        return True
    st = os.fstat(fd)
    return st.st_uid == os.getuid() and not st.st_mode & 0o077


@functools.cache
def _key(folder: str) -> bytes | None:
    """This user's signing key in ``folder`` (the cache folder), made on first use.

    None when it cannot be had safely (a key another user could read or
    write, a folder that cannot be made): then lif runs without a cache.
    """
    path = os.path.join(folder, KEY_FILE)
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        # The folder itself must be private; its parent may be shared (/tmp):
        # a folder there that someone else made would not be this user's.
        if not is_private(Path(folder), parent=False):
            return None
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not is_private(Path(folder), parent=False):
            return None
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o600)
        except FileExistsError:
            pass
        else:
            import secrets  # here: only a first run makes a key

            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        fd = os.open(path, os.O_RDONLY | nofollow)
        with os.fdopen(fd, "rb") as fh:
            if not _private_file(fh.fileno()):
                return None
            key = fh.read(65)
    except OSError:
        return None
    return key if len(key) == 32 else None


def _mac(key: bytes, name: str, stamp: str, payload: bytes) -> bytes:
    # The file's name is signed too: an entry moved to another name is refused.
    h = hashlib.blake2b(key=key, digest_size=_MAC_BYTES)
    h.update(name.encode())
    h.update(b"\0")
    h.update(stamp.encode())
    h.update(b"\0")
    h.update(payload)
    return h.digest()


def read_signed(path: Path, stamp: str) -> Any | None:
    """The data lif wrote to ``path`` under ``stamp``; None for anything else.

    Nothing is unpickled unless its MAC verifies under this user's key: a
    file someone else planted, or one written by another version, is ignored.
    """
    key = _key(str(cache_dir()))
    if key is None:
        return None
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    head = len(_MAGIC) + _MAC_BYTES
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = memoryview(blob)[head:]
    if not hmac.compare_digest(blob[len(_MAGIC) : head], _mac(key, path.name, stamp, payload)):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # pragma: no cover - a verified entry that does not load
        return None


def write_signed(path: Path, stamp: str, data: object) -> None:
    """Write ``data`` atomically to ``path``, signed under ``stamp``. Raises OSError."""
    key = _key(str(cache_dir()))
    if key is None:
        raise PermissionError("no private cache key")
    import tempfile  # here, not at the top: reading (`lif --help`) needs none of it

    payload = pickle.dumps(data, protocol=5)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC)
            fh.write(_mac(key, path.name, stamp, payload))
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SignedFile:
    """One signed pickle in the cache folder for one repository (``lif changes``
    keeps two): named by its kind and a digest of ``where`` (the records'
    path), so repositories never share one. Reading or writing it never fails
    a command: a file that is missing, stale or not lif's reads as None.
    """

    def __init__(self, path: Path, stamp: str):
        self.path = path
        self.stamp = stamp

    @classmethod
    def open(cls, kind: str, where: str, stamp: str) -> SignedFile | None:
        """None with ``LIF_NO_CACHE``, or when the cache folder is not private."""
        if os.environ.get("LIF_NO_CACHE"):
            return None
        digest = hashlib.blake2b(where.encode("utf-8", "surrogateescape"), digest_size=10)
        path = cache_dir() / f"{kind}-{digest.hexdigest()}.pickle"
        return cls(path, stamp) if is_private(path) else None

    def load(self) -> Any | None:
        return read_signed(self.path, self.stamp)  # only what lif signed is unpickled

    def save(self, data: object) -> None:
        try:
            write_signed(self.path, self.stamp, data)
        except OSError:
            pass  # a read-only home folder: the next run is only slower


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


def _library_signature(name: str) -> str:
    """Where an installed library's package is, and its __init__'s stat signature."""
    for entry in sys.path:
        init = os.path.join(entry or ".", *name.split("."), "__init__.py")
        try:
            st = os.stat(init)
        except OSError:
            continue
        return f"{init}:{st.st_size}:{st.st_mtime_ns}"
    return f"{name}:absent"


def cache_folder(name: str) -> Path | None:
    """``<lif cache>/<name>-<version>``, made private; None when it may not be used."""
    if os.environ.get("LIF_NO_CACHE"):
        return None
    folder = cache_dir() / f"{name}-{__version__}"
    if not is_private(folder):
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder


@functools.cache  # one walk a run: a verdict is looked up, then kept
def code_fingerprint(libraries: tuple[str, ...]) -> str:
    """The stat signature of every module of lif, and of ``libraries``, as one digest.

    For a cached result (help text, a validation verdict) that must not outlive
    the code that made it: an upgrade, an edited module in a development
    install, another Python all give another fingerprint.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}|{sys.version}".encode())
    package = os.path.dirname(os.path.abspath(__file__))
    for here, dirs, names in os.walk(package):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                st = os.stat(os.path.join(here, name))
                digest.update(f"{here}/{name}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    for name in libraries:
        digest.update(_library_signature(name).encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _stamp() -> str:
    import pydantic  # here, not at the top: `lif --help` reads the cache without it

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


def stat_signature(path: str) -> Signature | None:
    """The signature the stat index keys a file by; None when it cannot be had."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def content_digest(raw: bytes) -> str:
    """The key of a file's bytes: for its cached model, its facts and verdicts."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


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
        if not is_private(folder) or _key(str(cache_dir())) is None:
            return None
        return cls(folder)

    def _shard(self, index: int) -> dict[str, tuple[str, Any]]:
        shard = self._shards.get(index)
        if shard is None:
            shard = {}
            if self.folder is not None:
                data = read_signed(self.folder / f"{index:02d}.pickle", _stamp())
                if isinstance(data, dict):  # else missing, stale or not ours: start afresh
                    shard = data
            self._shards[index] = shard
        return shard

    def _stat_index(self) -> dict[str, tuple[Signature, str]]:
        if self._stats is None:
            self._stats = {}
            if self.folder is not None:
                data = read_signed(self.folder / "stat.pickle", _stamp())
                if isinstance(data, dict):  # else missing, stale or not ours: start afresh
                    self._stats = data
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
        if not is_private(self.folder):
            return {}
        data = read_signed(self.folder / f"facts-{name}.pickle", _stamp())
        return data if isinstance(data, dict) else {}

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
        write_signed(self.folder / name, _stamp(), data)
