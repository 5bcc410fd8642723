"""What a check-in REF names: `obj/kr`, `cycle/obj/kr`, `kpi` or `cycle/kpi`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from okrctl.edit.workspace import Workspace
from okrctl.model import KeyResult, Objective
from okrctl.model.common import ID_RE
from okrctl.model.cycle import CycleStatus
from okrctl.model.errors import OkrctlError
from okrctl.model.suggest import did_you_mean

REF_FORMS = "OBJECTIVE/KR, CYCLE/OBJECTIVE/KR, KPI or CYCLE/KPI"


@dataclass(frozen=True)
class Target:
    """A key result (objective set) or a KPI (objective None) in a cycle, and its file."""

    cycle: str
    objective: str | None
    name: str

    @property
    def is_kpi(self) -> bool:
        return self.objective is None

    @property
    def file(self) -> str:
        if self.objective is None:
            return f"cycles/{self.cycle}/kpis/{self.name}.yaml"
        return f"cycles/{self.cycle}/objectives/{self.objective}.yaml"

    @property
    def label(self) -> str:
        """`obj/kr` or `kpi`, as commit messages and prompts show it."""
        return self.name if self.objective is None else f"{self.objective}/{self.name}"

    @property
    def ref(self) -> str:
        return f"{self.cycle}/{self.label}"


def resolve(ws: Workspace, ref: str, cycle: Callable[[], str]) -> Target:
    """The target `ref` names; `cycle()` gives the cycle when the ref does not say.

    `a/b` is `objective/kr` in that cycle, or `cycle/kpi`; when both exist it is an error.
    """
    parts = ref.strip().split("/")
    if not 1 <= len(parts) <= 3 or not all(ID_RE.match(p) for p in parts):
        raise OkrctlError(f"'{ref}' is not a check-in reference: write {REF_FORMS}")
    if len(parts) == 3:
        ws.cycle(parts[0])
        return _objective(ws, parts[0], parts[1], parts[2])
    if len(parts) == 1:
        return _kpi(ws, cycle(), parts[0])
    first, second = parts
    as_kpi = Target(first, None, second) if first in ws.cycles else None
    if as_kpi is not None and ws.exists(as_kpi.file):
        try:
            default = cycle()
        except OkrctlError:  # no active cycle: only the KPI reading is possible
            return as_kpi
        if ws.exists(Target(default, first, second).file):
            raise OkrctlError(
                f"'{ref}' names both objective '{first}' in cycle {default} and KPI "
                f"'{second}' of cycle {first}: write {default}/{ref} for the key result"
            )
        return as_kpi
    return _objective(ws, cycle(), first, second)


def _closed_holder(ws: Workspace, missing: Target) -> None:
    """A ref not found in the default cycle may be one of a closed cycle (the quarter just
    closed, while the year goes on): say so rather than "no such objective"."""
    for cycle_id, doc in ws.cycles.items():
        if cycle_id == missing.cycle or doc.model.status is not CycleStatus.CLOSED:
            continue
        if ws.exists(Target(cycle_id, missing.objective, missing.name).file):
            raise OkrctlError(
                f"'{missing.label}' is in cycle {cycle_id}, which is closed: its check-ins "
                f"are final (cycle {missing.cycle} has no such "
                f"{'KPI' if missing.is_kpi else 'objective'})"
            )


def _objective(ws: Workspace, cycle_id: str, objective: str, kr: str) -> Target:
    target = Target(cycle_id, objective, kr)
    if not ws.exists(target.file):
        _closed_holder(ws, target)
        hint = did_you_mean(objective, ws.ids(cycle_id, "objectives"))
        if not hint and objective in ws.cycles and ws.exists(Target(objective, None, kr).file):
            hint = f" (for KPI '{kr}' of cycle {objective} use --cycle or {objective}/{kr})"
        raise OkrctlError(f"no objective '{objective}' in cycle {cycle_id}{hint}")
    return target


def _kpi(ws: Workspace, cycle_id: str, name: str) -> Target:
    target = Target(cycle_id, None, name)
    if ws.exists(target.file):
        return target
    _closed_holder(ws, target)
    if ws.exists(Target(cycle_id, name, "x").file):
        raise OkrctlError(
            f"'{name}' is an objective in cycle {cycle_id}: name one of its key results "
            f"as {name}/KR"
        )
    hint = did_you_mean(name, ws.ids(cycle_id, "kpis") + ws.ids(cycle_id, "objectives"))
    raise OkrctlError(f"no KPI '{name}' in cycle {cycle_id}{hint}")


def key_result(objective: Objective, target: Target) -> KeyResult:
    """The key result a target names in its loaded objective, with a hint when absent."""
    for kr in objective.key_results:
        if kr.id == target.name:
            return kr
    ids = [kr.id for kr in objective.key_results]
    hint = did_you_mean(target.name, ids) or (
        f" (it has: {', '.join(ids)})" if ids else " (it has no key results)"
    )
    raise OkrctlError(f"objective '{target.objective}' has no key result '{target.name}'{hint}")
