"""The file format of a strategy repository, as pydantic models.

These models are the one source of truth: `okrctl schema` generates `schemas/*.json`
from them, and the loader validates every file against them.
"""

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
