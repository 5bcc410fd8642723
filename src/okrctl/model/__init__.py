"""The file format of a strategy repository, as pydantic models.

These models are the one source of truth: `okrctl schema` generates `schemas/*.json`
from them, and the loader validates every file against them. Importing a light module of
this package (`okrctl.model.diagnostic`, `okrctl.model.dates`) does not import pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrctl.model.common import Checkin
    from okrctl.model.config import Person, Settings, StrategyConfig, Team, Theme
    from okrctl.model.cycle import Cycle
    from okrctl.model.diagnostic import Diagnostic, Severity
    from okrctl.model.kpi import Kpi
    from okrctl.model.objective import Adjustment, Initiative, KeyResult, Objective

__all__ = [
    "Adjustment",
    "Checkin",
    "Cycle",
    "Diagnostic",
    "Initiative",
    "KeyResult",
    "Kpi",
    "Objective",
    "Person",
    "Settings",
    "Severity",
    "StrategyConfig",
    "Team",
    "Theme",
]

# Each name is imported on first use (PEP 562): the package's light modules load alone.
_HOME = {
    "Checkin": "common",
    "Person": "config",
    "Settings": "config",
    "StrategyConfig": "config",
    "Team": "config",
    "Theme": "config",
    "Cycle": "cycle",
    "Diagnostic": "diagnostic",
    "Severity": "diagnostic",
    "Kpi": "kpi",
    "Adjustment": "objective",
    "Initiative": "objective",
    "KeyResult": "objective",
    "Objective": "objective",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'okrctl.model' has no attribute '{name}'")
    return getattr(importlib.import_module(f"okrctl.model.{module}"), name)
