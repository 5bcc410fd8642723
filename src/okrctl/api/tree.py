"""`okrctl tree`: the alignment cascade of one cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.scoring import AsOf, Outcome, open_workspace, outcome_of
from okrctl.results.views import AlignmentTree
from okrctl.score.tree import alignment_tree


@dataclass(frozen=True)
class TreeResult:
    outcome: Outcome
    tree: AlignmentTree


def tree(root: Path, as_of: AsOf | dt.date, cycle: str | None = None) -> TreeResult:
    """The chosen (or active) cycle's objectives along their `parent` links."""
    ws = open_workspace(root, as_of)
    return TreeResult(outcome_of(ws), alignment_tree(ws.scorer, ws.cycle_id(cycle)))
