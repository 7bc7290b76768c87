"""The records as they were at a revision, read from git's objects.

* :func:`revision_source` reads the records exactly as they were at a revision
  (one ``ls-tree`` and one ``cat-file --batch``), for ``--at REV``;
* :func:`fetch_records` fetches another partnership's records at a ref into
  the cache (``lif region``);
* :func:`ls_tree` and :func:`read_blobs` list and read record files at a
  commit, for these and for :mod:`lif_cli.history`.

The working tree is never touched. Git runs through :mod:`lif_cli.gitrepo`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .gitrepo import (
    BLOB_MODES,
    ZERO_SHA,
    GitError,
    GitRepo,
    check_ref,
    open_git,
    resolve_point,
    run_git,
)
from .layout import KIND_FOLDERS, MAX_FILE_BYTES, TOP_FILES
from .repo import YAML_SUFFIXES, FileTooLarge, is_record_name, list_record_files

# --- reading trees and blobs ------------------------------------------------------------


def ls_tree(repo: GitRepo, commit: str) -> dict[str, str]:
    """{path relative to the records folder: blob sha} of record files at ``commit``."""
    out = repo.run(
        ["ls-tree", "-r", "-z", "--full-tree", commit, "--", *repo.pathspecs()],
        "list the records at a commit",
    )
    found: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path_b = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split(" ")
        if kind != "blob" or mode not in BLOB_MODES:
            continue  # symlinks and submodules are not records
        rel = repo.rel(path_b.decode("utf-8", "surrogateescape"))
        if rel is not None and is_record_path(rel):
            found[rel] = sha
    return found


def is_record_path(rel: str) -> bool:
    parts = rel.split("/")
    if len(parts) == 1:
        return PurePosixPath(rel).stem in TOP_FILES and rel.endswith(YAML_SUFFIXES)
    return len(parts) == 2 and parts[0] in KIND_FOLDERS and is_record_name(parts[1])


def read_blobs(
    repo: GitRepo, shas: Iterable[str], oversized: dict[str, int] | None = None
) -> dict[str, bytes]:
    """The content of many blobs: sizes from one ``git cat-file --batch-check``,
    then the blobs within the record size limit from one ``git cat-file --batch``.

    A blob over the limit is never read (a 1 GB blob in history costs its
    header line, not 2 GB): its size goes to ``oversized`` instead.
    """
    wanted = list(dict.fromkeys(s for s in shas if s and not ZERO_SHA.match(s)))
    if not wanted:
        return {}
    stdin = ("\n".join(wanted) + "\n").encode()
    sizes: dict[str, int] = {}
    for line in repo.run(["cat-file", "--batch-check"], "read files from history", stdin).split(
        b"\n"
    ):
        parts = line.decode().split(" ")
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    small = [sha for sha in wanted if sha in sizes and sizes[sha] <= MAX_FILE_BYTES]
    if oversized is not None:
        oversized.update((sha, sizes[sha]) for sha in wanted if sizes.get(sha, 0) > MAX_FILE_BYTES)
    if not small:
        return {}
    out = repo.run(
        ["cat-file", "--batch"], "read files from history", ("\n".join(small) + "\n").encode()
    )
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in small:
        eol = out.index(b"\n", pos)
        header = out[pos:eol].decode().split(" ")
        pos = eol + 1
        if len(header) < 3 or header[1] == "missing":
            continue  # outside a shallow clone's history
        size = int(header[2])
        blobs[sha] = out[pos : pos + size]
        pos += size + 1
    return blobs


def blob_sha(content: bytes, length: int = 40) -> str:
    """Git's object id of a blob with this content (to compare working files)."""
    header = b"blob %d\0" % len(content)
    if length == 64:
        return hashlib.sha256(header + content).hexdigest()
    return hashlib.sha1(header + content, usedforsecurity=False).hexdigest()


