"""`show REF --history` reads REF's own files for the history (the repo is loaded once, by
`show`): other files do not matter to it, and REF's file with errors is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrctl.api.trends import history
from okrctl.cli.app import app
from okrctl.model.errors import OkrctlError
from test_history_support import objective, start_repo

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
OTHER = "cycles/2026-q4/objectives/broken.yaml"


def test_history_of_one_objective_beside_a_broken_file(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit(
        "w1",
        "2026-10-07",
        files={OBJ: objective(checkins=[("2026-10-07", 66)]), OTHER: "title: [unclosed\n"},
    )
    result = CliRunner().invoke(
        app,
        ["-C", str(g.path), "show", "cx-leader/nps", "--history", "--as-of", "2026-10-14"],
        env={"GITHUB_ACTIONS": ""},
    )
    assert result.exit_code == 1  # the broken file's error, reported by show
    assert "Weekly progress of 2026-q4/cx-leader/nps" in result.stdout
    assert "nps  ▄▄  47% → 47%" in result.stdout  # 66 of 58 → 75 both weeks


def test_history_names_the_objective_file_with_errors(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    (g.path / OBJ).write_text(objective() + "colour: blue\n", encoding="utf-8")
    with pytest.raises(OkrctlError, match=f"{OBJ} has errors: run `okrctl validate`"):
        history(g.path, "cx-leader", dt.date(2026, 10, 14))
