"""What a Ctrl-C says, and a reader that goes away: the documented exit codes hold."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, BASE_CYCLE, GIT_IDENTITY, GOOD_OBJECTIVE, write_files
from terminal import finish, spawn

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
OKRCTL = str(Path(sys.executable).with_name("okrctl"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """No global or system git config, a known identity, no cache."""
    home = tmp_path / "home"
    home.mkdir()
    # stdout buffered, as it is for users (not written through at each write).
    unbuffered = {"PYTHONUNBUFFERED"}
    return {
        **{k: v for k, v in os.environ.items() if k not in unbuffered},
        **GIT_IDENTITY,
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "OKRCTL_NO_CACHE": "1",
        "NO_COLOR": "1",
        "GITHUB_ACTIONS": "",
    }


def git_repo(root: Path, env: dict[str, str]) -> Path:
    cycle = "cycles/2026-q4/cycle.yaml"
    write_files(root, {"okrctl.yaml": BASE_CONFIG, cycle: BASE_CYCLE, OBJ: GOOD_OBJECTIVE})
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    return root


def wait_for(path: Path, fd: int) -> bytes:
    """What the terminal shows until `path` exists (a minute at most: a timeout, not a
    timed assertion)."""
    seen = b""
    for _ in range(600):
        if path.exists():
            return seen
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            seen += os.read(fd, 4096)
    raise AssertionError(f"{path} never appeared; the terminal showed {seen!r}")


def test_ctrl_c_after_a_write_names_the_file_written(tmp_path: Path, env: dict[str, str]) -> None:
    # The check-in is written, then `git commit` runs the repo's pre-commit hook, which
    # waits: a Ctrl-C there comes after the write, and "nothing was written" would be false.
    root = git_repo(tmp_path / "repo", env)
    started = tmp_path / "hook-started"
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\n: > '{started}'\nwhile :; do sleep 0.1; done\n")
    hook.chmod(0o755)
    args = ["-C", str(root), "checkin", "cx-leader/nps", "--value", "66", "--commit"]
    pid, fd = spawn([*args, "--as-of", "2026-10-20"], env)
    wait_for(started, fd)
    os.write(fd, b"\x03")  # Ctrl-C: SIGINT to okrctl, git and the hook

    code, rest = finish(pid, fd)

    assert code == 130, rest
    assert f"okrctl: interrupted after writing {root / OBJ}\r\n".encode() in rest
    assert b"nothing was written" not in rest and b"Traceback" not in rest
    assert "- {date: 2026-10-20, value: 66}" in (root / OBJ).read_text()


def interrupt_at_write(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """A Ctrl-C just before the n-th file replaced (as SIGINT there would raise it)."""
    from okrctl.api import files

    calls: list[str] = []

    def before_replace(real: str) -> None:
        calls.append(real)
        if len(calls) == n:
            raise KeyboardInterrupt

    monkeypatch.setattr(files, "before_replace", before_replace)


@pytest.mark.parametrize(
    ("at", "said"),
    [
        (1, "okrctl: interrupted; nothing was written\n"),
        (2, "okrctl: interrupted after writing out/{0}\n"),
        (4, "okrctl: interrupted after writing 3 files (the last: out/{2})\n"),
    ],
)
def test_ctrl_c_says_how_many_files_were_written_and_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int, said: str
) -> None:
    from typer.testing import CliRunner

    from okrctl.cli.app import app
    from okrctl.model.schema import schema_texts

    names = list(schema_texts())
    monkeypatch.chdir(tmp_path)
    interrupt_at_write(monkeypatch, at)

    result = CliRunner().invoke(app, ["schema", "--out", "out"])

    assert result.exit_code == 130
    assert result.stderr == said.format(*names)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names[: at - 1])


def to_a_reader_gone(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stdout a pipe whose reader has gone (`... | head -1` once head is done)."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(args, stdout=write, stderr=subprocess.PIPE, env=env)
    finally:
        os.close(write)
    return done.returncode, done.stderr.decode()


def test_a_reader_gone_cuts_the_output_short_exit_1_quietly(
    tmp_path: Path, env: dict[str, str]
) -> None:
    root = git_repo(tmp_path / "repo", env)
    for fmt in ("text", "json", "markdown"):
        args = [OKRCTL, "-C", str(root), "status", "--as-of", "2026-10-20", "--format", fmt]
        assert subprocess.run(args, capture_output=True, env=env).returncode == 0
        assert to_a_reader_gone(args, env) == (1, "")


@pytest.mark.parametrize(("ended", "code"), [(0, 1), (1, 1), (2, 2), (3, 3), (130, 130)])
def test_a_reader_gone_at_the_end_never_hides_a_failure(
    env: dict[str, str], ended: int, code: int
) -> None:
    # The command's output still in stdout's buffer when the process ends (an error after
    # it, say): a usage error stays 2, an internal error 3, an interrupted run 130.
    program = (
        "import sys; from okrctl.cli.app import end_process; "
        f"sys.stdout.write('output'); end_process({ended})"
    )
    assert to_a_reader_gone([sys.executable, "-c", program], env) == (code, "")


def test_ctrl_c_while_a_new_cycle_is_staged_wrote_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    # cycle new writes its files in a hidden staging folder, removed when interrupted.
    from typer.testing import CliRunner

    from okrctl.cli.app import app

    root = git_repo(tmp_path / "repo", env)
    kpi = "title: CSAT\nperspective: customer\nowner: ana\nunit: '%'\nbaseline: 80\ntarget: 90\n"
    write_files(root, {"cycles/2026-q4/kpis/csat.yaml": kpi})
    interrupt_at_write(monkeypatch, 2)  # cycle.yaml staged, the KPI's copy not
    args = ["-C", str(root), "cycle", "new", "2027-q1", "--start", "2027-01-01"]
    result = CliRunner().invoke(app, [*args, "--end", "2027-03-31", "--from", "2026-q4"])
    assert (result.exit_code, result.stderr) == (130, "okrctl: interrupted; nothing was written\n")
    assert sorted(p.name for p in (root / "cycles").iterdir()) == ["2026-q4"]


def test_ctrl_c_while_the_modules_are_imported_is_one_line_and_130() -> None:
    # A Ctrl-C in the first tens of ms lands while typer is imported: as if it did there.
    code = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from okrctl.entry import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "status"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (130, "")
    assert done.stderr == "okrctl: interrupted; nothing was written\n"