class RevisionSource:
    """The records as they were at one commit (a :class:`lif_cli.repo.FileSource`)."""

    def __init__(
        self,
        root: Path,
        given: str,
        commit: str,
        files: dict[str, bytes],
        too_large: dict[str, int] | None = None,
    ):
        self.root = root
        self.given = given
        self.commit = commit
        self.label = f"{root} at {given}"
        self._files = files
        self._too_large = too_large or {}  # {rel: size} of files over the limit, unread

    def files(self) -> list[str]:
        listing: dict[str, list[str]] = {"": []}
        for rel in (*self._files, *self._too_large):
            folder, _, name = rel.rpartition("/")
            listing.setdefault(folder, []).append(name)
        return list_record_files(listing)

    def read(self, rel: str) -> bytes:
        if rel in self._too_large:
            raise FileTooLarge(rel, self._too_large[rel])
        try:
            return self._files[rel]
        except KeyError:
            raise FileNotFoundError(2, "not in this revision", rel) from None

    def cache_key(self) -> str:
        # Cache entries are keyed by content hash, so every revision can share one.
        return f"{Path(self.root).resolve()}@git"


def revision_source(root: Path, rev: str) -> RevisionSource:
    """The records folder ``root`` exactly as it was at ``rev`` (a ref or a date).

    The working tree is not touched: the files are read from git's objects.
    """
    check_ref(rev)
    repo = open_git(root)
    point = resolve_point(repo, rev)
    if point.commit is None:
        raise GitError(f"there is no commit on or before {rev}", hint="give a later date")
    listing = ls_tree(repo, point.commit)
    if not any(rel.split("/")[0] in ("lif.yaml", "lif.yml") for rel in listing):
        where = repo.prefix.rstrip("/") or "the top of the repository"
        raise GitError(
            f"there is no lif.yaml in {where} at {rev} ({point.commit[:10]}): the records "
            "were not there yet",
            hint="give a later revision; 'git log -- lif.yaml' shows when they were added",
        )
    return _source_at(repo, root, rev, point.commit, listing)


def _source_at(
    repo: GitRepo, root: Path, given: str, commit: str, listing: dict[str, str]
) -> RevisionSource:
    oversized: dict[str, int] = {}
    blobs = read_blobs(repo, listing.values(), oversized)
    files = {rel: blobs[sha] for rel, sha in listing.items() if sha in blobs}
    too_large = {rel: oversized[sha] for rel, sha in listing.items() if sha in oversized}
    return RevisionSource(root, given, commit, files, too_large)


# --- another partnership's records, fetched into the cache ------------------------------------


def check_url(url: str) -> str:
    """Refuse a repository address git could read as an option or a command."""
    if not url or not url.strip() or url.startswith("-"):
        raise GitError(f"'{url}' is not a repository address lif will fetch from")
    if url.lower().startswith("ext::") or any(ord(c) < 32 for c in url):
        raise GitError(f"'{url}' is not a repository address lif will fetch from")
    return url


def fetch_records(url: str, ref: str, cache: Path, subdir: str = "") -> RevisionSource:
    """The records at ``ref`` of the repository at ``url``, by a shallow fetch.

    The objects go into a bare repository in ``cache`` (the user's cache
    folder), never into anyone's records. ``subdir`` is the records folder
    inside the repository ('' for its top).
    """
    check_url(url)
    check_ref(ref)
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "HEAD").exists():
        run_git(cache, ["init", "--bare", "-q", "."], "make a cache repository")
    run_git(
        cache,
        [
            "fetch",
            "-q",
            "--depth",
            "1",
            "--no-tags",
            "--no-recurse-submodules",
            "--end-of-options",
            url,
            ref,
        ],
        f"fetch {ref} from {url}",
    )
    commit = (
        run_git(
            cache,
            ["rev-parse", "--verify", "--end-of-options", "FETCH_HEAD^{commit}"],
            "read the fetched commit",
        )
        .decode()
        .strip()
    )
    prefix = subdir.strip("/") + "/" if subdir.strip("/") else ""
    repo = GitRepo(root=cache, top=cache, prefix=prefix, shallow=True)
    listing = ls_tree(repo, commit)
    if "lif.yaml" not in listing and "lif.yml" not in listing:
        where = prefix.rstrip("/") or "the top of the repository"
        raise GitError(f"there is no lif.yaml in {where} at {ref} ({commit[:10]})")
    source = _source_at(repo, cache, ref, commit, listing)
    source.label = f"{url} at {ref}"
    return source
