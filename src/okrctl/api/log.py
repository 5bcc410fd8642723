"""`okrctl log [REF]`: who changed an objective, key result, KPI or cycle, when and why."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from okrctl.history.audit import audit
from okrctl.history.gitrepo import GitRepo, open_git_at
from okrctl.history.snapshot import list_files
from okrctl.history.walk import BlobModels
from okrctl.model import StrategyConfig, layout, refs
from okrctl.model.layout import CONFIG_FILE
from okrctl.model.refs import RefKind
from okrctl.results.log import LogResult, Target


def _disk_paths(root: Path) -> set[str]:
    found = {CONFIG_FILE}
    for path in (root / layout.CYCLES).glob("*/*/*.yaml"):
        found.add(path.relative_to(root).as_posix())
    for path in (root / layout.CYCLES).glob(f"*/{layout.CYCLE_FILE}"):
        found.add(path.relative_to(root).as_posix())
    return found


class _Paths:
    """What exists, for the resolver: the files on disk and at the revision (a file deleted
    since still has a history)."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.cycles: dict[str, tuple[set[str], set[str]]] = {}
        for path in paths:
            ref = layout.classify(path)
            if ref is None or ref.kind is layout.FileKind.CONFIG:
                continue
            objectives, kpis = self.cycles.setdefault(ref.cycle, (set(), set()))
            if ref.kind is layout.FileKind.OBJECTIVE:
                objectives.add(ref.id)
            elif ref.kind is layout.FileKind.KPI:
                kpis.add(ref.id)

    def cycle_ids(self) -> list[str]:
        return sorted(self.cycles)

    def objective_ids(self, cycle: str) -> set[str]:
        return self.cycles.get(cycle, (set(), set()))[0]

    def kpi_ids(self, cycle: str) -> set[str]:
        return self.cycles.get(cycle, (set(), set()))[1]

    def key_result_ids(self, cycle: str, objective: str) -> None:
        return None  # any: a key result's history outlives it


_KIND = {
    RefKind.CYCLE: "cycle",
    RefKind.OBJECTIVE: "objective",
    RefKind.KEY_RESULT: "key result",
    RefKind.KPI: "KPI",
}


def resolve_target(ref: str | None, paths: Iterable[str]) -> Target:
    """What REF names, given the files that exist (on disk or at the revision): `CYCLE`,
    `[CYCLE/]OBJECTIVE[/KR]` or `[CYCLE/]KPI` (okrctl.model.refs, with no home cycle: an id
    without its cycle must be unique)."""
    if not ref:
        return Target("repo", "", "")
    found = refs.resolve(ref, None, _Paths(paths))
    return Target(_KIND[found.kind], found.text, found.path, found.key_result)


def config_at(g: GitRepo, files: dict[str, tuple[str, str]]) -> StrategyConfig | None:
    """okrctl.yaml as it was at the revision whose `files` (list_files) are given."""
    found = files.get(CONFIG_FILE)
    return None if found is None else BlobModels(g).model(found[1], CONFIG_FILE, StrategyConfig)


def log(
    root: Path, ref: str | None = None, rev: str = "HEAD", limit: int | None = None
) -> LogResult:
    """The audit trail of REF (or of the whole strategy repo), newest first."""
    with open_git_at(root, rev) as (g, sha):
        files = list_files(g, sha)
        target = resolve_target(ref, _disk_paths(root) | set(files))
        entries = audit(g, sha, target, config_at(g, files), limit)
    return LogResult(target, rev, tuple(entries))
