"""Scores as JSON-ready dicts: the stable machine format of the scoring commands.

Fractions are rounded to 4 decimals; dates are ISO strings; missing values are null.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from okrctl.model.diagnostic import Diagnostic
from okrctl.render.diagnostics import display_path
from okrctl.render.escape import json_text
from okrctl.results.scores import (
    CycleScore,
    InitiativeScore,
    KeyResultScore,
    KpiScore,
    ObjectiveScore,
    Status,
    ThemeScore,
)


def frac(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def status(value: Status | None) -> str | None:
    return None if value is None else value.value


def initiative(i: InitiativeScore) -> dict[str, Any]:
    return {
        "id": i.id,
        "title": i.title,
        "owner": i.owner,
        "due": i.due.isoformat() if i.due else None,
        "status": i.status,
        "progress": i.progress,
        "overdue": i.overdue,
    }


def key_result(k: KeyResultScore) -> dict[str, Any]:
    return {
        "id": k.id,
        "title": k.title,
        "owner": k.owner,
        "unit": k.unit,
        "direction": k.direction,
        "baseline": k.baseline,
        "target": k.target,
        "current": k.current,
        "progress": frac(k.progress),
        "attainment": frac(k.attainment),
        "status": status(k.status),
        "stale": k.stale,
        "confidence": k.confidence,
        "last_checkin": k.last_checkin.isoformat() if k.last_checkin else None,
        "weight": k.weight,
        "final_score": k.final_score,
        "score_note": k.score_note,  # with a hand grade (`cycle close --grade`)
        "computed_score": k.computed_score,
        "children_progress": frac(k.children_progress),  # objectives aligned to this KR
        "children": list(k.children),
        "initiatives": [initiative(i) for i in k.initiatives],
    }


def objective(o: ObjectiveScore) -> dict[str, Any]:
    return {
        "id": o.id,
        "cycle": o.cycle,
        "title": o.title,
        "owner": o.owner,
        "contributors": list(o.contributors),
        "theme": o.theme,
        "level": o.level,
        "team": o.team,
        "parent": o.parent,
        "progress": frac(o.progress),
        "status": status(o.status),
        "children_progress": frac(o.children_progress),
        "stale_count": o.stale_count,
        "overdue_count": o.overdue_count,
        "weight": o.weight,
        "final_score": o.final_score,
        "key_results": [key_result(k) for k in o.key_results],
    }


def theme(t: ThemeScore) -> dict[str, Any]:
    return {
        "id": t.id,
        "name": t.name,
        "progress": frac(t.progress),
        "status": status(t.status),
        "final_score": frac(t.final_score),
        "objectives": [objective(o) for o in t.objectives],
    }


def kpi(k: KpiScore) -> dict[str, Any]:
    return {
        "id": k.id,
        "cycle": k.cycle,
        "title": k.title,
        "perspective": k.perspective,
        "owner": k.owner,
        "theme": k.theme,
        "unit": k.unit,
        "direction": k.direction,
        "baseline": k.baseline,
        "target": k.target,
        "current": k.current,
        "thresholds": (
            {"green": k.thresholds[0], "yellow": k.thresholds[1]} if k.thresholds else None
        ),
        "status": status(k.status),
        "stale": k.stale,
        "last_checkin": k.last_checkin.isoformat() if k.last_checkin else None,
        "frequency": k.frequency,
    }


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


def cycle_head(score: CycleScore) -> dict[str, Any]:
    return {
        "cycle": score.cycle,
        "name": score.name,
        "start": score.start.isoformat(),
        "end": score.end.isoformat(),
        "as_of": score.as_of.isoformat(),
        "expected": frac(score.expected),
        "status": score.state,
        "closed": score.closed,
    }


def dump(data: Any, diagnostics: Sequence[Diagnostic], root: Path, out: TextIO) -> None:
    """Write `data` (a dict) with the repo's errors under "errors", as JSON."""
    errors = [{**d.to_dict(), "file": display_path(root, d.file)} for d in diagnostics]
    data = {**data, "errors": errors}
    # Indented for people at a terminal; one line otherwise, which lets the C encoder run
    # (5x faster on a 10,000-objective repo).
    indent = 2 if out.isatty() else None
    out.write(json_text(data, indent))
    out.write("\n")
