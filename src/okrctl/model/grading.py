"""How `okrctl cycle close` grades: the `final_score` of a key result and of an objective.

This lives in the model layer because two sibling layers need the very same numbers: the
closing command writes them and rule OKR651 (okrctl.rules, which may not import
okrctl.score) checks that a closed cycle's files still produce them. The arithmetic is that of
`okrctl.score.metric_progress` (a test proves the two agree): a final score is the key
result's progress on its latest check-in, rounded to two decimals.
"""

from __future__ import annotations

from collections.abc import Iterable

from okrctl.model.common import Direction
from okrctl.model.objective import KeyResult, Objective

DECIMALS = 2
# Score bands of the QBR distribution, as half-open intervals: [0, 0.4) is "0-0.3",
# [0.4, 0.7) is "0.4-0.6", [0.7, 1] is "0.7-1.0". A score of 0.35 is thus in the lowest band.
BANDS = (("0-0.3", 0.0), ("0.4-0.6", 0.4), ("0.7-1.0", 0.7))
_EPSILON = 1e-9


def _latest(kr: KeyResult) -> float | bool | None:
    best = None
    for c in kr.checkins or ():
        if best is None or c.date >= best.date:
            best = c
    return best.value if best is not None else kr.baseline


def key_result_progress(kr: KeyResult) -> float:
    """Progress in [0, 1] of a key result on its latest check-in (else its baseline)."""
    direction = kr.effective_direction
    current = _latest(kr)
    if direction is Direction.MILESTONE:
        return 1.0 if current is True or current == 1 else 0.0
    if current is None or kr.target is None:
        return 0.0
    cur, tgt = float(current), float(kr.target)
    if direction in (Direction.AT_LEAST, Direction.AT_MOST):
        met = cur >= tgt if direction is Direction.AT_LEAST else cur <= tgt
        return 1.0 if met else 0.0
    if kr.baseline is None:
        return 0.0
    base = float(kr.baseline)
    if tgt == base:
        met = cur >= tgt if direction is Direction.INCREASE else cur <= tgt
        return 1.0 if met else 0.0
    return min(1.0, max(0.0, (cur - base) / (tgt - base)))


def round_score(value: float) -> float:
    """A score as recorded: two decimals (0.705 -> 0.71, never 0.7050000001)."""
    return round(value + _EPSILON if value >= 0 else value, DECIMALS)


def key_result_score(kr: KeyResult) -> float:
    """The final score of a key result: its progress, rounded to two decimals."""
    return round_score(key_result_progress(kr))


def weighted_score(pairs: Iterable[tuple[float, float]]) -> float:
    """The weighted mean of (score, weight) pairs, rounded; 0 when there is no weight."""
    total = weights = 0.0
    for score, weight in pairs:
        total += score * weight
        weights += weight
    return round_score(total / weights) if weights > 0 else 0.0


def objective_score(obj: Objective) -> float:
    """The final score of an objective: the weighted mean of its key results' final scores
    (the recorded ones when present), rounded to two decimals; 0 without key results.
    """
    pairs = []
    for kr in obj.key_results:
        score = kr.final_score if kr.final_score is not None else key_result_score(kr)
        pairs.append((float(score), float(kr.weight)))
    return weighted_score(pairs)


def band(score: float) -> str:
    """The QBR band of a score: '0-0.3', '0.4-0.6' or '0.7-1.0' (see BANDS)."""
    found = BANDS[0][0]
    for name, low in BANDS:
        if score + _EPSILON >= low:
            found = name
    return found
