"""Parse many YAML texts on two CPU cores: a forked child takes half of them.

Parsing (libyaml composing the node tree, then the walk to plain values) is nearly all of
the time of loading a large repo, and Python runs it on one core. A forked child inherits
the texts without copying them, parses its half, and sends back only plain values (dicts,
lists, dates, numbers, strings) and problems, which pickle quickly; pydantic validation
stays in this process. See bench/README.md for the figures.

Forking is done only where it is safe and worth it: on Linux, with more than one CPU
available, no other thread running (a fork copies only the calling thread, so a lock held
by another thread would stay locked in the child), and enough texts to pay for the fork.
`OKRCTL_JOBS=1` turns it off. Any failure of the child falls back to parsing here, so
the results never depend on whether a child was used.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from okrctl.load.yamlsafe import Problem, parse

Parsed = tuple[Any, list[Problem]]

# Below this many texts the fork (about 5 ms with a large heap) costs more than it saves.
MIN_TEXTS = 64


def _cpus() -> int:
    """CPUs this process may run on (fewer than the machine has under `taskset`)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _jobs() -> int:
    setting = os.environ.get("OKRCTL_JOBS", "").strip()
    if setting.isdigit() and int(setting) >= 1:
        return min(int(setting), 2)
    return min(_cpus(), 2)


_aside: list[_Child] = []  # the child of `parsing_aside`, while it runs


def _can_fork(count: int) -> bool:
    return (
        count >= MIN_TEXTS
        and not _aside  # the second core is already busy
        and sys.platform == "linux"
        and threading.active_count() == 1
        and _jobs() > 1
    )


@contextmanager
def parsing_aside(texts: Sequence[str]) -> Iterator[Callable[[], dict[str, Parsed]]]:
    """Parse `texts` in a child while the block does other work (on this core only).

    Yields a function that returns `{text: parse(text)}`, waiting for the child, or
    parsing here when no child could be used or it failed. `okrctl diff` parses the old
    side's files aside while it loads the new side.
    """
    child = _in_child(texts) if _can_fork(len(texts)) else None
    if child is not None:
        _aside.append(child)

    def collect() -> dict[str, Parsed]:
        found = None
        if child is not None and child in _aside:
            _aside.remove(child)
            found = child.result()
        if found is None:
            found = [parse(t) for t in texts]
        return dict(zip(texts, found, strict=True))

    try:
        yield collect
    finally:
        if child is not None:
            if child in _aside:
                _aside.remove(child)
            child.abandon()  # nothing when collected


def iter_parsed(texts: Sequence[str]) -> Iterator[Parsed]:
    """`yamlsafe.parse` of each text, in order; about half of them in a child when it pays.

    A generator, so that the caller validates the first results while the child still
    parses the rest.
    """
    if not _can_fork(len(texts)):
        yield from map(parse, texts)
        return
    # The child also pickles its results, and the caller validates its share meanwhile,
    # so the child takes a little more than half.
    middle = len(texts) * 9 // 20
    child = _in_child(texts[middle:])
    collected = False
    try:
        yield from map(parse, texts[:middle])
        rest = child.result()
        collected = True
    finally:
        if not collected:  # an error here, or the caller stopped early
            child.abandon()
    if rest is None:  # the child failed: parse its share here
        rest = [parse(t) for t in texts[middle:]]
    yield from rest


class _Child:
    """A forked process parsing some texts; its pickled results come through a pipe."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd
        self.reaped = False

    def result(self) -> list[Parsed] | None:
        """The child's results, or None when it failed."""
        chunks = []
        self.reaped = True
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
        except BaseException:  # e.g. Ctrl-C while waiting: stop the child too
            _kill(self.pid)
            raise
        finally:
            _, status = os.waitpid(self.pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            found = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - a truncated stream: parse here instead
            return None
        return found if isinstance(found, list) else None

    def abandon(self) -> None:
        """Stop the child and forget its results (the caller failed or stopped early)."""
        if self.reaped:
            return
        self.reaped = True
        os.close(self.fd)
        _kill(self.pid)
        os.waitpid(self.pid, 0)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:  # pragma: no cover - it already ended
        pass


def _in_child(texts: Sequence[str]) -> _Child:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, send, and leave without running any cleanup
        status = 1
        try:
            os.close(read_fd)
            data = pickle.dumps([parse(t) for t in texts], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    return _Child(pid, read_fd)
