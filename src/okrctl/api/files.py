"""Atomic file writes: a reader never sees half a file, a crash never loses one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from okrctl.model.errors import OkrctlError


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write via a temp file in the same folder, fsync, keep the mode, then rename."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_folder(folder: Path) -> None:
    """Create `folder` and its parents; where none can be made (a file in the way, no
    permission) raise a usage error naming the path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OkrctlError(f"cannot create folder {folder}: {_reason(folder, exc)}") from None


def cannot_write(path: Path, exc: OSError) -> OkrctlError:
    """The usage error for a file that could not be written: its path and why."""
    why = "it is a folder" if path.is_dir() else _reason(path.parent, exc)
    return OkrctlError(f"cannot write {path}: {why}")


def _reason(folder: Path, exc: OSError) -> str:
    """Why `folder` (or a file in it) cannot be written: a file in the way, or the OS's
    reason (e.g. "Permission denied")."""
    for place in (folder, *folder.parents):
        if place.is_symlink() or place.exists():
            if not place.is_dir():
                return f"{place} is not a folder"
            break
    return exc.strerror or str(exc)


@contextmanager
def locked(folders: Iterable[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each folder (in a fixed order, so two holders never
    deadlock) while files in it are read, edited and replaced.

    The lock is on the folder itself: `write_atomic` replaces a file by rename, so a lock on
    the file would be lost with the old inode, and a lock file would show up in `git status`.
    Where `fcntl` does not exist (Windows) there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with ExitStack() as stack:
        for folder in sorted({os.path.realpath(f) for f in folders}):
            fd = os.open(folder, os.O_RDONLY)
            stack.callback(os.close, fd)  # closing the descriptor releases its lock
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
