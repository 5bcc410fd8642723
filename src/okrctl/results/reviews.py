"""What the WBR, MBR and QBR show: frozen data that `okrctl.api.review` builds from scores
and the renderers turn into Markdown, text or JSON.

Refs are `<objective-id>/<kr-id>` for key results, `<objective-id>` for objectives and
`<kpi-id>` for KPIs, all within the reviewed cycle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from okrctl.model.review_kinds import ReviewKind
from okrctl.results.scores import LinkView, Status, Value


@dataclass(frozen=True, slots=True)
class ReviewHead:
    kind: ReviewKind
    cycle: str
    name: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    since: dt.date  # the window is (since, as_of]; the comparison is with the state on `since`
    expected: float
    # (person id casefolded, name) from okrctl.yaml, for where a person reads; not in JSON.
    people: tuple[tuple[str, str], ...] = field(default=(), metadata={"json": False})

    def who(self, person: str | None) -> str | None:
        """A person as a reader sees them: the name okrctl.yaml gives, else the id."""
        if person is None:
            return None
        return dict(self.people).get(person.casefold(), person)


@dataclass(frozen=True, slots=True)
class CheckinEvent:
    """A check-in of a key result or KPI inside the review window."""

    kind: str  # key-result | kpi
    ref: str
    title: str
    owner: str | None
    unit: str | None
    date: dt.date
    value: Value
    previous: Value | None  # the check-in before it, else the baseline
    delta: float | None  # value - previous; None for milestones or without a previous value
    confidence: float | None
    note: str | None
    blockers: tuple[str, ...]
    source: str | None = None  # the source of a measured check-in (`okrctl measure`)


@dataclass(frozen=True, slots=True)
class StaleItem:
    kind: str  # key-result | kpi
    ref: str
    title: str
    last_checkin: dt.date | None
    cadence: str  # weekly, monthly, ...: how often it should be updated


@dataclass(frozen=True, slots=True)
class OwnerGroup:
    owner: str | None
    items: tuple[StaleItem, ...]


@dataclass(frozen=True, slots=True)
class Blocker:
    ref: str
    title: str
    owner: str | None
    date: dt.date  # the latest check-in that names it
    text: str
    times: int = 1  # how many check-ins of the window name it


@dataclass(frozen=True, slots=True)
class StatusChange:
    kind: str  # objective | key-result | kpi
    ref: str
    title: str
    owner: str | None
    before: Status
    after: Status


@dataclass(frozen=True, slots=True)
class WeeklyReview:
    head: ReviewHead
    checkins: tuple[CheckinEvent, ...]  # key results, by date then ref
    kpi_updates: tuple[CheckinEvent, ...]
    stale: tuple[OwnerGroup, ...]
    blockers: tuple[Blocker, ...]
    changes: tuple[StatusChange, ...]


@dataclass(frozen=True, slots=True)
class ProgressMove:
    """An objective's (or theme's) progress and status at the start and end of the window."""

    ref: str
    title: str
    owner: str | None
    before: float | None
    after: float | None
    status_before: Status | None
    status_after: Status | None
    links: tuple[LinkView, ...] = ()  # an objective's, where the work lives


@dataclass(frozen=True, slots=True)
class ThemeMove:
    theme: ProgressMove
    objectives: tuple[ProgressMove, ...]


@dataclass(frozen=True, slots=True)
class InitiativeItem:
    ref: str  # of the key result it moves
    id: str
    title: str
    owner: str | None
    due: dt.date | None
    status: str
    progress: int | float | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class ConfidenceTrend:
    ref: str
    title: str
    owner: str | None
    before: float | None  # the latest confidence on `since`
    after: float | None  # the latest confidence on `as_of`


@dataclass(frozen=True, slots=True)
class KpiMove:
    id: str
    title: str
    unit: str
    before: Value | None
    after: Value | None
    status_before: Status
    status_after: Status


@dataclass(frozen=True, slots=True)
class MonthlyReview:
    head: ReviewHead
    themes: tuple[ThemeMove, ...]
    blockers: tuple[Blocker, ...]
    overdue: tuple[InitiativeItem, ...]
    blocked: tuple[InitiativeItem, ...]
    done: tuple[InitiativeItem, ...]
    confidence: tuple[ConfidenceTrend, ...]
    kpis: tuple[KpiMove, ...]
    initiatives: tuple[InitiativeItem, ...] = ()  # every initiative of the cycle, by due date


@dataclass(frozen=True, slots=True)
class ScoredKeyResult:
    ref: str
    title: str
    owner: str | None
    score: float
    band: str
    recorded: bool  # the score is the `final_score` written when the cycle was closed
    score_note: str | None = None  # why the owner graded it by hand (then `score` is the grade)
    computed: float | None = None  # with a hand grade: the score the data gives
    owner_name: str | None = None  # from okrctl.yaml `people`, for where a person reads
    links: tuple[LinkView, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoredObjective:
    ref: str
    title: str
    owner: str | None
    score: float
    band: str
    recorded: bool
    key_results: tuple[ScoredKeyResult, ...]
    rollup: float | None  # mean progress of the objectives aligned to it (`parent`)
    carried_from: str | None
    owner_name: str | None = None  # from okrctl.yaml `people`, for where a person reads
    links: tuple[LinkView, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoredTheme:
    id: str
    name: str
    score: float | None  # None when no objective serves it
    objectives: tuple[ScoredObjective, ...]


@dataclass(frozen=True, slots=True)
class BandCount:
    band: str  # 0.0-0.39 | 0.4-0.69 | 0.7-1.0
    count: int


class Ambition(StrEnum):
    TOO_LOW = "too-low"  # average above 0.9: goals set too low
    HEALTHY = "healthy"
    TOO_HIGH = "too-high"  # average below 0.4: too high or under-resourced
    NONE = "none"  # no key results


@dataclass(frozen=True, slots=True)
class ThemeCoverage:
    id: str
    name: str
    objectives: int


@dataclass(frozen=True, slots=True)
class ChildCycle:
    """A cycle inside the reviewed one (a quarter of the year) and its progress."""

    id: str
    name: str
    start: dt.date
    end: dt.date
    progress: float | None


@dataclass(frozen=True, slots=True)
class QuarterlyReview:
    head: ReviewHead
    closed: bool
    themes: tuple[ScoredTheme, ...]
    distribution: tuple[BandCount, ...]
    average: float | None  # mean key result score
    ambition: Ambition
    coverage: tuple[ThemeCoverage, ...]
    carry_over: tuple[ScoredKeyResult, ...]  # key results scoring below 1
    children: tuple[ChildCycle, ...]
    rollup: float | None  # mean of the objectives' roll-ups, when quarters align to them

    def objectives(self) -> tuple[ScoredObjective, ...]:
        return tuple(o for t in self.themes for o in t.objectives)


Review = WeeklyReview | MonthlyReview | QuarterlyReview


@dataclass(frozen=True, slots=True)
class CycleRow:
    """One line of `okrctl cycle list`."""

    id: str
    name: str | None  # None when cycle.yaml does not load
    start: dt.date | None
    end: dt.date | None
    scope: str | None
    team: str | None
    parent: str | None
    status: str | None  # planning | active | closed, on the listing day
    objectives: int
    progress: float | None  # weighted mean of the objectives' progress
    rollup: float | None  # mean progress of the objectives aligned to this cycle's ones


@dataclass(frozen=True, slots=True)
class CycleList:
    as_of: dt.date
    rows: tuple[CycleRow, ...]


@dataclass(frozen=True, slots=True)
class CheckItem:
    """One line of the execution-completion checklist."""

    label: str
    ok: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Checklist:
    cycle: str | None  # the cycle evaluated; None when the repo has none
    items: tuple[CheckItem, ...]

    @property
    def ok(self) -> bool:
        return all(i.ok for i in self.items)
