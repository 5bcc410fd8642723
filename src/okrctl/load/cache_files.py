"""Where okrctl's caches live, and their files read and written so that nobody else can
fill them: not a pull request (no cache folder inside the repo or the git working tree
holding it), not another user of a shared cache home (folders 0o700, files of the current
user's only), not a link, FIFO or device (a miss, never a hang), never a file too big."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

# The largest cache file read: okrctl writes ~4 MiB of values per 1,000 objectives (41 MiB
# at 10,000), so 512 MiB is ~120,000 objectives, past what a run holds in memory (56 MiB
# per 1,000): anything bigger is not a cache okrctl wrote.
_MAX_BYTES = 512 << 20
_UID = os.geteuid() if hasattr(os, "geteuid") else None  # None: no owners (Windows)


def cache_folder(root: Path) -> Path | None:
    """The cache folder of the repo (or output folder) at `root`; None when the cache is
    off: turned off, no home, or a folder a pull request could fill."""
    if os.environ.get("OKRCTL_NO_CACHE", "").strip() not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and os.path.isabs(base):
        home = base
    else:
        try:
            home = os.path.join(Path.home(), ".cache")
        except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
            return None
    folder = os.path.join(home, "okrctl")
    real_root = os.path.realpath(root)
    if _exposed(folder, (os.path.abspath(root), real_root)):
        return None
    key = hashlib.blake2b(os.fsencode(real_root), digest_size=12).hexdigest()
    return Path(folder, key)


def _exposed(folder: str, roots: tuple[str, str]) -> bool:
    """Whether the cache folder lies inside the repo (its path as given or real), the git
    working tree holding either, or the one okrctl runs in (a repo reached through a link:
    the checkout around the link is the one a pull request fills), as written or as its
    real path (a committed link)."""
    areas = [*roots, _work_tree(roots[1])]
    if roots[0] != roots[1]:
        areas.append(_work_tree(roots[0]))
    # The checkout okrctl runs in (CI's workspace), as the kernel and as the shell name it:
    # `-C strat` where strat links to a repo elsewhere is still that checkout's content.
    for here in _working_folders():
        areas.append(_work_tree(here))
    places = (os.path.abspath(folder), os.path.realpath(folder))
    return any(_inside(place, area) for place in places for area in areas if area)


def _working_folders() -> list[str]:
    found = []
    try:
        found.append(os.getcwd())
    except OSError:  # the current folder was removed
        pass
    logical = os.environ.get("PWD", "")
    if os.path.isabs(logical) and logical not in found:
        found.append(logical)
    return found


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _work_tree(real_root: str) -> str | None:
    """The top of the git working tree holding the folder `real_root` (walked up by name):
    the nearest folder up with a `.git` folder, past `.git` files (a submodule's or linked
    worktree's: the checkout around it comes with the same pull request); None outside
    git. A few stats, no git process: every command asks."""
    found = None
    folder = real_root
    while True:
        try:
            is_folder = stat.S_ISDIR(os.stat(os.path.join(folder, ".git")).st_mode)
        except (OSError, ValueError):
            pass
        else:
            found = folder
            if is_folder:
                return found
        parent = os.path.dirname(folder)
        if parent == folder:
            return found
        folder = parent


def write_atomic(path: Path, *parts: bytes) -> None:
    """Write `parts` to `path` through a temporary file renamed into place; any error is
    ignored (read-only, full or missing: a cache is only ever an optimisation), and so is
    a folder that is not the current user's (another's, in a shared cache home)."""
    try:
        if not _own_folder(path.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            with os.fdopen(fd, "wb") as out:
                for part in parts:
                    out.write(part)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def _own_folder(folder: Path) -> bool:
    """Make `folder` and its missing parents, each 0o700 (what is cached is the strategy:
    for the user's eyes only); whether it is then a folder of the current user's."""
    missing = []
    while not os.path.lexists(folder) and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        try:
            os.mkdir(made, 0o700)
        except FileExistsError:  # a concurrent run made it
            pass
        folder = made
    st = os.lstat(folder)
    return stat.S_ISDIR(st.st_mode) and _UID in (None, st.st_uid)


def own_bytes(path: Path) -> bytes | None:
    """The bytes of the cache file `path` when it is a regular file of the current user's
    (no link followed; opening a FIFO does not wait) of at most `_MAX_BYTES`; else None."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: Windows only
    try:
        fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        size = st.st_size
        if not stat.S_ISREG(st.st_mode) or _UID not in (None, st.st_uid) or size > _MAX_BYTES:
            return None
        data = os.read(fd, size + 1)  # the whole file in one read, as a rule
        while len(data) <= size and (rest := os.read(fd, size + 1 - len(data))):
            data += rest
        return data if len(data) == size else None  # grown meanwhile: not okrctl's
    except OSError:
        return None
    finally:
        os.close(fd)
