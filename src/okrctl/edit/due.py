"""Which key results and KPIs a person owns that need a check-in (the weekly walk-through)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from okrctl.edit.scalars import Value
from okrctl.edit.targets import Target
from okrctl.model import Checkin, Kpi, Objective
from okrctl.model.common import FREQUENCY_DAYS, Direction, Frequency
from okrctl.model.grading import latest_checkin
from okrctl.model.objective import ItemStatus


@dataclass(frozen=True)
class DueItem:
    """A key result or KPI to check in, with what the prompt shows."""

    target: Target
    title: str
    unit: str | None
    baseline: Value | None
    goal: Value | None  # the target value (`target` names the place)
    last: Checkin | None
    milestone: bool


@dataclass(frozen=True)
class DueList:
    """What `owner` has due in `cycle`."""

    cycle: str
    owner: str
    items: tuple[DueItem, ...]
    skipped: tuple[str, ...]  # files that did not load (fix them to see their key results)


def is_due(last: Checkin | None, on: dt.date, every: Frequency) -> bool:
    """No check-in within the cadence: none yet, or the last one `every` or more days ago
    (a weekly key result checked in last Monday is due again this Monday).
    """
    return last is None or (on - last.date).days >= FREQUENCY_DAYS[every]


def due_key_results(
    cycle: str, objective_id: str, objective: Objective, owner: str, on: dt.date, every: Frequency
) -> Iterator[DueItem]:
    """`every` is the cycle's default cadence; a key result's own `cadence` wins."""
    for kr in objective.key_results:
        if (kr.owner or objective.owner) != owner or kr.final_score is not None:
            continue
        if ItemStatus.DROPPED in (objective.status, kr.status):
            continue  # retired: asks for no check-in
        last = latest_checkin(kr.checkins)
        milestone = kr.effective_direction is Direction.MILESTONE
        if milestone and last is not None and last.value is True:
            continue  # done: nothing more to report
        if is_due(last, on, kr.cadence or every):
            yield DueItem(
                Target(cycle, objective_id, kr.id),
                kr.title,
                kr.unit,
                kr.baseline,
                kr.target,
                last,
                kr.effective_direction is Direction.MILESTONE,
            )


def due_kpi(cycle: str, kpi_id: str, kpi: Kpi, owner: str, on: dt.date) -> DueItem | None:
    last = latest_checkin(kpi.checkins)
    if kpi.owner != owner or not is_due(last, on, kpi.frequency):
        return None
    return DueItem(
        Target(cycle, None, kpi_id), kpi.title, kpi.unit, kpi.baseline, kpi.target, last, False
    )
