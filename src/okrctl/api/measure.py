"""`okrctl measure`: read due key results and KPIs from their sources and record the values
as ordinary check-ins (through `okrctl.api.checkin.record`: locked, verified, atomic)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrctl.api.checkin import CheckinInput, CheckinResult, active_cycle_id, record
from okrctl.edit.repo_files import RepoFiles
from okrctl.edit.scalars import yaml_number
from okrctl.edit.targets import Target, key_result, resolve
from okrctl.load.repo import Document
from okrctl.load.source import Loc
from okrctl.measure.errors import NOT_RECORDED, MeasureFailure
from okrctl.measure.runner import Job, Sources, run
from okrctl.measure.values import Value
from okrctl.model import Checkin, Diagnostic, KeyResult, Kpi, Objective, Severity
from okrctl.model.common import FREQUENCY_DAYS, Frequency
from okrctl.model.errors import OkrctlError
from okrctl.model.measure import EVERY_DAYS, Measure
from okrctl.results.measure import MeasuredItem, MeasureOutcome, MeasureRun

__all__ = ["measure", "MeasureRun", "MeasuredItem", "MeasureOutcome"]


@dataclass(frozen=True)
class _Item:
    target: Target
    measure: Measure
    checkins: tuple[Checkin, ...]
    cadence: Frequency
    doc: Document[Any]
    loc: Loc  # where the measure block is, for findings


def _items_of(doc: Document[Any], target: Target, cadence: Frequency) -> list[_Item]:
    model = doc.model
    if isinstance(model, Kpi):
        if model.measure is None:
            return []
        return [
            _Item(
                target,
                model.measure,
                tuple(model.checkins or ()),
                model.frequency,
                doc,
                ("measure",),
            )
        ]
    out = []
    for i, kr in enumerate(model.key_results):
        retired = "dropped" in (model.status, kr.status)  # a dropped goal is not measured
        if kr.measure is not None and kr.final_score is None and not retired:
            t = Target(target.cycle, target.objective, kr.id)
            out.append(
                _Item(
                    t,
                    kr.measure,
                    tuple(kr.checkins or ()),
                    cadence,
                    doc,
                    ("key_results", i, "measure"),
                )
            )
    return out


def _collect(
    ws: RepoFiles, refs: Sequence[str], cycle_id: str | None, as_of: dt.date
) -> tuple[list[_Item], list[str]]:
    """The measured items named by `refs`, or all of the active cycle; and files skipped."""
    cadence = ws.settings.checkin_cadence
    if refs:
        items = []
        for ref in refs:
            target = resolve(ws, ref, lambda: _cycle(ws, cycle_id, as_of))
            model: type[Objective] | type[Kpi] = Kpi if target.is_kpi else Objective
            doc: Document[Any] = ws.document(target.file, model, target.file[:-5].rsplit("/")[-1])
            if isinstance(doc.model, Objective):
                kr: KeyResult = key_result(doc.model, target)
                found = [i for i in _items_of(doc, target, cadence) if i.target == target]
                if kr.measure is None or not found:
                    raise OkrctlError(f"{target.ref} has no measure block (or is final)")
                items.extend(found)
            else:
                found = _items_of(doc, target, cadence)
                if not found:
                    raise OkrctlError(f"{target.ref} has no measure block")
                items.extend(found)
        return items, []
    cid = _cycle(ws, cycle_id, as_of)
    items = []
    docs, skipped = ws.cycle_documents(cid)
    for d in docs:
        objective = d.id if isinstance(d.model, Objective) else None
        items.extend(_items_of(d, Target(cid, objective, d.id), cadence))
    return items, skipped


def _cycle(ws: RepoFiles, cycle_id: str | None, as_of: dt.date) -> str:
    return active_cycle_id(ws, cycle_id, as_of)


def _not_due(item: _Item, as_of: dt.date, named: bool) -> str | None:
    """Why the item is not measured on `as_of`, or None when it is due."""
    if any(c.date == as_of for c in item.checkins):
        return f"already has a check-in on {as_of}"
    later = [c.date for c in item.checkins if c.date > as_of]
    if later:
        return f"has a later check-in ({max(later)})"
    if named:
        return None
    mine = [c.date for c in item.checkins if c.source == item.measure.source]
    if not mine:
        return None
    every = EVERY_DAYS[item.measure.every] if item.measure.every else FREQUENCY_DAYS[item.cadence]
    last = max(mine)
    if (as_of - last).days < every:
        return f"measured on {last}; due again on {last + dt.timedelta(days=every)}"
    return None


def _as_input(item: _Item, value: Value, as_of: dt.date) -> CheckinInput:
    text = ("true" if value else "false") if isinstance(value, bool) else yaml_number(value)
    return CheckinInput(item.target.ref, value=text, date=as_of, source=item.measure.source)


def _diagnostic(item: _Item, code: str, reason: str) -> Diagnostic:
    line, col = item.doc.source.position(item.loc)
    message = f"{item.target.label}: source {item.measure.source}: {reason}"
    return Diagnostic(item.target.file, line, col, code, Severity.ERROR, message)


def _record_each(
    root: Path, inputs: list[CheckinInput], as_of: dt.date, dry_run: bool
) -> tuple[CheckinResult | None, dict[str, str]]:
    """Record every input that makes a valid edit; the others with why not.

    The whole batch is tried first (one lock, one pass); only when it is refused is each
    input tried alone to find the ones at fault.
    """
    refused: dict[str, str] = {}
    try:
        return record(root, inputs, today=as_of, dry_run=dry_run), refused
    except OkrctlError:
        pass
    good = []
    for inp in inputs:
        try:
            record(root, [inp], today=as_of, dry_run=True)
            good.append(inp)
        except OkrctlError as exc:
            refused[inp.ref] = exc.message
    if not good:
        return None, refused
    return record(root, good, today=as_of, dry_run=dry_run), refused


def commit_message(cycle: str, recorded: Sequence[tuple[str, str, str]]) -> str:
    """`measure(2026-q4): 3 values from warehouse, sheets` and one line per value."""
    sources = sorted({s for _, _, s in recorded})
    n = len(recorded)
    head = f"measure({cycle}): {n} value{'s' * (n != 1)} from {', '.join(sources)}"
    return head + "\n\n" + "\n".join(f"- {label} {summary} ({s})" for label, summary, s in recorded)


def _skip_not_due(
    items: list[_Item], as_of: dt.date, named: bool, results: dict[str, MeasuredItem]
) -> list[_Item]:
    """The items due on `as_of`; each of the others goes into `results` as skipped."""
    due: list[_Item] = []
    for item in items:
        why = _not_due(item, as_of, named)
        if why is None:
            due.append(item)
        else:
            results[item.target.ref] = MeasuredItem(
                item.target.ref, item.measure.source, MeasureOutcome.SKIPPED, reason=why
            )
    return due


def _jobs(ws: RepoFiles, due: list[_Item], as_of: dt.date) -> list[Job]:
    """One job per due item, its query given the day and its cycle's dates."""
    jobs = []
    for item in due:
        c = ws.cycle(item.target.cycle).model
        params = {"as_of": as_of, "cycle_start": c.start, "cycle_end": c.end}
        jobs.append(Job(item.target.ref, item.measure, params))
    return jobs


