"""The pre-commit hook this repository ships, run for real with `pre-commit try-repo`.

pre-commit builds a virtualenv and pip-installs okrctl into it from a snapshot of this
source tree, so the test needs the package index; without it the test is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BASE_CONFIG, BASE_CYCLE, GOOD_OBJECTIVE, write_files

ROOT = Path(__file__).resolve().parents[1]
HOOK_ID = "okrctl-validate"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ana Lima",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Lima",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
    "GIT_AUTHOR_DATE": "2026-10-15T09:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-10-15T09:00:00+00:00",
}
NETWORK_TROUBLE = (
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "NewConnectionError",
    "Network is unreachable",
    "No matching distribution found",
    "Could not find a version that satisfies",
    "ConnectionError",
    "Read timed out",
)


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_manifest_declares_a_whole_repo_check() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == HOOK_ID
    assert hook["entry"] == "okrctl validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    # It runs when any YAML file is committed, and not for other files.
    assert re.search(hook["files"], "cycles/2026-q4/cycle.yaml")
    assert re.search(hook["files"], "okrctl.yaml")
    assert not re.search(hook["files"], "README.md")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this source tree: what a user's pre-commit would clone."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    snap = tmp_path_factory.mktemp("okrctl-src")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, snap / name)
    shutil.copytree(
        ROOT / "src", snap / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    git(snap, "init", "-q", "-b", "main")
    git(snap, "add", ".")
    git(snap, "commit", "-q", "-m", "snapshot")
    return snap


def try_repo(hook_repo: Path, strategy: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), HOOK_ID, "--all-files"],
        cwd=strategy,
        env={**os.environ, **GIT_ENV, "PRE_COMMIT_COLOR": "never"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = done.stdout + done.stderr
    if done.returncode == 3 and "pip" in output:
        trouble = [t for t in NETWORK_TROUBLE if t in output]
        if trouble:
            pytest.skip(f"pre-commit could not install okrctl (no package index?): {trouble[0]}")
    return done


def strategy_repo(root: Path, objective: str) -> Path:
    write_files(
        root,
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": BASE_CYCLE,
            "cycles/2026-q4/objectives/cx-leader.yaml": objective,
        },
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    return root


@pytest.mark.slow
def test_try_repo_fails_on_a_bad_file_naming_file_and_line(hook_repo: Path, tmp_path: Path) -> None:
    bad = GOOD_OBJECTIVE.replace("theme: cx\n", "theme: cxx\n")
    strategy = strategy_repo(tmp_path / "bad", bad)
    done = try_repo(hook_repo, strategy)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "okrctl validate" in output and "Failed" in output
    # theme is on line 2 of the objective; its value starts at column 8.
    assert "cycles/2026-q4/objectives/cx-leader.yaml:2:8: error OKR202" in output


@pytest.mark.slow
def test_try_repo_passes_on_a_good_repo(hook_repo: Path, tmp_path: Path) -> None:
    strategy = strategy_repo(tmp_path / "good", GOOD_OBJECTIVE)
    done = try_repo(hook_repo, strategy)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output
