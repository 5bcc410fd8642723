"""Score a whole cycle: key results, objectives, themes and KPIs on a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from okrctl.load.repo import StrategyRepo
from okrctl.model import Checkin, Kpi, Objective, refs
from okrctl.model.common import FREQUENCY_DAYS, Direction, Level, Link
from okrctl.model.config import Settings
from okrctl.model.cycle import Scope
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
)
from okrctl.score.alignment import Alignment, ObjKey
from okrctl.score.clock import CycleClock, cycle_clock
from okrctl.score.metrics import (
    Measured,
    current_value,
    is_stale,
    kpi_status,
    latest_checkin,
    measured,
    weighted_mean,
)

NO_THEME = "(no theme)"  # not a valid id, so it never clashes with a real theme
_LEVEL_OF_SCOPE = {
    Scope.COMPANY: Level.COMPANY,
    Scope.DEPARTMENT: Level.DEPARTMENT,
    Scope.TEAM: Level.TEAM,
}
_CLOSED_INITIATIVE = (InitiativeStatus.DONE, InitiativeStatus.DROPPED)


def _links(links: list[Link]) -> tuple[LinkView, ...]:
    if not links:  # the usual case, asked for every item scored
        return ()
    return tuple(LinkView(link.title, link.url) for link in links)


def is_dropped(item: Objective | KeyResult) -> bool:
    return item.status is ItemStatus.DROPPED


def resolve_parent(repo: StrategyRepo, cycle_id: str, ref: str) -> ObjKey | None:
    """The (cycle, objective) a `parent` reference names (for a key result, its objective),
    or None when it names nothing."""
    found = refs.parent(ref, cycle_id, repo)
    return (found.cycle, found.item) if found is not None else None


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
        self._theme_ids = {t.id: t.name for t in self.themes}  # as spelled: the display order
        self._clocks: dict[str, CycleClock] = {}
        self._progress: dict[ObjKey, float] = {}
        self.alignment = Alignment(repo)
        # Keyed by id(): the models live as long as the repo this scorer holds.
        self._measured: dict[int, Measured] = {}

    def person_name(self, person: str | None) -> str | None:
        """The name okrctl.yaml gives a person id, else None."""
        return self._people.get(person.casefold()) if person else None

    def theme_name(self, theme: str | None) -> str | None:
        return self._theme_names.get(theme.casefold()) if theme else None

    def clock(self, cycle_id: str) -> CycleClock:
        found = self._clocks.get(cycle_id)
        if found is None:
            found = cycle_clock(cycle_id, self.repo.cycles.get(cycle_id), self.as_of)
            self._clocks[cycle_id] = found
        return found

    def seen(self, checkins: Sequence[Checkin] | None) -> Sequence[Checkin]:
        """The check-ins known on `as_of`: later ones (a look back in time) do not count."""
        return checkins_until(checkins, self.as_of)

    def _status(self, progress: float, clock: CycleClock) -> Status:
        return clock.pace_status(progress, self.settings.scoring)

    # -- key results -------------------------------------------------------------------

    def _measure(self, kr: KeyResult) -> Measured:
        """What a key result's check-ins say, computed once per KR (objectives, their
        parents' roll-ups and reviews all ask)."""
        found = self._measured.get(id(kr))
        if found is None:
            found = self._measured[id(kr)] = measured(kr, self.seen(kr.checkins))
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

    def _initiatives(self, kr: KeyResult, live: bool) -> tuple[InitiativeScore, ...]:
        """A key result's initiatives; in a live key result one past its due date and not
        done or dropped is overdue."""
        if not kr.initiatives:
            return ()
        return tuple(
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

    def key_result(self, kr: KeyResult, objective: Objective, clock: CycleClock) -> KeyResultScore:
        m = self._measure(kr)
        last = m.latest.date if m.latest else None
        cadence = self.cadence_days(kr, clock)
        # Its first check-in is due one cadence after the start; a check-in makes it count.
        due = m.latest is not None or (self.as_of - clock.start).days >= cadence
        final = float(kr.final_score) if kr.final_score is not None else None
        direction = kr.effective_direction
        done_milestone = direction is Direction.MILESTONE and m.progress >= 1
        dropped = is_dropped(objective) or is_dropped(kr)
        # A dropped key result (or one of a dropped objective) asks for nothing any more.
        live = clock.started and not clock.closed and not dropped
        owner = kr.owner or objective.owner
        return KeyResultScore(
            id=kr.id,
            title=kr.title,
            owner=owner,
            unit=kr.unit,
            direction=direction.value,
            baseline=kr.baseline,
            target=kr.target,
            current=m.current,
            progress=m.progress,
            attainment=m.attainment,
            status=Status.DROPPED if dropped else self._kr_status(m.progress, final, due, clock),
            stale=live
            and not done_milestone
            and is_stale(last, clock.start, clock.end, self.as_of, cadence),
            confidence=m.confidence,
            last_checkin=last,
            weight=kr.weight,
            initiatives=self._initiatives(kr, live),
            final_score=final,
            score_note=kr.score_note if final is not None else None,
            computed_score=round_score(m.progress) if kr.score_note and final is not None else None,
            owner_name=self.person_name(owner),
            links=_links(kr.links),
        )

    # -- objectives --------------------------------------------------------------------

    def progress(self, key: ObjKey) -> float:
        """An objective's own progress: the weighted mean of its key results (0 if none)."""
        found = self._progress.get(key)
        if found is None:
            obj = self.repo.cycles[key[0]].objectives[key[1]].model
            pairs = [
                (self._measure(kr).progress, kr.weight)
                for kr in obj.key_results
                if not is_dropped(kr)
            ]
            found = self._progress[key] = weighted_mean(pairs) or 0.0
        return found

    def children(self, key: ObjKey) -> list[ObjKey]:
        """The objectives (of any cycle) whose `parent` names this one."""
        return self.alignment.children(key)

    def key_result_children(self, key: ObjKey, kr_id: str) -> list[ObjKey]:
        """The objectives whose `parent` names this key result (`objective/kr`)."""
        return self.alignment.key_result_children(key, kr_id)

    def _mean_progress(self, keys: list[ObjKey]) -> float | None:
        """The mean own progress of the objectives not dropped among `keys` (None if none)."""
        kept = [k for k in keys if not self._dropped(k)]
        return sum(self.progress(k) for k in kept) / len(kept) if kept else None

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

    def team(self, obj: Objective, clock: CycleClock) -> str | None:
        """An objective's team: its own, else its cycle's, else its owner's."""
        return obj.team or clock.team or (self.person_team.get(obj.owner) if obj.owner else None)

    def _key_results(
        self, obj: Objective, key: ObjKey, clock: CycleClock
    ) -> tuple[KeyResultScore, ...]:
        """The scores of an objective's key results, each with the objectives aligned to it."""
        krs = tuple(self.key_result(kr, obj, clock) for kr in obj.key_results)
        # A key result's aligned objectives are among its objective's: most have none.
        return tuple(self._with_children(k, key) for k in krs) if self.children(key) else krs

    def objective(self, cycle_id: str, objective_id: str) -> ObjectiveScore:
        """The full score of one objective, with its key results and aligned children."""
        obj = self.repo.cycles[cycle_id].objectives[objective_id].model
        clock = self.clock(cycle_id)
        key = (cycle_id, objective_id)
        krs = self._key_results(obj, key, clock)
        # Dropped key results stay listed but count for nothing, like weight 0.
        counted = [k for k, kr in zip(krs, obj.key_results, strict=True) if not is_dropped(kr)]
        progress = self._progress.get(key)
        if progress is None:  # from the scores at hand: each KR is computed once
            progress = weighted_mean((k.progress, k.weight) for k in counted) or 0.0
            self._progress[key] = progress
        children = self.children(key)
        final = float(obj.final_score) if obj.final_score is not None else None
        if is_dropped(obj):
            status = Status.DROPPED
        else:
            status = clock.rolled_up_status(
                progress, final, [k.status for k in counted], self.settings.scoring
            )
        return ObjectiveScore(
            id=objective_id,
            cycle=cycle_id,
            title=obj.title,
            owner=obj.owner,
            contributors=tuple(obj.contributors),
            theme=obj.theme,
            level=self.level(obj, clock).value,
            team=self.team(obj, clock),
            parent=obj.parent,
            progress=progress,
            status=status,
            key_results=krs,
            children_progress=self._mean_progress(children),
            stale_count=sum(k.stale for k in krs),
            overdue_count=sum(i.overdue for k in krs for i in k.initiatives),
            weight=obj.weight,
            why=obj.why,
            children=tuple(f"{c}/{o}" for c, o in children),
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

    def _theme_order(self, theme_ids: Iterable[str]) -> list[str]:
        """The themes to show: okrctl.yaml's in its order, then unknown ones sorted, then
        the objectives with no theme."""
        names = self._theme_ids
        seen = set(theme_ids)
        order = [t.id for t in self.themes]
        order += sorted(t for t in seen if t not in names and t != NO_THEME)
        order += [NO_THEME] if NO_THEME in seen else []
        return order

    def _theme(
        self, theme_id: str, objectives: tuple[ObjectiveScore, ...], clock: CycleClock
    ) -> ThemeScore:
        """One theme's roll-up of its objectives (dropped ones are shown but not counted)."""
        counted = [o for o in objectives if o.status is not Status.DROPPED]
        progress = weighted_mean((o.progress, o.weight) for o in counted)
        finals = [(o.final_score, o.weight) for o in counted if o.final_score is not None]
        final = weighted_mean(finals) if clock.closed and finals else None
        status = (
            None
            if progress is None
            else clock.rolled_up_status(
                progress, final, [o.status for o in counted], self.settings.scoring
            )
        )
        name = self._theme_ids.get(theme_id, theme_id)
        return ThemeScore(theme_id, name, progress, status, objectives, final)

    def _cycle(self, cycle_id: str) -> CycleScore:
        files = self.repo.cycles[cycle_id]
        clock = self.clock(cycle_id)
        by_theme: dict[str, list[ObjectiveScore]] = defaultdict(list)
        for objective_id in files.objectives:
            score = self.objective(cycle_id, objective_id)
            by_theme[score.theme or NO_THEME].append(score)
        themes = tuple(
            self._theme(t, tuple(by_theme.get(t, ())), clock) for t in self._theme_order(by_theme)
        )
        return CycleScore(
            cycle=cycle_id,
            name=clock.name,
            start=clock.start,
            end=clock.end,
            as_of=self.as_of,
            expected=clock.expected,
            themes=themes,
            kpis=tuple(self.kpi(cycle_id, k) for k in files.kpis),
            started=clock.started,
            state=clock.state.value,
            closed=clock.closed,
        )


def score_cycle(repo: StrategyRepo, cycle_id: str, as_of: dt.date) -> CycleScore:
    """Every objective (grouped by theme) and KPI of one cycle, scored on `as_of`.

    Raises KeyError when the repo has no cycle `cycle_id`.
    """
    return Scorer(repo, as_of).cycle(cycle_id)
