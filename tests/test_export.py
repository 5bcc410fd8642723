"""`okrctl export`: one row per key result, as CSV (defused) or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app
from okrctl.render.export import COLUMNS, csv_cell


def export(repo: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["export", "-C", str(repo), "--as-of", "2026-10-08", *args])
    return result.exit_code, result.stdout, result.stderr


def test_csv_has_one_row_per_key_result_with_hand_computed_values(write_repo: WriteRepo) -> None:
    code, out, err = export(write_repo())
    assert code == 0, err
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == list(COLUMNS)
    assert [r["key_result"] for r in table] == ["nps", "response", "churn"]
    nps = table[0]
    # (60 - 58) / (75 - 58) = 0.11765; expected on 2026-10-08 is 7/91 = 0.0769 and green
    # starts at 0.7 x 0.0769 = 0.0538.
    assert nps == {
        "cycle": "2026-q4",
        "as_of": "2026-10-08",
        "theme": "cx",
        "theme_name": "Customer Experience Transformation",
        "objective": "cx-leader",
        "objective_title": "Become the industry leader in customer satisfaction",
        "key_result": "nps",
        "title": "NPS",
        "owner": "ana",
        "unit": "points",
        "direction": "increase",
        "baseline": "58",
        "current": "60",
        "target": "75",
        "progress": "0.1176",
        "attainment": "0.1176",
        "status": "green",
        "stale": "false",
        "confidence": "0.7",
        "last_checkin": "2026-10-07",
        "cycle_status": "active",
        "final_score": "",  # recorded only when the cycle is closed
    }
    response = table[1]  # no check-in: current is the baseline, progress 0, red
    assert (response["current"], response["progress"], response["status"]) == ("24", "0.0", "red")
    assert (response["direction"], response["last_checkin"], response["confidence"]) == (
        "decrease",
        "",
        "",
    )


def test_json_has_the_same_rows_with_typed_values(write_repo: WriteRepo) -> None:
    repo = write_repo()
    code, out, _ = export(repo, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [list(r) for r in rows] == [list(COLUMNS)] * 3
    assert (rows[0]["baseline"], rows[0]["current"], rows[0]["progress"]) == (58, 60, 0.1176)
    assert rows[1]["confidence"] is None and rows[1]["stale"] is False


def test_formula_like_text_is_defused_in_csv_but_not_in_json(write_repo: WriteRepo) -> None:
    objective = (
        GOOD_OBJECTIVE.replace("title: NPS", "title: '=HYPERLINK(\"http://x\")'")
        .replace("title: Average support response time", "title: '-5% churn'")
        .replace("title: Customer churn rate", "title: '@SUM(A1)'")
        .replace("baseline: 8\n    target: 3", "baseline: -5\n    target: -8")
    )
    repo = write_repo({"cycles/2026-q4/objectives/cx-leader.yaml": objective})
    code, out, _ = export(repo)
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in table] == ['\'=HYPERLINK("http://x")', "'-5% churn", "'@SUM(A1)"]
    assert (table[2]["baseline"], table[2]["target"]) == ("-5", "-8")  # numbers untouched
    rows = json.loads(export(repo, "-f", "json")[1])
    assert [r["title"] for r in rows] == ['=HYPERLINK("http://x")', "-5% churn", "@SUM(A1)"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (True, "true"),
        (3, "3"),
        (-2.5, "-2.5"),
        ("+1", "'+1"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
        # Control characters are made visible, as in terminal output; a carriage return
        # then no longer starts the cell, and a formula behind one is still defused.
        ("\rx", "\\x0dx"),
        ("a\x1b[31mb\x07", "a\\x1b[31mb\\x07"),
        ("=1\u202e", "'=1\\u202e"),
        ("two\nlines", "two\\nlines"),  # a CSV row is one line, like every output
    ],
)
def test_csv_cell(value: str | int | float | bool | None, cell: str) -> None:
    assert csv_cell(value) == cell


def test_output_file_is_written_and_equals_stdout(write_repo: WriteRepo, tmp_path: Path) -> None:
    repo = write_repo()
    target = tmp_path / "krs.csv"
    code, out, err = export(repo, "-o", str(target))
    assert (code, out) == (0, "")
    assert "wrote 3 key results" in err
    data = target.read_bytes()
    assert data.count(b"\r\n") == 4  # header + 3 rows, RFC 4180 line ends
    # The test runner reads stdout with universal newlines.
    assert data.decode("utf-8").replace("\r\n", "\n") == export(repo)[1]


def test_output_into_a_missing_folder_is_a_usage_error(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    code, _, err = export(write_repo(), "-o", str(tmp_path / "no" / "krs.csv"))
    assert code == 2
    assert "does not exist" in err


def test_repo_errors_still_export_and_exit_1(write_repo: WriteRepo) -> None:
    bad = GOOD_OBJECTIVE.replace("owner: ana", "owner: nobody")
    code, out, err = export(write_repo({"cycles/2026-q4/objectives/cx-leader.yaml": bad}))
    assert code == 1
    assert len(list(csv.DictReader(io.StringIO(out)))) == 3
    assert "OKR204" in err


def test_unknown_format_is_a_usage_error(write_repo: WriteRepo) -> None:
    code, _, err = export(write_repo(), "--format", "xlsx")
    assert code == 2
