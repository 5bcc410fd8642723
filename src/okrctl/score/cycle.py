"""Score a whole cycle: key results, objectives, themes and KPIs on a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from okrctl.load.repo import StrategyRepo
from okrctl.model import Checkin, Kpi, Objective, refs
from okrctl.model.common import FREQUENCY_DAYS, Direction, Frequency, Level, Link
from okrctl.model.config import Settings
from okrctl.model.cycle import CycleStatus, Scope
from okrctl.model.grading import checkins_until, round_score
from okrctl.model.objective import InitiativeStatus, ItemStatus, KeyResult
from okrctl.results.scores import (
    CycleScore,
    InitiativeScore,
    KeyResultScore,
    KpiScore,
    LinkView,
    ObjectiveScore,
    Status,
    ThemeScore,
    Value,
)
from okrctl.score.metrics import (
    current_value,
    expected_progress,
    is_stale,
    kpi_status,
    latest_checkin,
    latest_confidence,
    metric_progress,
    status_for,
    weighted_mean,
)

NO_THEME = "(no theme)"  # not a valid id, so it never clashes with a real theme
_LEVEL_OF_SCOPE = {
    Scope.COMPANY: Level.COMPANY,
    Scope.DEPARTMENT: Level.DEPARTMENT,
    Scope.TEAM: Level.TEAM,
}
_CLOSED_INITIATIVE = (InitiativeStatus.DONE, InitiativeStatus.DROPPED)

ObjKey = tuple[str, str]  # (cycle id, objective id)


@dataclass(frozen=True)
class CycleClock:
    """A cycle's dates seen from `as_of`."""

    name: str
    start: dt.date
    end: dt.date
    expected: float
    started: bool
    scope: Scope
    team: str | None
    state: CycleStatus = CycleStatus.ACTIVE  # on `as_of`: explicit, else from the dates
    checkin_cadence: Frequency | None = None  # the cycle's default for its key results
    # Closed by `okrctl cycle close` (`status: closed`): final scores, no pace, no flags. A
    # cycle merely past its end date is still scored as it ran.
    closed: bool = False


def _links(links: list[Link]) -> tuple[LinkView, ...]:
    return tuple(LinkView(link.title, link.url) for link in links)


def is_dropped(item: Objective | KeyResult) -> bool:
    return item.status is ItemStatus.DROPPED


def resolve_parent(repo: StrategyRepo, cycle_id: str, ref: str) -> ObjKey | None:
    """The (cycle, objective) a `parent` reference names (for a key result, its objective),
    or None when it names nothing."""
    found = refs.parent(ref, cycle_id, repo)
    return (found.cycle, found.item) if found is not None else None


def parent_key_result(repo: StrategyRepo, cycle_id: str, ref: str) -> str | None:
    """The key result id a `parent` reference names (`objective/kr`), else None."""
    found = refs.parent(ref, cycle_id, repo)
    return found.key_result if found is not None else None


