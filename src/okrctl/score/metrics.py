"""The formulas of scoring, as small pure functions (documented in the README)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from okrctl.model import Checkin
from okrctl.model.common import Direction
from okrctl.score.results import Status, Value

# Progress is compared with a little slack so that float rounding (0.7 computed as
# 0.6999999999999999) never drops a key result into a lower band.
EPSILON = 1e-9


def latest_checkin(checkins: Sequence[Checkin] | None) -> Checkin | None:
    """The check-in with the latest date; on equal dates the one further down the file."""
    best: Checkin | None = None
    for c in checkins or ():
        if best is None or c.date >= best.date:
            best = c
    return best


def current_value(checkins: Sequence[Checkin] | None, baseline: Value | None) -> Value | None:
    """The value of the latest check-in, else the baseline (None when neither exists)."""
    latest = latest_checkin(checkins)
    return latest.value if latest is not None else baseline


def latest_confidence(checkins: Sequence[Checkin] | None) -> float | None:
    """The confidence of the latest check-in that gives one."""
    best: Checkin | None = None
    for c in checkins or ():
        if c.confidence is not None and (best is None or c.date >= best.date):
            best = c
    return float(best.confidence) if best is not None and best.confidence is not None else None


def _number(value: Value | None) -> float | None:
    return None if value is None else float(value)


def metric_progress(
    direction: Direction,
    baseline: Value | None,
    target: Value | None,
    current: Value | None,
) -> tuple[float, float | None]:
    """(progress in [0, 1], unclamped attainment or None) of one metric.

    increase/decrease: attainment = (current - baseline) / (target - baseline), progress is
    it clamped to [0, 1]. at-least/at-most: 1 when met (inclusive), else 0. milestone: 1 when
    the current value is true (or 1), else 0. Guardrails and milestones have no attainment.
    A metric missing the numbers it needs scores 0 with no attainment.
    """
    if direction is Direction.MILESTONE:
        return (1.0 if current is True or current == 1 else 0.0), None
    cur, tgt, base = _number(current), _number(target), _number(baseline)
    if cur is None or tgt is None:
        return 0.0, None
    if direction in (Direction.AT_LEAST, Direction.AT_MOST):
        met = cur >= tgt if direction is Direction.AT_LEAST else cur <= tgt
        return (1.0 if met else 0.0), None
    if base is None:
        return 0.0, None
    if tgt == base:
        # No distance to travel (reported by OKR207): met or not, like a guardrail.
        met = cur >= tgt if direction is Direction.INCREASE else cur <= tgt
        return (1.0 if met else 0.0), None
    attainment = (cur - base) / (tgt - base)
    return min(1.0, max(0.0, attainment)), attainment


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
    cur = _number(current)
    if cur is None:
        return Status.RED
    down = direction in (Direction.DECREASE, Direction.AT_MOST)

    def reaches(bound: Value) -> bool:
        return cur <= bound if down else cur >= bound

    if thresholds is None:
        return Status.GREEN if reaches(target) else Status.RED
    green, yellow = thresholds
    if reaches(green):
        return Status.GREEN
    return Status.YELLOW if reaches(yellow) else Status.RED


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Sum(value x weight) / sum(weight) over (value, weight) pairs; None when no weight."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum > 0 else None
