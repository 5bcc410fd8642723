"""Views built on scores for `okrctl show` and `okrctl tree`: frozen data for renderers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from okrctl.results.scores import KeyResultScore, KpiScore, ObjectiveScore, Value


@dataclass(frozen=True, slots=True)
class Point:
    """One check-in of a series."""

    date: dt.date
    value: Value
    confidence: float | None = None
    note: str | None = None
    blockers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """A recorded mid-cycle change (an `adjustments` entry) of an objective or key result."""

    date: dt.date
    field: str  # target | baseline | status
    old: Value | str  # a number, or a status
    new: Value | str
    reason: str


class DetailKind(StrEnum):
    OBJECTIVE = "objective"
    KEY_RESULT = "key-result"
    KPI = "kpi"


@dataclass(frozen=True, slots=True)
class Detail:
    """One objective, key result or KPI in full, with the check-in series of its metrics."""

    kind: DetailKind
    ref: str  # the canonical reference: cycle/objective[/kr] or cycle/kpi
    cycle: str
    cycle_name: str
    as_of: dt.date
    expected: float
    objective: ObjectiveScore | None = None
    key_result: KeyResultScore | None = None
    kpi: KpiScore | None = None
    series: tuple[tuple[str, tuple[Point, ...]], ...] = ()  # (metric id, check-ins by date)

    def points(self, metric_id: str) -> tuple[Point, ...]:
        return next((p for i, p in self.series if i == metric_id), ())


@dataclass(frozen=True, slots=True)
class TreeNode:
    """An objective in the alignment cascade, with the objectives aligned to it."""

    objective: ObjectiveScore
    children: tuple[TreeNode, ...]
    in_cycle: bool  # False for an ancestor shown from another cycle (e.g. the annual plan)
    via: str | None = None  # the parent's key result it aligns to (`parent: objective/kr`)


@dataclass(frozen=True, slots=True)
class AlignmentTree:
    cycle: str
    name: str
    as_of: dt.date
    expected: float
    roots: tuple[TreeNode, ...]
    unaligned: tuple[TreeNode, ...]  # below company level with no (resolvable) parent
    looped: tuple[ObjectiveScore, ...] = ()  # in an alignment loop: reachable from no root
