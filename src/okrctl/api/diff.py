"""`okrctl diff`: what a change does to the goals, its effect on scores, and the policy."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from okrctl.api.validate import check_repo
from okrctl.history.gitrepo import open_git
from okrctl.history.policy import policy_diagnostics
from okrctl.history.repodiff import diff_repos
from okrctl.history.revisions import resolve_pair
from okrctl.history.snapshot import load_pair
from okrctl.load.repo import StrategyRepo
from okrctl.model import Diagnostic, Severity
from okrctl.model.dates import today as today_
from okrctl.results.changes import Change
from okrctl.results.diff import DiffResult, ScoreDelta
from okrctl.results.scores import CycleScore, ObjectiveScore, ThemeScore
from okrctl.score import score_cycle


def _score(repo: StrategyRepo, cycle: str, as_of: dt.date) -> CycleScore | None:
    files = repo.cycles.get(cycle)
    if files is None or files.cycle is None:
        return None
    return score_cycle(repo, cycle, as_of)


def score_deltas(
    changes: tuple[Change, ...], base: StrategyRepo, head: StrategyRepo, as_of: dt.date
) -> list[ScoreDelta]:
    """Progress and status of each changed objective and of its themes, before → after."""
    touched: dict[str, set[str]] = {}
    for c in changes:
        if c.objective is not None:
            cycle, _, ident = c.objective.partition("/")
            touched.setdefault(cycle, set()).add(ident)
    out: list[ScoreDelta] = []
    for cycle in sorted(touched):
        old, new = _score(base, cycle, as_of), _score(head, cycle, as_of)
        themes: set[str] = set()
        for ident in sorted(touched[cycle]):
            a = old.objective(ident) if old else None
            b = new.objective(ident) if new else None
            themes.update(o.theme for o in (a, b) if o is not None and o.theme)
            shown = b or a
            if shown is not None:
                out.append(_delta("objective", f"{cycle}/{ident}", shown.title, a, b))
        old_themes = {t.id: t for t in old.themes} if old else {}
        new_themes = {t.id: t for t in new.themes} if new else {}
        for theme in sorted(themes):
            ta, tb = old_themes.get(theme), new_themes.get(theme)
            either = tb or ta
            name = either.name if either is not None else theme
            out.append(_delta("theme", f"{cycle}/{theme}", name, ta, tb))
    return out


def _delta(
    kind: str,
    ref: str,
    title: str,
    before: ObjectiveScore | ThemeScore | None,
    after: ObjectiveScore | ThemeScore | None,
) -> ScoreDelta:
    """One row before → after; a side that does not exist (or a theme with nothing to
    score) has no progress and no status."""

    def status(s: ObjectiveScore | ThemeScore | None) -> str | None:
        return s.status.value if s is not None and s.status else None

    return ScoreDelta(
        kind,
        ref,
        title,
        before.progress if before else None,
        after.progress if after else None,
        status(before),
        status(after),
    )


def diff(
    root: Path,
    base: str | None = None,
    head: str | None = None,
    *,
    staged: bool = False,
    as_of: dt.date | None = None,
    check: bool = False,
    all_errors: bool = False,
) -> DiffResult:
    """Compare the strategy repo at two revisions (see `resolve_pair` for the defaults)."""
    today = as_of or today_()
    with open_git(root) as g:
        old_side, new_side = resolve_pair(g, base, head, staged)
        old, new = load_pair(g, old_side.rev, new_side.rev)
    changes = tuple(diff_repos(old, new))
    errors: tuple[Diagnostic, ...] = ()
    preexisting: tuple[Diagnostic, ...] = ()
    if check:
        errors, preexisting = split_errors(_errors(old, today), _errors(new, today))
    return DiffResult(
        old_side.label,
        new_side.label,
        today,
        changes,
        tuple(score_deltas(changes, old, new, today)),
        tuple(policy_diagnostics(changes, old, new, today)),
        errors,
        check,
        preexisting,
        all_errors,
    )


def _errors(repo: StrategyRepo, today: dt.date) -> list[Diagnostic]:
    return [d for d in check_repo(repo, today) if d.severity is Severity.ERROR]


def split_errors(
    base: Sequence[Diagnostic], head: Sequence[Diagnostic]
) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """(introduced, pre-existing) errors of HEAD. An error is the same one in BASE when its
    file, code and message are (its line may have moved); each BASE error excuses one."""
    left = Counter((d.file, d.code, d.message) for d in base)
    introduced, preexisting = [], []
    for d in head:
        key = (d.file, d.code, d.message)
        if left[key] > 0:
            left[key] -= 1
            preexisting.append(d)
        else:
            introduced.append(d)
    return tuple(introduced), tuple(preexisting)
