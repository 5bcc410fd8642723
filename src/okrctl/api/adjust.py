"""`okrctl adjust` and `okrctl drop`: a goal changed or retired mid-cycle, with its reason.

Both are one mechanism: set a field of a key result (or the objective) in place and append
the `adjustments` entry that records it (`{date, field, from, to, reason}`), written like a
check-in (minimal, atomic, locked, re-loaded and checked before the rename).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from okrctl.api.checkin import _new_errors, active_cycle_id, unified_diff
from okrctl.api.files import inside, locked, unchanged, write_atomic
from okrctl.edit.document import AddAdjustment, Op, SetField, edit_document
from okrctl.edit.plan import show
from okrctl.edit.repo_files import RepoFiles
from okrctl.edit.scalars import check_text, parse_number
from okrctl.edit.targets import Target, key_result, resolve
from okrctl.load.repo import Document
from okrctl.model import Adjustment, KeyResult, Objective
from okrctl.model.cycle import CycleStatus
from okrctl.model.errors import OkrctlError
from okrctl.model.objective import ItemStatus, dropped_message
from okrctl.model.refs import RefKind

__all__ = ["AdjustResult", "adjust", "drop"]


@dataclass(frozen=True)
class AdjustResult:
    path: str  # the edited file, relative to the repo root
    diff: str
    written: bool
    message: str  # the commit message (made whether or not --commit was given)
    commit: str | None = None


def _reason(reason: str | None) -> str:
    if reason is None or not reason.strip():
        raise OkrctlError("say why with --reason TEXT: the reason is kept in the file")
    return check_text(reason.strip(), "the reason")


def _on(date: dt.date | None, today: dt.date) -> dt.date:
    on = date or today
    if on > today:
        raise OkrctlError(f"the date {on} is in the future (today is {today})")
    return on


def _open_cycle(ws: RepoFiles, target: Target, on: dt.date) -> None:
    cycle = ws.cycle(target.cycle).model
    if cycle.status is CycleStatus.CLOSED:
        raise OkrctlError(f"cycle {target.cycle} is closed: its goals are final")
    if not cycle.start <= on <= cycle.end:
        raise OkrctlError(
            f"{on} is outside cycle {target.cycle} ({cycle.start} to {cycle.end}): use --date"
        )


def _key_result_target(ws: RepoFiles, ref: str, cycle: str | None, on: dt.date) -> Target:
    return resolve(ws, ref, partial(active_cycle_id, ws, cycle, on), {RefKind.KEY_RESULT})


def _drop_target(ws: RepoFiles, ref: str, cycle: str | None, on: dt.date) -> Target:
    """An objective (`obj`, `cycle/obj`; name '') or a key result (`obj/kr`, `cycle/obj/kr`)."""
    kinds = {RefKind.OBJECTIVE, RefKind.KEY_RESULT}
    return resolve(ws, ref, partial(active_cycle_id, ws, cycle, on), kinds)


def _begin(
    root: Path,
    ref: str,
    reason: str | None,
    date: dt.date | None,
    cycle: str | None,
    today: dt.date | None,
    find: Callable[[RepoFiles, str, str | None, dt.date], Target],
) -> tuple[dt.date, str, dt.date, RepoFiles, Target]:
    """What adjust and drop both start from, checked: (today, the reason, the day the change
    takes effect, the workspace, the target `find` resolves in an open cycle)."""
    today = today or dt.date.today()
    why = _reason(reason)
    on = _on(date, today)
    ws = RepoFiles(root)
    where = find(ws, ref, cycle, on)
    _open_cycle(ws, where, on)
    return today, why, on, ws, where


def _load(ws: RepoFiles, target: Target) -> tuple[bytes, Document[Objective]]:
    rel = target.file
    data = ws.read(rel)
    return data, ws.document(rel, Objective, rel.rsplit("/", 1)[-1][:-5], data)


def _write(
    root: Path,
    ws: RepoFiles,
    target: Target,
    plan: Callable[[Objective], tuple[list[Op], str]],
    today: dt.date,
    dry_run: bool,
    commit: bool,
) -> AdjustResult:
    """Read, plan and edit the one file under its lock, check it and write it (and commit)."""
    rel = target.file
    path = root / rel
    inside(root, path)  # a folder on the way may be a link out of the repo
    with locked([path.parent]):
        if commit and not dry_run:
            from okrctl.history.commit import check_can_commit

            check_can_commit(root, [path])
        data, before = _load(ws, target)
        ops, message = plan(before.model)  # from the file as read under the lock
        edited = edit_document(before, data, Objective, ops)
        _new_errors(ws, target, edited, today)
        diff = unified_diff(rel, edited.old_text, edited.new_text)
        if dry_run:
            return AdjustResult(rel, diff, False, message)
        unchanged(path, ws.seen[rel])
        write_atomic(path, edited.new_data, root=root, expect=ws.seen[rel])
        sha = None
        if commit:
            from okrctl.history.commit import commit_files

            sha = commit_files(root, [path], message)
    return AdjustResult(rel, diff, True, message, sha)


def _adjustment(on: dt.date, field: str, old: Any, new: Any, reason: str) -> Adjustment:
    data = {"date": on, "field": field, "from": old, "to": new, "reason": reason}
    return Adjustment.model_validate(data)


def adjust(
    root: Path,
    ref: str,
    *,
    target: str | None = None,
    baseline: str | None = None,
    reason: str | None = None,
    date: dt.date | None = None,
    cycle: str | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    commit: bool = False,
) -> AdjustResult:
    """Change a key result's target and/or baseline in place, each with its `adjustments`
    entry. Any problem raises `OkrctlError` (exit 2) before a byte is written."""
    if target is None and baseline is None:
        raise OkrctlError("give the new value with --target (and/or --baseline)")
    today, why, on, ws, where = _begin(root, ref, reason, date, cycle, today, _key_result_target)
    values = [
        (field, parse_number(given, f"--{field}"))
        for field, given in (("target", target), ("baseline", baseline))
        if given is not None
    ]

    def plan(objective: Objective) -> tuple[list[Op], str]:
        kr: KeyResult = key_result(objective, where)
        for item, what in ((objective, f"objective {where.objective}"), (kr, where.label)):
            dropped = dropped_message(what, item)
            if dropped:
                raise OkrctlError(f"{dropped}; a dropped goal is not adjusted")
        ops: list[Op] = []
        said: list[str] = []
        for field, new in values:
            old = getattr(kr, field)
            if old is None:
                raise OkrctlError(f"{where.label} has no {field} to adjust")
            if old == new:
                raise OkrctlError(f"{where.label}'s {field} is already {show(new)}: nothing to do")
            ops.append(SetField(kr.id, field, new))
            ops.append(AddAdjustment(kr.id, _adjustment(on, field, old, new, why)))
            said.append(f"{field} {show(old)} → {show(new)}")
        return ops, f"adjust({where.cycle}): {where.label} {', '.join(said)} ({why})"

    return _write(root, ws, where, plan, today, dry_run, commit)


def drop(
    root: Path,
    ref: str,
    *,
    reason: str | None = None,
    date: dt.date | None = None,
    cycle: str | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    commit: bool = False,
) -> AdjustResult:
    """Retire an objective or a key result: `status: dropped` and the `adjustments` entry
    `{date, field: status, from: active, to: dropped, reason}`. It stays in the file and in
    every view, and leaves the roll-ups."""
    today, why, on, ws, where = _begin(root, ref, reason, date, cycle, today, _drop_target)

    def plan(objective: Objective) -> tuple[list[Op], str]:
        label = where.objective or ""
        item: Objective | KeyResult = objective
        kr_id = None
        if where.name:
            item = key_result(objective, where)
            kr_id, label = item.id, where.label
        for held, what in ((objective, f"objective {where.objective}"), (item, label)):
            dropped = dropped_message(what, held)
            if dropped:
                raise OkrctlError(f"{dropped} already")
        entry = _adjustment(on, "status", ItemStatus.ACTIVE, ItemStatus.DROPPED, why)
        ops: list[Op] = [
            SetField(kr_id, "status", ItemStatus.DROPPED.value),
            AddAdjustment(kr_id, entry),
        ]
        return ops, f"drop({where.cycle}): {label} ({why})"

    return _write(root, ws, where, plan, today, dry_run, commit)
