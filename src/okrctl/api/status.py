"""`okrctl status`: the OKR Control Center of one cycle, with its filters."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.scoring import AsOf, Outcome, Workspace, open_workspace, outcome_of
from okrctl.model.common import Level
from okrctl.model.errors import OkrctlError
from okrctl.model.layout import find_id, same_id
from okrctl.model.suggest import did_you_mean
from okrctl.results.scores import CycleScore, ObjectiveScore, Status, ThemeScore


@dataclass(frozen=True)
class StatusFilters:
    """Which objectives to show; empty means all."""

    themes: tuple[str, ...] = ()
    owner: str | None = None
    team: str | None = None
    levels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.themes or self.owner or self.team or self.levels or self.statuses)


@dataclass(frozen=True)
class StatusResult:
    outcome: Outcome
    score: CycleScore  # filtered; theme progress stays that of the whole theme
    filters: StatusFilters


def split_list(values: Sequence[str] | None) -> tuple[str, ...]:
    """Option values given repeatedly and/or comma-separated, as one tuple."""
    out: list[str] = []
    for v in values or ():
        out.extend(part.strip() for part in v.split(",") if part.strip())
    return tuple(out)


def _check_choices(option: str, values: Sequence[str], known: Sequence[str]) -> None:
    for v in values:
        if v not in known:
            raise OkrctlError(
                f"{option}: unknown value '{v}'{did_you_mean(v, known)}; "
                f"choose from {', '.join(known) or 'none'}"
            )


def _team_and_subteams(ws: Workspace, team: str) -> set[str]:
    config = ws.repo.config.model if ws.repo.config else None
    teams = {t.id: t.parent for t in config.teams} if config else {}
    if teams and team not in teams:
        _check_choices("--team", [team], sorted(teams))
    found = {team}
    grew = True
    while grew:  # parents may be listed after their sub-teams
        new = {t for t, parent in teams.items() if parent in found and t not in found}
        found |= new
        grew = bool(new)
    return found


def _validate(ws: Workspace, score: CycleScore, f: StatusFilters) -> None:
    config = ws.repo.config.model if ws.repo.config else None
    _check_choices("--theme", f.themes, [t.id for t in score.themes])
    _check_choices("--level", f.levels, [lvl.value for lvl in Level])
    _check_choices("--status", f.statuses, [s.value for s in Status])
    if f.owner and config and config.people:
        people = sorted(p.id for p in config.people)
        if find_id(f.owner, people) is None:  # `--owner ceo` finds `CEO`
            _check_choices("--owner", [f.owner], people)


def _shared(ws: Workspace, obj: ObjectiveScore, person: str) -> set[str]:
    """The ids of the objective's key results that list `person` among their contributors."""
    files = ws.repo.cycles.get(obj.cycle)
    doc = files.objectives.get(obj.id) if files else None
    if doc is None:
        return set()
    return {
        kr.id for kr in doc.model.key_results if any(same_id(c, person) for c in kr.contributors)
    }


def _for_owner(obj: ObjectiveScore, person: str, shared: set[str]) -> ObjectiveScore | None:
    """The objective with the key results `person` owns or contributes to (`shared`: the ids
    of those listing them as a contributor), or None. People match case-insensitively."""

    def mine(who: str | None) -> bool:
        return who is not None and same_id(who, person)

    if mine(obj.owner) or any(mine(c) for c in obj.contributors):
        return obj
    kept = tuple(
        k
        for k in obj.key_results
        if mine(k.owner) or k.id in shared or any(mine(i.owner) for i in k.initiatives)
    )
    if not kept:
        return None
    # The flags count only what the view shows: these key results, not the objective's others.
    return dataclasses.replace(
        obj,
        key_results=kept,
        stale_count=sum(k.stale for k in kept),
        overdue_count=sum(i.overdue for k in kept for i in k.initiatives),
    )


def _passes(obj: ObjectiveScore, f: StatusFilters, teams: set[str] | None) -> bool:
    """Whether an objective passes the --team, --level and --status filters."""
    if teams is not None and obj.team not in teams:
        return False
    if f.levels and obj.level not in f.levels:
        return False
    return not f.statuses or obj.status.value in f.statuses


def _kept(
    ws: Workspace, theme: ThemeScore, f: StatusFilters, teams: set[str] | None
) -> tuple[ObjectiveScore, ...]:
    """A theme's objectives that pass the filters, each as the view shows it (with --owner,
    only that person's key results)."""
    kept: list[ObjectiveScore] = []
    for obj in theme.objectives:
        if not _passes(obj, f, teams):
            continue
        shown = _for_owner(obj, f.owner, _shared(ws, obj, f.owner)) if f.owner else obj
        if shown is not None:
            kept.append(shown)
    return tuple(kept)


def apply_filters(ws: Workspace, score: CycleScore, f: StatusFilters) -> CycleScore:
    """The score with only the objectives (and, with --owner, key results) that match."""
    if not f.active:
        return score
    _validate(ws, score, f)
    teams = _team_and_subteams(ws, f.team) if f.team else None
    # --theme alone lists each theme asked for, even with no objective; with other filters
    # a theme left with none is left out.
    themes_alone = not (f.owner or f.team or f.levels or f.statuses)
    themes: list[ThemeScore] = []
    for theme in score.themes:
        if f.themes and theme.id not in f.themes:
            continue
        kept = _kept(ws, theme, f, teams)
        if kept or (f.themes and themes_alone):
            themes.append(dataclasses.replace(theme, objectives=kept))
    return dataclasses.replace(score, themes=tuple(themes))


def status(
    root: Path,
    as_of: AsOf | dt.date,
    cycle: str | None = None,
    filters: StatusFilters | None = None,
) -> StatusResult:
    """Score the chosen (or active) cycle on `as_of` and apply the filters."""
    ws = open_workspace(root, as_of)
    cycle_id = ws.cycle_id(cycle)
    filters = filters or StatusFilters()
    score = apply_filters(ws, ws.scorer.cycle(cycle_id), filters)
    return StatusResult(outcome_of(ws), score, filters)
