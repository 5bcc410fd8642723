"""`okrctl measure` output: one line per item (text) or one JSON document."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from okrctl.render.diagnostics import display_path
from okrctl.render.escape import dump_json, path, plain
from okrctl.render.jsondata import json_data
from okrctl.results.measure import MeasureOutcome, MeasureRun


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "done" if value else "not done"
    return str(value)


def render_text(run: MeasureRun, root: Path, out: TextIO, err: TextIO) -> None:
    """Values and skips on stderr (as `checkin` reports), the dry run's diff and the
    findings (file:line:col) on stdout."""
    if not run.cycle:
        err.write(f"no active cycle on {run.as_of}: nothing to measure\n")
        return
    _items(run, err)
    if not run.written:
        for diff in run.diffs:
            for line in diff.splitlines(keepends=True):
                body = line.rstrip("\r\n")
                out.write(plain(body) + line[len(body) :])
    _findings(run, root, out)
    _tally(run, err)
    if run.commit:
        subject = run.message.splitlines()[0]
        err.write(f"committed {run.commit[:7]} {plain(subject)}\n")


def _items(run: MeasureRun, err: TextIO) -> None:
    for item in run.items:
        if item.outcome in (MeasureOutcome.RECORDED, MeasureOutcome.WOULD_RECORD):
            verb = "recorded" if item.outcome is MeasureOutcome.RECORDED else "would record"
            err.write(
                f"{verb} {plain(item.ref)} {plain(item.summary or '')} from {plain(item.source)}\n"
            )
        elif item.outcome is MeasureOutcome.SKIPPED:
            err.write(f"skipped {plain(item.ref)}: {plain(item.reason or '')}\n")


def _findings(run: MeasureRun, root: Path, out: TextIO) -> None:
    for rel in run.broken:
        where = path(display_path(root, rel))
        out.write(
            f"{where}: error: the file does not load, nothing in it was measured "
            "(run `okrctl validate`)\n"
        )
    for item in run.failures:
        d = item.diagnostic
        if d is not None:
            where = path(display_path(root, d.file)) + (f":{d.line}:{d.col}" if d.line else "")
            out.write(f"{where}: {d.severity} {d.code} {plain(d.message)}\n")


def _tally(run: MeasureRun, err: TextIO) -> None:
    recorded = sum(i.outcome is MeasureOutcome.RECORDED for i in run.items)
    would = sum(i.outcome is MeasureOutcome.WOULD_RECORD for i in run.items)
    failed = len(run.failures)
    tail = f", {failed} failed" if failed else ""
    if would or (not run.written and not recorded):
        err.write(
            f"dry run: {would} value{'s' * (would != 1)} measured{tail}; nothing written\n"
            if would
            else f"nothing recorded{tail}\n"
        )
    else:
        err.write(f"{recorded} value{'s' * (recorded != 1)} recorded{tail}\n")


def render_json(run: MeasureRun, root: Path, out: TextIO) -> None:
    items: list[dict[str, Any]] = []
    for item in run.items:
        entry: dict[str, Any] = {
            "ref": item.ref,
            "source": item.source,
            "outcome": item.outcome.value,
            "value": item.value,
        }
        if item.summary is not None:
            entry["summary"] = item.summary
        if item.reason is not None:
            entry["reason"] = item.reason
        if item.diagnostic is not None:
            entry["finding"] = {
                **json_data(item.diagnostic),
                "file": display_path(root, item.diagnostic.file),
            }
        items.append(entry)
    doc = {
        "cycle": run.cycle or None,
        "as_of": run.as_of.isoformat(),
        "written": run.written,
        "commit": run.commit,
        "items": items,
        "broken": [display_path(root, rel) for rel in run.broken],
    }
    dump_json(doc, out)
