"""Rules about key results: SMART fields, ids, adjustments, initiatives."""

from __future__ import annotations

from collections.abc import Iterator

from okrctl.load.source import Loc
from okrctl.model import Severity, smart
from okrctl.model.common import Direction
from okrctl.model.diagnostic import Draft
from okrctl.model.objective import InitiativeStatus, ItemStatus, KeyResult, Objective
from okrctl.rules.engine import RuleContext, rule

E, W = Severity.ERROR, Severity.WARNING


@rule(
    "OKR206",
    "key-result-not-smart",
    E,
    "A key result has a unit, a baseline and a target (guardrails: no baseline; milestones: "
    "none of them).",
)
def key_result_not_smart(ctx: RuleContext) -> Iterator[Draft]:
    """Key results are SMART: measurable from a known baseline to a target, in a unit.

    Bad: `{id: nps, title: Improve NPS}`. Good: `{id: nps, title: NPS, unit: points,
    baseline: 58, target: 75}`. A guardrail needs no baseline: `{direction: at-least,
    unit: "%", target: 99.9}`. A `direction: milestone` KR (a task) is done or not done:
    no unit, baseline or target.
    """
    for _, doc in ctx.objectives():
        for k, kr in enumerate(doc.model.key_results):
            loc = ("key_results", k)
            extra = smart.superfluous(kr)
            if extra:
                yield Draft.at(
                    doc.source,
                    (*loc, extra[0]),
                    f"milestone key result '{kr.id}' takes no {' or '.join(extra)}: "
                    "it is done (true) or not (false)",
                )
            lacks = smart.missing(kr)
            if lacks:
                yield Draft.at(
                    doc.source,
                    loc,
                    f"key result '{kr.id}' is not measurable: no {', '.join(lacks)}",
                )


@rule("OKR207", "target-equals-baseline", E, "A key result's target differs from its baseline.")
def target_equals_baseline(ctx: RuleContext) -> Iterator[Draft]:
    """A target equal to the baseline asks for no change (use `at-least`/`at-most` guardrails).

    Bad: `baseline: 90, target: 90`. Good: `baseline: 90, target: 95`, or
    `direction: at-least, target: 90` (a guardrail needs no baseline).
    """
    for _, doc in ctx.objectives():
        for k, kr in enumerate(doc.model.key_results):
            if smart.no_distance(kr):
                yield Draft.value_at(
                    doc.source,
                    ("key_results", k, "target"),
                    f"key result '{kr.id}': target equals baseline ({kr.target})",
                )


