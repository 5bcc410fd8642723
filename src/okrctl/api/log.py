"""`okrctl log [REF]`: who changed an objective, key result, KPI or cycle, when and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrctl.api.diff import change_dict
from okrctl.history.audit import Entry, Target, audit
from okrctl.history.gitrepo import GitRepo, open_git
from okrctl.history.snapshot import list_files
from okrctl.history.walk import BlobModels
from okrctl.load.repo import CONFIG_FILE
from okrctl.model import StrategyConfig
from okrctl.model.errors import OkrctlError


@dataclass(frozen=True)
class LogResult:
    target: Target
    rev: str
    entries: tuple[Entry, ...]

    @property
    def warnings(self) -> int:
        return sum(len(e.warnings) for e in self.entries)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.target.ref,
            "kind": self.target.kind,
            "rev": self.rev,
            "commits": [
                {
                    "sha": e.commit.sha,
                    "author": e.commit.author,
                    "email": e.commit.email,
                    "date": e.commit.date.isoformat(),
                    "subject": e.commit.subject,
                    "changes": [change_dict(c) for c in e.changes],
                    "warnings": [
                        {"code": w.code, "severity": w.severity.value, "message": w.message}
                        for w in e.warnings
                    ],
                }
                for e in self.entries
            ],
        }


def _disk_paths(root: Path) -> set[str]:
    found = {CONFIG_FILE}
    for path in (root / "cycles").glob("*/*/*.yaml"):
        found.add(path.relative_to(root).as_posix())
    for path in (root / "cycles").glob("*/cycle.yaml"):
        found.add(path.relative_to(root).as_posix())
    return found


def resolve_target(ref: str | None, paths: Iterable[str]) -> Target:
    """What REF names, given the files that exist (on disk or at the revision).

    REF is `CYCLE`, `[CYCLE/]OBJECTIVE`, `[CYCLE/]OBJECTIVE/KR` or `[CYCLE/]KPI`; without
    a cycle the id must be unique across cycles.
    """
    if not ref:
        return Target("repo", "", "")
    files = set(paths)
    cycles = {p.split("/")[1] for p in files if p.startswith("cycles/") and p.count("/") >= 2}
    parts = ref.strip("/").split("/")
    candidates: list[Target] = []

    def objects(cycle_ids: Iterable[str], ident: str, kr: str | None) -> None:
        for c in sorted(cycle_ids):
            obj = f"cycles/{c}/objectives/{ident}.yaml"
            if obj in files:
                if kr is None:
                    candidates.append(Target("objective", f"{c}/{ident}", obj))
                else:
                    candidates.append(Target("key result", f"{c}/{ident}/{kr}", obj, kr))
            kpi = f"cycles/{c}/kpis/{ident}.yaml"
            if kr is None and kpi in files:
                candidates.append(Target("KPI", f"{c}/{ident}", kpi))

    if len(parts) == 1 and parts[0] in cycles:
        return Target("cycle", parts[0], f"cycles/{parts[0]}")
    if len(parts) == 1:
        objects(cycles, parts[0], None)
    elif len(parts) == 2:
        if parts[0] in cycles:  # `cycle/objective` wins over `objective/kr`, as in `show`
            objects([parts[0]], parts[1], None)
        if not candidates:
            objects(cycles, parts[0], parts[1])
    elif len(parts) == 3:
        objects([parts[0]], parts[1], parts[2])
    if not candidates:
        raise OkrctlError(f"'{ref}' names no cycle, objective, key result or KPI")
    if len(candidates) > 1:
        names = ", ".join(t.ref for t in candidates)
        raise OkrctlError(f"'{ref}' is ambiguous: it could be {names}")
    return candidates[0]


def _config_at(g: GitRepo, rev: str) -> StrategyConfig | None:
    try:
        sha = str(g.repo.git.rev_parse("--verify", "--quiet", f"{rev}:{g.path(CONFIG_FILE)}"))
    except Exception:  # GitCommandError: no okrctl.yaml at that revision
        return None
    return BlobModels(g).model(sha, CONFIG_FILE, StrategyConfig)


def log(
    root: Path, ref: str | None = None, rev: str = "HEAD", limit: int | None = None
) -> LogResult:
    """The audit trail of REF (or of the whole strategy repo), newest first."""
    with open_git(root) as g:
        sha = g.commit_sha(rev)
        paths = _disk_paths(root) | set(list_files(g, sha))
        target = resolve_target(ref, paths)
        entries = audit(g, sha, target, _config_at(g, sha), limit)
    return LogResult(target, rev, tuple(entries))
