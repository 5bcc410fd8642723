"""`okrctl export`: the scored key results of one cycle, for spreadsheets and other tools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.files import write_atomic
from okrctl.api.scoring import AsOf, Outcome, open_workspace, outcome_of
from okrctl.model.errors import OkrctlError
from okrctl.results.scores import CycleScore


@dataclass(frozen=True)
class ExportData:
    outcome: Outcome
    score: CycleScore


def export_data(root: Path, as_of: AsOf | dt.date, cycle: str | None = None) -> ExportData:
    """Score the chosen (or active) cycle on `as_of`."""
    ws = open_workspace(root, as_of)
    return ExportData(outcome_of(ws), ws.scorer.cycle(ws.cycle_id(cycle)))


def write_output(path: Path, text: str) -> None:
    """Write the export atomically: a reader never sees half a file."""
    if not path.parent.is_dir():
        raise OkrctlError(f"{path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise OkrctlError(f"{path} is a folder")
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise OkrctlError(f"{path}: cannot write: {exc.strerror or exc}") from None
