"""Writing into a closed cycle names it and says it is closed (exit 2, nothing written)."""

from __future__ import annotations

from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app

YEAR = "name: FY 2026\nstart: 2026-01-01\nend: 2026-12-31\n"
CLOSED_Q4 = "name: Q4 2026\nstart: 2026-10-01\nend: 2026-12-31\nparent: '2026'\nstatus: closed\n"
OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"


def test_a_checkin_into_the_closed_quarter_says_it_is_closed(write_repo: WriteRepo) -> None:
    root = write_repo({"cycles/2026/cycle.yaml": YEAR, "cycles/2026-q4/cycle.yaml": CLOSED_Q4})
    before = (root / OBJ).read_text()
    args = ["-C", str(root), "checkin", "cx-leader/nps", "--value", "70", "--as-of", "2026-12-15"]
    # The year is the active cycle on that day; the objective is only in the closed
    # quarter, so the short reference finds it there, and the quarter refuses it.
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "cycle 2026-q4 is closed: its check-ins are final" in result.stderr
    assert (root / OBJ).read_text() == before
    # Named in full, or with --cycle, the same cycle is refused as closed.
    full = CliRunner().invoke(app, [*args[:3], "2026-q4/cx-leader/nps", *args[4:]])
    assert full.exit_code == 2 and "cycle 2026-q4 is closed" in full.stderr
    assert (root / OBJ).read_text() == before


def test_closing_a_closed_cycle_names_it(write_repo: WriteRepo) -> None:
    root = write_repo({"cycles/2026/cycle.yaml": YEAR, "cycles/2026-q4/cycle.yaml": CLOSED_Q4})
    result = CliRunner().invoke(
        app, ["-C", str(root), "cycle", "close", "2026-q4", "--as-of", "2027-01-05"]
    )
    assert result.exit_code == 2
    assert "cycle 2026-q4 is already closed" in result.stderr
