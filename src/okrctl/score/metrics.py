"""The formulas of scoring, as small pure functions (documented in the README)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from okrctl.model import Checkin, KeyResult
from okrctl.model.common import Direction

# The metric arithmetic is shared with `cycle close` and the closed-cycle rules, which may not
# import okrctl.score: it lives in okrctl.model.grading and is re-exported here.
from okrctl.model.grading import (
    EPSILON,
    current_value,
    latest_checkin,
    metric_progress,
    weighted_mean,
)
from okrctl.results.scores import Status, Value

__all__ = [
    "EPSILON",
    "current_value",
    "expected_progress",
    "is_stale",
    "kpi_status",
    "latest_checkin",
    "latest_confidence",
    "Measured",
    "measured",
    "metric_progress",
    "status_for",
    "weighted_mean",
]


def latest_confidence(checkins: Sequence[Checkin] | None) -> float | None:
    """The confidence of the latest check-in that gives one."""
    best: float | None = None
    best_date: dt.date | None = None
    for c in checkins or ():  # on equal dates the one further down, as latest_checkin
        if c.confidence is not None and (best_date is None or c.date >= best_date):
            best, best_date = float(c.confidence), c.date
    return best


class Measured(NamedTuple):
    """What a key result's check-ins up to a day say."""

    latest: Checkin | None
    current: Value | None  # the latest check-in's value, else the baseline
    progress: float
    attainment: float | None
    confidence: float | None  # of the latest check-in that gives one


def measured(kr: KeyResult, seen: Sequence[Checkin]) -> Measured:
    """A key result measured on the check-ins `seen` (those known on the day)."""
    latest = latest_checkin(seen)
    current = latest.value if latest is not None else kr.baseline
    progress, attainment = metric_progress(kr.effective_direction, kr.baseline, kr.target, current)
    return Measured(latest, current, progress, attainment, latest_confidence(seen))


def expected_progress(start: dt.date, end: dt.date, as_of: dt.date, closed: bool) -> float:
    """The elapsed fraction of the cycle on `as_of`: (as_of - start) / (end - start) in days,
    clamped to [0, 1]; 1 for a closed cycle. A cycle of zero length is 0 before its day and 1
    from it on.
    """
    if closed:
        return 1.0
    span = (end - start).days
    if span <= 0:
        return 1.0 if as_of >= start else 0.0
    return min(1.0, max(0.0, (as_of - start).days / span))


def status_for(progress: float, expected: float, green: float, yellow: float) -> Status:
    """green when progress >= green x expected, yellow when >= yellow x expected, else red."""
    if progress + EPSILON >= green * expected:
        return Status.GREEN
    if progress + EPSILON >= yellow * expected:
        return Status.YELLOW
    return Status.RED


def is_stale(
    last_checkin: dt.date | None,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    cadence_days: int,
) -> bool:
    """No check-in within the cadence: more than `cadence_days` since the latest check-in
    (or since the cycle started, when there is none), counted up to as_of or the cycle's end.
    A cycle that has not started has nothing stale.
    """
    if as_of < start:
        return False
    since = last_checkin if last_checkin is not None else start
    return (min(as_of, end) - since).days > cadence_days


def kpi_status(
    direction: Direction,
    target: Value,
    current: Value | None,
    thresholds: tuple[Value, Value] | None,
) -> Status:
    """Bands from thresholds (green, yellow) when given, else green when the target is met.

    For a KPI that should fall (decrease, at-most) lower is better and the comparisons turn
    round. A KPI without any value is red.
    """
    if current is None:
        return Status.RED
    cur = float(current)
    down = direction in (Direction.DECREASE, Direction.AT_MOST)

    def reaches(bound: Value) -> bool:
        return cur <= bound if down else cur >= bound

    if thresholds is None:
        return Status.GREEN if reaches(target) else Status.RED
    green, yellow = thresholds
    if reaches(green):
        return Status.GREEN
    return Status.YELLOW if reaches(yellow) else Status.RED
