"""Rules about Balanced Scorecard KPIs."""

from __future__ import annotations

from collections.abc import Iterator

from okrctl.model import Severity
from okrctl.model.common import Direction
from okrctl.model.diagnostic import Draft
from okrctl.model.kpi import Perspective
from okrctl.rules.engine import RuleContext, rule

E, W = Severity.ERROR, Severity.WARNING


@rule(
    "OKR501",
    "perspective-coverage",
    W,
    "A cycle with KPIs covers all four Balanced Scorecard perspectives.",
)
def perspective_coverage(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: KPIs only for financial and customer. Good: at least one KPI in each of financial,
    customer, internal-process and learning-growth.
    """
    for cycle in ctx.repo.cycles.values():
        if not cycle.kpis or cycle.cycle is None:
            continue
        covered = {d.model.perspective for d in cycle.kpis.values()}
        missing = [p.value for p in Perspective if p not in covered]
        if missing:
            yield Draft.at(
                cycle.cycle.source,
                (),
                f"cycle {cycle.id} has no KPI for the "
                f"{', '.join(missing)} perspective{'s' * (len(missing) > 1)}",
            )


@rule(
    "OKR502",
    "thresholds-order",
    E,
    "KPI thresholds are ordered with the direction: green beyond yellow.",
)
def thresholds_order(ctx: RuleContext) -> Iterator[Draft]:
    """For an increasing KPI green >= yellow; for a decreasing one green <= yellow.

    Bad: `direction: decrease, thresholds: {green: 10, yellow: 5}`.
    Good: `direction: decrease, thresholds: {green: 5, yellow: 10}`.
    """
    for _, doc in ctx.repo.kpis():
        t = doc.model.thresholds
        if t is None:
            continue
        down = doc.model.effective_direction in (Direction.DECREASE, Direction.AT_MOST)
        if (down and t.green > t.yellow) or (not down and t.green < t.yellow):
            want = "at most" if down else "at least"
            yield Draft.at(
                doc.source,
                ("thresholds",),
                f"green ({t.green}) must be {want} yellow "
                f"({t.yellow}) for a KPI that should "
                f"{'fall' if down else 'rise'}",
            )


@rule("OKR503", "kpi-milestone", E, "A KPI is a number: its direction is never milestone.")
def kpi_milestone(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `direction: milestone` on a KPI. Good: increase, decrease, at-least or at-most."""
    for _, doc in ctx.repo.kpis():
        if doc.model.direction is Direction.MILESTONE:
            yield Draft.value_at(doc.source, ("direction",), "a KPI cannot be a milestone")
