"""`okrctl.yaml`: the organisation, its strategic themes, people, teams and settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from okrctl.model.common import Frequency, Id, Strict, Text
from okrctl.model.measure import Source
from okrctl.model.review_kinds import ReviewKind


class Theme(Strict):
    """A strategic theme: every objective must serve one."""

    id: Id
    name: Text
    description: str | None = None


class Person(Strict):
    id: Id
    name: Text
    team: Id | None = None
    email: str | None = None
    github: str | None = Field(
        default=None,
        description="GitHub handle: `okrctl remind --format markdown` @-mentions it "
        "(used only when it is a valid GitHub login).",
    )
    slack: str | None = Field(
        default=None,
        description="Slack member id (U...): `okrctl remind --format slack` mentions it.",
    )


class Team(Strict):
    id: Id
    name: Text
    parent: Id | None = Field(default=None, description="The team this one belongs to.")
    lead: Id | None = None


class ScoringSettings(Strict):
    green: float = Field(
        default=0.7, ge=0, le=1, description="Green when progress >= green x expected."
    )
    yellow: float = Field(
        default=0.4, ge=0, le=1, description="Yellow when progress >= yellow x expected."
    )


class KeyResultBounds(Strict):
    min: int = Field(default=3, ge=0)
    max: int = Field(default=5, ge=1)


RuleSetting = Literal["error", "warning", "off"]


def _all_reviews() -> list[ReviewKind]:
    return list(ReviewKind)


class CadenceEvent(Strict):
    """One review of the WBR/MBR/QBR rhythm."""

    review: ReviewKind
    when: Text = Field(description="When it happens, e.g. 'monday 09:00' or 'first tuesday'.")
    owner: Id | None = None
    scope: str | None = None


class Settings(Strict):
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    checkin_cadence: Frequency = Field(
        default=Frequency.WEEKLY,
        description="How often key results need a check-in before they count as stale.",
    )
    key_results: KeyResultBounds = Field(default_factory=KeyResultBounds)
    max_objectives_per_owner: int = Field(default=5, ge=1)
    rules: dict[str, RuleSetting] = Field(
        default_factory=dict,
        description="Severity override per rule code, e.g. {OKR205: error, OKR304: off}.",
    )
    cadence: list[CadenceEvent] = Field(default_factory=list)
    required_reviews: list[ReviewKind] = Field(
        default_factory=_all_reviews,
        description="The reviews every cycle must plan in `cadence` (`okrctl checklist`), "
        "e.g. [monthly, quarterly] for a monthly key-review rhythm.",
    )
    fiscal_year_start: int = Field(
        default=1,
        ge=1,
        le=12,
        description="The month (1-12) the fiscal year starts; not 1: quarters are named "
        "`FY2027 Q1`, the fiscal year by the calendar year it ends in.",
    )
    history: bool = Field(
        default=True,
        description="Past views (--as-of) read the definitions of that day's last commit; "
        "false when this repo's git history is not its goals' history (e.g. an example kept "
        "in a source repo): they then use today's files with later check-ins left out.",
    )


class StrategyConfig(Strict):
    """The root file of a strategy repository."""

    organization: Text
    vision: str | None = None
    themes: list[Theme] = Field(min_length=1)
    people: list[Person] = Field(default_factory=list)
    teams: list[Team] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    sources: dict[Id, Source] = Field(
        default_factory=dict,
        description="Where measured key results and KPIs read their values (`okrctl measure`).",
    )
