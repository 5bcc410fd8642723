"""`cycles/<cycle-id>/objectives/<objective-id>.yaml`: an objective and its key results."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import ConfigDict, Field, model_validator

from okrctl.model.common import (
    LINKS_HELP,
    Checkin,
    Date,
    Direction,
    Frequency,
    Id,
    Level,
    Link,
    Number,
    Strict,
    Text,
    Weight,
    schema_required,
)
from okrctl.model.layout import ID_CHARS
from okrctl.model.measure import Measure

# What an objective aligns to: `[cycle/]objective[/kr]` (okrctl.model.refs.parent reads it).
ParentRef = Annotated[str, Field(pattern=rf"^(?:{ID_CHARS}/){{0,2}}{ID_CHARS}$")]


class InitiativeStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    BLOCKED = "blocked"
    DROPPED = "dropped"


class Initiative(Strict):
    """A project that moves a key result."""

    model_config = ConfigDict(json_schema_extra=schema_required("owner", "due"))

    id: Id
    title: Text
    owner: Id | None = None
    due: Date | None = None
    status: InitiativeStatus = InitiativeStatus.PLANNED
    progress: Number | None = Field(default=None, ge=0, le=100)
    notes: str | None = None
    links: list[Link] = Field(default_factory=list, description=LINKS_HELP)


class ItemStatus(StrEnum):
    """Whether an objective or key result still counts: a dropped one stays in the file (and
    in every view) but leaves the roll-ups."""

    ACTIVE = "active"
    DROPPED = "dropped"


class Adjustment(Strict):
    """A recorded mid-cycle change: a key result's target or baseline (numbers), or the
    `status` of a key result or objective (`active` / `dropped`)."""

    date: Date
    field: Literal["target", "baseline", "status"]
    from_: Number | ItemStatus = Field(alias="from")
    to: Number | ItemStatus
    reason: Text

    @model_validator(mode="after")
    def _values_fit_field(self) -> Self:
        # A status goes from one status to another, a target from one number to another.
        want = ItemStatus if self.field == "status" else (int, float)
        for name, value in (("from", self.from_), ("to", self.to)):
            if not isinstance(value, want) or isinstance(value, bool):
                kind = "active or dropped" if self.field == "status" else "a number"
                raise ValueError(f"`{name}` of a {self.field} adjustment must be {kind}")
        return self


def _unit_unless_milestone(schema: dict[str, Any]) -> None:
    # A task-shaped key result ("Launch the certification program") has no unit.
    schema["if"] = {"properties": {"direction": {"const": "milestone"}}, "required": ["direction"]}
    schema["else"] = {"required": ["unit"]}


class KeyResult(Strict):
    model_config = ConfigDict(json_schema_extra=_unit_unless_milestone)

    id: Id
    title: Text
    owner: Id | None = Field(default=None, description="Defaults to the objective's owner.")
    contributors: list[Id] = Field(
        default_factory=list,
        description="People who share the work; the key result shows in their `status --owner`.",
    )
    unit: str | None = Field(
        default=None, description="Required, except for `direction: milestone` (done or not)."
    )
    baseline: Number | None = None
    target: Number | None = None
    direction: Direction | None = Field(
        default=None, description="Inferred from baseline and target when omitted."
    )
    weight: Weight = 1
    status: ItemStatus = Field(
        default=ItemStatus.ACTIVE,
        description="`dropped`: retired mid-cycle (with a `status` adjustment giving the "
        "reason); it stays visible but leaves its objective's progress.",
    )
    cadence: Frequency | None = Field(
        default=None,
        description="How often it needs a check-in before it is stale; default the cycle's "
        "checkin_cadence, else settings.checkin_cadence.",
    )
    initiatives: list[Initiative] = Field(default_factory=list)
    checkins: list[Checkin] | None = None
    measure: Measure | None = Field(
        default=None, description="Read the value from a source (`okrctl measure`)."
    )
    adjustments: list[Adjustment] = Field(default_factory=list)
    final_score: Number | None = Field(
        default=None, ge=0, le=1, description="Written by `okrctl cycle close`."
    )
    score_note: Text | None = Field(
        default=None,
        description="Why the owner graded `final_score` by hand (`cycle close --grade`); "
        "a graded score may differ from the computed one.",
    )
    links: list[Link] = Field(default_factory=list, description=LINKS_HELP)

    @property
    def effective_direction(self) -> Direction:
        if self.direction is not None:
            return self.direction
        if self.baseline is not None and self.target is not None and self.target < self.baseline:
            return Direction.DECREASE
        return Direction.INCREASE


class Objective(Strict):
    model_config = ConfigDict(json_schema_extra=schema_required("theme", "owner"))

    title: Text
    theme: Id | None = Field(default=None, description="Mandatory: the strategic theme served.")
    owner: Id | None = None
    contributors: list[Id] = Field(default_factory=list)
    level: Level | None = Field(default=None, description="Defaults from the cycle's scope.")
    team: Id | None = None
    parent: ParentRef | None = Field(
        default=None,
        description="What this objective aligns to: an objective (`objective` in this cycle, "
        "`cycle/objective`) or a key result (`objective/kr`, `cycle/objective/kr`), in this "
        "or an enclosing cycle.",
    )
    why: str | None = Field(default=None, description="Business context: why this matters.")
    weight: Weight = 1
    status: ItemStatus = Field(
        default=ItemStatus.ACTIVE,
        description="`dropped`: retired mid-cycle (with a `status` adjustment giving the "
        "reason); it stays visible but leaves its theme's roll-up.",
    )
    key_results: list[KeyResult] = Field(default_factory=list)
    adjustments: list[Adjustment] = Field(
        default_factory=list, description="Objective-level changes: a drop and its reason."
    )
    links: list[Link] = Field(default_factory=list, description=LINKS_HELP)
    carried_from: str | None = Field(
        default=None, description="`<cycle-id>/<objective-id>` this was carried over from."
    )
    final_score: Number | None = Field(
        default=None, ge=0, le=1, description="Written by `okrctl cycle close`."
    )


def drop_of(item: Objective | KeyResult) -> Adjustment | None:
    """The adjustment that dropped a dropped item (its latest `status` one), else None."""
    if item.status is not ItemStatus.DROPPED:
        return None
    found = [a for a in item.adjustments if a.field == "status" and a.to is ItemStatus.DROPPED]
    return found[-1] if found else None


def dropped_message(what: str, item: Objective | KeyResult) -> str | None:
    """`cx-leader/portal was dropped on 2026-11-02: <reason>`, or None when it is active."""
    if item.status is not ItemStatus.DROPPED:
        return None
    adj = drop_of(item)
    return f"{what} was dropped" + (f" on {adj.date}: {adj.reason}" if adj else "")
