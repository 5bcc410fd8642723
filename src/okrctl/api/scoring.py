"""What the scoring commands share: load and check the repo, pick the cycle."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.validate import check_repo
from okrctl.load.repo import StrategyRepo, load_repo
from okrctl.model import Diagnostic, Severity
from okrctl.model.errors import EXIT_FINDINGS, EXIT_OK, OkrctlError
from okrctl.score import Scorer, active_cycle


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known value, else ''."""
    hint = difflib.get_close_matches(value, sorted(set(known)), n=3, cutoff=0.5)
    if not hint:
        return ""
    return " (did you mean " + " or ".join(f"'{h}'" for h in hint) + "?)"


@dataclass
class Workspace:
    """A loaded repo, its findings and a scorer for one date."""

    root: Path
    repo: StrategyRepo
    diagnostics: list[Diagnostic]
    scorer: Scorer

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


def open_workspace(root: Path, as_of: dt.date) -> Workspace:
    """Load the repo at `root`, run every check (as of `as_of`) and prepare scoring."""
    repo = load_repo(root)
    return Workspace(root, repo, check_repo(repo, as_of), Scorer(repo, as_of))
