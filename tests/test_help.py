"""What a user sees of options: okrctl's own wording for a bad --as-of, schema's folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app

OKRCTL = Path(__file__).parent.parent / ".venv" / "bin" / "okrctl"


def test_a_bad_as_of_is_said_in_okrctls_words(write_repo: WriteRepo) -> None:
    root = write_repo()
    for command in ("status", "checkin", "export"):
        result = CliRunner().invoke(app, ["-C", str(root), command, "--as-of", "2026-13-01"])
        assert result.exit_code == 2
        assert result.stderr == "okrctl: --as-of: expected a date YYYY-MM-DD, got '2026-13-01'\n"
    result = CliRunner().invoke(app, ["-C", str(root), "status", "--as-of", "2026-10-20"])
    assert result.exit_code == 0, result.stderr
    assert "as of 2026-10-20" in result.stdout


def test_shared_options_show_plain_metavars() -> None:
    result = CliRunner().invoke(app, ["status", "--help"], env={"COLUMNS": "100"})
    assert "--as-of DATE" in result.stdout
    assert "--cycle ID" in result.stdout
    assert "-C, --repo DIR" in result.stdout
    assert "<%Y-%m-%d>" not in result.stdout
    assert "does not match the formats" not in result.stdout


def test_schema_from_a_sub_folder_writes_to_the_repo_root(write_repo: WriteRepo) -> None:
    root = write_repo()
    where = root / "cycles" / "2026-q4" / "objectives"
    done = subprocess.run(
        [str(OKRCTL), "schema"], cwd=where, capture_output=True, text=True, env=os.environ
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (root / "schemas").iterdir()) == [
        "cycle.schema.json",
        "kpi.schema.json",
        "objective.schema.json",
        "okrctl.schema.json",
    ]
    assert not (where / "schemas").exists()
    other = root / "elsewhere"
    done = subprocess.run(
        [str(OKRCTL), "schema", "-o", str(other)], cwd=where, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert len(list(other.iterdir())) == 4  # -o still wins
