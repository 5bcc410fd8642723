"""Inline SVG trend charts of a metric's check-ins, with baseline and target lines.

Each chart is an image with a title and a description for screen readers; the numbers it
shows are also in a table beside it, so nothing depends on seeing the drawing.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from okrctl.render.escape import html_text as esc
from okrctl.render.html.layout import number, unit_suffix
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


# A cycle's check-ins fall on a few dozen distinct days.
_iso = functools.lru_cache(maxsize=1 << 12)(dt.date.isoformat)


def point_texts(points: Sequence[Point], unit: str | None) -> list[tuple[str, str]]:
    """Each point's date and value as shown (the chart's tips and the check-in table show
    the same two texts: made once). The values as `number` writes them, its exact-type
    cases inline: this runs for every check-in of the site."""
    suffix = unit_suffix(unit) if unit else ""
    texts = []
    for p in points:
        value = p.value
        kind = type(value)
        if kind is float:
            shown = f"{value:g}{suffix}"
        elif kind is int:
            shown = f"{value}{suffix}"
        else:
            shown = number(value, unit)
        texts.append((_iso(p.date), shown))
    return texts


def _x(start: dt.date, days: int, day: dt.date) -> float:
    offset = min(max((day - start).days, 0), days)
    return LEFT + (WIDTH - LEFT - RIGHT) * offset / days


@functools.lru_cache(maxsize=64)
def _x_texts(start: dt.date, days: int) -> dict[dt.date, tuple[float, str]]:
    """Each day's x and its text, filled as days come: every chart of a cycle shares its
    start, its span and its check-in days."""
    return {}


@functools.lru_cache(maxsize=64)
def _opening(dom_id: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" style="max-width:{WIDTH}px" role="img" '
        f'aria-labelledby="{dom_id}-t {dom_id}-d">'
    )


_PLOT = (
    f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
    f'height="{HEIGHT - TOP - BOTTOM}" fill="#f6f8fa" stroke="#d0d7de"/>'
)
_NOTHING = (
    f'<text x="{(WIDTH - RIGHT + LEFT) / 2:.0f}" y="{HEIGHT / 2:.0f}" '
    'text-anchor="middle" fill="#57606a">no check-ins yet</text>'
)


@functools.lru_cache(maxsize=64)
def _today(start: dt.date, days: int, end: dt.date, as_of: dt.date) -> str:
    """The report day's vertical line (and label when it has room), '' outside the cycle."""
    if not start <= as_of <= end:
        return ""
    x = _x(start, days, as_of)
    line = (
        f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#8c959f" stroke-width="1"/>'
    )
    if LEFT + 90 < x < WIDTH - RIGHT - 90:  # else it would overlap a date label
        line += (
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            'fill="#57606a">today</text>'
        )
    return line


@functools.lru_cache(maxsize=64)
def _dates(start: dt.date, end: dt.date) -> str:
    bottom = HEIGHT - BOTTOM + 18
    return (
        f'<text x="{LEFT}" y="{bottom}">{start.isoformat()}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{bottom}" text-anchor="end">{end.isoformat()}</text>'
        "</svg>"
    )


def _marks(
    chart: Chart, scale: _Scale, values: list[float | None], texts: list[tuple[str, str]]
) -> list[str]:
    """The line through the check-ins, a dot (with a tip) per check-in, the latest value."""
    # The arithmetic of `_Scale.y`, inline: this runs for every check-in of the site.
    high, span, flip = scale.high, scale.high - scale.low, scale.flip
    plot_height = HEIGHT - TOP - BOTTOM
    start, days = scale.start, scale.days
    known = _x_texts(start, days)
    isfinite = math.isfinite
    joints: list[str] = []
    dots: list[str] = []
    x = y = 0.0
    last: Point | None = None
    for p, v, (day, shown) in zip(chart.points, values, texts, strict=True):
        if v is None:
            continue
        found = known.get(p.date)
        if found is None:
            x = _x(start, days, p.date)
            found = known[p.date] = (x, f"{x:.1f}")
        x, x_text = found
        share = (high - v / 2) / span
        if flip:
            share = 1 - share
        if not isfinite(share):
            share = 0.5
        if share < -0.1:  # an outlier stays next to the plot
            share = -0.1
        elif share > 1.1:
            share = 1.1
        y = TOP + plot_height * share
        y_text = f"{y:.1f}"
        joints.append(f"{x_text},{y_text}")
        dots.append(
            f'<circle cx="{x_text}" cy="{y_text}" r="3.5" fill="{LINE}">'
            f"<title>{day}: {shown}</title></circle>"
        )
        last = p
    if last is None:
        return [_NOTHING]
    if len(joints) > 1:
        dots.insert(
            0,
            f'<polyline points="{" ".join(joints)}" fill="none" stroke="{LINE}" stroke-width="2"/>',
        )
    dots.append(f'<text x="{x + 7:.1f}" y="{y - 7:.1f}" fill="{LINE}">{number(last.value)}</text>')
    return dots


def trend_chart(chart: Chart, texts: list[tuple[str, str]] | None = None) -> str:
    """An SVG line chart of the check-ins over the cycle's dates. `texts`: the points'
    `point_texts`, when the caller has them already."""
    if texts is None:
        texts = point_texts(chart.points, chart.unit)
    values = [_y_value(p.value) for p in chart.points]
    ys = [v for v in values if v is not None]
    levels = [float(v) for v in (chart.baseline, chart.target) if v is not None]
    scale = _Scale(chart, ys + levels or [0.0, 1.0])
    parts = [
        _opening(chart.dom_id),
        f'<title id="{chart.dom_id}-t">Trend of {esc(chart.title)}</title>',
        f'<desc id="{chart.dom_id}-d">{describe(chart)}</desc>',
        _PLOT,
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
    parts.append(_today(scale.start, scale.days, chart.end, chart.as_of))
    parts += _marks(chart, scale, values, texts)
    parts.append(_dates(chart.start, chart.end))
    return "".join(parts)
