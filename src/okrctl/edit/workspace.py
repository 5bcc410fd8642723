"""The few files a check-in reads: okrctl.yaml, the cycle.yaml files and the edited file.

A check-in must not load the whole repo (10,000 objectives take seconds): it lists folders
and parses only what it needs.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from okrctl.edit.document import load_valid
from okrctl.load.document import load_document
from okrctl.load.repo import CONFIG_FILE, CycleFiles, Document, StrategyRepo
from okrctl.load.tree import FsTree, Kind
from okrctl.load.yamlsafe import MAX_FILE_BYTES
from okrctl.model import Cycle, StrategyConfig
from okrctl.model.common import ID_RE
from okrctl.model.errors import OkrctlError

M = TypeVar("M", bound=BaseModel)


class Workspace:
    """Lazy, cached access to the files of one strategy repo on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tree = FsTree(root)

    def read(self, rel: str) -> bytes:
        try:
            return self.tree.read(rel, MAX_FILE_BYTES)
        except OSError as exc:
            raise OkrctlError(f"{rel}: cannot read: {exc.strerror or exc}") from None

    def document(
        self, rel: str, model: type[M], ident: str, data: bytes | None = None
    ) -> Document[M]:
        """A file (read now, or given as `data`) that must load well enough to have a model."""
        loaded = load_valid(rel, self.read(rel) if data is None else data, model)
        assert loaded.source is not None and loaded.model is not None
        return Document(ident, loaded.source, loaded.model)

    @cached_property
    def config(self) -> Document[StrategyConfig]:
        return self.document(CONFIG_FILE, StrategyConfig, "okrctl")

    @cached_property
    def cycles(self) -> dict[str, Document[Cycle]]:
        """Every cycle whose cycle.yaml loads; a broken one is simply not a candidate."""
        found: dict[str, Document[Cycle]] = {}
        for entry in self.tree.entries("cycles"):
            rel = f"cycles/{entry.name}/cycle.yaml"
            if entry.kind is not Kind.DIR or not ID_RE.match(entry.name):
                continue
            if self.tree.kind(rel) is not Kind.FILE:
                continue
            try:
                data = self.tree.read(rel, MAX_FILE_BYTES)
            except OSError:
                continue
            loaded = load_document(rel, data, Cycle)
            if loaded.source is not None and loaded.model is not None:
                found[entry.name] = Document(entry.name, loaded.source, loaded.model)
        return found

    def cycle(self, cycle_id: str) -> Document[Cycle]:
        if cycle_id in self.cycles:
            return self.cycles[cycle_id]
        rel = f"cycles/{cycle_id}/cycle.yaml"
        if self.tree.kind(rel) is Kind.FILE:
            return self.document(rel, Cycle, cycle_id)  # raises with the file's problem
        raise OkrctlError(f"no cycle '{cycle_id}' ({rel} does not exist)")

    def ids(self, cycle_id: str, folder: str) -> list[str]:
        """Ids of the `*.yaml` files in `cycles/<cycle>/<folder>` (objectives or kpis)."""
        out = []
        for entry in self.tree.entries(f"cycles/{cycle_id}/{folder}"):
            stem, dot, ext = entry.name.rpartition(".")
            if dot and ext == "yaml" and entry.kind is Kind.FILE and ID_RE.match(stem):
                out.append(stem)
        return out

    def exists(self, rel: str) -> bool:
        return self.tree.kind(rel) is Kind.FILE

    def cycles_repo(self) -> StrategyRepo:
        """A repo view holding the config and the cycles only (for picking the active one)."""
        cycles = {cid: CycleFiles(cid, doc) for cid, doc in self.cycles.items()}
        return StrategyRepo(self.root, self.config, cycles, [], {})

    def slice_repo(self, cycle_id: str, doc: Document[BaseModel], kpi: bool) -> StrategyRepo:
        """A repo view of the config, one cycle and one file: enough for that file's rules."""
        files = CycleFiles(cycle_id, self.cycles.get(cycle_id))
        if kpi:
            files.kpis[doc.id] = doc  # type: ignore[assignment]
        else:
            files.objectives[doc.id] = doc  # type: ignore[assignment]
        sources = {doc.source.path: doc.source}
        return StrategyRepo(self.root, self.config, {cycle_id: files}, [], sources)
