"""Status symbols and percentages: the marks the terminal and the HTML views share.

Kept free of Rich so that the static HTML report does not load it.
"""

from __future__ import annotations

import math

from okrctl.results.scores import Status

# Status is shown as a symbol and a word as well as a colour, so it survives monochrome
# output, NO_COLOR, print and colour-blindness.
SYMBOL = {
    Status.GREEN: "✓",
    Status.YELLOW: "!",
    Status.RED: "✗",
    Status.NOT_STARTED: "○",
    Status.DROPPED: "⊘",
}


def percent(fraction: float | None) -> str:
    """A fraction as a whole percentage ('70%'); '–' when missing."""
    if fraction is None or not math.isfinite(fraction * 100):
        return "–"
    return f"{round(fraction * 100)}%"
