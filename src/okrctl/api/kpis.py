"""`okrctl kpis`: the Balanced Scorecard of one cycle, and the one rule for which KPIs a
cycle sees (used by `kpis`, `checklist` and the HTML report's scorecard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.scoring import AsOf, Outcome, Workspace, open_workspace, outcome_of
from okrctl.load.repo import CycleFiles, Document, StrategyRepo
from okrctl.model import Kpi
from okrctl.model.layout import find_id
from okrctl.results.scores import CycleScore, KpiScore


@dataclass(frozen=True)
class KpiResult:
    outcome: Outcome
    score: CycleScore
    kpis: tuple[KpiScore, ...]  # the cycle's own, then those of its parent cycles


def cycle_family(repo: StrategyRepo, cycle_id: str) -> list[CycleFiles]:
    """The cycle, then the cycles it belongs to (`parent`, its `parent`, ...): KPIs are
    often set once for the year. A parent loop or a missing parent ends the chain."""
    files = repo.cycles[cycle_id]
    out, seen = [files], {files.id}
    while files.cycle is not None and files.cycle.model.parent is not None:
        parent_id = find_id(files.cycle.model.parent, repo.cycles)
        if parent_id is None or parent_id in seen:
            break
        files = repo.cycles[parent_id]
        seen.add(parent_id)
        out.append(files)
    return out


def visible_kpis(repo: StrategyRepo, cycle_id: str) -> list[tuple[str, Document[Kpi]]]:
    """(cycle id, KPI) of every KPI the cycle sees: its own, then its parent cycles'."""
    return [(c.id, doc) for c in cycle_family(repo, cycle_id) for doc in c.kpis.values()]


def kpi_scores(ws: Workspace, cycle_id: str, score: CycleScore) -> tuple[KpiScore, ...]:
    """The scores of the KPIs the cycle sees (`score` is the cycle's own score)."""
    inherited = [
        ws.scorer.kpi(c, doc.id) for c, doc in visible_kpis(ws.repo, cycle_id) if c != cycle_id
    ]
    return (*score.kpis, *inherited)


def kpis(root: Path, as_of: AsOf | dt.date, cycle: str | None = None) -> KpiResult:
    """The KPIs of the chosen (or active) cycle and of the cycles it belongs to (`parent`)."""
    ws = open_workspace(root, as_of)
    cycle_id = ws.cycle_id(cycle)
    score = ws.scorer.cycle(cycle_id)
    return KpiResult(outcome_of(ws), score, kpi_scores(ws, cycle_id, score))
