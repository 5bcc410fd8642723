"""Check-in series as a one-line sparkline."""

from __future__ import annotations

import math
from collections.abc import Sequence

from okrctl.score.results import Value

TICKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[Value]) -> str:
    """One block per value, scaled from the lowest (▁) to the highest (█).

    A flat series sits in the middle; true/false (milestones) are █ and ▁.
    """
    if not values:
        return ""
    # Halves keep `high - low` finite for any two finite numbers; a non-finite one counts as 0.
    numbers = [n / 2 if math.isfinite(n := float(v)) else 0.0 for v in values]
    low, high = min(numbers), max(numbers)
    if high == low:
        tick = TICKS[-1] if all(v is True for v in values) else TICKS[0]
        if not any(isinstance(v, bool) for v in values):
            tick = TICKS[len(TICKS) // 2 - 1]
        return tick * len(numbers)
    top = len(TICKS) - 1
    return "".join(TICKS[round((n - low) / (high - low) * top)] for n in numbers)
