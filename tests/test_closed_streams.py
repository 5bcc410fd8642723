"""A command started with stdout, stderr or stdin closed (`okrctl status >&-`) ends with its
documented code and no traceback: lost output is a cut output (1, a failure keeps its code),
lost messages change nothing."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, BASE_CYCLE, GIT_IDENTITY, GOOD_OBJECTIVE, WriteRepo, write_files

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
BAD = GOOD_OBJECTIVE.replace("theme: cx", "theme: cxx")
OKRCTL = Path(sys.executable).with_name("okrctl")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Buffered stdout as users have it, a cache of the test's own, a fixed today."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return {
        **environ,
        **GIT_IDENTITY,
        "GITHUB_ACTIONS": "",
        "OKRCTL_TODAY": "2026-11-28",
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def shell(root: Path, command: str, redirect: str, env: dict[str, str]) -> tuple[int, str, str]:
    """`okrctl -C ROOT COMMAND REDIRECT` in a real shell: code, stdout, stderr (whichever
    of them the redirection leaves open)."""
    line = f"{shlex.quote(str(OKRCTL))} -C {shlex.quote(str(root))} {command} {redirect}"
    done = subprocess.run(["bash", "-c", line], capture_output=True, env=env, timeout=120)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.mark.parametrize(
    ("command", "code"),
    [
        ("status", 1),  # its table lost: cut short
        ("status --format json", 1),
        ("show cx-leader", 1),
        ("validate", 0),  # a clean repo: nothing for stdout, nothing lost
        ("status --format xlsx", 2),  # usage error: kept
        ("show nope", 2),  # input error: kept
    ],
)
def test_a_closed_stdout_ends_with_the_documented_code(
    command: str, code: int, write_repo: WriteRepo, env: dict[str, str]
) -> None:
    root = write_repo()
    done, _, err = shell(root, command, ">&-", env)  # before: AttributeError, exit 1
    assert done == code
    assert "Traceback" not in err and "Error" not in err
    if code == 1:
        assert err == ""  # quietly, as `okrctl status | head -1`


def test_a_closed_stdout_with_findings_keeps_them_on_stderr(
    write_repo: WriteRepo, env: dict[str, str]
) -> None:
    root = write_repo({OBJ: BAD})
    assert shell(root, "validate", ">&-", env) == (1, "", "1 error, 0 warnings in 3 files\n")
    # status stops at its first write, as with a reader gone (its errors not reported).
    assert shell(root, "status", ">&-", env) == (1, "", "")


@pytest.mark.parametrize("command", ["status", "status --format json", "validate"])
def test_a_closed_stderr_or_stdin_changes_neither_output_nor_code(
    command: str, write_repo: WriteRepo, env: dict[str, str]
) -> None:
    root = write_repo({OBJ: BAD})
    code, out, _ = shell(root, command, "", env)
    assert code == 1 and out
    assert shell(root, command, "2>&-", env) == (code, out, "")
    assert shell(root, command, "<&-", env)[:2] == (code, out)
    assert shell(root, command, "<&- >&- 2>&-", env) == (1, "", "")


def test_a_command_that_ends_through_pythons_shutdown_too(
    tmp_path: Path, env: dict[str, str]
) -> None:
    # `log` uses GitPython, whose finalizers need the interpreter's normal exit.
    root = write_files(
        tmp_path / "repo",
        {"okrctl.yaml": BASE_CONFIG, "cycles/2026-q4/cycle.yaml": BASE_CYCLE, OBJ: GOOD_OBJECTIVE},
    )
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    code, out, _ = shell(root, "log", "", env)
    assert code == 0 and "start" in out
    assert shell(root, "log", ">&-", env) == (1, "", "")
    assert shell(root, "log", "2>&-", env) == (0, out, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("ended", "code"), [(0, 1), (1, 1), (2, 2)])
def test_an_output_that_cannot_be_written_at_the_end_says_so(
    ended: int, code: int, env: dict[str, str]
) -> None:
    # The output still in stdout's buffer when the run ends. (A write failing during a
    # command, as with a long output, is still an internal error, exit 3.)
    program = (
        "import sys; from okrctl.cli.app import end_process; "
        f"sys.stdout.write('output'); end_process({ended})"
    )
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-c", program], stdout=full, stderr=subprocess.PIPE, env=env
        )
    assert (done.returncode, done.stderr.decode()) == (
        code,
        "okrctl: the output could not be written: [Errno 28] No space left on device\n",
    )
