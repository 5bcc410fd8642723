"""The rule catalogue for `okrctl rules` and the README."""

from __future__ import annotations

from okrctl.results.catalog import RuleInfo
from okrctl.rules.engine import load_rules


def rule_catalog() -> list[RuleInfo]:
    rules = sorted(load_rules().values(), key=lambda r: r.code)
    return [RuleInfo(r.code, r.name, r.severity, r.summary) for r in rules]
