"""Where a strategy repo's files come from: the file system, or a git revision in memory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol


class Kind(Enum):
    FILE = "file"
    DIR = "dir"
    ESCAPING_LINK = "escaping-link"  # a symbolic link that leads out of the repo
    OTHER = "other"


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


class FsTree:
    """A strategy repo on disk. Symbolic links are followed only while they stay inside."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = os.path.realpath(root)

    def _kind(self, path: str) -> Kind:
        if os.path.islink(path):
            target = os.path.realpath(path)
            if target != self._real_root and not target.startswith(self._real_root + os.sep):
                return Kind.ESCAPING_LINK
        if os.path.isdir(path):
            return Kind.DIR
        return Kind.FILE if os.path.isfile(path) else Kind.OTHER

    def entries(self, rel: str) -> list[Entry]:
        try:
            with os.scandir(self.root / rel) as it:
                found = []
                for e in it:
                    if e.is_symlink():
                        kind = self._kind(e.path)
                    elif e.is_dir():
                        kind = Kind.DIR
                    else:
                        kind = Kind.FILE if e.is_file() else Kind.OTHER
                    found.append(Entry(e.name, kind))
        except OSError:
            return []
        return sorted(found, key=lambda e: e.name)

    def kind(self, rel: str) -> Kind | None:
        path = os.path.join(self.root, rel)
        if not os.path.lexists(path):
            return None
        return self._kind(path)

    def read(self, rel: str, limit: int) -> bytes:
        with open(self.root / rel, "rb") as handle:
            return handle.read(limit + 1)


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
