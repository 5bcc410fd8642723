"""`status --format json` imports only what it needs: not Rich (text and Markdown only) and
not the result modules of other commands (their JSON shapes are looked up by module)."""

from __future__ import annotations

import json

from conftest import WriteRepo
from imports import run_noting_imports

LAZY = [
    "rich",
    "okrctl.render.style",
    "okrctl.results.reviews",
    "okrctl.results.log",
    "okrctl.results.diff",
    "okrctl.results.changes",
    "okrctl.results.remind",
    "okrctl.results.views",
]


def run_in_process(args: list[str]) -> tuple[str, list[str]]:
    """What `okrctl ARGS` prints, and which of LAZY it imported."""
    done = run_noting_imports(args, LAZY)
    return done.stdout, done.imported


def test_status_json_imports_neither_rich_nor_other_results(write_repo: WriteRepo) -> None:
    root = write_repo()
    out, imported = run_in_process(["-C", str(root), "status", "--format", "json"])
    assert imported == []
    assert [o["id"] for t in json.loads(out)["themes"] for o in t["objectives"]] == ["cx-leader"]


def test_the_table_still_draws_with_rich(write_repo: WriteRepo) -> None:
    root = write_repo()
    out, imported = run_in_process(["-C", str(root), "status"])
    assert "rich" in imported and "okrctl.render.style" in imported
    assert "OKR Control Center" in out and "cx-leader" in out


def test_a_command_returning_other_results_writes_their_json(write_repo: WriteRepo) -> None:
    """`checklist --format json`: CheckItem's shape ("check" for its label) is found on
    first use of the reviews module."""
    root = write_repo()
    out, imported = run_in_process(["-C", str(root), "checklist", "--format", "json"])
    assert "okrctl.results.reviews" in imported
    checks = json.loads(out)["checks"]
    assert checks and all(list(c) == ["check", "ok", "reason"] for c in checks)
