"""Plan `okrctl cycle new`: the texts of a new cycle's files, each checked before writing.

With a source cycle (`--from`), its KPI definitions are copied with the last value as the new
baseline and no check-ins. With `--carry-over`, its unfinished objectives come along too,
with only their unfinished key results, each starting from its last value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from okrctl.api.cycle_yaml import check_roundtrip, header, to_yaml
from okrctl.load.repo import CycleFiles, StrategyRepo
from okrctl.model import Cycle, KeyResult, Kpi, Objective, layout
from okrctl.model.common import Direction
from okrctl.model.cycle import Scope
from okrctl.model.errors import OkrctlError
from okrctl.model.grading import key_result_progress
from okrctl.model.layout import ID_RE, find_id
from okrctl.model.objective import InitiativeStatus, ItemStatus
from okrctl.model.suggest import did_you_mean
from okrctl.score import current_value

_FINISHED = (InitiativeStatus.DONE, InitiativeStatus.DROPPED)


@dataclass(frozen=True)
class Candidate:
    """An objective `--carry-over` would carry: its id, title and unfinished key results."""

    id: str
    title: str
    key_results: tuple[str, ...]


# Asked, when given, which candidates to carry (without --only): the ids chosen, maybe none.
Chooser = Callable[[Sequence[Candidate]], Sequence[str]]


@dataclass(frozen=True)
class NewCycle:
    """What `okrctl cycle new` was asked for."""

    id: str
    start: dt.date
    end: dt.date
    name: str | None = None
    scope: str = "company"
    team: str | None = None
    parent: str | None = None
    source: str | None = None  # --from
    carry_over: bool = False
    only: tuple[str, ...] = ()  # --only: `objective` or `objective/kr` of the source cycle
    choose: Chooser | None = None  # in a terminal without --only: asks which to carry


@dataclass(frozen=True)
class Planned:
    """The files of the new cycle, and what carrying over changed on the way."""

    files: dict[str, str]  # repo path -> text
    notes: tuple[str, ...]  # e.g. an initiative's due date moved into the new cycle


_QUARTER = re.compile(r"(?i)(fy)?(\d{2}|\d{4})-([qh])([1-4])")


def default_name(cycle_id: str) -> str:
    """A display name from the id: `2027-q1` -> `Q1 2027`, `fy20-q2` -> `FY20 Q2`, else the id."""
    m = _QUARTER.fullmatch(cycle_id)
    if m is None:
        return cycle_id
    fiscal, year, half, n = m.groups()
    part = f"{half.upper()}{n}"
    return f"FY{year} {part}" if fiscal else f"{part} {year}"


def _check_new_id(repo: StrategyRepo, plan: NewCycle) -> None:
    """The id is well formed and no cycle has it yet."""
    if not ID_RE.match(plan.id):
        raise OkrctlError(
            f"cycle id '{plan.id}' must be letters, digits and '-' "
            "(at most 63 characters, starting with a letter or digit)"
        )
    # Ids match case-insensitively: `fy20-q2` beside `FY20-Q2` would be one folder on macOS.
    taken = find_id(plan.id, repo.cycles) or plan.id
    if taken in repo.cycles or (repo.root / layout.cycle_dir(plan.id)).exists():
        raise OkrctlError(
            f"cycle '{taken}' already exists ({layout.cycle_dir(taken)}/): a new cycle needs a "
            "new id; nothing is ever carried over into an existing cycle"
        )


def _check_dates_and_options(plan: NewCycle) -> None:
    if plan.end < plan.start:
        raise OkrctlError(f"the cycle would end ({plan.end}) before it starts ({plan.start})")
    if plan.carry_over and plan.source is None:
        raise OkrctlError("--carry-over needs --from PREV: the cycle to carry over from")
    if plan.only and not plan.carry_over:
        raise OkrctlError("--only chooses what --carry-over carries: add --carry-over")


def _scope(repo: StrategyRepo, plan: NewCycle) -> Scope:
    """The cycle's scope, checked against its team (which okrctl.yaml lists, if it lists any)."""
    try:
        scope = Scope(plan.scope)
    except ValueError:
        raise OkrctlError(
            f"--scope must be company, department or team, not '{plan.scope}'"
        ) from None
    if scope is not Scope.COMPANY and plan.team is None:
        raise OkrctlError(f"a {scope.value} cycle needs --team")
    if scope is Scope.COMPANY and plan.team is not None:
        raise OkrctlError("a company cycle has no team: add --scope department or team")
    config = repo.config.model if repo.config else None
    teams = {t.id for t in config.teams} if config else set()
    if plan.team is not None and teams and plan.team not in teams:
        raise OkrctlError(f"unknown team '{plan.team}'; teams: {', '.join(sorted(teams))}")
    return scope


