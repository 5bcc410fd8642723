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

from okrctl.api.scoring import AsOf, Workspace, open_workspace
from okrctl.model import Checkin, Severity
from okrctl.model.errors import OkrctlError
from okrctl.model.suggest import did_you_mean
from okrctl.score.views import Detail, DetailKind, Point


@dataclass(frozen=True)
class Target:
    """What a reference resolved to."""

    kind: DetailKind
    cycle: str
    item: str  # objective or KPI id
    key_result: str | None = None

    @property
    def ref(self) -> str:
        tail = f"/{self.key_result}" if self.key_result else ""
        return f"{self.cycle}/{self.item}{tail}"


@dataclass(frozen=True)
class ShowResult:
    workspace: Workspace
    detail: Detail


def _exists(ws: Workspace, t: Target) -> bool:
    files = ws.repo.cycles.get(t.cycle)
    if files is None:
        return False
    if t.kind is DetailKind.KPI:
        return t.item in files.kpis
    doc = files.objectives.get(t.item)
    if doc is None:
        return False
    return t.key_result is None or any(k.id == t.key_result for k in doc.model.key_results)


def _candidates(ws: Workspace, parts: Sequence[str], home: str | None) -> list[Target]:
    obj, kr, kpi = DetailKind.OBJECTIVE, DetailKind.KEY_RESULT, DetailKind.KPI
    cycles = ([home] if home else []) + [c for c in ws.repo.cycles if c != home]
    if len(parts) == 3:
        return [Target(kr, parts[0], parts[1], parts[2])]
    if len(parts) == 2:
        a, b = parts
        explicit = [Target(obj, a, b), Target(kpi, a, b)]
        return explicit + [Target(kr, c, a, b) for c in cycles]
    return [t for c in cycles for t in (Target(obj, c, parts[0]), Target(kpi, c, parts[0]))]


def _all_refs(ws: Workspace) -> list[str]:
    refs = []
    for cycle_id, files in ws.repo.cycles.items():
        for oid, doc in files.objectives.items():
            refs += [oid, f"{cycle_id}/{oid}"]
            for k in doc.model.key_results:
                refs += [f"{oid}/{k.id}", f"{cycle_id}/{oid}/{k.id}"]
        for kid in files.kpis:
            refs += [kid, f"{cycle_id}/{kid}"]
    return refs


def _unloadable(ws: Workspace, candidates: Sequence[Target]) -> list[str]:
    """The files the candidates would be in that exist but have errors and did not load."""
    failing = {d.file for d in ws.repo.diagnostics if d.severity is Severity.ERROR}
    folder = {DetailKind.KPI: "kpis"}
    paths = dict.fromkeys(
        f"cycles/{t.cycle}/{folder.get(t.kind, 'objectives')}/{t.item}.yaml" for t in candidates
    )
    return [path for path in paths if path in failing]


def _refuse_broken(ws: Workspace, candidates: Sequence[Target], ref: str) -> None:
    broken = _unloadable(ws, candidates)
    if broken:
        has = "has" if len(broken) == 1 else "have"
        raise OkrctlError(
            f"{' and '.join(broken)} {has} errors and could not be loaded, so '{ref}' "
            "cannot be shown: run `okrctl validate` to see them"
        )


def resolve(ws: Workspace, ref: str, cycle: str | None) -> Target:
    """The one thing `ref` names; OkrctlError (with suggestions) when none or several."""
    parts = ref.strip().split("/")
    if not 1 <= len(parts) <= 3 or not all(parts):
        raise OkrctlError(
            f"'{ref}' is not a reference: use objective, objective/kr, cycle/objective/kr, "
            "kpi or cycle/kpi"
        )
    home = cycle if cycle is not None else _home_cycle(ws)
    candidates = _candidates(ws, parts, home)
    found = [t for t in candidates if _exists(ws, t)]
    # A short reference means the home cycle's file first: when that file is broken, say
    # so rather than quietly show the same id from another cycle.
    at_home = [t for t in candidates if t.cycle == home]
    if len(parts) == 1 and not any(t.cycle == home for t in found):
        _refuse_broken(ws, at_home, ref)
    if not found:
        _refuse_broken(ws, candidates, ref)
        raise OkrctlError(f"nothing is called '{ref}'{did_you_mean(ref, _all_refs(ws))}")
    # A short reference found in the home cycle wins over the same id in other cycles.
    preferred = [t for t in found if t.cycle == home] if len(parts) == 1 else found
    chosen = preferred or found
    if len({t.ref + t.kind for t in chosen}) > 1:
        options = ", ".join(sorted(t.ref for t in chosen))
        raise OkrctlError(f"'{ref}' is ambiguous: it could be {options}")
    return chosen[0]


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
    base = Detail(t.kind, t.ref, t.cycle, clock.name, ws.scorer.as_of, clock.expected)
    if t.kind is DetailKind.KPI:
        model = files.kpis[t.item].model
        kpi = ws.scorer.kpi(t.cycle, t.item)
        one = ((t.item, _points(ws.scorer.seen(model.checkins))),)
        return ShowResult(ws, dataclasses.replace(base, kpi=kpi, series=one))
    objective = ws.scorer.objective(t.cycle, t.item)
    krs = files.objectives[t.item].model.key_results
    series = tuple(
        (k.id, _points(ws.scorer.seen(k.checkins))) for k in krs if t.key_result in (None, k.id)
    )
    key_result = next((k for k in objective.key_results if k.id == t.key_result), None)
    detail = dataclasses.replace(base, objective=objective, key_result=key_result, series=series)
    return ShowResult(ws, detail)
