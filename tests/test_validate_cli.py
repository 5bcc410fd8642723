"""`okrctl validate`, `okrctl rules` and `okrctl schema`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_CONFIG, GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
BAD = GOOD_OBJECTIVE.replace("theme: cx", "theme: cxx")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env or {"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def test_clean_repo_exits_zero(write_repo: WriteRepo) -> None:
    code, out, err = run("-C", str(write_repo()), "validate", "--as-of", "2026-11-28")
    assert (code, out) == (0, "")
    assert "3 files checked, no problems" in err


def test_text_format_is_path_line_col(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo({OBJ: BAD})
    monkeypatch.chdir(root)
    code, out, err = run("validate", "--as-of", "2026-11-28")
    assert code == 1
    assert out == (f"{OBJ}:2:8: error OKR202 unknown theme 'cxx': did you mean 'cx'?\n")
    assert "1 error, 0 warnings" in err


def test_repo_is_found_from_a_subfolder(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo({OBJ: BAD})
    monkeypatch.chdir(root / "cycles/2026-q4/objectives")
    code, out, _ = run("validate", "--as-of", "2026-11-28")
    assert code == 1
    assert out.startswith("cx-leader.yaml:2:8: error OKR202")  # relative to where you stand


def test_json_format_is_a_stable_list(write_repo: WriteRepo) -> None:
    root = write_repo({OBJ: BAD})
    code, out, _ = run("validate", "-C", str(root), "--format", "json", "--as-of", "2026-11-28")
    assert code == 1
    items = json.loads(out)
    assert len(items) == 1
    item = items[0]
    assert set(item) == {"file", "line", "col", "code", "severity", "message"}
    assert (item["line"], item["col"], item["code"], item["severity"]) == (2, 8, "OKR202", "error")
    assert item["file"].endswith(OBJ)


def test_github_format_escapes_and_is_automatic_in_actions(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("theme: cx", 'theme: "x%0A\\n::warning::pwned"')
    root = write_repo({OBJ: text})
    code, out, _ = run(
        "-C", str(root), "validate", "--as-of", "2026-11-28", env={"GITHUB_ACTIONS": "true"}
    )
    assert code == 1
    lines = [line for line in out.splitlines() if line]
    assert len(lines) == 1  # the theme is not even an id (OKR103)
    line = lines[0]
    assert line.startswith("::error file=")
    assert ",line=2,col=8,title=OKR103::" in line
    # a newline in the user's text is shown as `\n`, its `::` is broken by a word joiner,
    # and a literal %0A stays literal
    assert "x%250A\\n:\u2060:warning:\u2060:pwned" in line


def test_warnings_pass_unless_strict(write_repo: WriteRepo) -> None:
    two_krs = GOOD_OBJECTIVE.split("  - id: churn")[0]
    root = write_repo({OBJ: two_krs})
    code, out, _ = run("-C", str(root), "validate", "--as-of", "2026-11-28")
    assert code == 0 and "warning OKR205" in out
    code, _, _ = run("-C", str(root), "validate", "--strict", "--as-of", "2026-11-28")
    assert code == 1


def test_rule_severity_override_and_off(write_repo: WriteRepo) -> None:
    two_krs = GOOD_OBJECTIVE.split("  - id: churn")[0]
    root = write_repo(
        {OBJ: two_krs, "okrctl.yaml": BASE_CONFIG + "settings:\n  rules: {OKR205: error}\n"}
    )
    code, out, _ = run("-C", str(root), "validate", "--as-of", "2026-11-28")
    assert code == 1 and "error OKR205" in out
    root = write_repo({"okrctl.yaml": BASE_CONFIG + "settings:\n  rules: {OKR205: 'off'}\n"})
    code, out, _ = run("-C", str(root), "validate", "--strict", "--as-of", "2026-11-28")
    assert (code, out) == (0, "")


def test_paths_limit_the_report(write_repo: WriteRepo) -> None:
    root = write_repo({OBJ: BAD, "cycles/2026-q4/objectives/other.yaml": BAD.replace("ana", "bo")})
    code, out, _ = run("-C", str(root), "validate", str(root / OBJ), "--as-of", "2026-11-28")
    assert code == 1
    assert out.count("OKR202") == 1 and "other.yaml" not in out
    code, out, _ = run("-C", str(root), "validate", str(root / "cycles"), "--as-of", "2026-11-28")
    assert out.count("OKR202") == 2


def test_path_outside_the_repo_is_a_usage_error(write_repo: WriteRepo, tmp_path: Path) -> None:
    root = write_repo()
    code, _, err = run("-C", str(root), "validate", str(tmp_path))
    assert code == 2 and "not inside the strategy repo" in err
    code, _, err = run("-C", str(root), "validate", str(root / "nope.yaml"))
    assert code == 2 and "no such file" in err


def test_no_repo_found_exits_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("validate")
    assert (code, out) == (2, "")
    assert err.startswith("okrctl: no okrctl.yaml found")
    code, _, err = run("-C", str(tmp_path), "validate")
    assert code == 2 and "not a strategy repo" in err


def test_bad_option_exits_two(write_repo: WriteRepo) -> None:
    code, _, _ = run("-C", str(write_repo()), "validate", "--format", "xml")
    assert code == 2
    code, _, _ = run("-C", str(write_repo()), "validate", "--as-of", "yesterday")
    assert code == 2


def test_rules_lists_every_code() -> None:
    from okrctl.rules.engine import load_rules

    code, out, _ = run("rules")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == sorted(load_rules())
    assert "OKR201  theme-missing" in out


def test_schema_check_detects_drift(tmp_path: Path) -> None:
    out_dir = tmp_path / "schemas"
    code, _, err = run("schema", "--out", str(out_dir))
    assert code == 0 and "wrote" in err
    code, _, _ = run("schema", "--out", str(out_dir), "--check")
    assert code == 0
    (out_dir / "kpi.schema.json").write_text("{}")
    code, _, err = run("schema", "--out", str(out_dir), "--check")
    assert code == 1 and "stale" in err and "kpi.schema.json" in err
    assert (out_dir / "kpi.schema.json").read_text() == "{}"  # --check writes nothing


def test_installed_script_runs_without_traceback(write_repo: WriteRepo) -> None:
    root = write_repo({OBJ: "title: [broken\n"})
    proc = subprocess.run(
        [sys.executable, "-m", "okrctl", "-C", str(root), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "OKR001" in proc.stdout and "Traceback" not in proc.stderr
