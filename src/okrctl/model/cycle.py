"""`cycles/<cycle-id>/cycle.yaml`: one OKR period."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from okrctl.model.common import Date, Frequency, Id, Strict, Text
from okrctl.model.config import CadenceEvent


class Scope(StrEnum):
    COMPANY = "company"
    DEPARTMENT = "department"
    TEAM = "team"


class CycleStatus(StrEnum):
    PLANNING = "planning"
    ACTIVE = "active"
    CLOSED = "closed"


class Cycle(Strict):
    name: Text
    start: Date
    end: Date
    scope: Scope = Scope.COMPANY
    team: Id | None = Field(default=None, description="Required when scope is not company.")
    parent: Id | None = Field(default=None, description="The annual cycle this one belongs to.")
    status: CycleStatus | None = Field(
        default=None, description="planning|active|closed; derived from the dates when omitted."
    )
    cadence: list[CadenceEvent] = Field(default_factory=list)
    checkin_cadence: Frequency | None = Field(
        default=None,
        description="How often this cycle's key results need a check-in (e.g. monthly for an "
        "annual cycle); default settings.checkin_cadence.",
    )

    def status_on(self, today: dt.date) -> CycleStatus:
        """The explicit status, else planning before `start`, closed after `end`."""
        if self.status is not None:
            return self.status
        if today < self.start:
            return CycleStatus.PLANNING
        if today > self.end:
            return CycleStatus.CLOSED
        return CycleStatus.ACTIVE

    def contains(self, other: Cycle) -> bool:
        return self.start <= other.start and other.end <= self.end
