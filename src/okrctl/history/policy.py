"""The change policy of `okrctl diff --check`: what a pull request may not do. Pure.

The rule codes (OKR7xx) are registered for `okrctl rules` in `okrctl.rules.history`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from okrctl.load.repo import StrategyRepo
from okrctl.model import Diagnostic
from okrctl.model.cycle import CycleStatus
from okrctl.model.diagnostic import Draft
from okrctl.model.severity import SeverityPolicy
from okrctl.results.changes import Change, ChangeKind, Subject

ADJUSTMENT_MISSING = "OKR701"
CLOSED_CYCLE_EDITED = "OKR702"
HISTORY_REWRITE = "OKR703"
OBJECTIVE_REMOVED = "OKR704"
CHECKIN_BACKDATED = "OKR705"
CHECKIN_NOT_OWNER = "OKR706"
MEASURE_AND_CHECKINS = "OKR707"  # registered in okrctl.rules.measure

# What closing a cycle writes (`okrctl cycle close`): allowed once its end date has passed.
_CLOSING_FIELDS = {"final_score", "status"}


def _status(repo: StrategyRepo, cycle: str, as_of: dt.date) -> tuple[CycleStatus | None, bool]:
    """The cycle's status on `as_of`, and whether it was set explicitly in the file."""
    files = repo.cycles.get(cycle)
    if files is None or files.cycle is None:
        return None, False
    model = files.cycle.model
    return model.status_on(as_of), model.status is not None


def _closed_edit_allowed(change: Change, repo: StrategyRepo) -> bool:
    """After the end date, before `status: closed`: the closing and late check-ins are fine."""
    if change.field in _CLOSING_FIELDS:
        return True
    files = repo.cycles.get(change.cycle)
    end = files.cycle.model.end if files and files.cycle else None
    return change.field == "checkin" and end is not None and change.date <= end


def _violation(code: str, change: Change, message: str, head: StrategyRepo) -> Draft:
    """A forbidden change, placed at its key in HEAD's file (the whole file if it has none)."""
    positions = head.sources.get(change.path)
    return Draft(code, message, change.path, loc=change.loc or None, positions=positions)


def violations(
    changes: Iterable[Change], base: StrategyRepo, head: StrategyRepo, as_of: dt.date
) -> Iterator[Draft]:
    """A finding for each change the policy forbids.

    Cycle status is judged on the BASE side: a pull request cannot escape the rules of a
    running cycle by closing it or moving its dates in the same change.
    """
    changes = list(changes)
    yield from _measure_and_checkins(changes, head)
    for c in changes:
        if c.subject is Subject.CONFIG:
            continue
        status, explicit = _status(base, c.cycle, as_of)
        if status is CycleStatus.CLOSED:
            if explicit or not _closed_edit_allowed(c, base):
                message = f"cycle {c.cycle} is closed: {c.ref}: {c.text}"
                yield _violation(CLOSED_CYCLE_EDITED, c, message, head)
            continue
        if c.kind is ChangeKind.REWRITE:
            message = f"{c.ref}: {c.text}; check-ins are append-only"
            yield _violation(HISTORY_REWRITE, c, message, head)
        active = status is CycleStatus.ACTIVE
        if active and c.field in ("target", "baseline") and c.subject is Subject.KEY_RESULT:
            if c.adjustment is None:
                yield _violation(
                    ADJUSTMENT_MISSING,
                    c,
                    f"{c.ref}: {c.field} {c.before} → {c.after} in the active cycle "
                    f"{c.cycle} without a new `adjustments` entry "
                    f"(date, field: {c.field}, from: {c.before}, to: {c.after}, reason)",
                    head,
                )
        if active and c.subject is Subject.OBJECTIVE and c.field == "removed":
            yield _violation(
                OBJECTIVE_REMOVED,
                c,
                f"{c.ref} removed from the active cycle {c.cycle}; retire it instead with "
                f"`okrctl drop {c.ref} --reason ...` (it stays visible, out of the roll-ups), "
                "or move it in a planning cycle",
                head,
            )


def _measure_and_checkins(changes: list[Change], head: StrategyRepo) -> Iterator[Draft]:
    """A change to how an item is measured and to its check-ins in one go: the reviewer could
    not tell a new definition from new data."""
    touched = {c.ref for c in changes if c.field.startswith("checkin")}
    for c in changes:
        if c.kind is ChangeKind.MEASUREMENT and c.subject is not Subject.CONFIG:
            if c.ref in touched:
                yield _violation(
                    MEASURE_AND_CHECKINS,
                    c,
                    f"{c.ref}: {c.text} and its check-ins change in the same commit; "
                    "change the measure on its own",
                    head,
                )


def policy_diagnostics(
    changes: Iterable[Change], base: StrategyRepo, head: StrategyRepo, as_of: dt.date
) -> list[Diagnostic]:
    """The violations as diagnostics placed in HEAD's files, with BASE's severity overrides.

    Overrides come from BASE so that a pull request cannot switch off the rule it breaks.
    """
    policy = SeverityPolicy(base.config.model.settings.rules if base.config else None)
    return sorted(set(policy.apply(violations(changes, base, head, as_of))))
