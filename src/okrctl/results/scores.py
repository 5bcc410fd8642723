"""What scoring produces: frozen data that the API returns and the renderers show.

Progress values are fractions in [0, 1]; `attainment` is the unclamped fraction (above 1 on
overachievement, below 0 when a metric went backwards).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from okrctl.model.values import Value as Value


@dataclass(frozen=True, slots=True)
class LinkView:
    """A `links` entry as written: where the work lives (renderers check the scheme)."""

    title: str
    url: str


class Status(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NOT_STARTED = "not-started"
    DROPPED = "dropped"  # retired mid-cycle: shown, but left out of every roll-up


@dataclass(frozen=True, slots=True)
class InitiativeScore:
    id: str
    title: str
    owner: str | None
    due: dt.date | None
    status: str  # planned | in-progress | done | blocked | dropped
    progress: int | float | None  # percent (0-100) as written, when given
    overdue: bool
    owner_name: str | None = None  # the owner's name from okrctl.yaml `people`
    links: tuple[LinkView, ...] = ()

    @property
    def who(self) -> str | None:
        """The owner as a person reads it: the name, else the id."""
        return self.owner_name or self.owner


@dataclass(frozen=True, slots=True)
class KeyResultScore:
    id: str
    title: str
    owner: str | None  # the KR's owner, else its objective's
    unit: str | None
    direction: str
    baseline: int | float | None
    target: int | float | None
    current: Value | None
    progress: float
    attainment: float | None
    status: Status
    stale: bool
    confidence: float | None
    last_checkin: dt.date | None
    weight: int | float
    initiatives: tuple[InitiativeScore, ...]
    final_score: float | None = None  # recorded by `okrctl cycle close`
    score_note: str | None = None  # the owner's reason when final_score was graded by hand
    computed_score: float | None = None  # with a hand grade: the score the data gives
    owner_name: str | None = None  # the owner's name from okrctl.yaml `people`
    links: tuple[LinkView, ...] = ()
    # Objectives aligned to this key result (`parent: objective/kr`): their mean progress
    # and refs `<cycle-id>/<objective-id>`, as an objective shows its aligned children.
    children_progress: float | None = None
    children: tuple[str, ...] = ()

    @property
    def who(self) -> str | None:
        """The owner as a person reads it: the name, else the id."""
        return self.owner_name or self.owner


@dataclass(frozen=True, slots=True)
class ObjectiveScore:
    id: str
    cycle: str
    title: str
    owner: str | None
    contributors: tuple[str, ...]
    theme: str | None
    level: str
    team: str | None
    parent: str | None  # as written: `<objective-id>` or `<cycle-id>/<objective-id>`
    progress: float
    status: Status
    key_results: tuple[KeyResultScore, ...]
    children_progress: float | None
    stale_count: int
    overdue_count: int
    weight: int | float = 1
    why: str | None = None
    children: tuple[str, ...] = ()  # refs `<cycle-id>/<objective-id>` of aligned objectives
    final_score: float | None = None  # recorded by `okrctl cycle close`
    # Names from okrctl.yaml (`people`, `themes`) for where a person reads; ids stay for
    # JSON, CSV and refs. None when the config does not name it.
    owner_name: str | None = None
    contributor_names: tuple[str | None, ...] = ()
    theme_name: str | None = None
    links: tuple[LinkView, ...] = ()

    @property
    def who(self) -> str | None:
        """The owner as a person reads it: the name, else the id."""
        return self.owner_name or self.owner

    @property
    def contributors_read(self) -> tuple[str, ...]:
        names = self.contributor_names or (None,) * len(self.contributors)
        return tuple(n or c for n, c in zip(names, self.contributors, strict=True))

    @property
    def theme_read(self) -> str | None:
        return self.theme_name or self.theme

    @property
    def ref(self) -> str:
        return f"{self.cycle}/{self.id}"


@dataclass(frozen=True, slots=True)
class ThemeScore:
    id: str
    name: str
    progress: float | None  # None when no objective (with weight) serves it in the cycle
    status: Status | None
    objectives: tuple[ObjectiveScore, ...]
    final_score: float | None = None  # of a closed cycle: the objectives' weighted mean


@dataclass(frozen=True, slots=True)
class KpiScore:
    id: str
    cycle: str
    title: str
    perspective: str
    owner: str | None
    unit: str
    direction: str
    target: int | float
    current: Value | None
    status: Status
    stale: bool
    last_checkin: dt.date | None
    frequency: str
    baseline: int | float | None = None
    theme: str | None = None
    thresholds: tuple[int | float, int | float] | None = None  # (green, yellow)
    owner_name: str | None = None  # names from okrctl.yaml, for where a person reads
    theme_name: str | None = None
    links: tuple[LinkView, ...] = ()

    @property
    def who(self) -> str | None:
        """The owner as a person reads it: the name, else the id."""
        return self.owner_name or self.owner

    @property
    def theme_read(self) -> str | None:
        return self.theme_name or self.theme


@dataclass(frozen=True, slots=True)
class CycleScore:
    cycle: str
    name: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    expected: float
    themes: tuple[ThemeScore, ...]
    kpis: tuple[KpiScore, ...]
    started: bool = True
    state: str = "active"  # planning | active | closed on `as_of` (closed after its end)
    closed: bool = False  # closed by `okrctl cycle close`: final scores, no pace, no flags
    # Objectives by id, filled on the first look-up: the HTML report looks up a parent and
    # the children of every objective (a scan each was quadratic at 10,000 objectives).
    _by_id: dict[str, ObjectiveScore] = field(
        default_factory=dict, init=False, repr=False, compare=False, metadata={"json": False}
    )

    def objective(self, objective_id: str) -> ObjectiveScore | None:
        """The scored objective of this cycle with that id (the first, theme by theme), or
        None."""
        if not self._by_id:
            for obj in reversed(self.objectives()):
                self._by_id[obj.id] = obj
        return self._by_id.get(objective_id)

    def objectives(self) -> tuple[ObjectiveScore, ...]:
        """Every objective of the cycle, theme by theme."""
        return tuple(o for t in self.themes for o in t.objectives)
