"""Tables use the terminal's width: 200, 80 and 50 columns (COLUMNS), as snapshots.

A wide terminal does not wrap titles at 80; below 60 columns each row becomes a block, so
no word is split and no column disappears; piped output without COLUMNS stays 80 wide.
Rerun with OKRCTL_UPDATE_SNAPSHOTS=1 to rewrite the snapshots after an intended change.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app
from test_status_snapshots import AS_OF, EXAMPLE, SNAPSHOTS

VIEWS = {
    "status": ["status"],
    "kpis": ["kpis"],
    "show-objective": ["show", "customer-satisfaction-leader"],
    "tree": ["tree"],
}
WIDTHS = ("200", "80", "50")


def render(args: list[str], columns: str | None) -> str:
    env = {"COLUMNS": columns, "FORCE_COLOR": None, "NO_COLOR": None}
    result = CliRunner().invoke(app, ["-C", str(EXAMPLE), *args, "--as-of", AS_OF], env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_width_snapshot(view: str, columns: str) -> None:
    out = render(VIEWS[view], columns)
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    path = SNAPSHOTS / f"width-{view}-{columns}.txt"
    if os.environ.get("OKRCTL_UPDATE_SNAPSHOTS") == "1":
        path.write_text(out, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path}: run with OKRCTL_UPDATE_SNAPSHOTS=1"
    assert out == path.read_text(encoding="utf-8")


def test_a_wide_terminal_keeps_titles_on_one_line() -> None:
    title = "Resolve most tickets within hours, with self-service as the first line"
    assert len(title) > 60  # wraps in an 80-column table
    assert any(title in line for line in render(["status"], "200").splitlines())
    assert not any(title in line for line in render(["status"], "80").splitlines())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z'-]{3,}", text))


@pytest.mark.parametrize("view", ["status", "kpis"])
def test_below_60_columns_no_word_is_split_and_no_column_is_lost(view: str) -> None:
    narrow, wide = render(VIEWS[view], "50"), render(VIEWS[view], "200")
    # Every word of the wide table is whole in the narrow one (a split word would be two
    # fragments, neither in the wide output)...
    assert _words(narrow) <= _words(wide) | {"Owner", "Progress", "Flags", "Updated"}
    assert _words(wide) - {"Objective", "Owner", "Progress", "KRs", "Flags", "Updated"} <= (
        _words(narrow)
    )
    # ...and every column's value is still there, named by its header.
    if view == "status":
        assert "  Owner: Sam Osei" in narrow and "  Flags: 1 stale" in narrow
        assert "  Progress: ██░░░░░░░░  21%" in narrow and "  KRs: 3" in narrow
    else:
        assert "  Current / target: 21 / 24 EUR million" in narrow
        assert "  Updated: 2026-11-04" in narrow


def test_piped_output_without_columns_is_80_wide() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [sys.executable, "-m", "okrctl", "-C", str(EXAMPLE), "status", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout == render(["status"], "80")
