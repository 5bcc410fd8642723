"""Where a strategy repo's files come from: the file system, or a git revision in memory."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol


class Kind(Enum):
    FILE = "file"
    DIR = "dir"
    ESCAPING_LINK = "escaping-link"  # a symbolic link that leads out of the repo
    SPECIAL = "special"  # a FIFO, device or socket: never opened (it could block)
    OTHER = "other"  # e.g. a dangling link


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    kind: Kind


class FileTree(Protocol):
    """Read access to a strategy repo by POSIX paths relative to its root ('' is the root)."""

    def entries(self, rel: str) -> list[Entry]:
        """The entries of a folder, sorted by name; [] when it does not exist."""
        ...

    def kind(self, rel: str) -> Kind | None:
        """What is at `rel`; None when nothing is."""
        ...

    def read(self, rel: str, limit: int) -> bytes:
        """The bytes of a file; at most `limit` + 1 of them. Raises OSError."""
        ...


class OutsideRepoError(OSError):
    """A path that leads out of the strategy repo (through a symbolic link on the way)."""


class NotRegularFileError(OSError):
    """A FIFO, device or socket where a file should be: opening one could block forever."""


def _kind_of(mode: int) -> Kind:
    if stat.S_ISDIR(mode):
        return Kind.DIR
    return Kind.FILE if stat.S_ISREG(mode) else Kind.SPECIAL


def what_is(mode: int) -> str:
    """The kind of a non-regular file, for a message ("a FIFO", "a device", ...)."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a folder" if stat.S_ISDIR(mode) else "not a file"


class FsTree:
    """A strategy repo on disk. Every path is resolved (each symbolic link on the way,
    not only the last one) and used only while it stays inside the repo; only regular
    files are read.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = os.path.realpath(root)
        # Folder -> its real path (None: it leads outside). Resolving a path costs one
        # lstat per component; 10,000 files share a few folders.
        self._dirs: dict[str, str | None] = {"": self._real_root}

    def _inside(self, real: str) -> bool:
        return real == self._real_root or real.startswith(self._real_root.rstrip(os.sep) + os.sep)

    def _real_dir(self, rel: str) -> str | None:
        rel = rel.strip("/")
        if rel not in self._dirs:
            parent, _, name = rel.rpartition("/")
            base = self._real_dir(parent)
            real = None if base is None else os.path.realpath(os.path.join(base, name))
            self._dirs[rel] = real if real is not None and self._inside(real) else None
        return self._dirs[rel]

    def resolve(self, rel: str) -> tuple[str, os.stat_result] | None:
        """The real path of `rel` and what is there (followed); None when nothing is.
        Raises OutsideRepoError when the path leads out of the repo."""
        parent, _, name = rel.strip("/").rpartition("/")
        base = self._real_dir(parent)
        if base is None:
            raise OutsideRepoError(errno.EXDEV, "leads outside the strategy repo", rel)
        path = os.path.join(base, name) if name else base
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if stat.S_ISLNK(st.st_mode):
            path = os.path.realpath(path)
            if not self._inside(path):
                raise OutsideRepoError(errno.EXDEV, "leads outside the strategy repo", rel)
            try:
                st = os.stat(path)
            except OSError:  # a dangling link, or a loop of links
                return None
        return path, st

    def _kind(self, rel: str) -> Kind | None:
        try:
            found = self.resolve(rel)
        except OutsideRepoError:
            return Kind.ESCAPING_LINK
        return None if found is None else _kind_of(found[1].st_mode)

    def entries(self, rel: str) -> list[Entry]:
        folder = self._real_dir(rel)
        if folder is None:
            return []
        try:
            with os.scandir(folder) as it:
                found = []
                for e in it:
                    if e.is_symlink():
                        kind = self._kind(f"{rel.strip('/')}/{e.name}".lstrip("/")) or Kind.OTHER
                    elif e.is_dir(follow_symlinks=False):
                        kind = Kind.DIR
                    else:
                        kind = Kind.FILE if e.is_file(follow_symlinks=False) else Kind.SPECIAL
                    found.append(Entry(e.name, kind))
        except OSError:
            return []
        return sorted(found, key=lambda e: e.name)

    def kind(self, rel: str) -> Kind | None:
        if self._real_dir(rel.strip("/").rpartition("/")[0]) is None:
            return Kind.ESCAPING_LINK  # a folder on the way leads outside
        path = os.path.join(self.root, rel)
        if not os.path.lexists(path):
            return None
        return self._kind(rel) or Kind.OTHER  # a dangling link is there, but is no file

    def read(self, rel: str, limit: int) -> bytes:
        found = self.resolve(rel)
        if found is None:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), rel)
        path, st = found
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFileError(
                errno.EINVAL, f"not a regular file ({what_is(st.st_mode)})", rel
            )
        # O_NONBLOCK: should a FIFO be swapped in after the check, opening it cannot hang.
        flags = (
            os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        )
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise NotRegularFileError(
                    errno.EINVAL, f"not a regular file ({what_is(st.st_mode)})", rel
                )
            # The size it has, and one byte more to see that it grew: reading limit + 1
            # bytes of each file made each one a memory mapping of its own (three system
            # calls and two pages a file: 0.25 s of a 2.5 s load of 10,000 objectives).
            data = handle.read(min(st.st_size, limit) + 1)
            if st.st_size < len(data) <= limit:  # it grew since: the rest, to the limit
                data += handle.read(limit + 1 - len(data))
            return data


class MemoryTree:
    """Files held in memory (e.g. read from a git revision), keyed by repo-relative path.

    Paths in `links` are symbolic links that leave the repo.
    """

    def __init__(self, files: Mapping[str, bytes], links: frozenset[str] = frozenset()) -> None:
        self.files = files
        self.links = links
        self._dirs: dict[str, set[Entry]] = {}
        for path in [*files, *links]:
            parts = path.split("/")
            for i in range(len(parts)):
                parent = "/".join(parts[:i])
                last = i == len(parts) - 1
                kind = (Kind.ESCAPING_LINK if path in links else Kind.FILE) if last else Kind.DIR
                self._dirs.setdefault(parent, set()).add(Entry(parts[i], kind))

    def entries(self, rel: str) -> list[Entry]:
        return sorted(self._dirs.get(rel.strip("/"), ()), key=lambda e: e.name)

    def kind(self, rel: str) -> Kind | None:
        rel = rel.strip("/")
        if rel in self.links:
            return Kind.ESCAPING_LINK
        if rel in self.files:
            return Kind.FILE
        return Kind.DIR if rel in self._dirs else None

    def read(self, rel: str, limit: int) -> bytes:
        try:
            return self.files[rel][: limit + 1]
        except KeyError:
            raise FileNotFoundError(rel) from None
