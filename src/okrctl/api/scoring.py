"""What the scoring commands share: load and check the repo, pick the cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.validate import check_repo
from okrctl.load.repo import StrategyRepo, load_repo
from okrctl.model import Diagnostic, Severity
from okrctl.model.dates import today
from okrctl.model.errors import EXIT_FINDINGS, EXIT_OK, OkrctlError
from okrctl.model.suggest import did_you_mean
from okrctl.score import Scorer, active_cycle


@dataclass
class Workspace:
    """A loaded repo, its findings and a scorer for one date."""

    root: Path
    repo: StrategyRepo
    diagnostics: list[Diagnostic]
    scorer: Scorer
    basis: Basis | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.errors else EXIT_OK

    def cycle_id(self, wanted: str | None) -> str:
        """The cycle named by `--cycle`, else the active one; OkrctlError when there is none."""
        cycles = self.repo.cycles
        if wanted is not None:
            if wanted not in cycles:
                known = sorted(cycles)
                raise OkrctlError(
                    f"no cycle '{wanted}'{did_you_mean(wanted, known)}; "
                    f"cycles: {', '.join(known) or 'none'}"
                )
            if cycles[wanted].cycle is None:
                raise OkrctlError(
                    f"cycle '{wanted}' has no valid cycle.yaml (run `okrctl validate`)",
                    EXIT_FINDINGS,
                )
            return wanted
        found = active_cycle(self.repo, self.scorer.as_of)
        if found is None:
            names = ", ".join(sorted(cycles)) or "none"
            raise OkrctlError(
                f"no active company cycle on {self.scorer.as_of}; "
                f"name one with --cycle (cycles: {names})"
            )
        return found


@dataclass(frozen=True)
class Outcome:
    """What a view reports after its output: the repo's findings and the exit code they call
    for, and a note on what the view was scored from. Results carry this, not the loaded repo."""

    root: Path
    errors: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...]
    files: int  # how many files the findings are in
    note: str | None = None  # e.g. a past day scored on today's files

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.errors else EXIT_OK


def outcome_of(ws: Workspace) -> Outcome:
    """The findings of a loaded repo, as a view reports them."""
    files = len({d.file for d in ws.diagnostics})
    note = ws.basis.note if ws.basis is not None else None
    return Outcome(ws.root, tuple(ws.errors), tuple(ws.warnings), files, note)


@dataclass(frozen=True)
class AsOf:
    """The one notion of "the repo as of a date" that every read view takes.

    `day` is the date scored on: check-ins dated after it do not exist yet for the view (no
    finding). `rev` names a commit whose files are scored exactly, offline and reproducibly.
    Without `rev`, a `day` before today reads the definitions (targets, initiatives, which
    objectives exist) from the last commit made on or before that day; with `history` off,
    or outside git, today's files are used and the view says so in `note`.
    """

    day: dt.date | None = None  # None: today, or the day of `rev`'s commit
    rev: str | None = None
    history: bool = True


@dataclass(frozen=True)
class Basis:
    """Where a view's definitions came from: a commit, or the files on disk."""

    as_of: dt.date
    sha: str | None  # the commit read; None for the working tree
    judged: dt.date  # the day findings are judged on (a check-in after it is "in the future")
    note: str | None = None  # said on stderr: a past day scored on today's files


def _history_setting(root: Path) -> bool:
    """okrctl.yaml's `settings.history`, read without loading the repo (true if unreadable)."""
    from okrctl.edit.repo_files import RepoFiles

    try:
        return RepoFiles(root).settings.history
    except OkrctlError:
        return True  # the full load reports the file's problem


def _load(root: Path, when: AsOf, today: dt.date) -> tuple[StrategyRepo, Basis]:
    """The repo a view scores and where it came from (one history read at most)."""
    if when.rev is None and (when.day is None or when.day >= today or not when.history):
        day = when.day or today
        note = None
        if when.day is not None and when.day < today:
            note = f"as of {day}: today's files (--no-history), check-ins after {day} left out"
        return load_repo(root), Basis(day, None, today, note)
    if when.rev is None and not _history_setting(root):
        # The repo's own choice (settings.history: false), so not worth a note.
        return load_repo(root), Basis(when.day or today, None, today)
    from okrctl.history.gitrepo import GitError, open_git
    from okrctl.history.moment import commit_date, commit_on
    from okrctl.history.snapshot import load_at

    try:
        with open_git(root) as g:
            if when.rev is not None:
                sha = g.commit_sha(when.rev)
                made = commit_date(g, sha)
                return load_at(g, sha), Basis(when.day or made, sha, made)
            assert when.day is not None
            found = commit_on(g, when.day)
            if found is not None:
                return load_at(g, found.sha), Basis(when.day, found.sha, today)
            reason = f"no commit on or before {when.day}"
    except GitError as exc:
        if when.rev is not None:
            raise
        reason = "not a git repository" if "not inside a git" in exc.message else exc.message
    assert when.day is not None
    note = f"as of {when.day}: today's files ({reason}), check-ins after {when.day} left out"
    return load_repo(root), Basis(when.day, None, today, note)


def open_workspace(root: Path, when: AsOf | dt.date) -> Workspace:
    """Load the repo at `root` as of a moment, run every check and prepare scoring."""
    if isinstance(when, dt.date):
        when = AsOf(when, history=False)
    repo, basis = _load(root, when, today())
    ws = Workspace(root, repo, check_repo(repo, basis.judged), Scorer(repo, basis.as_of))
    ws.basis = basis
    return ws
