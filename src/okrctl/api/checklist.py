"""`okrctl checklist`: the execution-completion checklist of the Execution phase, evaluated
on the repo — BSC KPIs in all four perspectives, an OKR cycle, OKRs linked to themes, SMART
key results, initiatives linked, and the WBR/MBR/QBR cadence planned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from okrctl.api.kpis import visible_kpis
from okrctl.api.scoring import AsOf, Outcome, Workspace, open_workspace, outcome_of
from okrctl.load.repo import CycleFiles
from okrctl.model.kpi import Perspective
from okrctl.model.review_kinds import ReviewKind
from okrctl.model.smart import smart_gaps
from okrctl.results.reviews import CheckItem, Checklist
from okrctl.score import active_cycle

LABELS = (
    "BSC KPIs defined (4 perspectives)",
    "OKR cycle created",
    "OKRs linked to themes",
    "Key results are SMART",
    "Initiatives linked",
    "WBR/MBR/QBR cadence planned",
)
REVIEWS = tuple(ReviewKind)  # settings.required_reviews' default
SHOWN = 5  # offenders named in a reason; the rest are counted


def _names(items: Sequence[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


def _kpis(ws: Workspace, files: CycleFiles) -> CheckItem:
    kpis = [doc.model for _, doc in visible_kpis(ws.repo, files.id)]
    counts = Counter(k.perspective for k in kpis)
    missing = [p.value for p in Perspective if not counts[p]]
    if missing:
        return CheckItem(LABELS[0], False, f"no KPI for {', '.join(missing)}")
    spread = ", ".join(f"{p.value} {counts[p]}" for p in Perspective)
    return CheckItem(LABELS[0], True, f"{len(kpis)} KPIs: {spread}")


def _themes(ws: Workspace, files: CycleFiles) -> CheckItem:
    config = ws.repo.config.model if ws.repo.config else None
    known = {t.id for t in config.themes} if config else set()
    objectives = files.objectives
    if not objectives:
        return CheckItem(LABELS[2], False, f"cycle {files.id} has no objectives yet")
    bad = [
        f"{oid} ({'no theme' if d.model.theme is None else f'unknown theme {d.model.theme}'})"
        for oid, d in objectives.items()
        if d.model.theme not in known
    ]
    if bad:
        return CheckItem(LABELS[2], False, f"{len(bad)} not linked: {_names(bad)}")
    return CheckItem(LABELS[2], True, f"all {len(objectives)} objectives serve a theme")


def _smart(files: CycleFiles) -> CheckItem:
    krs = [(oid, kr, d.model) for oid, d in files.objectives.items() for kr in d.model.key_results]
    if not krs:
        return CheckItem(LABELS[3], False, f"cycle {files.id} has no key results yet")
    bad = []
    for oid, kr, obj in krs:
        gaps = smart_gaps(kr, obj)
        if gaps:
            bad.append(f"{oid}/{kr.id} ({', '.join(gaps)})")
    if bad:
        return CheckItem(LABELS[3], False, f"{len(bad)} of {len(krs)} lack: {_names(bad)}")
    assert files.cycle is not None
    c = files.cycle.model
    return CheckItem(
        LABELS[3], True, f"all {len(krs)} measurable, owned and bound to {c.start} to {c.end}"
    )


def _initiatives(files: CycleFiles) -> CheckItem:
    objectives = files.objectives
    if not objectives:
        return CheckItem(LABELS[4], False, f"cycle {files.id} has no objectives yet")
    bad = [
        oid
        for oid, d in objectives.items()
        if not any(kr.initiatives for kr in d.model.key_results)
    ]
    if bad:
        return CheckItem(
            LABELS[4], False, f"{len(bad)} objectives without any initiative: {_names(bad)}"
        )
    return CheckItem(LABELS[4], True, "every objective has a key result with an initiative")


def _cadence(ws: Workspace, files: CycleFiles | None) -> CheckItem:
    config = ws.repo.config.model if ws.repo.config else None
    events = list(config.settings.cadence) if config else []
    if files is not None and files.cycle is not None:
        events += files.cycle.model.cadence
    planned = {e.review for e in events}
    # The reviews the programme's rhythm requires (settings.required_reviews): a monthly
    # key-review rhythm plans no WBR.
    required = list(config.settings.required_reviews) if config else list(REVIEWS)
    missing = [r for r in required if r not in planned]
    if missing:
        return CheckItem(
            LABELS[5],
            False,
            f"no {', '.join(missing)} review in settings.cadence or the cycle's cadence",
        )
    named = ", ".join(required) if required else "none required"
    return CheckItem(LABELS[5], True, f"{len(events)} review events: {named}")


def _pick(ws: Workspace, cycle: str | None, today: dt.date) -> CycleFiles | None:
    if cycle is not None:
        ws.cycle_id(cycle)  # raises on an unknown or broken cycle
        return ws.repo.cycles[cycle]
    found = active_cycle(ws.repo, today)
    if found is None:  # else the latest that has a cycle.yaml: the one being planned
        dated = [(c.cycle.model.start, c.id) for c in ws.repo.cycles.values() if c.cycle]
        found = max(dated)[1] if dated else None
    return ws.repo.cycles[found] if found else None


def checklist(
    root: Path, today: AsOf | dt.date, cycle: str | None = None
) -> tuple[Outcome, Checklist]:
    """The checklist for `--cycle`, else the active cycle, else the latest one."""
    ws = open_workspace(root, today)
    files = _pick(ws, cycle, ws.scorer.as_of)
    if files is None or files.cycle is None:
        none = "no cycle in cycles/: create one with `okrctl cycle new`"
        missing = tuple(CheckItem(label, False, none) for label in LABELS[:5])
        return outcome_of(ws), Checklist(None, (*missing, _cadence(ws, None)))
    c = files.cycle.model
    created = CheckItem(
        LABELS[1], True, f"{files.id}: {c.name}, {c.start} to {c.end}, {c.scope.value} scope"
    )
    items = (
        _kpis(ws, files),
        created,
        _themes(ws, files),
        _smart(files),
        _initiatives(files),
        _cadence(ws, files),
    )
    return outcome_of(ws), Checklist(files.id, items)
