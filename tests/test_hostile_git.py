"""Hostile git states: a submodule where a YAML file should be, a repository git refuses
(another user's: `safe.directory`), and concurrent `checkin --commit` runs. Real git only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_CONFIG, BASE_CYCLE, GIT_IDENTITY, GOOD_OBJECTIVE, write_files
from okrctl.cli.app import app
from okrctl.history import commit as commit_module

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
AS_OF = ["--as-of", "2026-10-15"]
OKRCTL = str(Path(sys.executable).with_name("okrctl"))


@pytest.fixture
def clean_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """No global or system git config (so no `safe.directory` exception), a known identity."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for key, value in {**env, **GIT_IDENTITY}.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **env, **GIT_IDENTITY}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def make_repo(root: Path, files: dict[str, str] | None = None) -> Path:
    write_files(
        root,
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": BASE_CYCLE,
            OBJ: GOOD_OBJECTIVE,
            **(files or {}),
        },
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    return root


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1"})
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.exit_code, result.stdout, result.stderr


# -- submodules --------------------------------------------------------------------------


def _add_gitlink(root: Path, path: str, tmp_path: Path) -> None:
    """Commit a submodule (a gitlink: mode 160000, another repository's commit) at `path`."""
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    (other / "README").write_text("another repository\n")
    git(other, "add", ".")
    git(other, "commit", "-q", "-m", "other")
    sha = git(other, "rev-parse", "HEAD").strip()
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{sha},{path}")
    git(root, "commit", "-q", "-m", f"submodule at {path}")


@pytest.mark.parametrize(
    "path", ["cycles/2026-q4/objectives/vendored.yaml", "cycles/2026-q4/kpis/arr.yaml"]
)
def test_a_submodule_at_a_yaml_path_is_skipped_by_log_and_diff(
    tmp_path: Path, clean_git: dict[str, str], path: str
) -> None:
    root = make_repo(tmp_path / "repo")
    _add_gitlink(root, path, tmp_path)
    write_files(root, {OBJ: GOOD_OBJECTIVE.replace("target: 75", "target: 80")})
    git(root, "commit", "-q", "-am", "raise the NPS target")

    code, out, err = run("-C", root, "log")
    assert code == 0, err
    assert "raise the NPS target" in out and "start" in out
    assert "missing" not in out + err

    code, out, err = run("-C", root, "diff", "HEAD~2", "HEAD", *AS_OF)
    assert code == 0, err
    assert "target 75 → 80" in out
    assert "vendored" not in out and "arr" not in out

    code, out, err = run("-C", root, "diff", "--staged", *AS_OF)  # the index holds it too
    assert code == 0, err


# -- safe.directory ----------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="giving the repository to another user needs root")
def test_a_repository_of_another_user_reports_gits_reason(
    tmp_path: Path, clean_git: dict[str, str]
) -> None:
    root = make_repo(tmp_path / "repo")
    subprocess.run(["chown", "-R", "1234:1234", str(root)], check=True)
    refused = subprocess.run(["git", "status"], cwd=root, capture_output=True, text=True)
    if "dubious ownership" not in refused.stderr:
        pytest.skip(f"this git does not refuse another user's repository: {refused.stderr}")
    before = (root / OBJ).read_bytes()

    code, out, err = run("-C", root, "log")
    assert code == 2
    assert "detected dubious ownership in repository" in err
    assert "no commits yet" not in err

    code, _, err = run("-C", root, "diff", "HEAD", *AS_OF)
    assert code == 2
    assert "detected dubious ownership" in err

    argv = ["-C", root, "checkin", "cx-leader/nps", "--value", "66", "--commit", *AS_OF]
    code, _, err = run(*argv)
    assert code == 2
    assert "git cannot use the repository" in err and "dubious ownership" in err
    assert (root / OBJ).read_bytes() == before  # refused before writing

    code, out, err = run("-C", root, "status", "--rev", "HEAD", *AS_OF)
    assert code == 2
    assert "dubious ownership" in err


# -- concurrent commits ------------------------------------------------------------------


def test_concurrent_commits_all_land_one_commit_each(
    tmp_path: Path, clean_git: dict[str, str]
) -> None:
    # One cycle each: okrctl's folder locks do not serialise them, so the runs meet on
    # git's index.lock and must wait for each other.
    n = 8
    files = {f"cycles/c{i}/cycle.yaml": BASE_CYCLE for i in range(n)}
    files |= {f"cycles/c{i}/objectives/cx-leader.yaml": GOOD_OBJECTIVE for i in range(n)}
    root = make_repo(tmp_path / "repo", files)
    runs = [
        subprocess.Popen(
            [OKRCTL, "-C", str(root), "checkin", f"c{i}/cx-leader/nps", "--value", "66"]
            + ["--commit", *AS_OF],
            env=clean_git,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    results = [p.communicate(timeout=120)[1] for p in runs]
    assert [p.returncode for p in runs] == [0] * n, [r for r in results if "committed" not in r]
    subjects = git(root, "log", "--format=%s").splitlines()
    assert len(subjects) == 1 + n
    assert subjects[-1] == "start"
    assert git(root, "status", "--porcelain") == ""  # every change is committed
    for i in range(n):  # one commit each, holding exactly its one file
        sha = git(root, "log", "--format=%H", "-F", "--grep", f"checkin(c{i}):").split()
        assert len(sha) == 1, i
        changed = git(root, "show", "--name-only", "--format=", sha[0]).split()
        assert changed == [f"cycles/c{i}/objectives/cx-leader.yaml"]


def test_a_lock_held_too_long_says_the_change_is_written_but_not_committed(
    tmp_path: Path, clean_git: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo")
    (root / ".git/index.lock").write_text("")  # what a running git process leaves there
    monkeypatch.setattr(commit_module, "LOCK_WAIT", 0.3)  # the real wait is 5 s
    argv = ["-C", root, "checkin", "cx-leader/nps", "--value", "66", "--commit", *AS_OF]
    code, _, err = run(*argv)
    assert code == 2
    assert "the change is written but not committed" in err
    assert "another git process holds the repository's lock (index.lock)" in err
    assert "      - {date: 2026-10-15, value: 66}\n" in (root / OBJ).read_text()
    assert git(root, "log", "--format=%s").splitlines() == ["start"]
