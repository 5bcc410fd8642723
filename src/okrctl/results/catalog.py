"""The rule catalogue as `okrctl rules` lists it."""

from __future__ import annotations

from dataclasses import dataclass

from okrctl.model.diagnostic import Severity


@dataclass(frozen=True)
class RuleInfo:
    """A rule's public description (the engine's `Rule` without its check function)."""

    code: str
    name: str
    severity: Severity  # the default, before `settings.rules`
    summary: str
