"""Finding a records repository and listing its record files.

A :class:`FileSource` is anything that lists record files and reads their bytes:
the working tree here, or a git revision (``history.RevisionSource``), so every
read command can run on the records as they were at a past commit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from .errors import RepoNotFound
from .layout import KIND_FOLDERS, MAX_FILE_BYTES, TEMP_SUFFIX, TOP_FILES

YAML_SUFFIXES = (".yaml", ".yml")
MARKER = "lif.yaml"


class FileSource(Protocol):
    """Where records are read from."""

    root: Path
    label: str  # shown in messages: the folder, or "<folder> at <rev>"

    def files(self) -> list[str]:
        """Record files, relative posix paths, in a stable order."""
        ...

    def read(self, rel: str) -> bytes: ...

    def cache_key(self) -> str:
        """Identifies the repository for the content-hash cache."""
        ...


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``lif.yaml``."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    raise RepoNotFound(
        f"no records repository here: no {MARKER} in {here} or any folder above it",
        hint="run lif in a records repository, point at one with -C PATH, "
        "or start one with 'lif init PATH'",
    )


def open_repo(path: Path | None) -> Path:
    """The root for ``-C PATH``: PATH itself must hold lif.yaml (or a folder above it)."""
    if path is None:
        return find_root()
    if not path.exists():
        raise RepoNotFound(f"{path} does not exist", hint="check the path given to -C/--repo")
    return find_root(path)


def is_record_name(name: str) -> bool:
    return name.endswith(YAML_SUFFIXES) and not name.startswith(".")


def list_record_files(names_by_folder: dict[str, list[str]]) -> list[str]:
    """Pick the record files from a listing {folder: [names]} ('' is the root)."""
    out: list[str] = []
    top = names_by_folder.get("", [])
    for stem in TOP_FILES:
        for suffix in YAML_SUFFIXES:
            if stem + suffix in top:
                out.append(stem + suffix)
    for kind in KIND_FOLDERS:
        for name in sorted(names_by_folder.get(kind, [])):
            if is_record_name(name):
                out.append(f"{kind}/{name}")
    return out


class LinkOutsideRepo(OSError):
    """A record file that is a symbolic link to a file outside the repository.

    Such a file is never read: a link planted in a shared repository must not
    make lif read (and show, or put in a paper) a file from elsewhere on disk.
    """


class FileTooLarge(OSError):
    """A record file over the size limit, found from its size before it is read.

    A 4 GB (even sparse) file must cost a ``stat``, not a read of 4 GB.
    """

    def __init__(self, rel: str, size: int):
        super().__init__(f"{rel} is {size:,} bytes")
        self.size = size


def read_capped(path: str | os.PathLike[str], rel: str) -> bytes:
    """The bytes of a file, refused from its size (``fstat``) if over the limit."""
    with open(path, "rb", buffering=0) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise FileTooLarge(rel, size)
        # Read what fstat says is there (asking for the limit instead made a
        # 1 MB buffer per file: three times the cost of reading 10,000 files),
        # then on to the end, so a file that grows meanwhile is read whole,
        # or stops just past the limit. A read shorter than asked is the end
        # of a regular file: no second read to learn it.
        chunks: list[bytes] = []
        total, want = 0, size + 1
        while total <= MAX_FILE_BYTES:
            ask = min(want, MAX_FILE_BYTES + 1 - total)
            chunk = fh.read(ask)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if len(chunk) < ask:
                break
            want = 65_536
    if total > MAX_FILE_BYTES:
        raise FileTooLarge(rel, total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class WorkTree:
    """Records in a folder on disk."""

    def __init__(self, root: Path):
        self.root = root
        self.label = str(root)
        self._folder = str(root)
        # Record files reached through a symbolic link (the file or its folder):
        # only these need the (slower) check that they stay inside the root.
        self._links: set[str] | None = None

    def files(self) -> list[str]:
        listing: dict[str, list[str]] = {"": []}
        links: set[str] = set()
        with os.scandir(self.root) as it:
            for entry in it:
                if entry.is_file():
                    listing[""].append(entry.name)
                    if entry.is_symlink():
                        links.add(entry.name)
        for kind in KIND_FOLDERS:
            folder = self.root / kind
            if folder.is_dir():
                linked = folder.is_symlink()
                with os.scandir(folder) as it:
                    names = []
                    for e in it:
                        if e.is_file():
                            names.append(e.name)
                            if linked or e.is_symlink():
                                links.add(f"{kind}/{e.name}")
                    listing[kind] = names
        self._links = links
        return list_record_files(listing)

    def read(self, rel: str) -> bytes:
        # a string path: a Path object per file was a tenth of reading 10,000 files
        path = os.path.join(self._folder, rel)
        if self._links is None or rel in self._links:
            real = os.path.realpath(path)
            root = os.path.realpath(self.root)
            if os.path.commonpath([root, real]) != root:
                raise LinkOutsideRepo(f"{rel} is a link to a file outside the repository")
            path = real
        return read_capped(path, rel)

    def cache_key(self) -> str:
        return str(self.root.resolve())


def temp_files(root: str) -> Iterator[str]:
    """Temp files of lif writes in the records' folders, as relative paths."""
    for folder in ("", *KIND_FOLDERS):
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except OSError:
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                yield f"{folder}/{entry.name}" if folder else entry.name
