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


# The series of each rule context, built once: six rules walk them, and building them
# six times was a third of the rules' time on 1,000 objectives.
_SERIES: weakref.WeakKeyDictionary[RuleContext, list[Series]] = weakref.WeakKeyDictionary()


def all_series(ctx: RuleContext) -> list[Series]:
    """Every check-in series of the repo (built on first use for each context)."""
    found = _SERIES.get(ctx)
    if found is None:
        found = _SERIES[ctx] = list(_build_series(ctx))
    return found


def _build_series(ctx: RuleContext) -> Iterator[Series]:
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


@rule("OKR401", "checkin-outside-cycle", E, "Check-ins are dated within their cycle.")
def checkin_outside_cycle(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: a check-in dated 2026-09-28 in a cycle starting 2026-10-01. Good: 2026-10-05."""
    for s in all_series(ctx):
        if s.cycle_start is None or s.cycle_end is None:
            continue
        for i, c in enumerate(s.checkins):
            if not s.cycle_start <= c.date <= s.cycle_end:
                yield Draft.at(
                    s.source,
                    (*s.loc, i, "date"),
                    f"{s.label}: check-in {c.date} is outside the cycle "
                    f"({s.cycle_start} to {s.cycle_end})",
                    at_value=True,
                )


@rule("OKR402", "checkin-in-future", E, "Check-ins are not dated in the future.")
def checkin_in_future(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: a check-in dated next week. Good: dated today or earlier."""
    for s in all_series(ctx):
        for i, c in enumerate(s.checkins):
            if c.date > ctx.today:
                yield Draft.at(
                    s.source,
                    (*s.loc, i, "date"),
                    f"{s.label}: check-in {c.date} is in the future",
                    at_value=True,
                )


@rule("OKR403", "checkin-out-of-order", E, "Check-ins are appended in date order.")
def checkin_out_of_order(ctx: RuleContext) -> Iterator[Draft]:
    """The series is append-only: a check-in never predates the one above it.

    Bad: 2026-10-14 then 2026-10-07. Good: 2026-10-07 then 2026-10-14.
    """
    for s in all_series(ctx):
        for i in range(1, len(s.checkins)):
            before, c = s.checkins[i - 1], s.checkins[i]
            if c.date < before.date:
                yield Draft.at(
                    s.source,
                    (*s.loc, i, "date"),
                    f"{s.label}: check-in {c.date} comes after {before.date}",
                    at_value=True,
                )


@rule("OKR404", "confidence-range", E, "A check-in's confidence is between 0 and 1.")
def confidence_range(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `confidence: 70`. Good: `confidence: 0.7`."""
    for s in all_series(ctx):
        for i, c in enumerate(s.checkins):
            if c.confidence is not None and not 0 <= c.confidence <= 1:
                yield Draft.at(
                    s.source,
                    (*s.loc, i, "confidence"),
                    f"{s.label}: confidence {c.confidence} is outside 0-1",
                    at_value=True,
                )


@rule(
    "OKR405", "checkin-value-type", E, "Milestone check-ins are true/false; all others are numbers."
)
def checkin_value_type(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `value: true` on an NPS key result. Good: `value: 61`; on a milestone, `value: true`."""
    for s in all_series(ctx):
        for i, c in enumerate(s.checkins):
            if isinstance(c.value, bool) != s.milestone:
                want = "true or false (milestone)" if s.milestone else "a number"
                yield Draft.at(
                    s.source,
                    (*s.loc, i, "value"),
                    f"{s.label}: check-in value {c.value!r} should be {want}",
                    at_value=True,
                )
