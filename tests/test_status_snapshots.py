"""Snapshots of the rendered views of the example repo at a fixed date.

Rerun with OKRCTL_UPDATE_SNAPSHOTS=1 to rewrite them after an intended change, then review
the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "strategy-repo"
SNAPSHOTS = Path(__file__).parent / "snapshots"
# The example's check-ins run to 2026-11-23; on this date the example has no errors.
AS_OF = "2026-11-28"
# The same output whatever the terminal or CI settings of the machine running the tests.
ENV: dict[str, str | None] = {"COLUMNS": "80", "FORCE_COLOR": None, "NO_COLOR": None}

CASES = {
    "status.txt": ["status"],
    "status.md": ["status", "--format", "markdown"],
    "status-red-yellow.txt": ["status", "--status", "red,yellow"],
    "status-team-customer-success.txt": ["status", "--team", "customer-success"],
    "kpis.txt": ["kpis"],
    "kpis.md": ["kpis", "--format", "markdown"],
    "tree.txt": ["tree"],
    "show-objective.txt": ["show", "support-in-hours"],
    "show-key-result.txt": ["show", "customer-satisfaction-leader/nps"],
    "show-kpi.txt": ["show", "2026-q4/nps"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_snapshot(name: str) -> None:
    args = ["-C", str(EXAMPLE), *CASES[name], "--as-of", AS_OF]
    result = CliRunner().invoke(app, args, env=ENV)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    path = SNAPSHOTS / name
    if os.environ.get("OKRCTL_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path}: run with OKRCTL_UPDATE_SNAPSHOTS=1"
    assert result.stdout == path.read_text(encoding="utf-8")
