"""The README documents what the code does: every rule, and file examples that load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app
from okrctl.load.document import load_document
from okrctl.model import Cycle, Kpi, Objective, StrategyConfig
from okrctl.rules.engine import load_rules

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_rule_table_is_the_catalogue() -> None:
    result = CliRunner().invoke(app, ["rules", "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout in README, "README is stale: paste `okrctl rules --format markdown`"
    for code, r in load_rules().items():
        assert f"| `{code}` | {r.name} |" in README, code


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", README, flags=re.DOTALL)


def _model_for(text: str) -> type | None:
    keys = set(re.findall(r"^([a-z_]+):", text, flags=re.MULTILINE))
    if "organization" in keys:
        return StrategyConfig
    if {"start", "end"} <= keys:
        return Cycle
    if "perspective" in keys:
        return Kpi
    if "key_results" in keys:
        return Objective
    return None


@pytest.mark.parametrize("block", [b for b in _yaml_blocks() if _model_for(b)])
def test_format_examples_load_cleanly(block: str) -> None:
    model = _model_for(block)
    assert model is not None
    loaded = load_document("README.md", block.encode(), model)
    assert loaded.diagnostics == []
    assert loaded.model is not None


def test_there_is_an_example_of_each_file_kind() -> None:
    kinds = {_model_for(b) for b in _yaml_blocks()}
    assert {StrategyConfig, Cycle, Objective, Kpi} <= kinds


def test_ci_runs_exactly_the_quick_start_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, flags=re.DOTALL)
    assert len(commands) == 2
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert f"step '{command}'" in ci
