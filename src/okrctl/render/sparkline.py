"""Check-in series as a one-line sparkline."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeGuard

from okrctl.results.scores import Value

TICKS = "▁▂▃▄▅▆▇█"


def sparkline(
    values: Sequence[Value],
    baseline: Value | None = None,
    target: Value | None = None,
    *,
    lower_is_better: bool = False,
) -> str:
    """One block per value. With a numeric baseline and target: from the baseline (▁) to
    the target (█), so a decreasing metric that improves rises; values beyond either end sit
    at it. Else from the lowest (▁) to the highest (█), upside down when `lower_is_better`.

    A flat series sits in the middle; true/false (milestones) are █ and ▁.
    """
    if not values:
        return ""
    ends = [float(v) for v in (baseline, target) if _finite_number(v)]
    numeric = not any(isinstance(v, bool) for v in values)
    if numeric and len(ends) == 2 and ends[0] != ends[1]:
        return _towards(values, ends[0], ends[1])
    # Halves keep `high - low` finite for any two finite numbers; a non-finite one counts as 0.
    numbers = [n / 2 if math.isfinite(n := float(v)) else 0.0 for v in values]
    low, high = min(numbers), max(numbers)
    if high == low:
        return _flat(values, numeric) * len(numbers)
    top = len(TICKS) - 1
    shares = [(n - low) / (high - low) for n in numbers]
    if lower_is_better and numeric:
        shares = [1 - s for s in shares]
    return "".join(TICKS[round(s * top)] for s in shares)


def _finite_number(value: Value | None) -> TypeGuard[int | float]:
    """A number that can be an end of the scale (not a milestone's true/false, not NaN)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _flat(values: Sequence[Value], numeric: bool) -> str:
    """The tick of a series that never moves: the middle, or █/▁ for a milestone."""
    if numeric:
        return TICKS[len(TICKS) // 2 - 1]
    return TICKS[-1] if all(v is True for v in values) else TICKS[0]


def _towards(values: Sequence[Value], start: float, goal: float) -> str:
    top = len(TICKS) - 1
    out = []
    for v in values:
        n = float(v)
        # Halves keep the span finite, as above; a non-finite value sits at the baseline.
        share = (n / 2 - start / 2) / (goal / 2 - start / 2) if math.isfinite(n) else 0.0
        out.append(TICKS[round(min(max(share, 0.0), 1.0) * top)])
    return "".join(out)
