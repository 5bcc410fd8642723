"""The `okrctl` process ends without Python's shutdown (`cli.app.run`): exit codes, complete
output and a quiet broken pipe, run as a user runs it (`python -m okrctl`) on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl import __version__
from okrctl.cli.app import app


def okrctl(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OKRCTL_TODAY": "2026-10-15"}
    return subprocess.run(
        [sys.executable, "-m", "okrctl", *args], stdout=stdout, stderr=subprocess.PIPE,
        text=True, env=env, check=False,
    )  # fmt: skip


def in_process(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"OKRCTL_TODAY": "2026-10-15"})
    return result.exit_code, result.stdout


def test_a_clean_repo_exits_0_with_all_of_its_json(write_repo: WriteRepo) -> None:
    root = write_repo()
    done = okrctl("-C", str(root), "status", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == in_process("-C", str(root), "status", "--format", "json")[1]
    assert json.loads(done.stdout)["errors"] == []


def test_findings_exit_1_and_are_printed_after_the_output(write_repo: WriteRepo) -> None:
    path = "cycles/2026-q4/objectives/cx-leader.yaml"
    root = write_repo()
    file = root / path
    file.write_text(file.read_text().replace("owner: ana", "owner: nobody"))
    done = okrctl("-C", str(root), "status")
    assert done.returncode == 1
    assert done.stdout == in_process("-C", str(root), "status")[1]
    assert "nobody" in done.stderr and path in done.stderr


def test_a_usage_error_exits_2_and_the_version_0(write_repo: WriteRepo) -> None:
    root = write_repo()
    done = okrctl("-C", str(root), "status", "--cycle", "2030-q1")
    assert done.returncode == 2 and done.stdout == ""
    assert "2030-q1" in done.stderr
    done = okrctl("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"okrctl {__version__}\n", "")


def test_a_reader_gone_before_the_last_write_ends_the_run_quietly(write_repo: WriteRepo) -> None:
    """As a broken pipe during the command does: exit code 1, nothing on stderr."""
    root = write_repo()
    for fmt in ("json", "markdown", "text"):
        read, write = os.pipe()
        os.close(read)  # the reader is gone before okrctl writes (`| head -0`)
        try:
            done = okrctl("-C", str(root), "status", "--format", fmt, stdout=write)
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (1, ""), fmt


def test_main_in_process_still_raises_system_exit(write_repo: WriteRepo) -> None:
    """Callers that go on after `main` (tests, benchmarks) get its SystemExit as before."""
    root = write_repo()
    code = (
        "import sys\n"
        "from okrctl.cli.app import main\n"
        f"sys.argv = ['okrctl', '-C', {str(root)!r}, 'status', '--format', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    print('ended with', done.code, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr.endswith("ended with 0\n")
    assert json.loads(done.stdout)["errors"] == []


def test_a_look_back_in_git_history_ends_with_all_of_its_output(tmp_path: Path) -> None:
    """`--as-of` reads an older commit through git (GitPython's processes, if it was used,
    are ended by Python's own shutdown): the same output and exit code as in process."""
    from test_history_support import start_repo

    git = start_repo(tmp_path / "repo")
    path = "cycles/2026-q4/objectives/cx-leader.yaml"
    text = (git.path / path).read_text(encoding="utf-8")
    git.commit("Retitle", "2026-10-20", files={path: text.replace("title: ", "title: New ", 1)})
    args = ("-C", str(git.path), "status", "--as-of", "2026-10-10", "--format", "json")
    done = okrctl(*args)
    assert done.returncode == 0
    assert done.stdout == in_process(*args)[1]
    assert "New " not in done.stdout
