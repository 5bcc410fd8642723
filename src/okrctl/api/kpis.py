"""`okrctl kpis`: the Balanced Scorecard of one cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.scoring import AsOf, Workspace, open_workspace
from okrctl.score import CycleScore, KpiScore


@dataclass(frozen=True)
class KpiResult:
    workspace: Workspace
    score: CycleScore
    kpis: tuple[KpiScore, ...]  # the cycle's own, then those of its parent cycles


def kpis(root: Path, as_of: AsOf | dt.date, cycle: str | None = None) -> KpiResult:
    """The KPIs of the chosen (or active) cycle and of the cycles it belongs to (`parent`),
    since KPIs are often set once for the year.
    """
    ws = open_workspace(root, as_of)
    cycle_id = ws.cycle_id(cycle)
    score = ws.scorer.cycle(cycle_id)
    found = list(score.kpis)
    seen = {cycle_id}
    files = ws.repo.cycles[cycle_id]
    while files.cycle is not None and files.cycle.model.parent not in (None, *seen):
        parent = ws.repo.cycles.get(files.cycle.model.parent or "")
        if parent is None:
            break
        seen.add(parent.id)
        found += [ws.scorer.kpi(parent.id, k) for k in parent.kpis]
        files = parent
    return KpiResult(ws, score, tuple(found))
