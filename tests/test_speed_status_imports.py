"""`status --format json` imports only what it needs: not Rich (text and Markdown only) and
not the result modules of other commands (their JSON shapes are looked up by module)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import WriteRepo

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
    code = (
        "import sys\n"
        "from okrctl.cli.app import main\n"
        f"sys.argv = ['okrctl', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"found = [m for m in {LAZY!r} if m in sys.modules]\n"
        "print('imported:' + ','.join(found), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("imported:")]
    return done.stdout, [m for m in line.removeprefix("imported:").split(",") if m]


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
