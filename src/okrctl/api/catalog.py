"""The rule catalogue for `okrctl rules` and the README."""

from __future__ import annotations

from okrctl.rules.engine import Rule, load_rules


def rule_catalog() -> list[Rule]:
    return sorted(load_rules().values(), key=lambda r: r.code)