def _inputs(
    due: list[_Item],
    values: Mapping[str, Value | MeasureFailure],
    as_of: dt.date,
    results: dict[str, MeasuredItem],
) -> list[CheckinInput]:
    """A check-in to record per value measured; each failure goes into `results`."""
    inputs = []
    for item in due:
        got = values[item.target.ref]
        if isinstance(got, MeasureFailure):
            results[item.target.ref] = MeasuredItem(
                item.target.ref,
                item.measure.source,
                MeasureOutcome.FAILED,
                reason=got.reason,
                diagnostic=_diagnostic(item, got.code, got.reason),
            )
        else:
            inputs.append(_as_input(item, got, as_of))
    return inputs


def _refused(refused: dict[str, str], by_ref: dict[str, _Item]) -> dict[str, MeasuredItem]:
    """The values the check-in edit refused, as failed items with why."""
    return {
        ref: MeasuredItem(
            ref,
            by_ref[ref].measure.source,
            MeasureOutcome.FAILED,
            value=None,
            reason=why,
            diagnostic=_diagnostic(by_ref[ref], NOT_RECORDED, why),
        )
        for ref, why in refused.items()
    }


def _recorded(
    result: CheckinResult,
    by_ref: dict[str, _Item],
    values: Mapping[str, Value | MeasureFailure],
    outcome: MeasureOutcome,
    results: dict[str, MeasuredItem],
) -> list[tuple[str, str, str]]:
    """Each value recorded (or that would be) goes into `results`; (label, summary, source)
    of each for the commit message."""
    lines = []
    for change in result.files:
        for planned in change.recorded:
            ref = planned.target.ref
            item = by_ref[ref]
            value = values[ref]
            assert not isinstance(value, MeasureFailure)
            results[ref] = MeasuredItem(
                ref, item.measure.source, outcome, value=value, summary=planned.summary
            )
            lines.append((planned.target.label, planned.summary, item.measure.source))
    return lines


