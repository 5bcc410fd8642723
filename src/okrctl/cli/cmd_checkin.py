"""`okrctl checkin`: the weekly check-in, one key result at a time or as a walk-through."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from okrctl.cli.completion import complete_owner
from okrctl.cli.completion import complete_ref as complete_key_result_or_kpi
from okrctl.cli.options import (
    AsOfOpt,
    CycleOpt,
    RepoOpt,
    as_date,
    command_group,
    date_option,
    repo_root,
)
from okrctl.cli.printing import ask
from okrctl.model.errors import EXIT_INTERRUPTED

commands = command_group()  # registered by okrctl.cli.app

if TYPE_CHECKING:
    from okrctl.api.checkin import CheckinInput, CheckinResult
    from okrctl.edit.due import DueItem


@commands.command()
def checkin(
    ctx: typer.Context,
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="REF",
            help="OBJECTIVE/KR (in the active cycle), CYCLE/OBJECTIVE/KR, KPI or CYCLE/KPI. "
            "Leave out to be asked about everything due.",
            autocompletion=complete_key_result_or_kpi,
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="NUMBER", help="The new value (a number)."),
    ] = None,
    done: Annotated[
        bool | None,
        typer.Option("--done/--not-done", help="The value of a milestone key result."),
    ] = None,
    confidence: Annotated[
        str | None,
        typer.Option(
            "--confidence",
            metavar="0-1",
            help="Your confidence (0-1) of reaching the target.",
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEXT",
            help="A one-line note (for an initiative: its notes).",
        ),
    ] = None,
    blocker: Annotated[
        list[str] | None,
        typer.Option("--blocker", metavar="TEXT", help="A blocker; repeat for several."),
    ] = None,
    date: Annotated[
        dt.datetime | None,
        date_option("--date", "The check-in's date (YYYY-MM-DD); default today."),
    ] = None,
    cycle: CycleOpt = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar="PERSON",
            help="Walk through everything PERSON owns that is due.",
            autocompletion=complete_owner,
        ),
    ] = None,
    initiative: Annotated[
        str | None,
        typer.Option(
            "--initiative",
            metavar="ID",
            help="Update this initiative of the key result instead.",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Initiative status: planned, in-progress, done, blocked, dropped.",
        ),
    ] = None,
    progress: Annotated[
        str | None,
        typer.Option("--progress", metavar="0-100", help="Initiative progress, 0-100."),
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Record every row of FILE ('-': stdin): CSV with the header "
            "ref,value,confidence,note,date, or JSON lines with those keys.",
        ),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the changed files (one commit, as you).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the diff it would make; write nothing.")
    ] = False,
    as_of: AsOfOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Record a check-in: append one line to a key result's or KPI's check-ins.

    Example: okrctl checkin customer-satisfaction-leader/nps --value 66 --confidence 0.7 --commit

    Exit codes: 0 recorded, 2 bad input (nothing written), 130 interrupted (nothing written).
    """
    from okrctl.api.checkin import CheckinInput, record
    from okrctl.model.errors import OkrctlError

    root = repo_root(ctx, repo)
    today = as_date(as_of)
    on = date.date() if date else None
    if from_file is not None:
        given = [ref, value, done, confidence, note, blocker, owner, initiative, status, progress]
        if any(x is not None for x in given) or date is not None:
            raise OkrctlError("--from FILE takes every value from the file: leave out REF etc.")
        inputs = _from_file(root, from_file, cycle, today)
    elif ref is None:
        if owner is None and not sys.stdin.isatty():
            raise OkrctlError(
                "name what to check in (REF --value V), or use --owner PERSON to be asked "
                "about each key result and KPI that is due"
            )
        rest = [value, done, confidence, note, blocker, initiative, status, progress]
        if any(x is not None for x in rest):
            raise OkrctlError("the walk-through asks for values: give a REF to use --value etc.")
        inputs = _walk_through(root, owner, on or today, cycle)
    else:
        if owner is not None:
            raise OkrctlError("--owner starts the walk-through: leave out REF")
        inputs = [
            CheckinInput(
                ref,
                value,
                done,
                confidence,
                note,
                tuple(blocker or ()),
                on,
                initiative,
                status,
                progress,
            )
        ]
    if not inputs:
        typer.echo("nothing recorded", err=True)
        return
    result = record(root, inputs, cycle=cycle, today=today, dry_run=dry_run, commit=commit)
    _report(result, root)


