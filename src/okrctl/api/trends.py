"""Trends: how progress moved week by week, and how targets changed over time.

Weekly series come from the check-ins (what was measured, dated as recorded); target
changes and the cycle-wide trend come from git (what the files said at each commit).
Scoring itself is `okrctl.model.grading`'s (the arithmetic `okrctl.score` uses): these
functions only choose what to score when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from okrctl.history.audit import audit
from okrctl.history.gitrepo import GitRepo, open_git_at, open_plain_at
from okrctl.history.timeline import replay
from okrctl.history.walk import BlobModels, log_args
from okrctl.model import KeyResult, Objective, layout
from okrctl.model.dates import shift
from okrctl.model.errors import OkrctlError
from okrctl.model.grading import key_result_progress
from okrctl.model.layout import FileKind
from okrctl.results.log import Entry, Target
from okrctl.results.trends import CycleTrend, History, Point, Series, TargetChange
from okrctl.score import weighted_mean


def week_ends(start: dt.date, end: dt.date, as_of: dt.date) -> list[dt.date]:
    """The last day of each week of the cycle (weeks counted from its start) up to as_of."""
    last = min(end, as_of)
    out, day = [], shift(start, 6)
    while day < last:
        out.append(day)
        day = shift(day, 7)  # stops at 9999-12-31, which is >= last
    if last >= start:
        out.append(last)
    return out


def objective_progress(obj: Objective, day: dt.date) -> float:
    """Weighted mean of the key results' progress on `day` (as `okrctl.score` weighs it)."""
    return weighted_mean((key_result_progress(kr, day), kr.weight) for kr in obj.key_results) or 0.0


def kr_series(
    kr: KeyResult,
    days: Sequence[dt.date],
    then: Callable[[dt.date], KeyResult] | None = None,
) -> tuple[Point, ...]:
    """Weekly progress of a key result; None in the weeks before its first check-in. With
    `then`, each week is scored as the key result stood that week (its target of the time)."""
    first = min((c.date for c in kr.checkins or ()), default=None)
    return tuple(
        Point(
            d,
            None if first is None or d < first else key_result_progress(then(d) if then else kr, d),
        )
        for d in days
    )


@dataclass(frozen=True)
class StartedHistory:
    """The git processes of `show REF --history` started before the repo is loaded (they
    run on another core meanwhile); `history` collects them, or runs its own when REF
    turned out to name another file."""

    root: Path
    rev: str
    git: GitRepo
    sha: str


def start_history(root: Path, ref: str, rev: str = "HEAD") -> StartedHistory | None:
    """Start the two `git log` walks `history` makes for REF's objective file, when REF
    names one among the files on disk; None when it does not or git does not answer (then
    `history` finds out and says why)."""
    from okrctl.api.log import resolve_target
    from okrctl.load.repo import item_paths

    try:
        target = resolve_target(ref, item_paths(root))
    except OkrctlError:
        return None
    if target.kind not in ("objective", "key result"):
        return None
    opened = open_plain_at(root, rev)
    if opened is None:
        return None
    g, sha = opened
    g.repo.git.start("log", *log_args(g, sha, [target.path], follow=True))  # the audit's
    g.repo.git.start("log", *log_args(g, sha, [target.path], first_parent=True, reverse=True))
    return StartedHistory(root, rev, g, sha)


@contextmanager
def _opened(root: Path, rev: str, started: StartedHistory | None) -> Iterator[tuple[GitRepo, str]]:
    if started is not None and (started.root, started.rev) == (root, rev):
        yield started.git, started.sha
    else:
        with open_git_at(root, rev) as found:
            yield found


def _from_git(
    root: Path, target: Target, rev: str, started: StartedHistory | None = None
) -> tuple[list[tuple[dt.date, Objective]], list[TargetChange], str | None]:
    """From one look at git: (commit day, objective) after each commit that changed REF's
    file, oldest first; its target and baseline changes; and why there are none when git
    cannot say (no repository, no commit)."""
    then: list[tuple[dt.date, Objective]] = []
    try:
        with _opened(root, rev, started) as (g, sha):
            # The audit first: its versions (every commit, old and new sides) are parsed in
            # one batch and are nearly all the main line's. No okrctl.yaml: the audit's
            # warnings (its only use of it) are not shown here.
            blobs = BlobModels(g)
            entries = audit(g, sha, target, None, blobs=blobs)
            then = [
                (step.commit.date.date(), model)
                for step in replay(g, sha, target.path, blobs)
                for model in step.files.values()
                if isinstance(model, Objective)
            ]
    except OkrctlError as exc:
        return then, [], exc.message
    return then, _target_changes(entries), None


