"""Semantic rules: each a small function with a stable code, a severity and a summary."""

from okrctl.rules.engine import RULES, Rule, run_rules

__all__ = ["RULES", "Rule", "run_rules"]
