"""Parse many YAML texts on two CPU cores: a forked child shares the work.

Parsing (libyaml composing the node tree, then the walk to plain values) is nearly all of
the time of loading a large repo, and Python runs it on one core. A forked child inherits
the texts without copying them and parses from the last one backwards, sending back plain
values (dicts, lists, dates, numbers, strings) and problems in small pickled chunks; this
process parses from the first one forwards, and the two stop where they meet. So the work
splits evenly however fast each core happens to be, and pydantic validation stays here.
See bench/README.md for the figures.

Forking is done only where it is safe and worth it: on Linux, with more than one CPU
available, no other thread running (a fork copies only the calling thread, so a lock held
by another thread would stay locked in the child), and enough texts to pay for the fork.
`OKRCTL_JOBS=1` turns it off. Whatever the child did not deliver (it failed, or was too
slow) is parsed here, so the results never depend on whether a child was used.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from typing import IO, Any

from okrctl.load.yamlsafe import Problem, parse

Parsed = tuple[Any, list[Problem]]

# Below this many texts the fork (about 5 ms with a large heap) costs more than it saves.
MIN_TEXTS = 64
CHUNK = 16  # texts per message from the child: small, so the two meet closely
_HEADER = struct.Struct("!II")  # first index of a chunk, length of its pickle
_POLL_EVERY = 4  # texts parsed here between looks at the pipe


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


def _can_fork(count: int) -> bool:
    return (
        count >= MIN_TEXTS
        and sys.platform == "linux"
        and threading.active_count() == 1
        and _jobs() > 1
    )


def iter_parsed(texts: Sequence[str]) -> Iterator[Parsed]:
    """`yamlsafe.parse` of each text, in order; shared with a child when it pays.

    A generator, so that the caller validates the first results while the child still
    parses the last ones.
    """
    child = _Child.start(texts) if _can_fork(len(texts)) else None
    if child is None:
        yield from map(parse, texts)
        return
    try:
        yield from _shared(texts, child)
    finally:  # also when the caller stops early
        child.stop()


def _shared(texts: Sequence[str], child: _Child) -> Iterator[Parsed]:
    """Parse here from the front until meeting the child; then its results, in order."""
    index = 0
    while index < len(texts) and index < child.low:
        yield parse(texts[index])
        index += 1
        if index % _POLL_EVERY == 0:
            child.receive(wait=False)
    while child.low > index and child.receive(wait=True):
        pass
    child.stop()
    for at in range(index, len(texts)):  # what the child did not deliver is parsed here
        found = child.results.get(at)
        yield found if found is not None else parse(texts[at])


class _Child:
    """A forked process parsing texts from the last to the first.

    It appends pickled chunks to an unnamed temporary file, never a pipe that would fill
    up and stop it while this process validates, and writes one byte per chunk to a pipe,
    so that this process can wait for the next chunk.
    """

    def __init__(self, texts: Sequence[str], file: IO[bytes], notify: int, pid: int) -> None:
        self.low = len(texts)  # every text from here on has its result in `results`
        self.results: dict[int, Parsed] = {}
        self._read = 0  # bytes of the file taken in so far
        self._done = False
        self._file = file
        self._notify = notify
        self.pid = pid

    @classmethod
    def start(cls, texts: Sequence[str]) -> _Child | None:
        """Fork the child; None when the system refuses (no temp space, process limit)."""
        try:
            file = tempfile.TemporaryFile()
        except OSError:
            return None
        try:
            notify_r, notify_w = os.pipe()
        except OSError:
            file.close()
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in (notify_r, notify_w):
                os.close(fd)
            file.close()
            return None
        if pid == 0:  # the child: parse, send, and leave without running any cleanup
            status = 1
            try:
                os.close(notify_r)
                _send_parses(texts, file.fileno(), notify_w)
                status = 0
            finally:
                os._exit(status)
        os.close(notify_w)
        return cls(texts, file, notify_r, pid)

    def receive(self, wait: bool) -> bool:
        """Take in the chunks the child has written; False once it writes no more."""
        if self._done:
            return False
        if wait or select.select([self._notify], [], [], 0)[0]:
            if not os.read(self._notify, 1 << 16):  # the child ended: take the rest
                self._take()
                self.stop()
                return False
        self._take()
        return True

    def _take(self) -> None:
        fd = self._file.fileno()
        while True:
            header = os.pread(fd, _HEADER.size, self._read)
            if len(header) < _HEADER.size:
                return
            first, size = _HEADER.unpack(header)
            data = os.pread(fd, size, self._read + _HEADER.size)
            if len(data) < size:  # still being written
                return
            self._read += _HEADER.size + size
            try:
                chunk = pickle.loads(data)
            except Exception:  # noqa: BLE001 - never from a sound child: parse here instead
                self.stop()
                return
            self.results.update(zip(range(first, first + len(chunk)), chunk, strict=True))
            self.low = min(self.low, first)

    def stop(self) -> None:
        """End the child (done or not) and reap it; what it sent stays in `results`."""
        if self._done:
            return
        self._done = True
        os.close(self._notify)  # first, so that an interrupted wait cannot leak them
        self._file.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:  # already reaped (SIGCHLD ignored): nothing to end
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:  # reaped already: this process ignores SIGCHLD
            pass


def _send_parses(texts: Sequence[str], fd: int, notify: int) -> None:
    """In the child: parse chunks from the end backwards, appending each one when done."""
    end = len(texts)
    while end > 0:
        first = max(0, end - CHUNK)
        data = pickle.dumps([parse(t) for t in texts[first:end]], protocol=pickle.HIGHEST_PROTOCOL)
        message = memoryview(_HEADER.pack(first, len(data)) + data)
        while message:
            message = message[os.write(fd, message) :]
        os.write(notify, b".")
        end = first
