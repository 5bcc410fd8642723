"""A semantic change between two versions of the strategy files (`okrctl diff` and `log`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ChangeKind(StrEnum):
    PROGRESS = "progress"
    GOAL = "goal"
    REWRITE = "rewrite"
    OTHER = "other"
    MEASUREMENT = "measurement"  # how a number is measured: `measure` blocks, `sources`


class Subject(StrEnum):
    CONFIG = "config"
    CYCLE = "cycle"
    OBJECTIVE = "objective"
    KEY_RESULT = "key result"
    INITIATIVE = "initiative"
    KPI = "KPI"


@dataclass(frozen=True)
class Change:
    """One semantic change. `ref` names the object: `cycle/objective[/kr[/initiative]]`,
    `cycle/kpi`, `cycle` or `okrctl`; `field` is a stable machine name (`target`,
    `added`, `checkin`, `checkin-edited`, ...); `text` says it for people."""

    kind: ChangeKind
    subject: Subject
    cycle: str
    ref: str
    field: str
    text: str
    path: str = ""
    loc: tuple[str | int, ...] = ()  # where in the file (the loader's `Loc`)
    before: Any = None
    after: Any = None
    adjustment: str | None = None  # the reason of a new matching adjustment entry
    date: Any = None  # the date of a check-in, for back-dating checks
    source: str | None = None  # the source of a measured check-in (`okrctl measure`)

    @property
    def objective(self) -> str | None:
        """`cycle/objective` when the change is inside an objective."""
        if self.subject in (Subject.OBJECTIVE, Subject.KEY_RESULT, Subject.INITIATIVE):
            return "/".join(self.ref.split("/")[:2])
        return None


def fmt(value: Any) -> str:
    """A value as people write it in the YAML files."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, StrEnum):
        return value.value
    # A pydantic model (a `measure` block, a threshold pair), by duck type: no pydantic here.
    if hasattr(value, "model_dump"):
        return ", ".join(f"{k} {fmt(v)}" for k, v in value.model_dump().items())
    if isinstance(value, list | tuple):
        return ", ".join(fmt(v) for v in value) or "none"
    return str(value)
