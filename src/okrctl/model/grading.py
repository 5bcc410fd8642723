"""The arithmetic of scoring: a metric's progress and a key result's or objective's score.

This lives in the model layer because two sibling layers need the very same numbers:
okrctl.score builds status reports on `metric_progress`, and `okrctl cycle close` records
(and rule OKR651 in okrctl.rules, which may not import okrctl.score, checks) final scores
from `key_result_score` / `objective_score`. A final score is the key result's progress on its
latest check-in, rounded to two decimals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from operator import attrgetter

from okrctl.model.common import Checkin, Direction
from okrctl.model.objective import KeyResult, Objective
from okrctl.model.values import Value

DECIMALS = 2
# Score bands of the QBR distribution, named as they are computed: [0, 0.4) is "0.0-0.39",
# [0.4, 0.7) is "0.4-0.69", [0.7, 1] is "0.7-1.0" (scores have two decimals, so 0.39 is the
# top of the lowest band and 0.33 is in it).
BANDS = (("0.0-0.39", 0.0), ("0.4-0.69", 0.4), ("0.7-1.0", 0.7))
# Scores are compared with a little slack so that float rounding (0.7 computed as
# 0.6999999999999999) never drops a key result into a lower band.
EPSILON = 1e-9
_DATE = attrgetter("date")


def checkins_until(checkins: Sequence[Checkin] | None, day: dt.date) -> Sequence[Checkin]:
    """The check-ins known on `day`: later ones have not happened yet for a view of that day.

    The one place check-ins are cut by date (scoring, reviews and trends all come here).
    """
    if not checkins:
        return ()
    if max(map(_DATE, checkins)) <= day:  # map and attrgetter run in C: scoring asks per KR
        return checkins  # the usual case: no copy
    return [c for c in checkins if c.date <= day]


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


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Sum(value x weight) / sum(weight) over (value, weight) pairs; None when no weight."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum > 0 else None


def key_result_progress(kr: KeyResult, until: dt.date | None = None) -> float:
    """Progress in [0, 1] of a key result on its latest check-in (else its baseline); with
    `until`, counting only the check-ins dated up to that day.
    """
    checkins = kr.checkins if until is None else checkins_until(kr.checkins, until)
    current = current_value(checkins, kr.baseline)
    return metric_progress(kr.effective_direction, kr.baseline, kr.target, current)[0]


def round_score(value: float) -> float:
    """A score as recorded: two decimals (0.705 -> 0.71, never 0.7050000001)."""
    return round(value + EPSILON if value >= 0 else value, DECIMALS)


def key_result_score(kr: KeyResult) -> float:
    """The final score of a key result: its progress, rounded to two decimals."""
    return round_score(key_result_progress(kr))


def weighted_score(pairs: Iterable[tuple[float, float]]) -> float:
    """The weighted mean of (score, weight) pairs, rounded; 0 when there is no weight."""
    mean = weighted_mean(pairs)
    return round_score(mean) if mean is not None else 0.0


def objective_score(obj: Objective) -> float:
    """The final score of an objective: the weighted mean of its key results' final scores
    (the recorded ones when present), rounded to two decimals; 0 without key results.
    """
    pairs = []
    for kr in obj.key_results:
        if kr.status == "dropped":  # retired mid-cycle: it no longer counts
            continue
        score = kr.final_score if kr.final_score is not None else key_result_score(kr)
        pairs.append((float(score), float(kr.weight)))
    return weighted_score(pairs)


def band(score: float) -> str:
    """The QBR band of a score: '0.0-0.39', '0.4-0.69' or '0.7-1.0' (see BANDS)."""
    found = BANDS[0][0]
    for name, low in BANDS:
        if score + EPSILON >= low:
            found = name
    return found
