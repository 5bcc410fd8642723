"""The five check-in rules (OKR401-405) walk every check-in once: each finding of each rule,
and only those, through the real command on a repo that breaks all of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import BASE_CONFIG, WriteRepo

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
KPI = "cycles/2026-q4/kpis/arr.yaml"
OBJECTIVE = """\
title: Delight customers
theme: cx
owner: ana
key_results:
  - id: nps
    title: NPS
    unit: points
    baseline: 58
    target: 75
    checkins:
      - {date: 2026-10-14, value: 60, confidence: 7}
      - {date: 2026-09-20, value: true}
      - {date: 2026-12-20, value: 61}
  - id: launch
    title: Launch
    direction: milestone
    checkins:
      - {date: 2026-10-07, value: 3}
"""
ARR = """\
title: Annual recurring revenue
perspective: financial
owner: ana
unit: M EUR
baseline: 18
target: 24
checkins:
  - {date: 2027-01-05, value: 20.1}
"""
CYCLE = "(2026-10-01 to 2026-12-31)"


def checkin_findings(root: Path) -> tuple[int, list[str]]:
    """Exit code and the OKR40x lines of `okrctl validate` (text: path:line:col: ...)."""
    done = subprocess.run(
        [sys.executable, "-m", "okrctl", "validate", "--as-of", "2026-11-28"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": ""},
        check=False,
    )
    assert "Traceback" not in done.stderr
    return done.returncode, [line for line in done.stdout.splitlines() if " OKR40" in line]


def test_each_checkin_rule_reports_each_of_its_checkins(write_repo: WriteRepo) -> None:
    root = write_repo({OBJ: OBJECTIVE, KPI: ARR})
    code, found = checkin_findings(root)
    assert code == 1
    assert found == [
        f"{KPI}:8:12: error OKR401 KPI 'arr': check-in 2027-01-05 is outside the cycle {CYCLE}",
        f"{KPI}:8:12: error OKR402 KPI 'arr': check-in 2027-01-05 is in the future",
        f"{OBJ}:11:51: error OKR404 key result 'nps': confidence 7 is outside 0-1",
        f"{OBJ}:12:16: error OKR401 key result 'nps': check-in 2026-09-20 is outside the "
        f"cycle {CYCLE}",
        f"{OBJ}:12:16: error OKR403 key result 'nps': check-in 2026-09-20 comes after 2026-10-14",
        f"{OBJ}:12:35: error OKR405 key result 'nps': check-in value True should be a number",
        f"{OBJ}:13:16: error OKR402 key result 'nps': check-in 2026-12-20 is in the future",
        f"{OBJ}:18:35: error OKR405 key result 'launch': check-in value 3 should be true or "
        "false (milestone)",
    ]


def test_settings_turn_one_checkin_rule_off_and_another_to_a_warning(
    write_repo: WriteRepo,
) -> None:
    config = BASE_CONFIG + 'settings:\n  rules: {OKR403: "off", OKR401: warning}\n'
    root = write_repo({"okrctl.yaml": config, OBJ: OBJECTIVE, KPI: ARR})
    code, found = checkin_findings(root)
    assert code == 1  # the errors of OKR402, 404 and 405 remain
    assert [line.split(" ", 3)[1:3] for line in found] == [
        ["warning", "OKR401"],
        ["error", "OKR402"],
        ["error", "OKR404"],
        ["warning", "OKR401"],
        ["error", "OKR405"],
        ["error", "OKR402"],
        ["error", "OKR405"],
    ]
