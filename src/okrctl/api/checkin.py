"""`okrctl checkin`: record check-ins and initiative updates as minimal edits, then commit.

Reads only okrctl.yaml, the cycle.yaml files and the files it edits; each edited file is
re-loaded and checked by the rules that concern it before anything is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrctl.api.files import inside, locked, unchanged, write_atomic
from okrctl.edit.document import Edited, edit_document, load_valid, where
from okrctl.edit.plan import CheckinInput, Planned, check_input, plan_op
from okrctl.edit.repo_files import RepoFiles
from okrctl.edit.targets import Target, resolve
from okrctl.edit.text import EditError
from okrctl.load.document import Loaded
from okrctl.load.repo import Document
from okrctl.model import Diagnostic, Kpi, Objective, Severity
from okrctl.model.errors import OkrctlError
from okrctl.model.severity import SeverityPolicy
from okrctl.model.suggest import did_you_mean

if TYPE_CHECKING:  # the walk-through's, imported when it starts
    from okrctl.edit.due import DueList

__all__ = [
    "CheckinInput",
    "CheckinResult",
    "FileChange",
    "active_cycle_id",
    "due_items",
    "find_owner",
    "record",
]


@dataclass(frozen=True)
class FileChange:
    """One edited file: its repo path, the unified diff and what was recorded in it."""

    path: str
    diff: str
    recorded: tuple[Planned, ...]


@dataclass(frozen=True)
class CheckinResult:
    files: tuple[FileChange, ...]
    written: bool
    message: str  # the commit message (made whether or not --commit was given)
    commit: str | None = None


def active_cycle_id(ws: RepoFiles, cycle: str | None, on: dt.date) -> str:
    """`--cycle` when given, else the active company cycle on `on`."""
    if cycle is not None:
        ws.cycle(cycle)
        return cycle
    from okrctl.score import active_cycle

    found = active_cycle(ws.cycles_repo(), on)
    if found is None:
        raise OkrctlError(
            f"no active cycle on {on}: name one with --cycle, or write CYCLE/OBJECTIVE/KR"
        )
    return found


def unified_diff(path: str, old: str, new: str) -> str:
    """A `git diff`-like unified diff, marking a last line without a line break."""
    out = []
    for line in difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    ):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def commit_message(changes: Sequence[Planned]) -> str:
    """`checkin(2026-q4): cx-leader/nps 61 → 66 (confidence 0.7)`; several: a list in the body."""
    cycles = sorted({p.target.cycle for p in changes})
    scope = f"checkin({cycles[0]})" if len(cycles) == 1 else "checkin"
    lines = [f"{p.target.label if len(cycles) == 1 else p.target.ref} {p.summary}" for p in changes]
    if len(lines) == 1:
        return f"{scope}: {lines[0]}"
    return f"{scope}: {len(lines)} updates\n\n" + "\n".join(f"- {line}" for line in lines)


def _new_errors(ws: RepoFiles, target: Target, edited: Edited[Any], today: dt.date) -> None:
    """Refuse an edit that makes a rule report a new error in this file (severities as
    okrctl.yaml's settings set them).
    """
    from okrctl.rules.engine import run_rules

    # The slice has no okrctl.yaml, so its rules run with default severities: apply the
    # repo's settings here.
    policy = SeverityPolicy(ws.settings.rules)

    def errors(doc: Document[Any]) -> list[Diagnostic]:
        repo = ws.slice_repo(target.cycle, doc, target.is_kpi)
        found = policy.apply(d for d in run_rules(repo, today) if d.file == target.file)
        return [d for d in found if d.severity is Severity.ERROR]

    after = errors(edited.after)
    if not after:
        return  # nothing to compare: the rules need not run on the file as it was
    added = Counter((d.code, d.message) for d in after)
    added.subtract(Counter((d.code, d.message) for d in errors(edited.before)))
    if +added:
        first = next(d for d in after if added[(d.code, d.message)] > 0)
        raise EditError(f"the change would add an error: {where(first)}; nothing was written")


def _edit_file(
    ws: RepoFiles, rel: str, items: list[tuple[Target, CheckinInput]], today: dt.date
) -> tuple[Edited[Any], list[Planned]]:
    """Plan every request on one file, splice them in and check the result."""
    target = items[0][0]
    model: type[Objective] | type[Kpi] = Kpi if target.is_kpi else Objective
    data = ws.read(rel)
    loaded: Loaded[Any] = load_valid(rel, data, model)
    assert loaded.source is not None and loaded.model is not None
    before = Document(rel.rsplit("/", 1)[-1][:-5], loaded.source, loaded.model)
    cycle = ws.cycle(target.cycle).model
    planned = [plan_op(before.model, t, cycle, inp, today) for t, inp in items]
    edited = edit_document(before, data, model, [p.op for p in planned], loaded.diagnostics)
    _new_errors(ws, target, edited, today)
    return edited, planned


def record(
    root: Path,
    inputs: Sequence[CheckinInput],
    *,
    cycle: str | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    commit: bool = False,
) -> CheckinResult:
    """Record check-ins (and initiative updates): validate everything, edit each file once,
    write atomically under a lock and, with `commit`, make one git commit of those files.
    Any problem raises `OkrctlError` (exit 2) before a byte is written.
    """
    today = today or dt.date.today()
    ws = RepoFiles(root)
    by_file: dict[str, list[tuple[Target, CheckinInput]]] = {}
    for inp in inputs:
        check_input(inp, today)
        on = inp.date or today
        target = resolve(ws, inp.ref, partial(active_cycle_id, ws, cycle, on))
        by_file.setdefault(target.file, []).append((target, inp))
    paths = [root / rel for rel in by_file]
    for path in paths:
        inside(root, path)  # a folder on the way may be a link out of the repo
    with locked(p.parent for p in paths):
        if commit and not dry_run:
            from okrctl.history.commit import check_can_commit

            # Under the lock: a concurrent check-in of the same file has committed by then,
            # and its change no longer counts as one not committed.
            check_can_commit(root, paths)
        changes: list[tuple[str, Edited[Any], list[Planned]]] = []
        for rel, items in by_file.items():
            edited, planned = _edit_file(ws, rel, items, today)
            changes.append((rel, edited, planned))
        files = tuple(
            FileChange(rel, unified_diff(rel, e.old_text, e.new_text), tuple(p))
            for rel, e, p in changes
        )
        message = commit_message([p for f in files for p in f.recorded])
        if dry_run:
            return CheckinResult(files, False, message)
        # Another program (an editor, a `git pull`) may have changed a file since it was
        # read: check every file before writing the first, and each again before its rename.
        for rel, _, _ in changes:
            unchanged(root / rel, ws.seen[rel])
        for rel, edited, _ in changes:
            write_atomic(root / rel, edited.new_data, root=root, expect=ws.seen[rel])
        sha = None
        if commit:
            from okrctl.history.commit import commit_files

            sha = commit_files(root, paths, message)
    return CheckinResult(files, True, message, sha)


def find_owner(root: Path, owner: str | None) -> str:
    """The person id: `--owner`, else the one whose email or name is your git identity."""
    ws = RepoFiles(root)
    people = ws.config.model.people
    if owner is not None:
        if people and owner not in {p.id for p in people}:
            hint = did_you_mean(owner, [p.id for p in people])
            raise OkrctlError(f"no person '{owner}' in okrctl.yaml{hint}")
        return owner
    from okrctl.history.commit import git_identity

    me = git_identity(root)
    if me is not None:
        for p in people:
            if (p.email or "").lower() == me.email.lower() or p.name.lower() == me.name.lower():
                return p.id
    raise OkrctlError("who is checking in? name yourself with --owner PERSON")


def due_items(root: Path, owner: str, on: dt.date, cycle: str | None = None) -> DueList:
    """Every key result and KPI `owner` owns in the cycle that has no check-in within its
    cadence (okrctl.yaml's checkin_cadence for key results, the KPI's frequency).
    """
    from okrctl.edit.due import DueItem, DueList, due_key_results, due_kpi

    ws = RepoFiles(root)
    cycle_id = active_cycle_id(ws, cycle, on)
    every = ws.cycle(cycle_id).model.checkin_cadence or ws.settings.checkin_cadence
    items: list[DueItem] = []
    docs, skipped = ws.cycle_documents(cycle_id)
    for doc in docs:
        if isinstance(doc.model, Kpi):
            item = due_kpi(cycle_id, doc.id, doc.model, owner, on)
            items.extend([item] if item else [])
        else:
            items.extend(due_key_results(cycle_id, doc.id, doc.model, owner, on, every))
    return DueList(cycle_id, owner, tuple(items), tuple(skipped))
