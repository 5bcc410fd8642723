"""What a check-in REF names: `obj/kr`, `cycle/obj/kr`, `kpi` or `cycle/kpi`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from functools import cached_property
from typing import NamedTuple

from okrctl.edit.repo_files import RepoFiles
from okrctl.model import KeyResult, Objective, layout, refs
from okrctl.model.errors import OkrctlError
from okrctl.model.refs import RefKind
from okrctl.model.suggest import did_you_mean


# A NamedTuple, not a dataclass: cheaper to import (see edit/document.py).
class Target(NamedTuple):
    """A key result (objective set) or a KPI (objective None) in a cycle, and its file."""

    cycle: str
    objective: str | None
    name: str

    @property
    def is_kpi(self) -> bool:
        return self.objective is None

    @property
    def file(self) -> str:
        if self.objective is None:
            return layout.kpi_file(self.cycle, self.name)
        return layout.objective_file(self.cycle, self.objective)

    @property
    def label(self) -> str:
        """`obj/kr` or `kpi`, as commit messages and prompts show it."""
        return self.name if self.objective is None else f"{self.objective}/{self.name}"

    @property
    def ref(self) -> str:
        return f"{self.cycle}/{self.label}"


class _FolderIds(Collection[str]):
    """The ids of one cycle folder's files (objectives or kpis), listed only when a look-up
    needs the list: a reference names one file, and asking for it is one or two `lstat`s
    where listing 10,000 files takes longer than the rest of the check-in."""

    def __init__(self, ws: RepoFiles, cycle: str, folder: str) -> None:
        self.ws = ws
        self.cycle = cycle
        self.folder = folder

    @cached_property
    def listed(self) -> list[str]:
        return self.ws.ids(self.cycle, self.folder)

    def __contains__(self, ident: object) -> bool:
        if not isinstance(ident, str) or not layout.ID_RE.match(ident):
            return False
        rel = f"{layout.cycle_dir(self.cycle)}/{self.folder}/{ident}{layout.SUFFIX}"
        known = self.ws.holds_as_spelled(rel)
        return ident in self.listed if known is None else known

    def __iter__(self) -> Iterator[str]:
        return iter(self.listed)

    def __len__(self) -> int:
        return len(self.listed)


class _Files:
    """What exists on disk, for the resolver: single files asked for and folder listings
    only (a check-in must not load the repo); key results are checked once their
    objective's file is read."""

    def __init__(self, ws: RepoFiles) -> None:
        self.ws = ws
        self.folders: dict[tuple[str, str], _FolderIds] = {}

    def cycle_ids(self) -> list[str]:
        return list(self.ws.cycles)

    def _ids(self, cycle: str, folder: str) -> _FolderIds:
        if (cycle, folder) not in self.folders:
            self.folders[cycle, folder] = _FolderIds(self.ws, cycle, folder)
        return self.folders[cycle, folder]

    def objective_ids(self, cycle: str) -> _FolderIds:
        return self._ids(cycle, layout.OBJECTIVES)

    def kpi_ids(self, cycle: str) -> _FolderIds:
        return self._ids(cycle, layout.KPIS)

    def key_result_ids(self, cycle: str, objective: str) -> None:
        return None


def resolve(
    ws: RepoFiles,
    ref: str,
    cycle: Callable[[], str],
    kinds: Collection[RefKind] = (RefKind.KEY_RESULT, RefKind.KPI),
) -> Target:
    """The key result or KPI (or what `kinds` allow) `ref` names (okrctl.model.refs: the one
    rule of every command); `cycle()` gives the home cycle of a short reference. An
    objective is the Target of its file with the name ''."""
    parts = refs.parse(ref, "check-in reference")
    home: str | None = None  # a full reference needs no home cycle: none is looked for
    if len(parts) == 3:  # ids match case-insensitively (`fy20-q2` is `FY20-Q2`)
        ws.cycle(layout.find_id(parts[0], ws.cycles) or parts[0])  # a broken one says why
    else:
        try:
            home = cycle()
        except OkrctlError:  # no active cycle: `cycle/kpi` still works
            if not (len(parts) == 2 and layout.find_id(parts[0], ws.cycles)):
                raise
    found = refs.resolve(ref, home, _Files(ws), kinds)
    if found.kind is RefKind.KPI:
        return Target(found.cycle, None, found.item)
    return Target(found.cycle, found.item, found.key_result or "")


def key_result(objective: Objective, target: Target) -> KeyResult:
    """The key result a target names in its loaded objective, with a hint when absent."""
    ids = [kr.id for kr in objective.key_results]
    found = layout.find_id(target.name, ids)  # case-insensitive, the exact spelling first
    for kr in objective.key_results:
        if kr.id == found:
            return kr
    hint = did_you_mean(target.name, ids) or (
        f" (it has: {', '.join(ids)})" if ids else " (it has no key results)"
    )
    raise OkrctlError(f"objective '{target.objective}' has no key result '{target.name}'{hint}")
