"""`--format`: one set of formats, each command taking its own subset of them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app

AS_OF = ("--as-of", "2026-10-08")


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_table_is_still_the_text_view(write_repo: WriteRepo) -> None:
    root = write_repo()
    for command in (["status"], ["show", "cx-leader"], ["tree"], ["kpis"]):
        text = run(root, *command, *AS_OF, "--format", "text")
        assert text[0] == 0, text
        assert "cx-leader" in text[1] or "Customer" in text[1]
        assert run(root, *command, *AS_OF, "--format", "table") == text
        assert run(root, *command, *AS_OF) == text  # text is the default


def test_a_format_is_read_in_any_case(write_repo: WriteRepo) -> None:
    root = write_repo()
    code, out, _ = run(root, "export", *AS_OF, "--format", "JSON")
    assert code == 0
    assert [row["key_result"] for row in json.loads(out)] == ["nps", "response", "churn"]
    code, out, _ = run(root, "validate", *AS_OF, "-f", "Json")
    assert code == 0 and json.loads(out) == []


def test_an_unknown_format_names_the_ones_the_command_writes(write_repo: WriteRepo) -> None:
    root = write_repo()
    cases = [
        (["export", "--format", "xlsx"], "csv or json", "xlsx"),
        (["status", "--format", "csv"], "text, json or markdown", "csv"),
        (["review", "weekly", "--format", "html"], "markdown, text or json", "html"),
        (["remind", "--format", "text"], "markdown, json or slack", "text"),
        (["validate", "--format", "markdown"], "text, json or github", "markdown"),
        (["rules", "--format", "json"], "text or markdown", "json"),
        (["cycle", "list", "--format", "x\x1b[2J"], "text, markdown or json", "x\\x1b[2J"),
    ]
    for args, listed, shown in cases:
        code, out, err = run(root, *args)
        assert (code, out) == (2, ""), (args, err)
        assert err == f"okrctl: --format: expected {listed}, got '{shown}'\n", args


def test_help_names_only_the_formats_of_the_command() -> None:
    def format_line(*command: str) -> str:
        out = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "120"}).stdout
        (line,) = [ln for ln in out.splitlines() if "--format FORMAT" in ln]
        return " ".join(line.split()[3:])

    assert format_line("status") == "text (or table), json or markdown. [default: text]"
    assert format_line("export") == "csv or json. [default: csv]"
    assert format_line("rules") == "text or markdown. [default: text]"
    assert format_line("log") == "text, markdown or json. [default: text]"


def test_the_shell_completes_the_formats_of_the_command() -> None:
    import os
    import subprocess
    import sys

    def complete(words: str) -> list[str]:
        env = {**os.environ, "_OKRCTL_COMPLETE": "complete_bash", "COMP_WORDS": words}
        env["COMP_CWORD"] = str(len(words.split()))
        code = "from okrctl.cli.app import app; app(prog_name='okrctl')"
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        return out.stdout.split()

    assert complete("okrctl export --format ") == ["csv", "json"]
    assert complete("okrctl status -f ") == ["text", "json", "markdown"]
    assert complete("okrctl remind --format ") == ["markdown", "json", "slack"]