class Scorer:
    """Scores objectives and KPIs of any cycle of one repo on one date, with caches."""

    def __init__(self, repo: StrategyRepo, as_of: dt.date) -> None:
        self.repo = repo
        self.as_of = as_of
        config = repo.config.model if repo.config else None
        self.settings = config.settings if config else Settings()
        self.themes = list(config.themes) if config else []
        self.person_team = {p.id: p.team for p in config.people} if config else {}
        # The one lookup of names; ids match case-insensitively (`owner: CEO` is `ceo`).
        self._people = {p.id.casefold(): p.name for p in config.people} if config else {}
        self._theme_names = {t.id.casefold(): t.name for t in self.themes}
        self._clocks: dict[str, CycleClock] = {}
        self._progress: dict[ObjKey, float] = {}
        self._children: dict[ObjKey, list[ObjKey]] | None = None
        self._kr_children: dict[tuple[str, str, str], list[ObjKey]] = {}
        # Keyed by id(): the models live as long as the repo this scorer holds.
        self._measured: dict[int, tuple[Checkin | None, Value | None, float, float | None]] = {}

    def person_name(self, person: str | None) -> str | None:
        """The name okrctl.yaml gives a person id, else None."""
        return self._people.get(person.casefold()) if person else None

    def theme_name(self, theme: str | None) -> str | None:
        return self._theme_names.get(theme.casefold()) if theme else None

    def clock(self, cycle_id: str) -> CycleClock:
        if cycle_id not in self._clocks:
            files = self.repo.cycles.get(cycle_id)
            if files is None or files.cycle is None:
                # No readable cycle.yaml (reported as an error): score as if it ends today.
                day = self.as_of
                self._clocks[cycle_id] = CycleClock(
                    cycle_id, day, day, 1.0, True, Scope.COMPANY, None
                )
            else:
                c = files.cycle.model
                state = c.status_on(self.as_of)
                started = state is not CycleStatus.PLANNING and self.as_of >= c.start
                closed = state is CycleStatus.CLOSED
                expected = expected_progress(c.start, c.end, self.as_of, closed) if started else 0.0
                self._clocks[cycle_id] = CycleClock(
                    c.name,
                    c.start,
                    c.end,
                    expected,
                    started,
                    c.scope,
                    c.team,
                    state,
                    c.checkin_cadence,
                    c.status is CycleStatus.CLOSED,
                )
        return self._clocks[cycle_id]

    def seen(self, checkins: Sequence[Checkin] | None) -> Sequence[Checkin]:
        """The check-ins known on `as_of`: later ones (a look back in time) do not count."""
        return checkins_until(checkins, self.as_of)

    def _status(self, progress: float, clock: CycleClock) -> Status:
        if not clock.started:
            return Status.NOT_STARTED
        s = self.settings.scoring
        return status_for(progress, clock.expected, s.green, s.yellow)

    # -- key results -------------------------------------------------------------------

    def _measure(self, kr: KeyResult) -> tuple[Checkin | None, Value | None, float, float | None]:
        """(latest check-in, current value, progress, attainment), computed once per KR."""
        found = self._measured.get(id(kr))
        if found is None:
            latest = latest_checkin(self.seen(kr.checkins))
            current = latest.value if latest is not None else kr.baseline
            progress, attainment = metric_progress(
                kr.effective_direction, kr.baseline, kr.target, current
            )
            found = (latest, current, progress, attainment)
            self._measured[id(kr)] = found
        return found

    def cadence_days(self, kr: KeyResult, clock: CycleClock) -> int:
        """How often a key result needs a check-in: its own cadence, else its cycle's, else
        `settings.checkin_cadence`."""
        return FREQUENCY_DAYS[kr.cadence or clock.checkin_cadence or self.settings.checkin_cadence]

    def _kr_status(
        self, progress: float, final: float | None, due: bool, clock: CycleClock
    ) -> Status:
        if clock.closed:  # judged on the score recorded at closing, against the whole cycle
            return self._status(final if final is not None else progress, clock)
        if not due:  # nothing was due yet: no key result is behind before its first check-in
            return Status.NOT_STARTED
        return self._status(progress, clock)

    def key_result(self, kr: KeyResult, objective: Objective, clock: CycleClock) -> KeyResultScore:
        latest, current, progress, attainment = self._measure(kr)
        last = latest.date if latest else None
        cadence = self.cadence_days(kr, clock)
        # Its first check-in is due one cadence after the start; a check-in makes it count.
        due = latest is not None or (self.as_of - clock.start).days >= cadence
        final = float(kr.final_score) if kr.final_score is not None else None
        done_milestone = kr.effective_direction is Direction.MILESTONE and progress >= 1
        dropped = is_dropped(objective) or is_dropped(kr)
        # A dropped key result (or one of a dropped objective) asks for nothing any more.
        live = clock.started and not clock.closed and not dropped
        initiatives = tuple(
            InitiativeScore(
                i.id,
                i.title,
                i.owner,
                i.due,
                i.status.value,
                i.progress,
                live
                and i.due is not None
                and i.due < self.as_of
                and i.status not in _CLOSED_INITIATIVE,
                self.person_name(i.owner),
                _links(i.links),
            )
            for i in kr.initiatives
        )
        return KeyResultScore(
            id=kr.id,
            title=kr.title,
            owner=kr.owner or objective.owner,
            unit=kr.unit,
            direction=kr.effective_direction.value,
            baseline=kr.baseline,
            target=kr.target,
            current=current,
            progress=progress,
            attainment=attainment,
            status=Status.DROPPED if dropped else self._kr_status(progress, final, due, clock),
            stale=live
            and not done_milestone
            and is_stale(last, clock.start, clock.end, self.as_of, cadence),
            confidence=latest_confidence(self.seen(kr.checkins)),
            last_checkin=last,
            weight=kr.weight,
            initiatives=initiatives,
            final_score=final,
            score_note=kr.score_note if final is not None else None,
            computed_score=round_score(progress) if kr.score_note and final is not None else None,
            owner_name=self.person_name(kr.owner or objective.owner),
            links=_links(kr.links),
        )

    # -- objectives --------------------------------------------------------------------

    def progress(self, key: ObjKey) -> float:
        """An objective's own progress: the weighted mean of its key results (0 if none)."""
        if key not in self._progress:
            obj = self.repo.cycles[key[0]].objectives[key[1]].model
            pairs = [
                (self._measure(kr)[2], kr.weight) for kr in obj.key_results if not is_dropped(kr)
            ]
            self._progress[key] = weighted_mean(pairs) or 0.0
        return self._progress[key]

    def children(self, key: ObjKey) -> list[ObjKey]:
        """The objectives (of any cycle) whose `parent` names this one."""
        if self._children is None:
            # An objective aligned to a key result is also a child of its objective.
            index: dict[ObjKey, list[ObjKey]] = defaultdict(list)
            by_kr: dict[tuple[str, str, str], list[ObjKey]] = defaultdict(list)
            for files, doc in self.repo.objectives():
                ref = doc.model.parent
                found = refs.parent(ref, files.id, self.repo) if ref else None
                if found is not None and (found.cycle, found.item) != (files.id, doc.id):
                    index[(found.cycle, found.item)].append((files.id, doc.id))
                    if found.key_result is not None:
                        by_kr[(found.cycle, found.item, found.key_result)].append(
                            (files.id, doc.id)
                        )
            self._children = dict(index)
            self._kr_children = dict(by_kr)
        return self._children.get(key, [])

    def key_result_children(self, key: ObjKey, kr_id: str) -> list[ObjKey]:
        """The objectives whose `parent` names this key result (`objective/kr`)."""
        self.children(key)
        return self._kr_children.get((*key, kr_id), [])

    def _with_children(self, k: KeyResultScore, key: ObjKey) -> KeyResultScore:
        """The key result with the mean progress of the objectives aligned to it."""
        kids = [c for c in self.key_result_children(key, k.id) if not self._dropped(c)]
        if not kids:
            return k
        mean = sum(self.progress(c) for c in kids) / len(kids)
        return replace(k, children_progress=mean, children=tuple(f"{c}/{o}" for c, o in kids))

    def _dropped(self, key: ObjKey) -> bool:
        return is_dropped(self.repo.cycles[key[0]].objectives[key[1]].model)

    def level(self, obj: Objective, clock: CycleClock) -> Level:
        return obj.level if obj.level is not None else _LEVEL_OF_SCOPE[clock.scope]

    def objective(self, cycle_id: str, objective_id: str) -> ObjectiveScore:
        """The full score of one objective, with its key results and aligned children."""
        obj = self.repo.cycles[cycle_id].objectives[objective_id].model
        clock = self.clock(cycle_id)
        krs = tuple(
            self._with_children(self.key_result(kr, obj, clock), (cycle_id, objective_id))
            for kr in obj.key_results
        )
        key = (cycle_id, objective_id)
        # Dropped key results stay listed but count for nothing, like weight 0.
        counted = [k for k, kr in zip(krs, obj.key_results, strict=True) if not is_dropped(kr)]
        if key not in self._progress:  # from the scores at hand: each KR is computed once
            self._progress[key] = weighted_mean((k.progress, k.weight) for k in counted) or 0.0
        progress = self._progress[key]
        kids = [k for k in self.children(key) if not self._dropped(k)]
        kids_progress = sum(self.progress(k) for k in kids) / len(kids) if kids else None
        team = obj.team or clock.team or (self.person_team.get(obj.owner) if obj.owner else None)
        final = float(obj.final_score) if obj.final_score is not None else None
        if is_dropped(obj):
            status = Status.DROPPED
        elif clock.closed:
            status = self._status(final if final is not None else progress, clock)
        elif counted and all(k.status is Status.NOT_STARTED for k in counted):
            status = Status.NOT_STARTED  # none of its key results was due yet
        else:
            status = self._status(progress, clock)
        return ObjectiveScore(
            id=objective_id,
            cycle=cycle_id,
            title=obj.title,
            owner=obj.owner,
            contributors=tuple(obj.contributors),
            theme=obj.theme,
            level=self.level(obj, clock).value,
            team=team,
            parent=obj.parent,
            progress=progress,
            status=status,
            key_results=krs,
            children_progress=kids_progress,
            stale_count=sum(k.stale for k in krs),
            overdue_count=sum(i.overdue for k in krs for i in k.initiatives),
            weight=obj.weight,
            why=obj.why,
            children=tuple(f"{c}/{o}" for c, o in self.children(key)),
            final_score=final,
            owner_name=self.person_name(obj.owner),
            contributor_names=tuple(self.person_name(c) for c in obj.contributors),
            theme_name=self.theme_name(obj.theme),
            links=_links(obj.links),
        )

    # -- KPIs --------------------------------------------------------------------------

    def kpi(self, cycle_id: str, kpi_id: str) -> KpiScore:
        k: Kpi = self.repo.cycles[cycle_id].kpis[kpi_id].model
        clock = self.clock(cycle_id)
        direction = k.effective_direction
        if direction is Direction.MILESTONE:  # invalid for a KPI (OKR503): read as a number
            direction = Direction.INCREASE
        checkins = self.seen(k.checkins)
        current = current_value(checkins, k.baseline)
        latest = latest_checkin(checkins)
        last = latest.date if latest else None
        bands = (k.thresholds.green, k.thresholds.yellow) if k.thresholds else None
        status = kpi_status(direction, k.target, current, bands)
        days = FREQUENCY_DAYS[k.frequency]
        return KpiScore(
            id=kpi_id,
            cycle=cycle_id,
            title=k.title,
            perspective=k.perspective.value,
            owner=k.owner,
            unit=k.unit,
            direction=direction.value,
            target=k.target,
            current=current,
            status=status if clock.started else Status.NOT_STARTED,
            stale=clock.started
            and not clock.closed
            and is_stale(last, clock.start, clock.end, self.as_of, days),
            last_checkin=last,
            frequency=k.frequency.value,
            baseline=k.baseline,
            theme=k.theme,
            thresholds=bands,
            owner_name=self.person_name(k.owner),
            theme_name=self.theme_name(k.theme),
            links=_links(k.links),
        )

    # -- the cycle ---------------------------------------------------------------------

    def cycle(self, cycle_id: str) -> CycleScore:
        """Score every objective (grouped by theme) and KPI of one cycle."""
        return self._cycle(cycle_id)

    def _cycle(self, cycle_id: str) -> CycleScore:
        files = self.repo.cycles[cycle_id]
        clock = self.clock(cycle_id)
        by_theme: dict[str, list[ObjectiveScore]] = defaultdict(list)
        for objective_id in files.objectives:
            score = self.objective(cycle_id, objective_id)
            by_theme[score.theme or NO_THEME].append(score)
        names = {t.id: t.name for t in self.themes}
        order = [t.id for t in self.themes]
        order += sorted(t for t in by_theme if t not in names and t != NO_THEME)
        order += [NO_THEME] if NO_THEME in by_theme else []
        themes = []
        for theme_id in order:
            objectives = tuple(by_theme.get(theme_id, ()))
            # Dropped objectives are shown under their theme but leave its roll-up.
            counted = [o for o in objectives if o.status is not Status.DROPPED]
            progress = weighted_mean((o.progress, o.weight) for o in counted)
            finals = [(o.final_score, o.weight) for o in counted if o.final_score is not None]
            final = weighted_mean(finals) if clock.closed and finals else None
            if progress is None:
                status = None
            elif clock.closed:
                status = self._status(final if final is not None else progress, clock)
            elif all(o.status is Status.NOT_STARTED for o in counted):
                status = Status.NOT_STARTED
            else:
                status = self._status(progress, clock)
            name = names.get(theme_id, theme_id)
            themes.append(ThemeScore(theme_id, name, progress, status, objectives, final))
        kpis = tuple(self.kpi(cycle_id, k) for k in files.kpis)
        return CycleScore(
            cycle=cycle_id,
            name=clock.name,
            start=clock.start,
            end=clock.end,
            as_of=self.as_of,
            expected=clock.expected,
            themes=tuple(themes),
            kpis=kpis,
            started=clock.started,
            state=clock.state.value,
            closed=clock.closed,
        )


def score_cycle(repo: StrategyRepo, cycle_id: str, as_of: dt.date) -> CycleScore:
    """Every objective (grouped by theme) and KPI of one cycle, scored on `as_of`.

    Raises KeyError when the repo has no cycle `cycle_id`.
    """
    return Scorer(repo, as_of).cycle(cycle_id)


def active_cycle(repo: StrategyRepo, as_of: dt.date) -> str | None:
    """The active company-scope cycle with the shortest span containing `as_of` (the quarter
    rather than the year); failing that, the shortest one explicitly marked `active`.
    """
    found: list[tuple[int, str]] = []
    marked: list[tuple[int, str]] = []
    for files in repo.cycles.values():
        if files.cycle is None or files.cycle.model.scope is not Scope.COMPANY:
            continue
        c = files.cycle.model
        span = (c.end - c.start).days
        state = c.status_on(as_of)
        if c.start <= as_of <= c.end and state is CycleStatus.ACTIVE:
            found.append((span, files.id))
        elif c.status is CycleStatus.ACTIVE:
            marked.append((span, files.id))
    for candidates in (found, marked):
        if candidates:
            return min(candidates)[1]
    return None
