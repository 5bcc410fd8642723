"""Rules about check-ins of key results and KPIs."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from okrctl.load.source import Loc, SourceFile
from okrctl.model import Checkin, Severity
from okrctl.model.common import Direction
from okrctl.model.diagnostic import Draft
from okrctl.rules.engine import RuleContext, rule

E = Severity.ERROR


@dataclass(frozen=True)
class Series:
    """The check-ins of one key result or KPI, with where they live."""

    source: SourceFile
    loc: Loc  # of the `checkins` list
    label: str
    checkins: list[Checkin]
    milestone: bool
    cycle_start: dt.date | None
    cycle_end: dt.date | None


# The findings of each rule context, per code: one walk over every check-in finds those of
# all five rules (each walking them all was 15 % of validate at 10,000 objectives).
_FOUND: weakref.WeakKeyDictionary[RuleContext, dict[str, list[Draft]]] = weakref.WeakKeyDictionary()
_CODES = ("OKR401", "OKR402", "OKR403", "OKR404", "OKR405")


def _found(ctx: RuleContext, code: str) -> Iterator[Draft]:
    """The findings of the check-in rule `code` (the walk runs on first use per context)."""
    found = _FOUND.get(ctx)
    if found is None:
        found = _FOUND[ctx] = _walk(ctx)
    return iter(found[code])


def _series(ctx: RuleContext) -> Iterator[Series]:
    for cycle, doc in ctx.objectives():
        span = (cycle.cycle.model.start, cycle.cycle.model.end) if cycle.cycle else (None, None)
        for k, kr in enumerate(doc.model.key_results):
            yield Series(
                doc.source,
                ("key_results", k, "checkins"),
                f"key result '{kr.id}'",
                kr.checkins or [],
                kr.direction is Direction.MILESTONE,
                *span,
            )
    for cycle, kdoc in ctx.repo.kpis():
        span = (cycle.cycle.model.start, cycle.cycle.model.end) if cycle.cycle else (None, None)
        yield Series(
            kdoc.source, ("checkins",), f"KPI '{kdoc.id}'", kdoc.model.checkins or [], False, *span
        )


def _at(s: Series, i: int, key: str, message: str) -> Draft:
    """A finding at `key` of the series' check-in `i`."""
    return Draft.value_at(s.source, (*s.loc, i, key), f"{s.label}: {message}")


def _walk(ctx: RuleContext) -> dict[str, list[Draft]]:
    """Every check-in once, each rule's findings in the order of the series and check-ins."""
    found: dict[str, list[Draft]] = {code: [] for code in _CODES}
    outside, future, order, confidence, value = (found[code] for code in _CODES)
    today = ctx.today
    for s in _series(ctx):
        start, end = s.cycle_start, s.cycle_end
        # Without both dates nothing is outside the cycle; the first check-in follows none.
        low, high = (start, end) if start and end else (dt.date.min, dt.date.max)
        previous = dt.date.min
        milestone = s.milestone
        for i, c in enumerate(s.checkins):
            date = c.date
            if not low <= date <= high:
                message = f"check-in {date} is outside the cycle ({start} to {end})"
                outside.append(_at(s, i, "date", message))
            if date > today:
                future.append(_at(s, i, "date", f"check-in {date} is in the future"))
            if date < previous:
                order.append(_at(s, i, "date", f"check-in {date} comes after {previous}"))
            if (conf := c.confidence) is not None and not 0 <= conf <= 1:
                confidence.append(_at(s, i, "confidence", f"confidence {conf} is outside 0-1"))
            if isinstance(c.value, bool) is not milestone:
                want = "true or false (milestone)" if milestone else "a number"
                value.append(_at(s, i, "value", f"check-in value {c.value!r} should be {want}"))
            previous = date
    return found


@rule("OKR401", "checkin-outside-cycle", E, "Check-ins are dated within their cycle.")
def checkin_outside_cycle(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: a check-in dated 2026-09-28 in a cycle starting 2026-10-01. Good: 2026-10-05."""
    return _found(ctx, "OKR401")


@rule("OKR402", "checkin-in-future", E, "Check-ins are not dated in the future.")
def checkin_in_future(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: a check-in dated next week. Good: dated today or earlier."""
    return _found(ctx, "OKR402")


@rule("OKR403", "checkin-out-of-order", E, "Check-ins are appended in date order.")
def checkin_out_of_order(ctx: RuleContext) -> Iterator[Draft]:
    """The series is append-only: a check-in never predates the one above it.

    Bad: 2026-10-14 then 2026-10-07. Good: 2026-10-07 then 2026-10-14.
    """
    return _found(ctx, "OKR403")


@rule("OKR404", "confidence-range", E, "A check-in's confidence is between 0 and 1.")
def confidence_range(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `confidence: 70`. Good: `confidence: 0.7`."""
    return _found(ctx, "OKR404")


@rule(
    "OKR405", "checkin-value-type", E, "Milestone check-ins are true/false; all others are numbers."
)
def checkin_value_type(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `value: true` on an NPS key result. Good: `value: 61`; on a milestone, `value: true`."""
    return _found(ctx, "OKR405")
