"""Shell completion through the real protocol: the environment typer's bash script sets."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "strategy-repo"
OKRCTL = Path(__file__).parent.parent / ".venv" / "bin" / "okrctl"


def complete(line: str, cwd: Path = EXAMPLE) -> list[str]:
    """The candidates bash shows after `line` (a trailing space: a new, empty word)."""
    words = line.split() + ([""] if line.endswith(" ") else [])
    env = {
        **os.environ,
        "_OKRCTL_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    done = subprocess.run(
        [str(OKRCTL)], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_checkin_completes_the_key_results_of_an_objective() -> None:
    assert complete("okrctl checkin customer-satisfaction-leader/") == [
        "customer-satisfaction-leader/nps",
        "customer-satisfaction-leader/response-time",
        "customer-satisfaction-leader/churn",
    ]


def test_refs_complete_objectives_kpis_and_cycles() -> None:
    assert complete("okrctl show --cycle 2026-q4 gr") == ["gross-margin", "grow-leaders"]
    assert complete("okrctl log 2026") == ["2026-q4/", "2026/"]
    assert "2026-q4/nps" in complete("okrctl measure 2026-q4/n")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("okrctl status --owner ma", ["maria"]),
        ("okrctl checkin --owner ma", ["maria"]),
        ("okrctl status --team ", ["customer-success", "support", "engineering", "platform"]),
        ("okrctl status --theme customer-", ["customer-experience"]),
        ("okrctl cycle new 2027-q1 --team plat", ["platform"]),
        ("okrctl adjust customer-satisfaction-leader/n", ["customer-satisfaction-leader/nps"]),
        ("okrctl drop customer-satisfaction-leader/c", ["customer-satisfaction-leader/churn"]),
    ],
)
def test_owners_teams_themes_and_adjust_refs_complete(line: str, expected: list[str]) -> None:
    assert complete(line) == expected


def test_outside_a_strategy_repo_nothing_is_suggested(tmp_path: Path) -> None:
    assert complete("okrctl checkin cu", cwd=tmp_path) == []
