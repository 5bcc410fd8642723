"""`show REF --history` starts its git walks before the repo loads; when the command fails
before the history collects them, they are ended with it, not left running on their own
(okrctl ends without waiting for its children)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from test_history_support import start_repo


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_failed_show_leaves_no_git_walk_behind(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    real_git = shutil.which("git")
    assert real_git is not None
    pids = tmp_path / "pids"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "git"
    # A slow `git log` (a big history): it records its pid and sleeps in its own process.
    wrapper.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = log ]; then echo $$ >> "{pids}"; exec sleep 30; fi\n'
        f'exec "{real_git}" "$@"\n'
    )
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env |= {"GITHUB_ACTIONS": "", "OKRCTL_TODAY": "2026-10-20", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "okrctl", "-C", str(g.path), "show", "cx-leader", "--history"]
        + ["--cycle", "nope"],
        capture_output=True,
        text=True,
        env=env,
        timeout=25,  # far less than the walks' 30 s: okrctl did not wait for them
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "nope" in done.stderr
    started = [int(line) for line in pids.read_text().split()]
    assert len(started) == 2  # both walks had started
    assert not [pid for pid in started if _alive(pid)]
