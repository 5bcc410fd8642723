"""Running okrctl on a real pseudo-terminal, for the tests of what it asks there."""

from __future__ import annotations

import os
import platform
import pty
import select
import signal
import sys
import time
from collections.abc import Mapping


def spawn(args: list[str], env: Mapping[str, str], stdout: str | None = None) -> tuple[int, int]:
    """`python -m okrctl ARGS` with the pty as its terminal: (pid, the pty's fd). With
    `stdout`, its standard output goes to that file instead (`okrctl ... > FILE`)."""
    argv = [sys.executable, "-m", "okrctl", *args]
    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal is the pty, so Ctrl-C there is SIGINT
        # A test runner started in the background inherits SIGINT ignored; a user's shell
        # does not.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if stdout is not None:
            os.dup2(os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
        os.execve(sys.executable, argv, dict(env))
    return pid, fd


def read_until(fd: int, text: bytes) -> bytes:
    """What the terminal shows until `text` (or its end), failing after a minute of silence."""
    seen = b""
    while text not in seen:
        ready, _, _ = select.select([fd], [], [], 60)
        assert ready, f"no {text!r} in {seen!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


# The number of read(2) in /proc/PID/syscall.
_READ = {"x86_64": "0", "aarch64": "63", "arm64": "63"}.get(platform.machine())


def wait_reading(pid: int) -> None:
    """Return once the child is blocked reading its terminal (fd 0), so that a Ctrl-C sent
    now interrupts the read. Sent as soon as the prompt shows, it can land between the
    prompt's write and the read: Python then notices the signal only when a system call is
    interrupted, and the read that follows waits for input for ever (seen under load)."""
    for _ in range(60_000):  # a minute of polls at most; a timeout, not a timed assertion
        try:
            with open(f"/proc/{pid}/syscall") as f:
                fields = f.read().split()
        except OSError:  # pragma: no cover - not Linux, or not allowed to look
            fields = None
        if _READ is None or fields is None:  # pragma: no cover
            time.sleep(0.5)  # the best that can be done without /proc
            return
        if fields[:2] == [_READ, "0x0"]:
            return
        time.sleep(0.001)
    raise AssertionError("the child never read its terminal")


def finish(pid: int, fd: int) -> tuple[int, bytes]:
    """The rest of what the terminal shows, and the exit code."""
    rest = read_until(fd, b"\x00never")  # read to the end
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), rest
