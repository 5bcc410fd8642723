"""What a source returned, as a check-in value: a finite number (or a boolean)."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from okrctl.measure.errors import NO_VALUE, NOT_A_NUMBER, MeasureFailure

Value = bool | int | float
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def to_value(raw: Any) -> Value:
    """int, float, Decimal, a numeric string or a boolean; anything else is a failure."""
    if raw is None:
        raise MeasureFailure(NO_VALUE, "the value is empty (NULL)")
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return raw
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise MeasureFailure(NOT_A_NUMBER, f"the value {raw} is not a finite number")
        return int(raw) if raw == raw.to_integral_value() and abs(raw) < 2**63 else float(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise MeasureFailure(NOT_A_NUMBER, f"the value {raw} is not a finite number")
        return raw
    if isinstance(raw, str):
        return _number(raw)
    shown = type(raw).__name__
    raise MeasureFailure(NOT_A_NUMBER, f"the value must be a number, not a {shown}")


def _number(text: str) -> Value:
    """`66` -> 66, ` 66.5 ` -> 66.5 (Prometheus and CSV cells hold numbers as text)."""
    raw = text.strip()
    if not _NUMBER.fullmatch(raw):
        shown = raw[:40].encode("ascii", "replace").decode()
        raise MeasureFailure(NOT_A_NUMBER, f"the value must be a number, not '{shown}'")
    if re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    value = float(raw)
    if not math.isfinite(value):
        raise MeasureFailure(NOT_A_NUMBER, f"the value {raw} is not a finite number")
    return value
