"""Trends from git history: weekly progress series and target changes (`show --history`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    date: dt.date
    progress: float | None  # None before the first value


@dataclass(frozen=True)
class Series:
    ref: str
    title: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class TargetChange:
    """A commit that changed a target or baseline, and the reason recorded, if any."""

    date: dt.date
    sha: str
    author: str
    ref: str
    field: str
    before: str
    after: str
    reason: str | None


@dataclass(frozen=True)
class CycleTrend:
    """A cycle's progress after each week, as the files said at the week's last commit."""

    cycle: str
    commits: int
    points: tuple[Point, ...]  # one per week that had a commit, cycle-wide
    objectives: tuple[Series, ...]  # per objective, one point per week it changed


@dataclass(frozen=True)
class History:
    """`okrctl show REF --history`: weekly progress of REF's key results, target changes."""

    ref: str
    start: dt.date
    end: dt.date
    weeks: tuple[dt.date, ...]
    series: tuple[Series, ...]  # the objective first (when REF is one), then each KR
    targets: tuple[TargetChange, ...]
    git_note: str | None  # why target changes are missing (no git, no commits)
