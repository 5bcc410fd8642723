"""Start-up stays lean: the CLI module does not import the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_cli_import_does_not_load_heavy_modules() -> None:
    code = (
        "import sys, okrctl.cli.app\n"
        "heavy = ['git', 'pydantic', 'yaml', 'rich', 'okrctl.load', 'okrctl.model.objective']\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_help_lists_the_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "okrctl", "--help"], capture_output=True, text=True, check=True
    )
    assert "validate" in out.stdout and "rules" in out.stdout and "schema" in out.stdout


def test_status_and_validate_do_not_load_the_measure_libraries() -> None:
    """The example has measured items; only `okrctl measure` needs SQLAlchemy and httpx."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from okrctl.cli.app import app\n"
        "for cmd in ('status', 'validate'):\n"
        "    CliRunner().invoke(app, ['-C', 'examples/strategy-repo', cmd])\n"
        "heavy = ['sqlalchemy', 'httpx', 'jmespath', 'psycopg', 'duckdb']\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == ""


def _imported_by(args: list[str], modules: list[str], cwd: Path | None = None) -> list[str]:
    """Which of `modules` running `okrctl ARGS` in-process imports."""
    code = (
        "import sys\n"
        "from okrctl.cli.app import main\n"
        f"sys.argv = ['okrctl', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"found = [m for m in {modules!r} if m in sys.modules]\n"
        "print('imported:' + ','.join(found), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    (line,) = [ln for ln in out.stderr.splitlines() if ln.startswith("imported:")]
    return [m for m in line.removeprefix("imported:").split(",") if m]


def test_a_command_help_does_not_load_pydantic_or_the_renderers() -> None:
    """`okrctl status --help` costs what `okrctl --help` does: typer would convert the
    global `-C` through pydantic before reaching the command's --help."""
    heavy = ["pydantic", "typer._adapters", "yaml", "okrctl.render.diff", "okrctl.render.status"]
    for command in (["--help"], ["status", "--help"], ["checkin", "--help"], ["diff", "--help"]):
        assert _imported_by(command, heavy) == [], command


def test_a_checkin_converts_its_options_without_pydantic(tmp_path: Path) -> None:
    """The model needs pydantic, but typer's per-option TypeAdapters are not built."""
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "strategy-repo", root)
    args = ["-C", str(root), "checkin", "customer-satisfaction-leader/nps", "--value", "66"]
    args += ["--date", "2026-11-30", "--as-of", "2026-11-30", "--dry-run"]
    lazy = [
        "typer._adapters",
        "okrctl.render.diff",
        "okrctl.render.status",
        "okrctl.render.jsondata",
    ]
    found = _imported_by(args, lazy)
    assert found == []
