"""A Number's range check runs in pydantic-core (no Python call per number): the same
numbers are accepted, as the same type, and the same errors raised as by the Python
validator it replaced (kept here as the reference)."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel, Field, StrictBool, ValidationError
from pydantic_core import PydanticCustomError

from okrctl.model import common
from okrctl.model.common import NUMBER_MAX, NUMBER_MIN, Checkin, Number


def _in_range(value: int | float) -> int | float:
    if value != 0 and not NUMBER_MIN <= abs(value) <= NUMBER_MAX:
        raise PydanticCustomError(
            "number_range", "numbers are 0 or between 1e-9 and 1e15 in magnitude"
        )
    return value


# The type check of Number (its first argument) with the Python range check after it.
Reference = Annotated[Number.__origin__, AfterValidator(_in_range)]  # type: ignore[attr-defined]


class Now(BaseModel):
    plain: Number
    or_bool: StrictBool | Number
    weight: common.Weight
    optional: Number | None = None


class Before(BaseModel):
    plain: Reference
    or_bool: StrictBool | Reference
    weight: Annotated[Reference, Field(ge=0)]
    optional: Reference | None = None


def outcome(model: type[BaseModel], data: dict[str, Any], as_json: bool) -> Any:
    """The fields' values and types, or the errors (type, message, input; the union
    members' names in `loc` differ, and findings drop them)."""
    try:
        found = model.model_validate_json(json.dumps(data)) if as_json else model(**data)
    except ValidationError as exc:
        return [(e["type"], e["msg"], repr(e["input"])) for e in exc.errors()]
    return {k: (v, type(v)) for k, v in found.model_dump().items()}


EDGES = [
    *(0, 0.0, -0.0, 1, -1, 75, 75.0, 0.7, -3.25, 10**15, -(10**15), 10**15 + 1),
    *(-(10**15) - 1, 10**16, 2**53 + 1, 10**400, 1e15, -1e15, 1.0000000000000002e15),
    *(1e-9, -1e-9, 9.999999999999999e-10, 5e-10, 1e-320, 1.7e308, True, False),
    *("5", "abc", None, [], {}),
]


def agree(value: Any) -> None:
    for field in ("plain", "or_bool", "weight", "optional"):
        data = {"plain": 1, "or_bool": 1, "weight": 1, field: value}
        for as_json in (False, True):
            if as_json and isinstance(value, float) and not math.isfinite(value):
                continue  # JSON has no infinity
            assert outcome(Now, data, as_json) == outcome(Before, data, as_json), (field, value)


def test_the_edges_of_the_range_and_other_types_agree() -> None:
    for value in [*EDGES, math.inf, -math.inf, math.nan]:
        agree(value)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_any_number_agrees(value: float) -> None:
    agree(value)


def test_the_error_a_user_sees_and_the_json_schema_are_the_ones_before() -> None:
    assert outcome(Now, {"plain": 1e16, "or_bool": 1, "weight": 1}, True) == [
        ("number_range", "numbers are 0 or between 1e-9 and 1e15 in magnitude", "1e+16")
    ]
    assert Now.model_json_schema()["properties"] == Before.model_json_schema()["properties"]
    assert Checkin(date="2026-10-01", value=75, confidence=0.5).value == 75  # type: ignore[arg-type]
