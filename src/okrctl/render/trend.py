"""Trends as text: progress sparklines week by week, and target changes over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TextIO

from okrctl.render.escape import plain
from okrctl.render.marks import percent
from okrctl.results.trends import CycleTrend, History, Point

TICKS = "▁▂▃▄▅▆▇█"
NO_DATA = "·"
WIDTH = 80
SPARK_WIDTH = 40  # the most recent weeks shown when a series is longer


def progress_sparkline(values: Sequence[float | None]) -> str:
    """One block per value on a fixed 0-100% scale (so two lines compare); · for no data."""
    top = len(TICKS) - 1
    return "".join(
        NO_DATA if v is None else TICKS[round(min(1.0, max(0.0, v)) * top)] for v in values
    )


def _pct(value: float | None) -> str:
    shown = percent(value)  # '–' for a missing or non-finite value
    return "—" if shown == "–" else shown


def series_line(label: str, values: Sequence[float | None], label_width: int) -> str:
    """`label  ▁▂▃▅  12% → 48%`, fitted to 80 columns."""
    values = list(values)[-SPARK_WIDTH:]
    known = [v for v in values if v is not None]
    ends = f"{_pct(known[0])} → {_pct(known[-1])}" if known else "no check-ins"
    room = WIDTH - len(ends) - 4 - len(values)
    shown = plain(label)
    if len(shown) > max(room, 8):
        shown = shown[: max(room, 8) - 1] + "…"
    return f"{shown:<{min(label_width, max(room, 8))}}  {progress_sparkline(values)}  {ends}"


def render_history(h: History, out: TextIO) -> None:
    """`okrctl show REF --history`: weekly progress, then the target changes from git."""
    span = f"week ends {h.weeks[0]} to {h.weeks[-1]}" if h.weeks else "no week of the cycle yet"
    out.write(f"\nWeekly progress of {plain(h.ref)} ({span}):\n")
    width = max((len(s.ref.rsplit("/", 1)[-1]) for s in h.series), default=0)
    for s in h.series:
        name = s.ref.rsplit("/", 1)[-1]
        out.write("  " + series_line(name, [p.progress for p in s.points], width) + "\n")
    out.write("\nTarget changes (from git):\n")
    if h.git_note:
        out.write(f"  unavailable: {plain(h.git_note)}\n")
    elif not h.targets:
        out.write("  none\n")
    for t in h.targets:
        reason = f' — "{plain(t.reason)}"' if t.reason else " — no adjustment recorded"
        line = f"  {t.date}  {t.sha[:10]}  {t.field} {plain(t.before)} → {plain(t.after)}"
        out.write(line + f"  {plain(t.author)}{reason}\n")


def render_cycle_trend(
    trend: CycleTrend, out: TextIO, only: set[str] | None = None, limit: int = 20
) -> None:
    """`okrctl status --trend`: the cycle's weekly progress from git, then its objectives."""
    values = [p.progress for p in trend.points]
    out.write(f"\nTrend of {plain(trend.cycle)} from git ({trend.commits} commits, weekly):\n")
    shown = [s for s in trend.objectives if only is None or s.ref in only]
    width = max([len("cycle"), *(len(s.ref.split("/", 1)[-1]) for s in shown[:limit])])
    out.write("  " + series_line("cycle", values, width) + "\n")
    weeks = [p.date for p in trend.points]
    for s in shown[:limit]:
        name = s.ref.split("/", 1)[-1]
        out.write("  " + series_line(name, _fill(weeks, s.points), width) + "\n")
    if len(shown) > limit:
        out.write(f"  … and {len(shown) - limit} more objectives\n")


def _fill(weeks: Sequence[dt.date], points: Sequence[Point]) -> list[float | None]:
    """A sparse series (a point when the objective changed) on the weekly grid."""
    at = {p.date: p.progress for p in points}
    out: list[float | None] = []
    last: float | None = None
    for week in weeks:
        last = at.get(week, last)
        out.append(last)
    return out
