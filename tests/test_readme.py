"""The README documents what the code does: every rule, and file examples that load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from okrctl.load.document import load_document
from okrctl.model import Cycle, Kpi, Objective, StrategyConfig
from okrctl.rules.engine import load_rules

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_rule() -> None:
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