def _from_file(root: Path, name: str, cycle: str | None, today: dt.date) -> list[CheckinInput]:
    """The rows of `--from FILE`, each checked by a dry run of `record` on its own so that
    every bad row is named (with its line) before anything is written."""
    from okrctl.api.checkin import record
    from okrctl.model.errors import OkrctlError
    from okrctl.render.escape import plain

    shown = "stdin" if name == "-" else name
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise OkrctlError(f"{shown}: cannot read it ({exc.strerror})") from None
    rows, errors = _parse_rows(data)
    for line, inp in rows:
        try:
            record(root, [inp], cycle=cycle, today=today, dry_run=True)
        except OkrctlError as exc:
            errors.append((line, exc.message))
    if errors:
        for line, message in sorted(errors):
            typer.echo(f"okrctl: {plain(shown)}:{line}: {plain(message)}", err=True)
        raise OkrctlError(
            f"{len(errors)} bad row{'s' if len(errors) != 1 else ''} in {shown}: nothing written"
        )
    return [inp for _, inp in rows]


ROW_KEYS = ("ref", "value", "confidence", "note", "date")
Row = tuple[int, "CheckinInput"]  # (line number, the check-in it asks for)


def _parse_rows(data: bytes) -> tuple[list[Row], list[tuple[int, str]]]:
    """Rows of a CSV or JSON-lines file (JSON when the first line starts with '{'), and the
    problems of each bad row by line number."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [(line, "not UTF-8 text")]
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    rows: list[Row] = []
    errors: list[tuple[int, str]] = []
    found = _json_rows(text) if first.lstrip().startswith("{") else _csv_rows(text, errors)
    for line, fields in found:
        try:
            rows.append((line, _row_input(fields)))
        except ValueError as exc:
            errors.append((line, str(exc)))
    if not rows and not errors:
        errors.append((1, "no rows: write a header ref,value,confidence,note,date and a row"))
    return rows, errors


def _csv_rows(text: str, errors: list[tuple[int, str]]) -> list[tuple[int, dict[str, object]]]:
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, dict[str, object]]] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        unknown = [h for h in header if h not in ROW_KEYS]
        if unknown or "ref" not in header or len(set(header)) != len(header):
            errors.append(
                (
                    1,
                    f"the header must name columns of {','.join(ROW_KEYS)} (ref first), "
                    f"each once, not '{','.join(header)}'",
                )
            )
            return []
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                errors.append((line, f"{len(cells)} cells for {len(header)} columns"))
                continue
            out.append((line, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        errors.append((reader.line_num, f"not CSV: {exc}"))
    return out


def _json_rows(text: str) -> list[tuple[int, dict[str, object] | str]]:
    import json

    def no_constant(name: str) -> object:
        raise ValueError(f"{name} is not a number")

    out: list[tuple[int, dict[str, object] | str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw, parse_constant=no_constant)
        except (ValueError, RecursionError) as exc:
            out.append((number, f"not a JSON object: {str(exc).split(':')[0]}"))
            continue
        out.append((number, value if isinstance(value, dict) else "not a JSON object"))
    return out


def _row_input(fields: dict[str, object] | str) -> CheckinInput:
    """One row as a check-in; a ValueError says what is wrong with it."""
    from okrctl.api.checkin import CheckinInput

    if isinstance(fields, str):
        raise ValueError(fields)
    unknown = sorted(str(k) for k in fields if k not in ROW_KEYS)
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' (keys: {', '.join(ROW_KEYS)})")
    cell: dict[str, str | None] = {}
    for key in ROW_KEYS:
        raw = fields.get(key)
        if raw is None or raw == "":
            cell[key] = None
        elif isinstance(raw, bool) and key == "value":
            cell[key] = "true" if raw else "false"
        elif isinstance(raw, int | float) and not isinstance(raw, bool) and key != "note":
            cell[key] = repr(raw)
        elif isinstance(raw, str):
            cell[key] = raw
        else:
            raise ValueError(f"{key} must be text or a number, not {type(raw).__name__}")
    if not (cell["ref"] or "").strip():
        raise ValueError("the ref is empty")
    if cell["value"] is None:
        raise ValueError("the value is empty")
    on = None
    if cell["date"] is not None:
        on = _row_date(cell["date"])
    return CheckinInput(
        cell["ref"].strip(),  # type: ignore[union-attr]
        value=cell["value"],
        confidence=cell["confidence"],
        note=cell["note"],
        date=on,
    )


def _row_date(text: str) -> dt.date:
    import re

    raw = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    shown = raw if len(raw) <= 40 and raw.isprintable() else repr(raw[:40])
    raise ValueError(f"date: expected a date YYYY-MM-DD, got '{shown}'")


def _report(result: CheckinResult, root: Path) -> None:
    from okrctl.cli.printing import echo_diff
    from okrctl.render.diagnostics import display_path
    from okrctl.render.escape import plain

    if not result.written:
        for change in result.files:
            echo_diff(change.diff)
        typer.echo("dry run: nothing written", err=True)
        return
    for change in result.files:
        where = display_path(root, change.path)
        for planned in change.recorded:
            typer.echo(
                f"recorded {plain(planned.target.ref)} {plain(planned.summary)} in {plain(where)}",
                err=True,
            )
    if result.commit:
        subject = result.message.splitlines()[0]
        typer.echo(f"committed {result.commit[:7]} {plain(subject)}", err=True)


def _walk_through(
    root: Path, owner: str | None, on: dt.date, cycle: str | None
) -> list[CheckinInput]:
    from okrctl.api.checkin import due_items, find_owner
    from okrctl.render.escape import plain

    person = find_owner(root, owner)
    due = due_items(root, person, on, cycle)
    for rel in due.skipped:
        typer.echo(f"skipped {plain(rel)}: it does not load (run `okrctl validate`)", err=True)
    if not due.items:
        typer.echo(f"nothing due for {plain(person)} in {plain(due.cycle)}", err=True)
        return []
    typer.echo(
        f"{len(due.items)} due for {plain(person)} in {plain(due.cycle)}. "
        "Enter keeps the last value, '-' skips one, Ctrl-C stops without writing anything.",
        err=True,
    )
    try:
        return [inp for item in due.items if (inp := _ask(item, on)) is not None]
    except (typer.Abort, KeyboardInterrupt, EOFError):
        typer.echo("\ninterrupted: nothing written", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _describe(item: DueItem) -> str:
    from okrctl.edit.plan import show
    from okrctl.render.escape import plain

    unit = f" {item.unit}" if item.unit and not item.milestone else ""
    parts = []
    if item.last is not None:
        parts.append(f"last {show(item.last.value)}{unit} on {item.last.date}")
    else:
        parts.append("no check-in yet")
    if item.baseline is not None:
        parts.append(f"baseline {show(item.baseline)}")
    if item.goal is not None:
        parts.append(f"target {show(item.goal)}{unit}")
    return f"\n{item.target.label}: {plain(item.title)}\n  " + plain(" · ".join(parts))


def _ask(item: DueItem, on: dt.date) -> CheckinInput | None:
    """Prompt for one item; None when skipped. Bad input is asked again, not fatal."""
    from okrctl.api.checkin import CheckinInput
    from okrctl.edit.plan import show
    from okrctl.edit.scalars import check_text, parse_bool, parse_confidence, parse_number
    from okrctl.model.errors import OkrctlError
    from okrctl.render.escape import plain

    typer.echo(_describe(item), err=True)
    last = item.last
    kind = "done? (yes/no)" if item.milestone else "value"
    keep = (
        None
        if last is None
        else ("done" if last.value is True else "not-done")
        if item.milestone
        else show(last.value)
    )
    while True:
        raw = ask(f"  {kind}", keep)
        if raw.strip() == "-":
            return None
        try:
            value = (
                parse_bool(raw, "the value") if item.milestone else parse_number(raw, "the value")
            )
            break
        except OkrctlError as exc:
            typer.echo(f"  {plain(exc.message)}", err=True)
    last_confidence = None if last is None or last.confidence is None else show(last.confidence)
    while True:
        conf = ask("  confidence 0-1", last_confidence or "", show_default=bool(last_confidence))
        try:
            confidence = parse_confidence(conf) if conf.strip() else None
            break
        except OkrctlError as exc:
            typer.echo(f"  {plain(exc.message)}", err=True)
    while True:
        note = ask("  note", "", show_default=False)
        try:
            check_text(note, "the note")
            break
        except OkrctlError as exc:
            typer.echo(f"  {plain(exc.message)}", err=True)
    return CheckinInput(
        item.target.ref,
        value=value,  # parsed once, here: a bad one was asked again
        confidence=confidence,
        note=note.strip() or None,
        date=on,
    )
