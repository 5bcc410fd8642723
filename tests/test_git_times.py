"""A commit whose time zone no clock has (`+9959`: a broken tool, or a hand-made commit in a
pull request) is read at the instant git meant, in UTC; it was an internal error (exit 3)
in `log`, `show --history` and `status --as-of`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrctl.history.gitrepo import git_time
from test_history_support import objective, start_repo

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
UTC = dt.UTC


@pytest.mark.parametrize(
    ("stamp", "meant"),
    [
        ("2026-10-14T17:30:00+05:30", dt.datetime(2026, 10, 14, 12, 0, tzinfo=UTC)),
        ("2026-10-14T12:00:00Z", dt.datetime(2026, 10, 14, 12, 0, tzinfo=UTC)),
        # git's local time for 1791979200 (2026-10-14 12:00 UTC) at +9959 and at -9959
        ("2026-10-18T15:59:00+99:59", dt.datetime(2026, 10, 14, 12, 0, tzinfo=UTC)),
        ("2026-10-10T08:01:00-99:59", dt.datetime(2026, 10, 14, 12, 0, tzinfo=UTC)),
    ],
)
def test_a_git_time_is_the_instant_git_meant(stamp: str, meant: dt.datetime) -> None:
    assert git_time(stamp) == meant


def test_a_time_that_is_no_time_is_still_refused() -> None:
    with pytest.raises(ValueError):
        git_time("yesterday")


@pytest.fixture
def odd_zone(tmp_path: Path) -> tuple[Path, str]:
    """A repo whose last commit (target 75 -> 80, 2026-10-14 12:00 UTC) says +9959."""
    g = start_repo(tmp_path / "r")
    g.write({OBJ: objective(target=80)})
    g.git("add", "-A")
    head = b"author Zed <z@example.test> 1791979200 +9959\n"
    head += b"committer Zed <z@example.test> 1791979200 +9959\n"
    commit = g.commit_raw(head, b"raise the target\n")
    return g.path, commit


def okrctl(root: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": ""}
    done = subprocess.run(
        [sys.executable, "-m", "okrctl", "-C", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def test_log_gives_the_commit_its_day_in_utc(odd_zone: tuple[Path, str]) -> None:
    root, commit = odd_zone
    code, out, err = okrctl(root, "log", "cx-leader/nps", "--format", "json")
    assert (code, err) == (0, "")
    newest = json.loads(out)["commits"][0]
    assert (newest["sha"], newest["date"]) == (commit, "2026-10-14T12:00:00+00:00")
    code, out, err = okrctl(root, "log", "cx-leader/nps")
    assert (code, err) == (0, "")
    assert out.startswith(f"{commit[:10]}  2026-10-14  Zed <z@example.test>\n")


def test_show_history_lists_the_target_change_on_that_day(odd_zone: tuple[Path, str]) -> None:
    root, commit = odd_zone
    code, out, err = okrctl(root, "show", "cx-leader", "--history", "--as-of", "2026-10-20")
    assert code == 0, err
    assert f"  2026-10-14  {commit[:10]}  target 75 → 80  Zed" in out


@pytest.mark.parametrize(("day", "target"), [("2026-10-13", 75), ("2026-10-14", 80)])
def test_looking_back_finds_the_commit_by_its_utc_day(
    odd_zone: tuple[Path, str], day: str, target: int
) -> None:
    root, _ = odd_zone
    code, out, err = okrctl(root, "show", "cx-leader/nps", "--as-of", day, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["key_result"]["target"] == target
