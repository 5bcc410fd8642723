"""`okrctl checkin --from FILE`: bulk check-ins from CSV or JSON lines, all or nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
KPI_FILE = "cycles/2026-q4/kpis/arr.yaml"
KPI = """\
title: Annual recurring revenue
perspective: financial
owner: ana
unit: M EUR
baseline: 18
target: 24
checkins:
  - {date: 2026-10-05, value: 20.1}
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ana Lima",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Lima",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
}


def run(root: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["-C", str(root), "checkin", "--as-of", "2026-10-15", *args], input=stdin
    )
    return result.exit_code, result.stdout, result.stderr


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def test_csv_rows_for_one_file_make_one_edit_and_one_commit(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    root = write_repo({KPI_FILE: KPI})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "start")
    rows = tmp_path / "week.csv"
    rows.write_text(
        "ref,value,confidence,note,date\n"
        "cx-leader/nps,63,0.8,Survey sent,2026-10-14\n"
        "cx-leader/response,20,,,2026-10-14\n"
        "arr,20.5,,,\n"
    )
    code, _, err = run(root, "--from", str(rows), "--commit")
    assert code == 0, err
    text = (root / OBJ).read_text()
    assert '{date: 2026-10-14, value: 63, confidence: 0.8, note: "Survey sent"}' in text
    assert "    checkins:\n      - {date: 2026-10-14, value: 20}\n" in text
    assert "  - {date: 2026-10-15, value: 20.5}\n" in (root / KPI_FILE).read_text()
    assert git(root, "rev-list", "--count", "HEAD").strip() == "2"
    subject = git(root, "log", "-1", "--format=%s").strip()
    assert subject == "checkin(2026-q4): 3 updates"
    assert git(root, "status", "--porcelain") == ""
    assert "recorded 2026-q4/cx-leader/nps 60 → 63 (confidence 0.8)" in err


def test_json_lines_from_stdin(write_repo: WriteRepo) -> None:
    root = write_repo()
    code, _, err = run(
        root,
        "--from",
        "-",
        stdin='{"ref": "cx-leader/nps", "value": 62.5, "date": "2026-10-10"}\n\n'
        '{"ref": "cx-leader/churn", "value": 7}\n',
    )
    assert code == 0, err
    text = (root / OBJ).read_text()
    assert "{date: 2026-10-10, value: 62.5}" in text
    assert "{date: 2026-10-15, value: 7}" in text


def test_every_bad_row_is_named_and_nothing_is_written(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    root = write_repo()
    before = (root / OBJ).read_text()
    rows = tmp_path / "bad.csv"
    rows.write_text(
        "ref,value,confidence,note,date\n"
        "cx-leader/nps,63,,,\n"  # good: but nothing may be written
        "cx-leader/npx,63,,,\n"
        "cx-leader/response,fast,,,\n"
        "cx-leader/churn,5,1.5,,\n"
        "cx-leader/churn,5,,,2026-13-01\n"
        "cx-leader/churn,5,,bell \x07 here,\n"
        '"cx-leader/churn",5,,"a\nb",\n'
    )
    code, out, err = run(root, "--from", str(rows))
    assert code == 2
    assert out == ""
    assert (root / OBJ).read_text() == before
    lines = [ln for ln in err.splitlines() if ln.startswith(f"okrctl: {rows}:")]
    assert [ln.split(":")[2] for ln in lines] == ["3", "4", "5", "6", "7", "8"]
    assert "no key result 'npx'" in lines[0] and "did you mean 'nps'" in lines[0]
    assert "must be a number, not 'fast'" in lines[1]
    assert "confidence must be between 0 and 1, not 1.5" in lines[2]
    assert "expected a date YYYY-MM-DD, got '2026-13-01'" in lines[3]
    assert "control character U+0007" in lines[4]
    assert "control character U+000A" in lines[5]
    assert err.splitlines()[-1] == f"okrctl: 6 bad rows in {rows}: nothing written"


def test_a_bad_header_or_json_line_is_refused(write_repo: WriteRepo, tmp_path: Path) -> None:
    root = write_repo()
    rows = tmp_path / "bad.csv"
    rows.write_text("ref,amount\ncx-leader/nps,63\n")
    code, _, err = run(root, "--from", str(rows))
    assert code == 2
    assert f"{rows}:1: the header must name columns of ref,value,confidence,note,date" in err
    code, _, err = run(
        root, "--from", "-", stdin='{"ref": "cx-leader/nps", "value": NaN}\n[1]\n{"ref":\n'
    )
    assert code == 2
    assert "stdin:1: not a JSON object: NaN is not a number" in err
    assert "stdin:2: not a JSON object" in err
    assert "stdin:3: not a JSON object" in err
    assert "Traceback" not in err


def test_from_refuses_other_values_and_a_missing_file(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    root = write_repo()
    code, _, err = run(root, "--from", "-", "--value", "3", stdin="")
    assert code == 2
    assert "--from FILE takes every value from the file" in err
    code, _, err = run(root, "--from", str(tmp_path / "none.csv"))
    assert code == 2
    assert "none.csv: cannot read it (No such file or directory)" in err
