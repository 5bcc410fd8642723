"""Results as JSON data: the one encoder every `--format json` goes through.

A result dataclass is written by its shape (`SHAPES_OF_MODULE`) when its JSON differs from its
fields (other names, another order, rounding, derived values, fields left out), else field
by field in declaration order, leaving out fields marked `metadata={"json": False}`. Enums
are written as their values, dates as ISO strings, tuples as lists, missing values as null.
The key order is part of the stable machine format: the shapes spell it out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import operator
from collections.abc import Callable
from typing import Any

# A field of a shape: a dataclass field written under its own name, or a JSON key and what
# to write there (encoded in turn).
Field = str | tuple[str, Callable[[Any], Any]]
Shapes = dict[type, tuple[Field, ...]]


def frac(value: float | None) -> float | None:
    """A fraction as the scoring commands write it: 4 decimals."""
    return None if value is None else round(value, 4)


def _frac_of(name: str) -> tuple[str, Callable[[Any], Any]]:
    return name, lambda o: frac(getattr(o, name))


def _picked(*names: str) -> Callable[[Any], dict[str, Any]]:
    """Some fields of a result, in this order (where a nested JSON shows fewer fields)."""
    return lambda o: {n: json_data(getattr(o, n)) for n in names}


# The shapes, one function per module of result types: a command imports only the result
# modules it returns (a value's module is imported already when it is encoded), not all
# of them for these tables (0.03 s of a warm status).


def _diagnostic_shapes() -> Shapes:
    from okrctl.model.diagnostic import Diagnostic

    return {Diagnostic: ("file", "line", "col", "code", "severity", "message")}


def _score_shapes() -> Shapes:
    from okrctl.results.scores import (
        CycleScore,
        InitiativeScore,
        KeyResultScore,
        KpiScore,
        ObjectiveScore,
        ThemeScore,
    )

    return {
        InitiativeScore: ("id", "title", "owner", "due", "status", "progress", "overdue"),
        KeyResultScore: (
            *("id", "title", "owner", "unit", "direction", "baseline", "target", "current"),
            _frac_of("progress"),
            _frac_of("attainment"),
            *("status", "stale", "confidence", "last_checkin", "weight", "final_score"),
            "score_note",  # with a hand grade (`cycle close --grade`)
            "computed_score",
            _frac_of("children_progress"),  # objectives aligned to this KR
            "children",
            "initiatives",
        ),
        ObjectiveScore: (
            *("id", "cycle", "title", "owner", "contributors", "theme", "level", "team"),
            "parent",
            _frac_of("progress"),
            "status",
            _frac_of("children_progress"),
            *("stale_count", "overdue_count", "weight", "final_score", "key_results"),
        ),
        ThemeScore: (
            *("id", "name"),
            _frac_of("progress"),
            "status",
            _frac_of("final_score"),
            "objectives",
        ),
        KpiScore: (
            *("id", "cycle", "title", "perspective", "owner", "theme", "unit", "direction"),
            *("baseline", "target", "current"),
            (
                "thresholds",
                lambda k: (
                    {"green": k.thresholds[0], "yellow": k.thresholds[1]} if k.thresholds else None
                ),
            ),
            *("status", "stale", "last_checkin", "frequency"),
        ),
        # A cycle's head; each command adds its own body (themes, perspectives).
        CycleScore: (
            *("cycle", "name", "start", "end", "as_of"),
            _frac_of("expected"),
            ("status", lambda s: s.state),
            "closed",
        ),
    }


def _view_shapes() -> Shapes:
    from okrctl.results.views import AlignmentTree, Detail, Point, TreeNode

    return {
        Point: ("date", "value", "confidence", "note"),
        Detail: (
            *("kind", "ref", "cycle", "as_of"),
            _frac_of("expected"),
            *("objective", "key_result", "kpi"),
            ("checkins", lambda d: dict(d.series)),
        ),
        TreeNode: (
            ("ref", lambda n: n.objective.ref),
            ("title", lambda n: n.objective.title),
            ("level", lambda n: n.objective.level),
            ("owner", lambda n: n.objective.owner),
            ("progress", lambda n: frac(n.objective.progress)),
            ("status", lambda n: n.objective.status),
            ("children_progress", lambda n: frac(n.objective.children_progress)),
            "in_cycle",
            ("aligned_to_key_result", lambda n: n.via),
            "children",
        ),
        AlignmentTree: (
            *("cycle", "as_of"),
            _frac_of("expected"),
            *("roots", "unaligned"),
            ("looped", lambda t: [o.ref for o in t.looped]),
        ),
    }


def _change_shapes() -> Shapes:
    from okrctl.results.changes import Change, fmt

    def changed(value: Any) -> str | None:
        return None if value is None else fmt(value)

    return {
        Change: (
            *("kind", "subject", "cycle", "ref", "field", "text"),
            ("file", lambda c: c.path),
            ("before", lambda c: changed(c.before)),
            ("after", lambda c: changed(c.after)),
        ),
    }


def _diff_shapes() -> Shapes:
    from okrctl.results.changes import ChangeKind
    from okrctl.results.diff import DiffResult

    return {
        DiffResult: (
            *("base", "head", "as_of"),
            ("summary", lambda r: {k.value: r.count(k) for k in ChangeKind}),
            *("changes", "scores", "violations", "errors", "preexisting"),
        ),
    }


def _log_shapes() -> Shapes:
    from okrctl.results.log import Entry, LogResult

    warning = _picked("code", "severity", "message")
    return {
        LogResult: (
            ("ref", lambda r: r.target.ref),
            ("kind", lambda r: r.target.kind),
            "rev",
            ("commits", lambda r: r.entries),
        ),
        Entry: (
            ("sha", lambda e: e.commit.sha),
            ("author", lambda e: e.commit.author),
            ("email", lambda e: e.commit.email),
            ("date", lambda e: e.commit.date),
            ("subject", lambda e: e.commit.subject),
            "changes",
            ("warnings", lambda e: [warning(w) for w in e.warnings]),
        ),
    }


def _review_shapes() -> Shapes:
    from okrctl.results.reviews import CheckItem, Checklist, CycleList, CycleRow

    return {
        CycleList: (("as_of", lambda c: c.as_of), ("cycles", lambda c: c.rows)),
        CycleRow: (
            *("id", "name", "start", "end", "scope", "team", "parent", "status", "objectives"),
            _frac_of("progress"),
            ("aligned_progress", lambda r: frac(r.rollup)),
        ),
        Checklist: ("cycle", ("ok", lambda c: c.ok), ("checks", lambda c: c.items)),
        CheckItem: (("check", lambda i: i.label), "ok", "reason"),
    }


def _remind_shapes() -> Shapes:
    from okrctl.results.remind import DueEntry, OwnerDue, Reminders

    return {
        Reminders: ("cycle", "as_of", ("count", lambda r: r.count), "owners"),
        OwnerDue: (("owner", lambda o: o.owner or None), "name", "github", "slack", "items"),
        DueEntry: ("kind", "ref", "initiative", "title", "last_checkin", "due", "command"),
    }


# Where a result type's JSON differs from its fields, by the module of the type.
SHAPES_OF_MODULE: dict[str, Callable[[], Shapes]] = {
    "okrctl.model.diagnostic": _diagnostic_shapes,
    "okrctl.results.scores": _score_shapes,
    "okrctl.results.views": _view_shapes,
    "okrctl.results.changes": _change_shapes,
    "okrctl.results.diff": _diff_shapes,
    "okrctl.results.log": _log_shapes,
    "okrctl.results.reviews": _review_shapes,
    "okrctl.results.remind": _remind_shapes,
}


def shape_of(kind: type) -> tuple[Field, ...]:
    """The JSON keys of a result type: its shape, else its fields in declaration order
    (those marked `metadata={"json": False}` left out)."""
    shapes = SHAPES_OF_MODULE.get(kind.__module__)
    shape = shapes().get(kind) if shapes is not None else None  # once per type (_GETTERS)
    if shape is None:
        shape = tuple(f.name for f in dataclasses.fields(kind) if f.metadata.get("json", True))
    return shape


# Each dataclass type's JSON keys and how to read each, worked out once per type: a status
# of 10,000 objectives encodes about a million values.
_GETTERS: dict[type, tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def _getters(kind: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    found = _GETTERS.get(kind)
    if found is None:
        found = tuple(
            (field, operator.attrgetter(field)) if isinstance(field, str) else field
            for field in shape_of(kind)
        )
        _GETTERS[kind] = found
    return found


# Values written as they are: most fields of a result (a float too, unless rounded).
_PLAIN = frozenset({str, int, bool, float, type(None)})
_PLAIN_ROUNDED = _PLAIN - {float}


def json_data(value: Any, digits: int | None = None) -> Any:
    """`value` as JSON data (dicts, lists, strings, numbers, booleans, None); with `digits`,
    every float rounded to that many decimals (the reviews' figures)."""
    kind = type(value)
    # Exact types first (the common case, and an enum is a subclass of str or int), then
    # the result types met before; a plain value inside is written without a call.
    if kind is str or kind is int or kind is bool or value is None:
        return value
    getters = _GETTERS.get(kind)
    if getters is not None:
        plain = _PLAIN if digits is None else _PLAIN_ROUNDED
        return {
            key: v if type(v := get(value)) in plain else json_data(v, digits)
            for key, get in getters
        }
    return _other_data(value, digits)


def _other_data(value: Any, digits: int | None) -> Any:
    """json_data of anything but an exact str, int, bool, None or a result type met before."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool | int | str):  # a subclass that is not an enum
        return value
    if isinstance(value, float):
        return value if digits is None else round(value, digits)
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    if isinstance(value, tuple | list):
        plain = _PLAIN if digits is None else _PLAIN_ROUNDED
        return [v if type(v) in plain else json_data(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: json_data(v, digits) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _getters(type(value))  # the first of its type: its getters worked out, then as above
        return json_data(value, digits)
    raise TypeError(f"no JSON for {type(value).__name__}")
