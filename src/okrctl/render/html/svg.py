"""Inline SVG trend charts of a metric's check-ins, with baseline and target lines.

Each chart is an image with a title and a description for screen readers; the numbers it
shows are also in a table beside it, so nothing depends on seeing the drawing.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from okrctl.render.escape import html_text as esc
from okrctl.render.html.layout import number
from okrctl.results.views import Point

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 12, 130, 14, 30  # margins: labels sit in them
LINE = "#0550ae"  # the check-in series: dark blue, 8:1 on white
BASE = "#57606a"
TARGET = "#1a7f37"
_HALF_MAX = sys.float_info.max / 2


@dataclass(frozen=True)
class Chart:
    """What one chart shows: a metric over a cycle."""

    dom_id: str  # unique within the page, lowercase-dash
    title: str  # untrusted (from YAML)
    unit: str | None
    baseline: float | int | None
    target: float | int | None
    start: dt.date
    end: dt.date
    as_of: dt.date
    points: Sequence[Point]
    milestone: bool = False


def _y_value(value: object) -> float | None:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    return None


class _Scale:
    def __init__(self, chart: Chart, values: list[float]) -> None:
        self.start, self.days = chart.start, max(1, (chart.end - chart.start).days)
        # Halved values and clamped bounds: a span near the float range cannot overflow
        # into `inf` and then draw at y="nan".
        finite = [v / 2 for v in values if math.isfinite(v)] or [0.0, 0.5]
        low, high = min(finite), max(finite)
        pad = (high - low) * 0.1 or max(abs(high) * 0.1, 0.5)
        self.low, self.high = max(low - pad, -_HALF_MAX), min(high + pad, _HALF_MAX)
        if chart.milestone:
            self.low, self.high = -0.125, 0.625  # halved, as above
        # The baseline at the bottom, the target at the top: a decreasing key result that
        # improves rises, as every other one does (a falling line reads as a collapse).
        self.flip = (
            not chart.milestone
            and chart.baseline is not None
            and chart.target is not None
            and chart.target < chart.baseline
        )

    def x(self, day: dt.date) -> float:
        offset = min(max((day - self.start).days, 0), self.days)
        return LEFT + (WIDTH - LEFT - RIGHT) * offset / self.days

    def y(self, value: float) -> float:
        share = (self.high - value / 2) / (self.high - self.low)
        if self.flip:
            share = 1 - share
        if not math.isfinite(share):
            share = 0.5
        share = min(max(share, -0.1), 1.1)  # an outlier stays next to the plot
        return TOP + (HEIGHT - TOP - BOTTOM) * share


def _hline(scale: _Scale, value: float, color: str, label: str, dash: str) -> str:
    y = scale.y(value)
    return (
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{color}" '
        f'stroke-width="1.5" stroke-dasharray="{dash}"/>'
        f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" fill="{color}">{label}</text>'
    )


def describe(chart: Chart) -> str:
    """A sentence saying what the chart shows (its accessible description). Plain text."""
    unit = chart.unit or ""
    parts = []
    if chart.milestone:
        parts.append("A milestone: done or not done.")
    else:
        parts.append(
            f"From a baseline of {number(chart.baseline, unit)} "
            f"towards a target of {number(chart.target, unit)}."
        )
        if chart.baseline is not None and chart.target is not None:
            if chart.target < chart.baseline:
                parts.append("Lower is better: the target is drawn at the top.")
    if chart.points:
        last = chart.points[-1]
        count = len(chart.points)
        parts.append(
            f"{count} check-in{'s' * (count != 1)}; the latest, on {last.date.isoformat()}, "
            f"is {number(last.value, unit)}."
        )
    else:
        parts.append("No check-ins yet.")
    return " ".join(parts)


def trend_chart(chart: Chart) -> str:
    """An SVG line chart of the check-ins over the cycle's dates."""
    ys = [v for v in (_y_value(p.value) for p in chart.points) if v is not None]
    levels = [float(v) for v in (chart.baseline, chart.target) if v is not None]
    scale = _Scale(chart, ys + levels or [0.0, 1.0])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" style="max-width:{WIDTH}px" role="img" '
        f'aria-labelledby="{chart.dom_id}-t {chart.dom_id}-d">',
        f'<title id="{chart.dom_id}-t">Trend of {esc(chart.title)}</title>',
        f'<desc id="{chart.dom_id}-d">{describe(chart)}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
        f'height="{HEIGHT - TOP - BOTTOM}" fill="#f6f8fa" stroke="#d0d7de"/>',
    ]
    if chart.milestone:
        parts.append(_hline(scale, 1.0, TARGET, "done", "6 4"))
    else:
        if chart.baseline is not None:
            label = f"baseline {number(chart.baseline)}"
            parts.append(_hline(scale, float(chart.baseline), BASE, label, "3 3"))
        if chart.target is not None:
            label = f"target {number(chart.target)}"
            parts.append(_hline(scale, float(chart.target), TARGET, label, "6 4"))
    if chart.start <= chart.as_of <= chart.end:
        x = scale.x(chart.as_of)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
            'stroke="#8c959f" stroke-width="1"/>'
        )
        if LEFT + 90 < x < WIDTH - RIGHT - 90:  # else it would overlap a date label
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                'fill="#57606a">today</text>'
            )
    coords = [
        (scale.x(p.date), scale.y(v), p)
        for p in chart.points
        if (v := _y_value(p.value)) is not None
    ]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for x, y, p in coords:
        tip = f"{p.date.isoformat()}: {number(p.value, chart.unit)}"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE}"><title>{tip}</title></circle>'
        )
    if coords:
        x, y, last = coords[-1]
        parts.append(
            f'<text x="{x + 7:.1f}" y="{y - 7:.1f}" fill="{LINE}">{number(last.value)}</text>'
        )
    else:
        parts.append(
            f'<text x="{(WIDTH - RIGHT + LEFT) / 2:.0f}" y="{HEIGHT / 2:.0f}" '
            'text-anchor="middle" fill="#57606a">no check-ins yet</text>'
        )
    bottom = HEIGHT - BOTTOM + 18
    parts.append(
        f'<text x="{LEFT}" y="{bottom}">{chart.start.isoformat()}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{bottom}" text-anchor="end">{chart.end.isoformat()}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
