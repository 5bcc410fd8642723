"""Scoring: pure arithmetic over loaded models (progress, attainment, status)."""

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
