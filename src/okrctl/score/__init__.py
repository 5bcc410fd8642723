"""Scoring: pure arithmetic over loaded models (progress, attainment, status).

Each name loads its module on first use, so `okrctl.score.metrics` does not bring in
`okrctl.score.cycle`. What scoring produces (the results) lives in `okrctl.results`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrctl.score.active import active_cycle
    from okrctl.score.cycle import Scorer, resolve_parent, score_cycle
    from okrctl.score.metrics import (
        current_value,
        expected_progress,
        is_stale,
        kpi_status,
        metric_progress,
        status_for,
        weighted_mean,
    )

__all__ = [
    "Scorer",
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
    **dict.fromkeys(("Scorer", "resolve_parent", "score_cycle"), "cycle"),
    "active_cycle": "active",
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
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'okrctl.score' has no attribute '{name}'")
    return getattr(importlib.import_module(f"okrctl.score.{module}"), name)