def measure(
    root: Path,
    refs: Sequence[str] = (),
    *,
    as_of: dt.date | None = None,
    cycle: str | None = None,
    dry_run: bool = False,
    commit: bool = False,
    env: Mapping[str, str] | None = None,
) -> MeasureRun:
    """Measure the due items (or those `refs` name) and record one check-in per value.

    A missing source or environment variable raises OkrctlError (exit 2) before anything
    is measured; an item that fails is a finding in the result and nothing is written for it.
    """
    as_of = as_of or dt.date.today()
    ws = RepoFiles(root)
    if not refs and cycle is None:
        from okrctl.score import active_cycle

        if active_cycle(ws.cycles_repo(), as_of) is None:
            # Between cycles a scheduled run has nothing to do: not an error.
            return MeasureRun("", as_of, (), (), False, "")
    items, broken = _collect(ws, refs, cycle, as_of)
    cycle_id = items[0].target.cycle if items else _cycle(ws, cycle, as_of)
    results: dict[str, MeasuredItem] = {}
    due = _skip_not_due(items, as_of, bool(refs), results)
    sources = Sources(root, ws.config.model.sources, [i.measure.source for i in due], env)
    if commit and not dry_run and due:
        from okrctl.history.commit import check_can_commit

        check_can_commit(root, sorted({root / i.target.file for i in due}))
    try:
        values = run(_jobs(ws, due, as_of), sources)
    finally:
        sources.close()
    by_ref = {i.target.ref: i for i in due}
    inputs = _inputs(due, values, as_of, results)
    written, sha, message = False, None, ""
    diffs: tuple[str, ...] = ()
    if inputs:
        result, refused = _record_each(root, inputs, as_of, dry_run)
        results.update(_refused(refused, by_ref))
        if result is not None:
            outcome = MeasureOutcome.WOULD_RECORD if dry_run else MeasureOutcome.RECORDED
            message = commit_message(cycle_id, _recorded(result, by_ref, values, outcome, results))
            diffs = tuple(f.diff for f in result.files)
            written = result.written
            if written and commit:
                from okrctl.history.commit import commit_files

                paths = [root / f.path for f in result.files]
                sha = commit_files(root, paths, message)
    ordered = tuple(results[i.target.ref] for i in items)
    return MeasureRun(cycle_id, as_of, ordered, diffs, written, message, sha, tuple(broken))
