"""Atomic file writes: a reader never sees half a file, a crash never loses one."""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from okrctl.model.errors import OkrctlError


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


class WriteError(OkrctlError, OSError):
    """A file that could not be written (full disk, read-only, immutable, no permission,
    outside the repo): a usage error naming the path and the reason, with nothing written.

    Also an OSError, so that callers adding their own context (`except OSError`) keep
    working."""

    def __init__(self, path: Path, reason: str, err: int = 0) -> None:
        OkrctlError.__init__(self, f"cannot write {path}: {reason}")
        self.errno = err
        self.strerror = reason
        self.filename = str(path)

    def __str__(self) -> str:
        return self.message


# Called with the real path just before the rename; tests use it to open the window in
# which another program writes the file (the lost-update check must catch that).
before_replace: Callable[[str], None] | None = None
# Every file this process has written, in order: a Ctrl-C says what was written before it
# (okrctl.cli.app), not "nothing".
written: list[Path] = []


# Held while a file is written: a Ctrl-C (or a kill) arriving then takes effect once the
# file is renamed into place or its temp file removed, never in between (it landed inside
# mkstemp, before its name was known, and left a `.NAME.XXXX.tmp` in the repo).
_HELD = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends, then act on any that came as
    it would have (KeyboardInterrupt, its handler, or the default: the process ends).

    By their Python handlers, not the thread's signal mask: the kernel hands a signal to
    any thread not blocking it, so with another thread alive a mask held nothing."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; it is the one Python interrupts
        return
    came: list[int] = []
    before = {}
    for signum in _HELD:
        handler = signal.getsignal(signum)
        if handler is not None:  # None: set outside Python, cannot be put back
            before[signum] = signal.signal(signum, lambda signum, _: came.append(signum))
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(came):
            _deliver(signum, before[signum])


def _deliver(signum: int, handler: Any) -> None:
    """Act on a signal held back as its handler would have."""
    if callable(handler):
        handler(signum, None)  # SIGINT's default_int_handler raises KeyboardInterrupt
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), signum)  # the default action, now that the file is whole


def inside(root: Path, path: Path) -> str:
    """The real path `path` leads to (every symbolic link on the way followed, the last one
    too); a WriteError when that is outside the repo at `root`."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        raise WriteError(
            path, f"it leads outside the strategy repo (to {real}); nothing was written"
        )
    return real


def write_atomic(
    path: Path,
    text: str | bytes,
    *,
    root: Path | None = None,
    expect: bytes | None = None,
    durable: bool = True,
) -> None:
    """Write via a temp file in the same folder, fsync, keep mode, owner and group, then
    rename. A symbolic link is written through (its target replaced, the link kept); with
    `root`, a path leading outside that repo is refused. With `expect`, the file must still
    hold those bytes just before the rename (else another program changed it meanwhile and
    nothing is written). Any failure is a WriteError and leaves no temp file behind.
    `durable=False` skips the fsync, for output that can be made again (a report's pages):
    a reader still never sees half a file.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    real = inside(root, path) if root is not None else os.path.realpath(path)
    with signals_held():
        _write_via_temp(path, real, data, expect, durable)


def _write_via_temp(
    path: Path, real: str, data: bytes, expect: bytes | None, durable: bool
) -> None:
    tmp: str | None = None
    try:
        try:
            old: os.stat_result | None = os.stat(real)
        except FileNotFoundError:
            old = None
        if old is not None and stat.S_ISDIR(old.st_mode):
            raise WriteError(path, "it is a folder")
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=os.path.dirname(real)
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if old is not None:
            _keep_owner(tmp, old)  # before chmod: chown may clear set-id bits
            os.chmod(tmp, old.st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~current_umask())
        if before_replace is not None:
            before_replace(real)
        if expect is not None and _content(real) != expect:
            raise WriteError(
                path,
                "it was changed by another program while okrctl ran; nothing was written "
                "to it: run the command again",
            )
        os.replace(tmp, real)
        tmp = None
        written.append(path)
    except OSError as exc:
        if isinstance(exc, WriteError):
            raise
        raise WriteError(path, _why(exc), exc.errno or 0) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def unchanged(path: Path, expect: bytes) -> None:
    """Raise the WriteError of `write_atomic` when `path` no longer holds `expect` (checked
    for every file before the first is written, so that no file is written at all)."""
    try:
        same = _content(os.path.realpath(path)) == expect
    except OSError as exc:
        raise WriteError(path, _why(exc), exc.errno or 0) from None
    if not same:
        raise WriteError(
            path,
            "it was changed by another program while okrctl ran; nothing was written: "
            "run the command again",
        )


def _content(real: str) -> bytes | None:
    try:
        with open(real, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _keep_owner(tmp: str, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group where permitted (root may; another
    user may keep the group only when a member of it)."""
    if not hasattr(os, "chown"):  # pragma: no cover - not POSIX
        return
    for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        try:
            os.chown(tmp, uid, gid)
            return
        except PermissionError:
            continue


def _why(exc: OSError) -> str:
    """The OS's reason ("No space left on device", "Read-only file system", ...)."""
    why = exc.strerror or str(exc)
    if exc.errno == errno.EPERM:  # what `chattr +i` gives, even to root
        why += " (is the file or its folder immutable or append-only?)"
    return why


def make_folder(folder: Path, root: Path | None = None) -> None:
    """Create `folder` and its parents; where none can be made (a file in the way, no
    permission, or with `root` a path leading outside that repo) raise a usage error naming
    the path."""
    if root is not None:
        try:
            inside(root, folder)
        except WriteError as exc:
            raise OkrctlError(f"cannot create folder {folder}: {exc.strerror}") from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OkrctlError(f"cannot create folder {folder}: {_reason(folder, exc)}") from None


def cannot_write(path: Path, exc: OSError) -> OkrctlError:
    """The usage error for a file that could not be written: its path and why."""
    if isinstance(exc, WriteError):
        return exc
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
    return _why(exc)


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
