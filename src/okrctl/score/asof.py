"""The repo as it stood on a day: only the check-ins dated up to it.

Scoring reads every check-in in a file; a review compares this week with last week (or this
month with last month), so it scores the same repo twice with later check-ins left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TypeVar

from pydantic import BaseModel

from okrctl.load.repo import CycleFiles, Document, StrategyRepo
from okrctl.model import Checkin, Kpi, Objective

M = TypeVar("M", bound=BaseModel)


def _upto(checkins: list[Checkin] | None, day: dt.date) -> list[Checkin] | None:
    if checkins is None:
        return None
    return [c for c in checkins if c.date <= day]


def _objective(obj: Objective, day: dt.date) -> Objective:
    krs = [kr.model_copy(update={"checkins": _upto(kr.checkins, day)}) for kr in obj.key_results]
    return obj.model_copy(update={"key_results": krs})


def _kpi(kpi: Kpi, day: dt.date) -> Kpi:
    return kpi.model_copy(update={"checkins": _upto(kpi.checkins, day)})


def _doc(doc: Document[M], model: M) -> Document[M]:
    return Document(doc.id, doc.source, model)


def repo_on(repo: StrategyRepo, day: dt.date) -> StrategyRepo:
    """A view of `repo` without the check-ins dated after `day` (files are not touched)."""
    cycles = {}
    for cid, files in repo.cycles.items():
        cycles[cid] = CycleFiles(
            cid,
            files.cycle,
            {k: _doc(d, _objective(d.model, day)) for k, d in files.objectives.items()},
            {k: _doc(d, _kpi(d.model, day)) for k, d in files.kpis.items()},
        )
    return replace(repo, cycles=cycles)
