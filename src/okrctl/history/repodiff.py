"""The semantic difference between two loaded strategy repos, with renames. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel

from okrctl.history.changes import diff_file
from okrctl.load.repo import CONFIG_FILE, StrategyRepo
from okrctl.model import Severity, layout
from okrctl.results.changes import Change, ChangeKind, Subject

M = TypeVar("M", bound=BaseModel)
Key = tuple[str, str]  # (cycle id, object id)


def _broken(repo: StrategyRepo) -> set[str]:
    """Files that exist but did not load: missing objects there are not removals."""
    return {d.file for d in repo.diagnostics if d.severity is Severity.ERROR}


def _path(folder: str, cycle: str, ident: str) -> str:
    if folder == layout.OBJECTIVES:
        return layout.objective_file(cycle, ident)
    return layout.kpi_file(cycle, ident)


def _objects(
    kind: str, subject: Subject, base: Mapping[Key, M], head: Mapping[Key, M], broken: set[str]
) -> list[Change]:
    """Changes of every objective (or KPI): matched by id, renames by equal content."""
    out: list[Change] = []
    added = sorted(head.keys() - base.keys())
    removed = sorted(base.keys() - head.keys())
    renamed: dict[Key, Key] = {}
    for fresh in added:
        twin = next((gone for gone in removed if base[gone] == head[fresh]), None)
        if twin is not None:
            removed.remove(twin)
            renamed[fresh] = twin
    keys = sorted(base.keys() | head.keys())
    for key in keys:
        cycle, ident = key
        path = _path(kind, cycle, ident)
        if key in renamed:
            old_cycle, old_id = renamed[key]
            was = old_id if old_cycle == cycle else f"{old_cycle}/{old_id}"
            out.append(
                Change(
                    ChangeKind.OTHER,
                    subject,
                    cycle,
                    f"{cycle}/{ident}",
                    "renamed",
                    f"renamed from {was} (same content)",
                    path,
                    before=f"{old_cycle}/{old_id}",
                    after=f"{cycle}/{ident}",
                )
            )
            continue
        if key in base and key not in head and key not in removed:
            continue  # the old side of a rename
        if (key in base) != (key in head) and path in broken:
            side = "now" if key in base else "before"
            text = f"the file did not load {side}; see the validation errors"
            out.append(
                Change(
                    ChangeKind.OTHER, subject, cycle, f"{cycle}/{ident}", "unreadable", text, path
                )
            )
            continue
        old, new = base.get(key), head.get(key)
        if old is not None and old is new:  # the same parse of the same blob: unchanged
            continue
        out.extend(diff_file(kind[:-1], cycle, ident, path, old, new))
    return out


def diff_repos(base: StrategyRepo, head: StrategyRepo) -> list[Change]:
    """Every semantic change from `base` to `head`, in a stable order."""
    broken = _broken(base) | _broken(head)
    old_config = base.config.model if base.config else None
    new_config = head.config.model if head.config else None
    out = diff_file("config", "", "okrctl", CONFIG_FILE, old_config, new_config)
    for cycle in sorted(base.cycles.keys() | head.cycles.keys()):
        b, h = base.cycles.get(cycle), head.cycles.get(cycle)
        old = b.cycle.model if b and b.cycle else None
        new = h.cycle.model if h and h.cycle else None
        path = layout.cycle_file(cycle)
        if (old is None) != (new is None) and path in broken:
            continue
        out.extend(diff_file("cycle", cycle, cycle, path, old, new))
    out.extend(
        _objects(
            layout.OBJECTIVES,
            Subject.OBJECTIVE,
            {(c.id, d.id): d.model for c, d in base.objectives()},
            {(c.id, d.id): d.model for c, d in head.objectives()},
            broken,
        )
    )
    out.extend(
        _objects(
            layout.KPIS,
            Subject.KPI,
            {(c.id, d.id): d.model for c, d in base.kpis()},
            {(c.id, d.id): d.model for c, d in head.kpis()},
            broken,
        )
    )
    return out
