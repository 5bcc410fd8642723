"""User input to values, and values to YAML text that reads back to exactly them."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from okrctl.model.characters import REFUSED_ON_ONE_LINE, character_name
from okrctl.model.common import NUMBER_MAX, NUMBER_MIN, Checkin
from okrctl.model.errors import OkrctlError
from okrctl.model.objective import Adjustment

Value = bool | int | float

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_number(text: str, what: str) -> int | float:
    """`66` -> 66, `66.5` -> 66.5; anything else is a clear error."""
    raw = text.strip()
    if not _NUMBER.fullmatch(raw):
        raise OkrctlError(f"{what} must be a number, not '{_show(text)}'")
    # The bounds of the format's numbers (model/common.py): scores stay finite.
    number = float(raw)
    if number != 0 and not NUMBER_MIN <= abs(number) <= NUMBER_MAX:
        raise OkrctlError(
            f"{what} is out of range: {_show(text)} is not 0 or between 1e-9 and 1e15 in magnitude"
        )
    if re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    return number


def parse_bool(text: str, what: str) -> bool:
    """true/false (also yes/no, done/not-done) for milestone key results."""
    low = text.strip().lower()
    if low in ("true", "yes", "done"):
        return True
    if low in ("false", "no", "not-done"):
        return False
    raise OkrctlError(f"{what} must be true or false for a milestone, not '{_show(text)}'")


def parse_confidence(text: str) -> int | float:
    """A number in [0, 1]."""
    value = parse_number(text, "confidence")
    if not 0 <= value <= 1:
        raise OkrctlError(f"confidence must be between 0 and 1, not {text.strip()}")
    return value


def check_text(text: str, what: str) -> str:
    """Refuse characters a one-line YAML string should not hold (control characters...)."""
    bad = REFUSED_ON_ONE_LINE.search(text)
    if bad:
        raise OkrctlError(
            f"{what} contains the {character_name(bad.group())}; "
            "write it on one line without control or invisible characters"
        )
    return text


def _show(text: str) -> str:
    return REFUSED_ON_ONE_LINE.sub("?", text)[:40]


def yaml_string(text: str) -> str:
    """A double-quoted YAML string: JSON's escaping is valid YAML and round-trips."""
    return json.dumps(check_text(text, "text"), ensure_ascii=False, allow_nan=False)


def yaml_number(value: Value) -> str:
    """A number as YAML reads it back: int stays int, a float always has a '.'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise OkrctlError(f"{value} is not a finite number")
    # Positional notation: `1e-05` would read back as a string in YAML 1.1.
    out = format(Decimal(repr(value)), "f")
    return out if "." in out else out + ".0"


def yaml_date(value: dt.date) -> str:
    return value.isoformat()


def checkin_flow(checkin: Checkin) -> str:
    """One check-in as a flow mapping on one line, keys in the model's order."""
    parts = [f"date: {yaml_date(checkin.date)}", f"value: {yaml_number(checkin.value)}"]
    if checkin.source is not None:
        parts.append(f"source: {checkin.source}")  # an id: plain YAML, never quoted
    if checkin.confidence is not None:
        parts.append(f"confidence: {yaml_number(checkin.confidence)}")
    if checkin.note is not None:
        parts.append(f"note: {yaml_string(checkin.note)}")
    if checkin.blockers:
        parts.append(f"blockers: [{', '.join(yaml_string(b) for b in checkin.blockers)}]")
    return "{" + ", ".join(parts) + "}"


def adjustment_flow(adjustment: Adjustment) -> str:
    """One adjustment as a flow mapping on one line: `{date, field, from, to, reason}`."""

    def value(v: str | Value) -> str:
        return v if isinstance(v, str) else yaml_number(v)  # a status is a plain id

    parts = [
        f"date: {yaml_date(adjustment.date)}",
        f"field: {adjustment.field}",
        f"from: {value(adjustment.from_)}",
        f"to: {value(adjustment.to)}",
        f"reason: {yaml_string(adjustment.reason)}",
    ]
    return "{" + ", ".join(parts) + "}"


# Strings that read back as themselves when written plain, in block and flow context alike:
# a letter first, then letters, digits and punctuation that is no YAML indicator (no `,`
# `[` `]` `{` `}` `#` `:`), no trailing space, and not a word YAML reads as something else.
_PLAIN = re.compile(r"[^\W\d_][\w .'&()/;+%-]*")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"})


def yaml_scalar(value: str | Value | dt.date) -> str:
    """One value as YAML text that reads back to exactly it: a string plain where that is
    safe (as people write it), else double-quoted; numbers, booleans and dates as such."""
    if isinstance(value, bool | int | float):
        return yaml_number(value)
    if isinstance(value, dt.date):
        return yaml_date(value)
    if _PLAIN.fullmatch(value) and value == value.strip() and value.lower() not in _RESERVED:
        return value
    return yaml_string(value)
