"""What a `measure` run did, item by item: the models the renderer sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from okrctl.model.diagnostic import Diagnostic
from okrctl.model.values import Value


class MeasureOutcome(StrEnum):
    RECORDED = "recorded"
    WOULD_RECORD = "would-record"  # --dry-run
    FAILED = "failed"
    SKIPPED = "skipped"  # not due, or already measured on the date


@dataclass(frozen=True)
class MeasuredItem:
    ref: str  # cycle/objective/kr or cycle/kpi
    source: str
    outcome: MeasureOutcome
    value: Value | None = None
    summary: str | None = None  # `61 → 66`
    reason: str | None = None  # why it failed or was skipped
    diagnostic: Diagnostic | None = None  # a failure, with its code and place


@dataclass(frozen=True)
class MeasureRun:
    cycle: str
    as_of: dt.date
    items: tuple[MeasuredItem, ...]
    diffs: tuple[str, ...]  # unified diffs of the edited files
    written: bool
    message: str  # the commit message (made whether or not --commit was given)
    commit: str | None = None
    broken: tuple[str, ...] = ()  # files that do not load: their items were not measured

    @property
    def failures(self) -> tuple[MeasuredItem, ...]:
        return tuple(i for i in self.items if i.outcome is MeasureOutcome.FAILED)
