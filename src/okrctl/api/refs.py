"""`okrctl show REF`: find an objective, key result or KPI by reference and score it.

REF is `objective`, `objective/kr`, `cycle/objective`, `cycle/objective/kr`, `kpi` or
`cycle/kpi`; a short form is looked up in the chosen (or active) cycle first, then in all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.scoring import AsOf, Outcome, Workspace, open_workspace, outcome_of
from okrctl.model import Checkin, Severity, refs
from okrctl.model.errors import OkrctlError
from okrctl.model.refs import ITEMS, Ref, RefKind
from okrctl.results.views import Detail, DetailKind, Point

_DETAIL = {
    RefKind.OBJECTIVE: DetailKind.OBJECTIVE,
    RefKind.KEY_RESULT: DetailKind.KEY_RESULT,
    RefKind.KPI: DetailKind.KPI,
}


@dataclass(frozen=True)
class ShowResult:
    outcome: Outcome
    detail: Detail


def _refuse_broken(ws: Workspace, candidates: Sequence[Ref], ref: str) -> None:
    """A reference into a file that exists but has errors (and so did not load) says so."""
    failing = {d.file for d in ws.repo.diagnostics if d.severity is Severity.ERROR}
    broken = [p for p in dict.fromkeys(r.path for r in candidates) if p in failing]
    if broken:
        has = "has" if len(broken) == 1 else "have"
        raise OkrctlError(
            f"{' and '.join(broken)} {has} errors and could not be loaded, so '{ref}' "
            "cannot be shown: run `okrctl validate` to see them"
        )


def resolve(ws: Workspace, ref: str, cycle: str | None) -> Ref:
    """The one objective, key result or KPI `ref` names (okrctl.model.refs: one rule for
    every command); OkrctlError with suggestions when none or several."""
    parts = refs.parse(ref)
    home = cycle if cycle is not None else _home_cycle(ws)
    candidates = [r for r in refs.readings(parts, home, ws.repo.cycle_ids()) if r.kind in ITEMS]
    hits = refs.found(ref, home, ws.repo, ITEMS)
    # A short reference means the home cycle's file first: when that file is broken, say
    # so rather than quietly show the same id from another cycle.
    if len(parts) == 1 and not any(r.cycle == home for r in hits):
        _refuse_broken(ws, [r for r in candidates if r.cycle == home], ref)
    if not hits:
        _refuse_broken(ws, candidates, ref)
    return refs.resolve(ref, home, ws.repo, ITEMS)


def _home_cycle(ws: Workspace) -> str | None:
    try:
        return ws.cycle_id(None)
    except OkrctlError:
        return None  # no active cycle: look everywhere


def _points(checkins: Sequence[Checkin]) -> tuple[Point, ...]:
    ordered = sorted(enumerate(checkins), key=lambda ic: (ic[1].date, ic[0]))
    return tuple(
        Point(
            c.date,
            c.value,
            float(c.confidence) if c.confidence is not None else None,
            c.note,
        )
        for _, c in ordered
    )


def show(root: Path, ref: str, as_of: AsOf | dt.date, cycle: str | None = None) -> ShowResult:
    """Score the objective, key result or KPI that `ref` names."""
    ws = open_workspace(root, as_of)
    if cycle is not None:
        ws.cycle_id(cycle)  # an unknown --cycle is an error, not an empty search
    t = resolve(ws, ref, cycle)
    clock = ws.scorer.clock(t.cycle)
    files = ws.repo.cycles[t.cycle]
    kind = _DETAIL[t.kind]
    base = Detail(kind, t.text, t.cycle, clock.name, ws.scorer.as_of, clock.expected)
    if kind is DetailKind.KPI:
        model = files.kpis[t.item].model
        kpi = ws.scorer.kpi(t.cycle, t.item)
        one = ((t.item, _points(ws.scorer.seen(model.checkins))),)
        return ShowResult(outcome_of(ws), dataclasses.replace(base, kpi=kpi, series=one))
    objective = ws.scorer.objective(t.cycle, t.item)
    krs = files.objectives[t.item].model.key_results
    series = tuple(
        (k.id, _points(ws.scorer.seen(k.checkins))) for k in krs if t.key_result in (None, k.id)
    )
    key_result = next((k for k in objective.key_results if k.id == t.key_result), None)
    detail = dataclasses.replace(base, objective=objective, key_result=key_result, series=series)
    return ShowResult(outcome_of(ws), detail)
