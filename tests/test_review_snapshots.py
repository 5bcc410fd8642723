"""Snapshots of the WBR, MBR and QBR of the example repo at a fixed date.

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
AS_OF = "2026-11-28"  # the example's check-ins run to 2026-11-23
ENV: dict[str, str | None] = {"COLUMNS": "80", "FORCE_COLOR": None, "NO_COLOR": None}

CASES = {
    "review_weekly.md": ["review", "weekly"],
    "review_weekly.txt": ["review", "weekly", "--format", "text"],
    "review_monthly.md": ["review", "monthly"],
    "review_quarterly.md": ["review", "quarterly"],
    "review_quarterly_annual.md": ["review", "quarterly", "--cycle", "2026"],
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
