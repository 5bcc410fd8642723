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