@rule(
    "OKR208",
    "direction-contradicts",
    E,
    "An increase key result's target is above its baseline, a decrease one's below.",
)
def direction_contradicts(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `direction: decrease, baseline: 8, target: 12`. Good: `baseline: 8, target: 3`."""
    for _, doc in ctx.objectives():
        for k, kr in enumerate(doc.model.key_results):
            if kr.baseline is None or kr.target is None:
                continue
            if (kr.direction is Direction.INCREASE and kr.target < kr.baseline) or (
                kr.direction is Direction.DECREASE and kr.target > kr.baseline
            ):
                yield Draft.value_at(
                    doc.source,
                    ("key_results", k, "direction"),
                    f"key result '{kr.id}' is '{kr.direction}' but goes "
                    f"{kr.baseline} → {kr.target}",
                )


@rule("OKR209", "duplicate-key-result-id", E, "Key result ids are unique within an objective.")
def duplicate_key_result_id(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: two key results with `id: nps`. Good: `nps` and `nps-enterprise`."""
    for _, doc in ctx.objectives():
        seen: set[str] = set()
        for k, kr in enumerate(doc.model.key_results):
            if kr.id in seen:
                yield Draft.value_at(
                    doc.source, ("key_results", k, "id"), f"duplicate key result id '{kr.id}'"
                )
            seen.add(kr.id)
            ini_seen: set[str] = set()
            for n, ini in enumerate(kr.initiatives):
                if ini.id in ini_seen:
                    yield Draft.value_at(
                        doc.source,
                        ("key_results", k, "initiatives", n, "id"),
                        f"duplicate initiative id '{ini.id}'",
                    )
                ini_seen.add(ini.id)


@rule(
    "OKR213",
    "adjustment-mismatch",
    W,
    "The latest adjustment of a target or baseline ends at the value in the file.",
)
def adjustment_mismatch(ctx: RuleContext) -> Iterator[Draft]:
    """An adjustment records a change; the file must show its result.

    Bad: `target: 75` with the adjustment `{field: target, from: 75, to: 70, ...}`.
    Good: `target: 70` with that adjustment.
    """
    for _, doc in ctx.objectives():
        for k, kr in enumerate(doc.model.key_results):
            latest: dict[str, int] = {}
            for a, adj in enumerate(kr.adjustments):
                latest[adj.field] = a
            for field, a in latest.items():
                adj = kr.adjustments[a]
                if getattr(kr, field) != adj.to:
                    yield Draft.value_at(
                        doc.source,
                        ("key_results", k, "adjustments", a, "to"),
                        f"key result '{kr.id}': latest {field} adjustment ends at "
                        f"{adj.to}, but {field} is {getattr(kr, field)}",
                    )


@rule(
    "OKR214",
    "dropped-without-reason",
    E,
    "A dropped objective or key result has a `status` adjustment to `dropped` with a reason.",
)
def dropped_without_reason(ctx: RuleContext) -> Iterator[Draft]:
    """Retire, don't delete: the record says when and why a goal was given up.

    Bad: `status: dropped` alone. Good: `status: dropped` with the adjustment `{date:
    2026-11-02, field: status, from: active, to: dropped, reason: Pilot cancelled}`
    (`okrctl drop REF --reason ...` writes both).
    """
    for _, doc in ctx.objectives():
        items: list[tuple[Loc, str, Objective | KeyResult]] = [((), "objective", doc.model)]
        items += [
            (("key_results", k), f"key result '{kr.id}'", kr)
            for k, kr in enumerate(doc.model.key_results)
        ]
        for loc, what, item in items:
            if item.status is not ItemStatus.DROPPED:
                continue
            latest = [a for a in item.adjustments if a.field == "status"][-1:]
            if not latest or latest[0].to is not ItemStatus.DROPPED or not latest[0].reason.strip():
                yield Draft.value_at(
                    doc.source,
                    (*loc, "status"),
                    f"{what} is dropped without an adjustment saying why: add {{date, field: "
                    "status, from: active, to: dropped, reason}} to its `adjustments`",
                )


@rule("OKR220", "initiative-incomplete", W, "An initiative has an owner and a due date.")
def initiative_incomplete(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `{id: chatbot, title: Launch chatbot}`. Good: add `owner: ana, due: 2026-11-30`."""
    for _, doc in ctx.objectives():
        for k, kr in enumerate(doc.model.key_results):
            for n, ini in enumerate(kr.initiatives):
                missing = [f for f in ("owner", "due") if getattr(ini, f) is None]
                if missing:
                    yield Draft.at(
                        doc.source,
                        ("key_results", k, "initiatives", n),
                        f"initiative '{ini.id}' has no {' or '.join(missing)}",
                    )


@rule(
    "OKR221",
    "initiative-due-after-cycle",
    W,
    "An initiative that is not done is due by the end of its cycle.",
)
def initiative_due_after_cycle(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: due 2027-02-01 in a cycle ending 2026-12-31 while in progress. Good: due in-cycle."""
    closed = (InitiativeStatus.DONE, InitiativeStatus.DROPPED)
    for cycle, doc in ctx.objectives():
        if cycle.cycle is None:
            continue
        end = cycle.cycle.model.end
        for k, kr in enumerate(doc.model.key_results):
            for n, ini in enumerate(kr.initiatives):
                if ini.due and ini.due > end and ini.status not in closed:
                    yield Draft.value_at(
                        doc.source,
                        ("key_results", k, "initiatives", n, "due"),
                        f"initiative '{ini.id}' is due {ini.due}, after the cycle ends ({end})",
                    )
