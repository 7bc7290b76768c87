"""Writing record files safely: all of a file or none of it, never over a change.

Every write of a record file goes through here (``lif new``, ``lif update`` and
``lif import`` through ``authoring.write_changes``, and ``lif init``):

* :func:`read_snapshot` reads a file for editing and refuses one with merge
  conflict markers; :func:`check_unchanged` refuses when the file changed on
  disk since, and :func:`check_writable` when it is read-only;
* :func:`write_atomic` replaces a file through a temp file in the same folder
  (fsync, the file's mode kept, ``os.replace``, the folder fsynced);
* :func:`write_new` creates a file and never clobbers one made meanwhile;
* :func:`remove_stale_temp_files` deletes the temp files a killed lif left.

What the new bytes are is :mod:`lif_cli.yamledit`'s job.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from lif_cli.errors import LifError
from lif_cli.layout import TEMP_SUFFIX

BOM = b"\xef\xbb\xbf"
# Test-only: seconds to sleep between writing the temp file and renaming it, so a
# test can kill the process mid-write. Never set in normal use.
PAUSE_ENV = "LIF_TEST_WRITE_PAUSE"

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


class EditError(LifError):
    """An edit that cannot be made safely; nothing was written."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file's bytes as read, to detect a change on disk before replacing it."""

    path: Path
    raw: bytes
    digest: str
    mtime_ns: int
    mode: int

    @property
    def bom(self) -> bool:
        return self.raw.startswith(BOM)

    def text(self) -> str:
        """The file's text without its byte-order mark (the BOM is put back on write)."""
        raw = self.raw[len(BOM) :] if self.bom else self.raw
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EditError(
                f"{self.path.name} is not valid UTF-8; lif will not edit it",
                hint="re-save the file as UTF-8, then run the command again",
            ) from exc

    def encode(self, text: str) -> bytes:
        return (BOM if self.bom else b"") + text.encode("utf-8")


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_snapshot(path: Path) -> Snapshot:
    """Read a file for editing, refusing one with left-over merge conflict markers."""
    try:
        st = path.stat()
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text = raw.decode("utf-8", errors="replace")
    m = _CONFLICT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise EditError(
            f"{path.name} has a merge conflict marker at line {line}; lif will not edit it",
            hint="finish resolving the git merge (delete the <<<<<<< ======= >>>>>>> lines), "
            "then run the command again",
        )
    return Snapshot(path, raw, _digest(raw), st.st_mtime_ns, stat.S_IMODE(st.st_mode))


def check_unchanged(snapshot: Snapshot) -> None:
    """Refuse when the file changed on disk since ``snapshot`` was taken."""
    try:
        raw = snapshot.path.read_bytes()
    except OSError as exc:
        raise EditError(
            f"{snapshot.path.name} can no longer be read ({exc.strerror or exc}); "
            "nothing was written",
        ) from exc
    if _digest(raw) != snapshot.digest:
        raise EditError(
            f"{snapshot.path.name} changed on disk while lif was working; nothing was written",
            hint="someone (or an editor) saved the file meanwhile: check it, then run the "
            "command again",
        )


def check_writable(snapshot: Snapshot) -> None:
    """Refuse to replace a file that is read-only (no write bit, or not writable by us).

    The rename would succeed in a writable folder, but a read-only file says
    "do not change this" (a signed-off record, a locked copy): lif respects it.
    """
    path = snapshot.path
    if not snapshot.mode & 0o222 or not os.access(path, os.W_OK):
        raise EditError(
            f"{path.name} is read-only; lif will not replace it and nothing was written",
            hint=f"if it may be changed, make it writable first (chmod u+w {path.name})",
        )


# A temp file older than this was left by a killed lif: no running lif still owns it.
STALE_TEMP_SECONDS = 60


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete the temp files a killed lif left in ``folder``; the ones deleted."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and (
                now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
            ):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def write_atomic(snapshot: Snapshot, data: bytes) -> None:
    """Replace the snapshot's file with ``data``: all of it or none of it.

    The temp file sits in the same folder (so the rename is atomic on one file
    system), is fsynced before the rename, and gets the original file's mode.
    A process killed at any moment leaves either the old file or the new one.
    """
    path = snapshot.path
    check_unchanged(snapshot)
    check_writable(snapshot)
    tmp = _synced_temp(path, data, snapshot.mode)
    try:
        pause = os.environ.get(PAUSE_ENV)
        if pause:
            time.sleep(float(pause))
        check_unchanged(snapshot)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise
    _fsync_dir(path.parent)


def _synced_temp(path: Path, data: bytes, mode: int) -> Path:
    """``data`` in a temp file beside ``path``, on disk (fsynced), with ``mode``."""
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException as exc:  # an interrupt too: no temp file is left behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise
    return tmp


def _cannot_write(path: Path, exc: OSError) -> EditError:
    return EditError(
        f"cannot write {path.name}: {exc.strerror or exc}; the file is unchanged",
        hint="check that the folder is writable and the disk is not full",
    )


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` atomically; refuse if it already exists."""
    tmp = _synced_temp(path, data, 0o666 & ~_umask())
    try:
        try:
            # link() fails if the target exists: never clobber a file made meanwhile.
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # a file system without hard links: a check, then the rename
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    except FileExistsError as exc:
        raise EditError(f"{path} already exists; lif will not overwrite it") from exc
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(path.parent)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
