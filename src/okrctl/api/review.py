"""`okrctl review weekly|monthly|quarterly`: the WBR, MBR and QBR of one cycle (built in
okrctl.score.review_build), and saving them under reviews/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.files import cannot_write, inside, make_folder, write_atomic
from okrctl.api.scoring import AsOf, Outcome, open_workspace, outcome_of
from okrctl.model import layout
from okrctl.model.errors import OkrctlError
from okrctl.model.review_kinds import ReviewKind
from okrctl.results.reviews import Review, ReviewHead
from okrctl.score.review_build import build


@dataclass(frozen=True)
class ReviewResult:
    outcome: Outcome
    review: Review


def review(
    root: Path, kind: ReviewKind, as_of: AsOf | dt.date, cycle: str | None = None
) -> ReviewResult:
    """Build the review of the chosen (or active) cycle on `as_of`."""
    ws = open_workspace(root, as_of)
    cycle_id = ws.cycle_id(cycle)
    return ReviewResult(outcome_of(ws), build(ws.scorer, kind, cycle_id))


def review_path(root: Path, head: ReviewHead) -> Path:
    """reviews/<cycle>/<kind>-<as-of>.md in the strategy repo."""
    return root / layout.reviews_dir(head.cycle) / f"{head.kind.value}-{head.as_of.isoformat()}.md"


def save(path: Path, text: str, force: bool, root: Path | None = None) -> None:
    """Write a review (or retrospective) atomically; never overwrite one unless `force`.
    A path that cannot be written (a file or folder in the way, no permission) is a usage
    error naming it, and nothing is written; so is, with `root`, a path leading out of that
    repo (reviews/ a link to elsewhere)."""
    if root is not None:
        inside(root, path)
    if path.is_dir():
        raise OkrctlError(f"cannot write {path}: it is a folder; nothing was written")
    if path.exists() and not force:
        raise OkrctlError(f"{path} already exists: use --force to replace it")
    make_folder(path.parent, root)
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise cannot_write(path, exc) from None
