"""`okrctl validate`: the loader's findings plus every semantic rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from okrctl.load.cache import FindingsCache, findings_file
from okrctl.load.repo import StrategyRepo, load_repo
from okrctl.model import Diagnostic, Severity
from okrctl.model.errors import EXIT_FINDINGS, EXIT_OK, OkrctlError
from okrctl.rules.engine import RuleContext, run_rules


@dataclass(frozen=True)
class ValidationResult:
    root: Path
    diagnostics: list[Diagnostic]
    files_checked: int

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    def exit_code(self, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return EXIT_FINDINGS
        return EXIT_OK


def check_repo(repo: StrategyRepo, today: dt.date) -> list[Diagnostic]:
    """All findings of a loaded repo, sorted by place, with severity overrides applied."""
    cache = FindingsCache(findings_file(repo.root), repo.fingerprint, today)
    if (found := cache.get()) is None:
        policy = RuleContext(repo, today).policy
        found = sorted({*run_rules(repo, today), *policy.apply(repo.diagnostics)})
        cache.put(found)
    return found


def _relative_targets(root: Path, paths: Sequence[Path]) -> list[str]:
    targets = []
    for p in paths:
        absolute = p.resolve()
        if not absolute.exists():
            raise OkrctlError(f"{p}: no such file or directory")
        try:
            targets.append(absolute.relative_to(root.resolve()).as_posix())
        except ValueError:
            raise OkrctlError(f"{p} is not inside the strategy repo {root}") from None
    return targets


def validate(
    root: Path, paths: Sequence[Path] = (), today: dt.date | None = None
) -> ValidationResult:
    """Check the whole repo; with `paths`, report only on those files (or folders)."""
    targets = _relative_targets(root, paths)
    repo = load_repo(root)
    diagnostics = check_repo(repo, today or dt.date.today())
    files = len(repo.sources)
    if targets:

        def wanted(file: str) -> bool:
            return any(t in (".", file) or file.startswith(t.rstrip("/") + "/") for t in targets)

        diagnostics = [d for d in diagnostics if wanted(d.file)]
        files = sum(1 for f in repo.sources if wanted(f))
    return ValidationResult(root, diagnostics, files)
