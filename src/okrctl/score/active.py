"""Which cycle is the active one on a date: light on purpose (no scoring, no results), so a
check-in that names its key result without a cycle imports only this."""

from __future__ import annotations

import datetime as dt

from okrctl.load.repo import StrategyRepo
from okrctl.model.cycle import CycleStatus, Scope


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
