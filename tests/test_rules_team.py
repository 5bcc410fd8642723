"""OKR211 reads every place a team is named, in one list: people, team parents, objectives
and cycles, each finding at the value that names the unknown team."""

from __future__ import annotations

import datetime as dt

from conftest import BASE_CONFIG, BASE_CYCLE, GOOD_OBJECTIVE, WriteRepo
from okrctl.api.validate import validate


def test_unknown_teams_everywhere_they_are_named(write_repo: WriteRepo) -> None:
    config = BASE_CONFIG.replace("team: support}", "team: suport}") + (
        "  - {id: platform, name: Platform, parent: engineerng}\n"
    )
    root = write_repo(
        {
            "okrctl.yaml": config,
            "cycles/2026-q4/cycle.yaml": BASE_CYCLE + "scope: team\nteam: plaform\n",
            "cycles/2026-q4/objectives/cx-leader.yaml": GOOD_OBJECTIVE + "team: suport\n",
        }
    )
    found = [
        (d.file, d.line, d.col, d.message)
        for d in validate(root, today=dt.date(2026, 11, 28)).diagnostics
        if d.code == "OKR211"
    ]
    assert found == [
        ("cycles/2026-q4/cycle.yaml", 5, 7, "unknown team 'plaform': did you mean 'platform'?"),
        (
            "cycles/2026-q4/objectives/cx-leader.yaml",
            22,
            7,
            "unknown team 'suport': did you mean 'support'?",
        ),
        ("okrctl.yaml", 6, 37, "unknown team 'suport': did you mean 'support'?"),
        ("okrctl.yaml", 7, 35, "unknown team 'suport': did you mean 'support'?"),
        ("okrctl.yaml", 11, 44, "unknown team 'engineerng'"),
    ]
