"""The envelope of the scoring commands' JSON (status, kpis, show, tree): the result's data
and the repo's errors under "errors"."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from okrctl.model.diagnostic import Diagnostic
from okrctl.render.diagnostics import display_path
from okrctl.render.escape import write_json
from okrctl.render.jsondata import json_data
from okrctl.results.scores import ObjectiveScore, Status


def diagnostic_data(d: Diagnostic, root: Path) -> dict[str, Any]:
    """A finding with its file as the user can open it from the current directory."""
    data: dict[str, Any] = json_data(d)
    data["file"] = display_path(root, d.file)
    return data


def summary(objectives: Sequence[ObjectiveScore]) -> dict[str, int]:
    """Counts of objectives by status, stale key results and overdue initiatives."""
    counts = {s.value: 0 for s in Status}
    for o in objectives:
        counts[o.status.value] += 1
    return {  # a dropped objective is counted as dropped only, not as one of the cycle's
        "objectives": len(objectives) - counts[Status.DROPPED.value],
        **counts,
        "stale": sum(o.stale_count for o in objectives),
        "overdue": sum(o.overdue_count for o in objectives),
    }


def dump(data: Any, diagnostics: Sequence[Diagnostic], root: Path, out: TextIO) -> None:
    """Write `data` (a dict) with the repo's errors under "errors", as JSON."""
    errors = [diagnostic_data(d, root) for d in diagnostics]
    data = {**data, "errors": errors}
    # Indented for people at a terminal; one line otherwise, which lets the C encoder run
    # (5x faster on a 10,000-objective repo).
    indent = 2 if out.isatty() else None
    write_json(data, out, indent)
    out.write("\n")
