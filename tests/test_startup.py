"""Start-up stays lean: the CLI module does not import the heavy libraries."""

from __future__ import annotations

import subprocess
import sys


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
