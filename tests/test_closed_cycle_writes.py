"""Writing into a closed cycle names it and says it is closed (exit 2, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_the_closing_commit_records_final_scores_and_changes_no_status(tmp_path: Path) -> None:
    from test_history_support import ANA, objective, start_repo

    g = start_repo(tmp_path / "r")
    obj = "cycles/2026-q4/objectives/cx-leader.yaml"
    g.commit("NPS", "2026-12-20", files={obj: objective(checkins=[("2026-12-20", 70)])})
    ident = {
        "GIT_AUTHOR_NAME": ANA[0],
        "GIT_AUTHOR_EMAIL": ANA[1],
        "GIT_COMMITTER_NAME": ANA[0],
        "GIT_COMMITTER_EMAIL": ANA[1],
        **{k: v for k, v in g.env.items() if k.startswith(("GIT_CONFIG", "HOME"))},
    }
    close = ["-C", str(g.path), "cycle", "close", "2026-q4", "--as-of", "2027-01-02", "--commit"]
    assert CliRunner().invoke(app, close, env=ident).exit_code == 0
    result = CliRunner().invoke(
        app, ["-C", str(g.path), "diff", "HEAD~1", "HEAD", "--as-of", "2027-01-02", "-f", "json"]
    )
    data = json.loads(result.stdout)
    texts = {c["ref"]: c["text"] for c in data["changes"] if c["field"] == "final_score"}
    # nps: (70 - 58) / (75 - 58) = 0.705... -> 0.71; churn has no check-in: 0.
    assert texts["2026-q4/cx-leader/nps"] == "final score recorded: 0.71"
    assert texts["2026-q4/cx-leader/churn"] == "final score recorded: 0"
    assert data["scores"] and all(s["before_status"] == s["after_status"] for s in data["scores"])
