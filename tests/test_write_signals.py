"""A Ctrl-C while a file is written takes effect once the write is done: the file is
renamed into place whole (or not at all) and no temp file stays beside it. Before, a
SIGINT landing inside mkstemp, before the temp file's name was known, left a
`.NAME.XXXX.tmp` in the folder (3 of 7 interrupted report runs)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from okrctl.api import files


def test_a_sigint_during_a_write_lands_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "okr.yaml"
    target.write_text("old\n")
    seen: list[bool] = []

    def interrupt(real: str) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, half way through the write
        time.sleep(0.05)  # whichever thread the kernel gave it to has taken it by now
        for _ in range(1000):  # the interpreter looks for signals here: one not held
            pass  # is raised now
        seen.append(True)  # reached: the signal waits for the write to end

    monkeypatch.setattr(files, "before_replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, "new\n")
    assert seen == [True]
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["okr.yaml"]  # no temp file
    assert files.written[-1] == target


def test_a_sigint_lands_after_the_write_with_another_thread_alive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kernel hands a process's signal to any thread not blocking it: holding it must
    # not rely on the main thread's signal mask (it did, and a test server's thread let
    # the Ctrl-C through between the rename and the record of the write).
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        test_a_sigint_during_a_write_lands_after_it(tmp_path, monkeypatch)
    finally:
        stop.set()
        other.join()


def test_the_handlers_are_put_back_after_a_write(tmp_path: Path) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    files.write_atomic(tmp_path / "a.yaml", "a\n")
    (tmp_path / "folder").mkdir()
    with pytest.raises(files.WriteError):  # a failed write puts them back too
        files.write_atomic(tmp_path / "folder", "a\n")
    assert {s: signal.getsignal(s) for s in before} == before
