"""Field types shared by every file of the format."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StrictBool,
    StrictFloat,
    StrictInt,
)
from pydantic_core import core_schema

from okrctl.model.layout import ID_PATTERN, OBJECTIVE_REF_PATTERN

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=63,
        description="Letters, digits and '-'; at most 63 characters. Compared "
        "case-insensitively: `CEO` and `ceo` are one id.",
    ),
]
# A reference to an objective: `<objective-id>` in the same cycle or `<cycle-id>/<objective-id>`.
ObjectiveRef = Annotated[
    str,
    Field(
        pattern=OBJECTIVE_REF_PATTERN,
        description="`<objective-id>` in the same cycle, or `<cycle-id>/<objective-id>`.",
    ),
]
Text = Annotated[str, Field(min_length=1)]
# Every number of the format is 0 or of magnitude in [1e-9, 1e15], so that every computation
# on them stays finite: a difference of two such numbers is 0 or at least ~2e-25 (the gap
# between floats near 1e-9, still a normal float), so a ratio is at most ~1e40; a sum of a
# million weights at most 1e21. 1.0e-320 or 1e308 would make scores infinite or NaN.
NUMBER_MAX = 1e15
NUMBER_MIN = 1e-9


class _InRange:
    """The range check of a Number, after its type check, done by pydantic-core itself: a
    Python validator, called for each of the ~110,000 numbers of a 1,000-objective repo, was
    a sixth of loading it warm. Same accepted numbers, same error ("number_range")."""

    _SCHEMA = core_schema.custom_error_schema(
        core_schema.union_schema(
            [  # an int is in range up to 10**15 (compared exactly), a float by magnitude
                core_schema.int_schema(strict=True, ge=-(10**15), le=10**15),
                core_schema.float_schema(strict=True, ge=NUMBER_MIN, le=NUMBER_MAX),
                core_schema.float_schema(strict=True, ge=-NUMBER_MAX, le=-NUMBER_MIN),
                core_schema.float_schema(strict=True, ge=0, le=0),
            ],
            mode="left_to_right",
        ),
        custom_error_type="number_range",
        custom_error_message="numbers are 0 or between 1e-9 and 1e15 in magnitude",
    )

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # The JSON Schema is the type check's (the first step of a chain).
        return core_schema.chain_schema([handler(source), self._SCHEMA])


# Numbers stay int when written as int so that output shows `75`, not `75.0`.
Number = Annotated[
    Annotated[StrictInt, Field(json_schema_extra={"minimum": -(10**15), "maximum": 10**15})]
    | Annotated[
        StrictFloat,
        Field(
            allow_inf_nan=False,
            json_schema_extra={
                "minimum": -NUMBER_MAX,
                "maximum": NUMBER_MAX,
                # 0, or at least NUMBER_MIN in magnitude
                "not": {
                    "exclusiveMinimum": -NUMBER_MIN,
                    "exclusiveMaximum": NUMBER_MIN,
                    "not": {"const": 0},
                },
            },
        ),
    ],
    _InRange(),
    "number",
]
Date = dt.date
Weight = Annotated[Number, Field(ge=0)]


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    AT_LEAST = "at-least"
    AT_MOST = "at-most"
    MILESTONE = "milestone"


class Level(StrEnum):
    COMPANY = "company"
    DEPARTMENT = "department"
    TEAM = "team"
    INDIVIDUAL = "individual"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


FREQUENCY_DAYS: dict[Frequency, int] = {
    Frequency.WEEKLY: 7,
    Frequency.BIWEEKLY: 14,
    Frequency.MONTHLY: 31,
    Frequency.QUARTERLY: 92,
}


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors, fields are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Link(Strict):
    """Where the work lives: an issue, an epic, a dashboard. Only http(s) URLs (rule OKR016):
    a `javascript:` or `file:` URL in a pull request must never become a link in a report."""

    title: Text
    url: Text = Field(description="An http:// or https:// URL.")


class Checkin(Strict):
    """One measurement of a key result or KPI. Append-only."""

    date: Date
    value: StrictBool | Number = Field(
        description="A number; true/false for milestone key results."
    )
    source: Id | None = Field(
        default=None, description="The source that measured it (`okrctl measure`); none by hand."
    )
    confidence: Number | None = Field(
        default=None,
        description="The owner's confidence (0-1) that the target will be reached.",
        json_schema_extra={"minimum": 0, "maximum": 1},
    )
    note: str | None = None
    blockers: list[Text] = Field(default_factory=list)


LINKS_HELP = "Links to where the work lives: issues, epics, dashboards (http(s) URLs only)."


def schema_required(*names: str) -> Any:
    """Mark fields as required in the JSON Schema only.

    The model keeps them optional so that a missing value is reported by its semantic rule
    (with a stable code and a helpful message) rather than as a bare schema error.
    """

    def extra(schema: dict[str, Any]) -> None:
        schema["required"] = sorted({*schema.get("required", []), *names})

    return extra
