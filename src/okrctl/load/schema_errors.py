"""pydantic validation errors as findings with a place and a helpful message."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from okrctl.model.diagnostic import Draft, Loc, Positions

_FRIENDLY = {
    "string_type": "expected text",
    "string_pattern_mismatch": "expected an id: letters, digits and '-'",
    "string_too_long": "too long (ids are at most 63 characters)",
    "string_too_short": "must not be empty",
    "int_type": "expected a number",
    "float_type": "expected a number",
    "bool_type": "expected true or false",
    "finite_number": "must be a finite number: not NaN or infinity, nor beyond 1.8e308",
    "number_range": "numbers are at most 1e15 in magnitude, and 0 or at least 1e-9 (so that "
    "scores stay finite)",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "date_type": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "expected a date (YYYY-MM-DD) without a time",
}


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "..."


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows (Optional, unions, Annotated unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc` under `model`."""
    current: Any = model
    for step in loc:
        candidates = _unwrap(current)
        nxt: Any = None
        for cand in candidates:
            if isinstance(step, str) and isinstance(cand, type) and issubclass(cand, BaseModel):
                for name, info in cand.model_fields.items():
                    if step in (name, info.alias):
                        nxt = info.annotation
                break
            if isinstance(step, int) and typing.get_origin(cand) is list:
                nxt = typing.get_args(cand)[0]
                break
        if nxt is None:
            return None
        current = nxt
    for cand in _unwrap(current):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def _field_names(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _data_prefix(data: Any, loc: Loc) -> Loc:
    """The longest prefix of `loc` that exists in the data (drops union member names)."""
    node = data
    for i, step in enumerate(loc):
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return loc[:i]
    return loc


def _dotted(loc: Loc) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def schema_findings(
    model: type[BaseModel], data: Any, error: ValidationError, source: Positions
) -> list[Draft]:
    """A finding in `source` for each distinct place a validation error names: at the value
    for a wrong value (OKR103), else at the key."""
    # A union (e.g. a check-in value: true/false or a number) fails once per member at the
    # same place; report the place once, with the most telling reason.
    grouped: dict[Loc, list[ErrorDetails]] = {}
    for err in error.errors(include_url=False):
        if err["type"] in ("extra_forbidden", "missing"):
            grouped.setdefault(tuple(err["loc"]), []).append(err)
        else:
            grouped.setdefault(_data_prefix(data, tuple(err["loc"])), []).append(err)
    findings = []
    for errs in grouped.values():
        kinds = {e["type"] for e in errs}
        best = errs[0]
        for preferred in ("finite_number", "number_range", "int_type", "float_type"):
            best = next((e for e in errs if e["type"] == preferred), None) or best
            if best["type"] == preferred:
                break
        code, loc, message = _one(model, data, best)
        if "bool_type" in kinds and kinds & {"int_type", "float_type"} and "finite" not in message:
            message = message.replace("expected a number", "expected a number or true/false")
        findings.append(Draft.at(source, loc, message, at_value=code == "OKR103", code=code))
    return findings


def _one(model: type[BaseModel], data: Any, err: ErrorDetails) -> tuple[str, Loc, str]:
    raw_loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(raw_loc[-1])
        allowed = _field_names(_model_at(model, raw_loc[:-1]))
        # No field name is long, so a long key has no close match: skip difflib's work.
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) if len(key) <= 64 else []
        message = f"unknown key {_short(key)}"
        if hint:
            message += f": did you mean '{hint[0]}'?"
        elif allowed:
            message += f" (allowed: {', '.join(allowed)})"
        return "OKR101", raw_loc, message
    if kind == "missing":
        parent = _data_prefix(data, raw_loc[:-1])
        where = f" in {_dotted(parent)}" if parent else ""
        return "OKR102", parent, f"missing required key '{raw_loc[-1]}'{where}"
    loc = _data_prefix(data, raw_loc)
    node: Any = data
    for step in loc:
        node = node[step]
    what = _FRIENDLY.get(kind, err["msg"])
    if kind.endswith(("_type", "_mismatch")) and isinstance(node, bool | int | float | str):
        what = f"{what}, got {_short(node)}"
    elif kind not in _FRIENDLY:
        what = f"{what} (got {_short(node)})"
    return "OKR103", loc, f"{_dotted(loc) or 'file'}: {what}"