def _target_changes(entries: Sequence[Entry]) -> list[TargetChange]:
    out = []
    for e in entries:
        for c in e.changes:
            if c.field in ("target", "baseline"):
                out.append(
                    TargetChange(
                        e.commit.date.date(),
                        e.commit.sha,
                        e.commit.author,
                        c.ref,
                        c.field,
                        str(c.before),
                        str(c.after),
                        c.adjustment,
                    )
                )
    return out[::-1]


def cycle_trend(root: Path, cycle: str, rev: str = "HEAD") -> CycleTrend:
    """The cycle's progress week by week over its whole git history (one log pass).

    Each objective is scored when a commit changes it, on that commit's date, with the
    target it had then; the cycle's progress is the weight-weighted mean over objectives.
    """
    progress: dict[str, tuple[float, float]] = {}  # objective id -> (progress, weight)
    titles: dict[str, str] = {}
    weekly: dict[dt.date, float] = {}
    per_objective: dict[str, dict[dt.date, float]] = {}
    total = weights = 0.0
    commits = 0
    with open_git_at(root, rev) as (g, sha):
        for step in replay(g, sha, layout.cycle_dir(cycle)):
            commits += 1
            day = step.commit.date.date()
            week = shift(day, 6 - day.weekday())  # the Sunday ending that week
            for ref, model in step.files.items():
                if ref.kind is not FileKind.OBJECTIVE or ref.cycle != cycle:
                    continue
                old = progress.pop(ref.id, None)
                if old is not None:
                    total -= old[0] * old[1]
                    weights -= old[1]
                if isinstance(model, Objective):
                    value = objective_progress(model, day)
                    progress[ref.id] = (value, float(model.weight))
                    titles[ref.id] = model.title
                    total += value * float(model.weight)
                    weights += float(model.weight)
                    per_objective.setdefault(ref.id, {})[week] = value
            if weights > 0:
                weekly[week] = total / weights
    series = tuple(
        Series(
            f"{cycle}/{ident}",
            titles[ident],
            tuple(Point(d, v) for d, v in sorted(per_objective[ident].items())),
        )
        for ident in sorted(per_objective)
        if ident in titles
    )
    points = tuple(Point(d, v) for d, v in sorted(weekly.items()))
    return CycleTrend(cycle, commits, points, series)


def history(
    root: Path, ref: str, as_of: dt.date, rev: str = "HEAD", started: StartedHistory | None = None
) -> History:
    """The weekly series of REF from its check-ins, and its target changes from git
    (collected from `started` when start_history began reading it)."""
    try:
        return _history(root, ref, as_of, rev, started)
    finally:
        if started is not None:  # what REF's history did not collect is waited for
            started.git.repo.git.close()


def _history(
    root: Path, ref: str, as_of: dt.date, rev: str, started: StartedHistory | None
) -> History:
    from okrctl.api.log import resolve_target
    from okrctl.load.repo import item_paths, load_file
    from okrctl.model import Cycle

    # Only REF's cycle.yaml and objective file are read: `show` has loaded the repo already.
    target = resolve_target(ref, item_paths(root))
    if target.kind not in ("objective", "key result"):
        raise OkrctlError(f"'{ref}' is a {target.kind}: --history shows objectives and key results")
    cycle_id, obj_id = target.ref.split("/")[:2]
    c = load_file(root, layout.cycle_file(cycle_id), Cycle)
    if c is None:
        raise OkrctlError(f"cycle {cycle_id} has no readable cycle.yaml")
    obj = load_file(root, target.path, Objective)
    if obj is None:
        raise OkrctlError(f"{target.path} has errors: run `okrctl validate` to see them")
    days = week_ends(c.start, c.end, as_of)
    krs = [k for k in obj.key_results if target.key_result in (None, k.id)]
    if not krs:
        raise OkrctlError(f"objective {cycle_id}/{obj_id} has no key result '{target.key_result}'")
    # Each week is scored with the objective as its file stood at the end of that week (the
    # target of the time, as `status --trend` and a past --as-of score it), from one replay of
    # the file's history; without git, with today's file.
    then, targets, note = _from_git(root, target, rev, started)

    def at(day: dt.date) -> Objective:
        return next((o for made, o in reversed(then) if made <= day), obj)

    def kr_at(day: dt.date, kr: KeyResult) -> KeyResult:
        return next((k for k in at(day).key_results if k.id == kr.id), kr)

    series = [
        Series(
            f"{target.ref}/{k.id}" if target.key_result is None else target.ref,
            k.title,
            kr_series(k, days, partial(kr_at, kr=k)),
        )
        for k in krs
    ]
    if target.key_result is None:
        points = tuple(Point(d, objective_progress(at(d), d)) for d in days)
        series.insert(0, Series(target.ref, obj.title, points))
    return History(target.ref, c.start, c.end, tuple(days), tuple(series), tuple(targets), note)
