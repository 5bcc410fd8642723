"""`cycles/<cycle-id>/kpis/<kpi-id>.yaml`: a Balanced Scorecard KPI."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field

from okrctl.model.common import (
    LINKS_HELP,
    Checkin,
    Direction,
    Frequency,
    Id,
    Link,
    Number,
    Strict,
    Text,
    schema_required,
)
from okrctl.model.measure import Measure


class Perspective(StrEnum):
    FINANCIAL = "financial"
    CUSTOMER = "customer"
    INTERNAL_PROCESS = "internal-process"
    LEARNING_GROWTH = "learning-growth"


class Thresholds(Strict):
    """Status bands: for an increasing KPI green when value >= green, yellow when >= yellow."""

    green: Number
    yellow: Number


class Kpi(Strict):
    model_config = ConfigDict(json_schema_extra=schema_required("owner"))

    title: Text
    perspective: Perspective
    owner: Id | None = None
    unit: Text
    baseline: Number | None = None
    target: Number
    direction: Direction | None = Field(
        default=None, description="Inferred from baseline and target when omitted; else increase."
    )
    frequency: Frequency = Frequency.MONTHLY
    thresholds: Thresholds | None = None
    theme: Id | None = None
    checkins: list[Checkin] | None = None
    measure: Measure | None = Field(
        default=None, description="Read the value from a source (`okrctl measure`)."
    )
    links: list[Link] = Field(default_factory=list, description=LINKS_HELP)

    @property
    def effective_direction(self) -> Direction:
        if self.direction is not None:
            return self.direction
        if self.baseline is not None and self.target < self.baseline:
            return Direction.DECREASE
        return Direction.INCREASE
