"""Turn one check-in request into a validated edit of a loaded file."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pydantic import ValidationError

from okrctl.edit.document import AddCheckin, Op, UpdateInitiative
from okrctl.edit.scalars import (
    Value,
    check_text,
    parse_bool,
    parse_confidence,
    parse_number,
    yaml_number,
)
from okrctl.edit.targets import Target, key_result
from okrctl.model import Checkin, Cycle, Kpi, Objective
from okrctl.model.common import Direction
from okrctl.model.cycle import CycleStatus
from okrctl.model.errors import OkrctlError
from okrctl.model.grading import latest_checkin
from okrctl.model.objective import InitiativeStatus, dropped_message
from okrctl.model.suggest import did_you_mean

STATUSES = ", ".join(s.value for s in InitiativeStatus)


# NamedTuples, not dataclasses: cheaper to import (see edit/document.py).
class CheckinInput(NamedTuple):
    """What the user asked for, as typed: parsed and checked by `plan_op`. A prompt that
    asks again until the value parses passes it parsed."""

    ref: str
    value: str | Value | None = None
    done: bool | None = None
    confidence: str | int | float | None = None
    note: str | None = None
    blockers: tuple[str, ...] = ()
    date: dt.date | None = None
    initiative: str | None = None
    status: str | None = None
    progress: str | None = None
    source: str | None = None  # the source id of a measured value (`okrctl measure`)


class Planned(NamedTuple):
    """A validated edit and how to describe it (`61 → 66 (confidence 0.7)`)."""

    target: Target
    op: Op
    summary: str


def _check_initiative_update(inp: CheckinInput) -> None:
    """--initiative takes only --status, --progress and --note (one of them at least)."""
    extra = [
        name
        for name, given in (
            ("--value", inp.value is not None),
            ("--done/--not-done", inp.done is not None),
            ("--confidence", inp.confidence is not None),
            ("--blocker", bool(inp.blockers)),
            ("--date", inp.date is not None),
        )
        if given
    ]
    if extra:
        raise OkrctlError(
            f"{', '.join(extra)} cannot be combined with --initiative: record the key "
            "result's check-in with a separate `okrctl checkin`"
        )
    if inp.status is None and inp.progress is None and inp.note is None:
        raise OkrctlError("--initiative needs --status, --progress or --note")


def _check_new_value(inp: CheckinInput) -> None:
    """A check-in has one new value (--value or --done/--not-done), and no initiative
    options."""
    if inp.status is not None or inp.progress is not None:
        raise OkrctlError("--status and --progress update an initiative: add --initiative ID")
    if inp.value is None and inp.done is None:
        raise OkrctlError("give the new value with --value (or --done/--not-done)")
    if inp.value is not None and inp.done is not None:
        raise OkrctlError("give either --value or --done/--not-done, not both")
    if isinstance(inp.value, str):
        check_text(inp.value, "--value")
    if inp.confidence is not None:
        _confidence(inp.confidence)


def check_input(inp: CheckinInput, today: dt.date) -> None:
    """The checks that need no file: text, numbers, ranges, dates, option combinations."""
    if inp.initiative is not None:
        _check_initiative_update(inp)
    else:
        _check_new_value(inp)
    if inp.note is not None:
        check_text(inp.note, "the note")
    for blocker in inp.blockers:
        if not check_text(blocker, "a blocker").strip():
            raise OkrctlError("a blocker cannot be empty")
    if inp.date is not None and inp.date > today:
        raise OkrctlError(f"the date {inp.date} is in the future (today is {today})")


def show(value: Value | None) -> str:
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "done" if value else "not done"
    return yaml_number(value)


def plan_op(
    model: Objective | Kpi, target: Target, cycle: Cycle, inp: CheckinInput, today: dt.date
) -> Planned:
    """Validate `inp` against the loaded file and build its edit."""
    if cycle.status is CycleStatus.CLOSED:
        raise OkrctlError(f"cycle {target.cycle} is closed: its check-ins are final")
    if isinstance(model, Objective):
        kr_found = key_result(model, target)
        dropped = dropped_message(f"objective {target.objective}", model) or dropped_message(
            target.label, kr_found
        )
        if dropped:
            raise OkrctlError(f"{dropped}; a dropped goal takes no check-ins")
    if inp.initiative is not None:
        return _initiative(model, target, inp)
    if isinstance(model, Kpi):
        series, baseline, milestone = model.checkins or [], model.baseline, False
        kr_id = None
    else:
        kr = key_result(model, target)
        series, baseline = kr.checkins or [], kr.baseline
        milestone = kr.effective_direction is Direction.MILESTONE
        kr_id = kr.id
    value = _value(inp, milestone, target)
    on = inp.date or today
    if not cycle.start <= on <= cycle.end:
        raise OkrctlError(
            f"{on} is outside cycle {target.cycle} ({cycle.start} to {cycle.end}): "
            "use --date, or name the cycle"
        )
    last = latest_checkin(series)
    if last is not None and on < last.date:
        raise OkrctlError(
            f"{on} is before the last check-in of {target.label} ({last.date}): "
            "check-ins are appended in date order"
        )
    confidence = _confidence(inp.confidence) if inp.confidence is not None else None
    try:
        checkin = Checkin(
            date=on,
            value=value,
            source=inp.source,
            confidence=confidence,
            note=inp.note,
            blockers=list(inp.blockers),
        )
    except ValidationError as exc:  # pragma: no cover - the checks above cover the fields
        raise OkrctlError(f"invalid check-in: {exc.errors()[0]['msg']}") from None
    before = last.value if last is not None else baseline
    summary = f"{show(before)} → {show(value)}" if before is not None else f"→ {show(value)}"
    if confidence is not None:
        summary += f" (confidence {yaml_number(confidence)})"
    return Planned(target, AddCheckin(kr_id, checkin), summary)


def _value(inp: CheckinInput, milestone: bool, target: Target) -> Value:
    if inp.done is not None:
        if not milestone:
            raise OkrctlError(
                f"{target.label} is not a milestone: give a number with --value, "
                "not --done/--not-done"
            )
        return inp.done
    assert inp.value is not None
    text = inp.value
    if not isinstance(text, str):
        if isinstance(text, bool) is milestone:
            return text
        text = yaml_number(text)  # the wrong kind: refused as the typed text would be
    if milestone:
        return parse_bool(text, f"the value of {target.label}")
    return parse_number(text, f"the value of {target.label}")


def _confidence(given: str | int | float) -> int | float:
    if isinstance(given, str):
        return parse_confidence(given)
    if isinstance(given, bool) or not 0 <= given <= 1:  # refused as the typed text would be
        return parse_confidence(yaml_number(given))
    return given


def _initiative(model: Objective | Kpi, target: Target, inp: CheckinInput) -> Planned:
    if isinstance(model, Kpi):
        raise OkrctlError(f"{target.label} is a KPI: initiatives belong to key results")
    kr = key_result(model, target)
    found = next((i for i in kr.initiatives if i.id == inp.initiative), None)
    if found is None:
        ids = [i.id for i in kr.initiatives]
        hint = did_you_mean(inp.initiative or "", ids) or (
            f" (it has: {', '.join(ids)})" if ids else " (it has none)"
        )
        raise OkrctlError(f"{target.label} has no initiative '{inp.initiative}'{hint}")
    fields: list[tuple[str, str | Value]] = []
    changes: list[str] = []
    if inp.status is not None:
        try:
            status = InitiativeStatus(inp.status.strip())
        except ValueError:
            raise OkrctlError(f"--status must be one of {STATUSES}, not '{inp.status}'") from None
        fields.append(("status", status.value))
        changes.append(f"status {found.status.value} → {status.value}")
    if inp.progress is not None:
        progress = parse_number(inp.progress.strip().removesuffix("%"), "--progress")
        if not 0 <= progress <= 100:
            raise OkrctlError(f"--progress must be between 0 and 100, not {inp.progress}")
        fields.append(("progress", progress))
        old = f"{show(found.progress)}%" if found.progress is not None else "?"
        changes.append(f"progress {old} → {show(progress)}%")
    if inp.note is not None:
        fields.append(("notes", inp.note))
        changes.append("notes")
    op = UpdateInitiative(kr.id, found.id, tuple(fields))
    return Planned(target, op, f"initiative {found.id}: {', '.join(changes)}")