def _check_named_cycles(repo: StrategyRepo, plan: NewCycle) -> None:
    """--parent and --from name existing cycles, and the parent contains the new one."""
    for ref, what in ((plan.parent, "--parent"), (plan.source, "--from")):
        if ref is not None and (ref not in repo.cycles or repo.cycles[ref].cycle is None):
            known = ", ".join(sorted(repo.cycles)) or "none"
            raise OkrctlError(f"{what}: no cycle '{ref}' (cycles: {known})")
    if plan.parent is not None:
        parent = repo.cycles[plan.parent].cycle
        assert parent is not None
        p = parent.model
        if not (p.start <= plan.start and plan.end <= p.end):
            raise OkrctlError(
                f"--parent {plan.parent} runs from {p.start} to {p.end}: it must contain the "
                f"new cycle ({plan.start} to {plan.end})"
            )


def _check(repo: StrategyRepo, plan: NewCycle) -> None:
    _check_new_id(repo, plan)
    _check_dates_and_options(plan)
    scope = _scope(repo, plan)
    _check_named_cycles(repo, plan)
    _check_overlap(repo, plan, scope)


def _check_overlap(repo: StrategyRepo, plan: NewCycle, scope: Scope) -> None:
    for cid, files in sorted(repo.cycles.items()):
        if files.cycle is None:
            continue
        c = files.cycle.model
        if (c.scope, c.team) != (scope, plan.team):
            continue
        overlap = c.start <= plan.end and plan.start <= c.end
        inside = c.start <= plan.start and plan.end <= c.end
        contains = plan.start <= c.start and c.end <= plan.end
        if overlap and not (inside or contains):
            raise OkrctlError(
                f"the new cycle ({plan.start} to {plan.end}) overlaps cycle {cid} "
                f"({c.start} to {c.end})"
            )


def _build(model: type[BaseModel], data: dict[str, Any], what: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise OkrctlError(f"{what}: {where}: {error['msg']}") from None


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="python", by_alias=True, exclude_defaults=True)


def _new_kpi(kpi: Kpi) -> Kpi:
    last = current_value(kpi.checkins, kpi.baseline)
    update: dict[str, Any] = {"baseline": last, "checkins": []}
    moved = kpi.model_copy(update=update)
    if kpi.direction is None and moved.effective_direction is not kpi.effective_direction:
        update["direction"] = kpi.effective_direction  # the new baseline would flip it
    return kpi.model_copy(update=update)


def _carried_kr(kr: KeyResult, plan: NewCycle, ref: str, notes: list[str]) -> KeyResult:
    initiatives = []
    for i in kr.initiatives:
        if i.status in _FINISHED:
            continue
        if i.due is not None and i.due < plan.start:
            # Overdue in the old cycle: due by the end of the new one, and said so.
            notes.append(f"{ref}/{i.id}: due {i.due} moved to {plan.end}, the new cycle's end")
            i = i.model_copy(update={"due": plan.end})
        elif i.due is not None and i.due > plan.end:
            notes.append(f"{ref}/{i.id}: due {i.due} left as it is, after the new cycle's end")
        initiatives.append(i)
    update: dict[str, Any] = {
        "checkins": None,
        "adjustments": [],
        "final_score": None,
        "initiatives": initiatives,
    }
    if kr.effective_direction is not Direction.MILESTONE:
        update["baseline"] = current_value(kr.checkins, kr.baseline)
    moved = kr.model_copy(update=update)
    if kr.direction is None and moved.effective_direction is not kr.effective_direction:
        update["direction"] = kr.effective_direction
    return kr.model_copy(update=update)


def _open(kr: KeyResult) -> bool:
    """Unfinished and not retired: what carrying over takes along."""
    return kr.status is not ItemStatus.DROPPED and key_result_progress(kr) < 1


def _carried(
    plan: NewCycle,
    oid: str,
    obj: Objective,
    carried_ids: set[str],
    wanted: set[str] | None,
    notes: list[str],
) -> Objective | None:
    """The objective as carried: its unfinished key results (those in `wanted` only, when
    given), each starting from its last value."""
    source = plan.source
    open_krs = [
        _carried_kr(kr, plan, f"{plan.id}/{oid}/{kr.id}", notes)
        for kr in obj.key_results
        if _open(kr) and (wanted is None or kr.id in wanted)
    ]
    if obj.key_results and not open_krs:
        return None
    parent = obj.parent
    if parent is not None and "/" not in parent and parent not in carried_ids:
        parent = f"{source}/{parent}"  # still the objective it aligned to
    return obj.model_copy(
        update={
            "key_results": open_krs,
            "final_score": None,
            "carried_from": f"{source}/{oid}",
            "parent": parent,
        }
    )


def _objective_data(obj: Objective) -> dict[str, Any]:
    data = _dump(obj)
    ordered = {"title": data.pop("title")}
    if "carried_from" in data:
        ordered["carried_from"] = data.pop("carried_from")
    return {**ordered, **data}


