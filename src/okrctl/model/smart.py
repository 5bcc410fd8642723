"""The one definition of a SMART key result, used by rule OKR206/OKR207 and `okrctl checklist`.

Measurable means: an `increase`/`decrease` key result has a unit, a baseline and a target
that differ; a guardrail (`at-least`/`at-most`) has a unit and a target (the line to hold
needs no starting point); a milestone (`direction: milestone`, a task done or not) needs none
of them. Owned: its own owner or its objective's. Time-bound: by its cycle's dates.
"""

from __future__ import annotations

from okrctl.model.common import Direction
from okrctl.model.objective import KeyResult, Objective

GUARDRAILS = (Direction.AT_LEAST, Direction.AT_MOST)


def needed(kr: KeyResult) -> tuple[str, ...]:
    """The fields the key result must have to be measurable."""
    direction = kr.effective_direction
    if direction is Direction.MILESTONE:
        return ()
    if direction in GUARDRAILS:
        return ("unit", "target")
    return ("unit", "baseline", "target")


def missing(kr: KeyResult) -> list[str]:
    """The needed fields it lacks (a blank unit counts as none)."""
    out = []
    for name in needed(kr):
        value = getattr(kr, name)
        if value is None or (name == "unit" and not str(value).strip()):
            out.append(name)
    return out


def superfluous(kr: KeyResult) -> list[str]:
    """Numbers a milestone takes none of: it is done (true) or not (false)."""
    if kr.effective_direction is not Direction.MILESTONE:
        return []
    return [f for f in ("baseline", "target") if getattr(kr, f) is not None]


def no_distance(kr: KeyResult) -> bool:
    """An increase/decrease target equal to its baseline asks for no change (OKR207)."""
    if kr.effective_direction in (*GUARDRAILS, Direction.MILESTONE):
        return False
    return kr.baseline is not None and kr.baseline == kr.target


def smart_gaps(kr: KeyResult, objective: Objective) -> list[str]:
    """What a key result lacks to be SMART, as the checklist names it ('no unit', ...)."""
    lacks = missing(kr)
    gaps = ["no unit"] if "unit" in lacks else []
    if not (kr.owner or objective.owner):
        gaps.append("no owner")
    gaps += [f"no {f}" for f in lacks if f != "unit"]
    gaps += [f"a milestone takes no {f}" for f in superfluous(kr)]
    if no_distance(kr):
        gaps.append("target equals baseline")
    return gaps
