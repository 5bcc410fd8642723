"""Rules about OKR cycles."""

from __future__ import annotations

from collections.abc import Iterator

from okrctl.model import Severity
from okrctl.model.cycle import Scope
from okrctl.model.diagnostic import Draft
from okrctl.model.layout import find_id
from okrctl.rules.engine import RuleContext, rule

E = Severity.ERROR


@rule("OKR601", "cycle-dates", E, "A cycle ends after it starts.")
def cycle_dates(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `start: 2026-12-31, end: 2026-10-01`. Good: `start: 2026-10-01, end: 2026-12-31`."""
    for cycle in ctx.repo.cycles.values():
        if cycle.cycle and cycle.cycle.model.end < cycle.cycle.model.start:
            c = cycle.cycle.model
            yield Draft.value_at(
                cycle.cycle.source, ("end",), f"cycle ends ({c.end}) before it starts ({c.start})"
            )


@rule(
    "OKR602",
    "cycle-overlap",
    E,
    "Cycles of the same scope and team do not overlap, unless one contains the other.",
)
def cycle_overlap(ctx: RuleContext) -> Iterator[Draft]:
    """A quarter inside its year is fine; two quarters sharing a week are not.

    Bad: 2026-q3 ending 2026-10-07 and 2026-q4 starting 2026-10-01.
    Good: 2026-q3 ending 2026-09-30.
    """
    docs = [c.cycle for c in ctx.repo.cycles.values() if c.cycle is not None]
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            ma, mb = a.model, b.model
            if (ma.scope, ma.team) != (mb.scope, mb.team):
                continue
            overlap = ma.start <= mb.end and mb.start <= ma.end
            if overlap and not (ma.contains(mb) or mb.contains(ma)):
                yield Draft.value_at(
                    b.source,
                    ("start",),
                    f"cycle {b.id} ({mb.start} to {mb.end}) overlaps cycle {a.id} "
                    f"({ma.start} to {ma.end})",
                )


@rule("OKR603", "cycle-team", E, "A department or team cycle names its team; a company one none.")
def cycle_team(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `scope: team` without `team:`. Good: `scope: team, team: platform`."""
    for cycle in ctx.repo.cycles.values():
        if cycle.cycle is None:
            continue
        c = cycle.cycle.model
        if c.scope is not Scope.COMPANY and c.team is None:
            yield Draft.at(cycle.cycle.source, ("scope",), f"a {c.scope} cycle needs `team:`")
        elif c.scope is Scope.COMPANY and c.team is not None:
            yield Draft.value_at(cycle.cycle.source, ("team",), "a company cycle has no team")


@rule(
    "OKR604", "cycle-parent", E, "A cycle's `parent` is an existing cycle whose dates contain it."
)
def cycle_parent(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: 2026-q4 with `parent: 2025`. Good: `parent: 2026` (2026-01-01 to 2026-12-31)."""
    for cycle in ctx.repo.cycles.values():
        if cycle.cycle is None or cycle.cycle.model.parent is None:
            continue
        ref = cycle.cycle.model.parent
        parent = ctx.repo.cycles.get(find_id(ref, ctx.repo.cycles) or ref)
        if parent is None or parent.cycle is None:
            yield Draft.value_at(
                cycle.cycle.source, ("parent",), f"parent cycle '{ref}' does not exist"
            )
        elif parent.id == cycle.id or not parent.cycle.model.contains(cycle.cycle.model):
            yield Draft.value_at(
                cycle.cycle.source,
                ("parent",),
                f"parent cycle '{ref}' "
                f"({parent.cycle.model.start} to {parent.cycle.model.end}) does not "
                "contain this cycle",
            )
