"""`okrctl remind`: what is due on a date, grouped by owner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

NO_OWNER = ""  # the group of items nobody owns: not a valid id, so it never clashes


class DueKind(StrEnum):
    KEY_RESULT = "key-result"
    KPI = "kpi"
    INITIATIVE = "initiative"


@dataclass(frozen=True)
class DueEntry:
    """One thing to update: `command` is the exact `okrctl checkin` to run (ids only)."""

    kind: DueKind
    ref: str  # the key result's or KPI's reference, as `okrctl checkin` takes it
    title: str
    last_checkin: dt.date | None
    command: str
    initiative: str | None = None  # the initiative's id (kind initiative)
    due: dt.date | None = None  # the initiative's due date


@dataclass(frozen=True)
class OwnerDue:
    owner: str  # a person id, or NO_OWNER
    name: str | None  # from okrctl.yaml's people
    github: str | None  # only a handle of GitHub's grammar
    slack: str | None  # only a member id `U...`
    items: tuple[DueEntry, ...]


@dataclass(frozen=True)
class Reminders:
    cycle: str
    name: str
    as_of: dt.date
    owners: tuple[OwnerDue, ...]

    @property
    def count(self) -> int:
        return sum(len(o.items) for o in self.owners)