def _chosen(
    source: str, objectives: dict[str, Any], unfinished: set[str], only: tuple[str, ...]
) -> dict[str, set[str] | None]:
    """objective id -> the key result ids `--only` names (None: all unfinished ones)."""
    if not only:
        return dict.fromkeys(sorted(unfinished))
    chosen: dict[str, set[str] | None] = {}
    for ref in only:
        oid, _, kr = ref.strip().partition("/")
        if oid not in objectives:
            hint = did_you_mean(oid, objectives)
            raise OkrctlError(f"--only: no objective '{oid}' in cycle {source}{hint}")
        model = objectives[oid].model
        if kr:
            found = next((k for k in model.key_results if k.id == kr), None)
            if found is None:
                ids = [k.id for k in model.key_results]
                raise OkrctlError(
                    f"--only: objective {oid} has no key result '{kr}'{did_you_mean(kr, ids)}"
                )
            if not _open(found):
                state = "was dropped" if found.status is ItemStatus.DROPPED else "is done"
                raise OkrctlError(f"--only: {oid}/{kr} {state}: there is nothing to carry over")
        elif oid not in unfinished:
            state = "was dropped" if model.status is ItemStatus.DROPPED else "is done"
            raise OkrctlError(f"--only: {oid} {state}: there is nothing to carry over")
        if oid in chosen and (chosen[oid] is None or not kr):
            chosen[oid] = None  # the whole objective was asked for
        elif kr:
            chosen.setdefault(oid, set())
            kept = chosen[oid]
            assert kept is not None
            kept.add(kr)
        else:
            chosen[oid] = None
    return chosen


def _candidates(objectives: dict[str, Any], unfinished: set[str]) -> list[Candidate]:
    return [
        Candidate(
            oid,
            objectives[oid].model.title,
            tuple(k.id for k in objectives[oid].model.key_results if _open(k)),
        )
        for oid in sorted(unfinished)
    ]


def plan_new_cycle(repo: StrategyRepo, plan: NewCycle) -> Planned:
    """Every file of the new cycle, and notes on what carrying over moved; OkrctlError when
    anything is off."""
    _check(repo, plan)
    notes: list[str] = []
    data: dict[str, Any] = {
        "name": plan.name or default_name(plan.id),
        "start": plan.start,
        "end": plan.end,
        "scope": plan.scope,
        "team": plan.team,
        "parent": plan.parent,
    }
    source = repo.cycles[plan.source] if plan.source else None
    if source is not None and source.cycle is not None and source.cycle.model.cadence:
        data["cadence"] = [_dump(e) for e in source.cycle.model.cadence]
    cycle = _build(Cycle, data, "cycle.yaml")
    out: dict[str, str] = {}
    rel = layout.cycle_file(plan.id)
    note = f"Created by `okrctl cycle new`{f' from {plan.source}' if plan.source else ''}."
    text = to_yaml(data, header(repo, "cycle", rel, note))
    check_roundtrip(rel, text, cycle)
    out[rel] = text
    if source is None:
        return Planned(out, ())
    for kid, doc in sorted(source.kpis.items()):
        kpi = _new_kpi(doc.model)
        rel = layout.kpi_file(plan.id, kid)
        comment = f"Copied from {plan.source}/{kid}: baseline = its last value."
        text = to_yaml(_dump(kpi) | {"checkins": []}, header(repo, "kpi", rel, comment))
        check_roundtrip(rel, text, kpi)
        out[rel] = text
    if plan.carry_over:
        out.update(_carry_over(repo, plan, source, notes))
    return Planned(out, tuple(notes))


def _carry_over(
    repo: StrategyRepo, plan: NewCycle, source: CycleFiles, notes: list[str]
) -> dict[str, str]:
    """The carried objectives' files: those `--only` names, those picked when asked, else
    every unfinished one."""
    objectives = source.objectives
    # A dropped objective or key result was retired on purpose: it is not carried over.
    unfinished = {
        oid
        for oid, d in objectives.items()
        if d.model.status is not ItemStatus.DROPPED
        and (not d.model.key_results or any(_open(kr) for kr in d.model.key_results))
    }
    chosen: dict[str, set[str] | None] = {}  # asked, and nothing chosen: no objective
    if plan.only or plan.choose is None:
        chosen = _chosen(source.id, objectives, unfinished, plan.only)
    elif picked := tuple(plan.choose(_candidates(objectives, unfinished))):
        chosen = _chosen(source.id, objectives, unfinished, picked)
    out: dict[str, str] = {}
    for oid, wanted in chosen.items():
        carried = _carried(plan, oid, objectives[oid].model, set(chosen), wanted, notes)
        if carried is None:
            continue
        rel = layout.objective_file(plan.id, oid)
        text = to_yaml(_objective_data(carried), header(repo, "objective", rel))
        check_roundtrip(rel, text, carried)
        out[rel] = text
    return out
