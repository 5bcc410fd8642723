"""Start-up stays lean: the CLI module does not import the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from imports import run_noting_imports


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
    return run_noting_imports(args, modules, cwd).imported


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


def test_each_command_is_looked_up_in_its_module() -> None:
    import importlib

    from typer.main import get_command_name

    from okrctl.cli import app as cli

    found = {}
    for module in cli.COMMAND_MODULES:
        commands = importlib.import_module(f"okrctl.cli.{module}").commands
        names = [
            c.name or get_command_name(c.callback.__name__) for c in commands.registered_commands
        ]
        names += [g.typer_instance.info.name for g in commands.registered_groups]
        found.update(dict.fromkeys(names, module))
    assert found == cli.MODULE_OF


def test_the_command_run_is_found_past_the_global_options() -> None:
    from okrctl.cli.app import command_of

    assert command_of(["status", "--cycle", "x"]) == "status"
    assert command_of(["-C", "repo", "--debug", "--no-cache", "cycle", "list"]) == "cycle"
    assert command_of(["--repo=repo", "-Crepo", "checkin"]) == "checkin"
    assert command_of(["-C", "status"]) is None  # "status" is -C's value
    assert command_of(["--help", "status"]) is None  # okrctl's own help lists every command
    assert command_of(["stats"]) is None  # a typo: the whole app suggests `status`
    assert command_of([]) is None


def test_running_one_command_loads_only_its_module() -> None:
    others = ["okrctl.cli.cmd_checkin", "okrctl.cli.cmd_history", "okrctl.cli.cmd_review"]
    assert _imported_by(["status", "--help"], [*others, "okrctl.cli.cmd_status"]) == [
        "okrctl.cli.cmd_status"
    ]
    assert _imported_by(["--help"], others) == others
