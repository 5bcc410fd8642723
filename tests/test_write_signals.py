"""A Ctrl-C while a file is written takes effect once the write is done: the file is
renamed into place whole (or not at all) and no temp file stays beside it. Before, a
SIGINT landing inside mkstemp, before the temp file's name was known, left a
`.NAME.XXXX.tmp` in the folder (3 of 7 interrupted report runs)."""

from __future__ import annotations

import os
import signal
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
        seen.append(True)  # reached: the signal waits for the write to end

    monkeypatch.setattr(files, "before_replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, "new\n")
    assert seen == [True]
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["okr.yaml"]  # no temp file
    assert files.written[-1] == target


def test_signals_are_held_only_while_writing(tmp_path: Path) -> None:
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    files.write_atomic(tmp_path / "a.yaml", "a\n")
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
    (tmp_path / "folder").mkdir()
    with pytest.raises(files.WriteError):  # a failed write gives them back too
        files.write_atomic(tmp_path / "folder", "a\n")
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
