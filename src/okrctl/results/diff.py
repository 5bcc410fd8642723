"""`okrctl diff`: what changed between two revisions, and what it did to the scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from okrctl.model.diagnostic import Diagnostic, Severity
from okrctl.model.errors import EXIT_FINDINGS, EXIT_OK
from okrctl.results.changes import Change


@dataclass(frozen=True)
class ScoreDelta:
    """An objective's or theme's progress and status before and after the change."""

    kind: str  # objective | theme
    ref: str  # `cycle/objective`, or `cycle/theme-id`
    title: str
    before: float | None  # None when it did not exist (or had nothing to score)
    after: float | None
    before_status: str | None
    after_status: str | None


@dataclass(frozen=True)
class DiffResult:
    base: str  # labels of the two sides, e.g. "origin/main (1a2b3c4d5e)", "working tree"
    head: str
    as_of: dt.date
    changes: tuple[Change, ...]
    scores: tuple[ScoreDelta, ...]
    violations: tuple[Diagnostic, ...]  # the change policy (OKR7xx)
    errors: tuple[Diagnostic, ...]  # validation errors the change brings in (with `check`)
    checked: bool
    # Validation errors HEAD shares with BASE: context, not the change's fault (unless
    # `all_errors`, which judges HEAD whole, as before the change was compared).
    preexisting: tuple[Diagnostic, ...] = ()
    all_errors: bool = False

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.changes)

    @property
    def failing(self) -> tuple[Diagnostic, ...]:
        """What makes `--check` fail: error-severity violations and the errors the change
        brings in (with `all_errors`, every error of HEAD)."""
        found = [d for d in self.violations if d.severity is Severity.ERROR]
        return (*found, *self.errors, *(self.preexisting if self.all_errors else ()))

    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.checked and self.failing else EXIT_OK
