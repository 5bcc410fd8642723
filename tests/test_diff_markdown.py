"""`okrctl diff --format markdown`: a safe PR comment, capped in size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from okrctl.api.diff import diff
from okrctl.cli.app import app
from okrctl.render.diff import render_markdown
from test_history_support import objective, start_repo

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
EVIL = "<img src=x onerror=alert(1)> @acme/everyone [link](http://evil) ::error::boom"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def test_markdown_has_a_summary_table_and_details(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit("week", "2026-10-07", files={OBJ: objective(checkins=[("2026-10-07", 60)])})
    code, out, err = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "-f", "markdown", "--as-of", "2026-10-07"
    )
    assert code == 0
    assert "| Progress | 1 |" in out and "| Goal changes | 0 |" in out
    assert "<details><summary>Progress (1)</summary>" in out
    assert out.count("<details>") == out.count("</details>") == 1
    assert "#### Effect on scores" in out
    assert "1 progress update" in err


def test_user_text_cannot_inject_html_mentions_or_workflow_commands(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit("evil", "2026-10-07", files={OBJ: objective(title=f'"{EVIL}"', checkins=[])})
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "-f", "markdown", "--as-of", "2026-10-07"
    )
    assert code == 0
    assert "<img" not in out and "&lt;img" in out
    assert "@acme" not in out and "@\u200dacme" in out
    assert "[link](" not in out
    assert not any(line.startswith("::") for line in out.splitlines())


def test_markdown_is_capped_with_a_note(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    many = [(f"2026-10-{d:02d}", 60 + d) for d in range(2, 31)]
    g.commit("lots", "2026-10-31", files={OBJ: objective(checkins=many)})
    result = diff(g.path, "HEAD~1", "HEAD", as_of=dt.date(2026, 10, 31))
    assert result.count("progress") == 29
    text = render_markdown(result, g.path, limit=2_000)
    assert len(text.encode()) < 2_000
    assert "*Truncated:" in text
    assert text.count("<details>") == text.count("</details>")
    full = render_markdown(result, g.path)
    assert "Truncated" not in full and full.count("check\\-in 2026\\-10\\-") == 29
