"""Scoring: pure arithmetic over loaded models (progress, attainment, status).

Importing a light module of this package (`okrctl.score.results`, which renderers and the
CLI need) does not import the loader and pydantic with `okrctl.score.cycle`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrctl.score.cycle import Scorer, active_cycle, resolve_parent, score_cycle
    from okrctl.score.metrics import (
        current_value,
        expected_progress,
        is_stale,
        kpi_status,
        metric_progress,
        status_for,
        weighted_mean,
    )
    from okrctl.score.results import (
        CycleScore,
        InitiativeScore,
        KeyResultScore,
        KpiScore,
        ObjectiveScore,
        Status,
        ThemeScore,
    )

__all__ = [
    "CycleScore",
    "InitiativeScore",
    "KeyResultScore",
    "KpiScore",
    "ObjectiveScore",
    "Scorer",
    "Status",
    "ThemeScore",
    "active_cycle",
    "current_value",
    "expected_progress",
    "is_stale",
    "kpi_status",
    "metric_progress",
    "resolve_parent",
    "score_cycle",
    "status_for",
    "weighted_mean",
]

# Each name is imported on first use (PEP 562): the package's light modules load alone.
_HOME = {
    **dict.fromkeys(("Scorer", "active_cycle", "resolve_parent", "score_cycle"), "cycle"),
    **dict.fromkeys(
        (
            "current_value",
            "expected_progress",
            "is_stale",
            "kpi_status",
            "metric_progress",
            "status_for",
            "weighted_mean",
        ),
        "metrics",
    ),
    **dict.fromkeys(
        (
            "CycleScore",
            "InitiativeScore",
            "KeyResultScore",
            "KpiScore",
            "ObjectiveScore",
            "Status",
            "ThemeScore",
        ),
        "results",
    ),
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'okrctl.score' has no attribute '{name}'")
    return getattr(importlib.import_module(f"okrctl.score.{module}"), name)
