"""The few files a check-in reads: okrctl.yaml, the cycle.yaml files and the edited file.

A check-in must not load the whole repo (10,000 objectives take seconds): it lists folders
and parses only what it needs.
"""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from okrctl.edit.document import load_valid
from okrctl.load.document import load_document
from okrctl.load.repo import CONFIG_FILE, CycleFiles, Document, StrategyRepo
from okrctl.load.tree import FsTree, Kind
from okrctl.load.yamlsafe import MAX_FILE_BYTES, parse
from okrctl.model import Cycle, Kpi, Objective, Settings, StrategyConfig, layout
from okrctl.model.errors import OkrctlError
from okrctl.model.layout import ID_RE

M = TypeVar("M", bound=BaseModel)


class RepoFiles:
    """Lazy, cached access to the files of one strategy repo on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tree = FsTree(root)
        # The bytes each file had when read: a writer checks them again just before its
        # rename, so that a change made meanwhile by another program is never overwritten.
        self.seen: dict[str, bytes] = {}

    def read(self, rel: str) -> bytes:
        """A file's bytes. Only a regular file inside the repo is read (a FIFO could block
        forever); anything else is a usage error naming it."""
        try:
            data = self.tree.read(rel, MAX_FILE_BYTES)
        except OSError as exc:
            raise OkrctlError(f"{rel}: cannot read: {exc.strerror or exc}") from None
        self.seen[rel] = data
        return data

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
    def settings(self) -> Settings:
        """okrctl.yaml's `settings`, read without parsing the rest of the file.

        A large organisation's okrctl.yaml (thousands of people) takes longer to parse than
        the whole check-in, and `settings` is one top-level block. When that block cannot be
        cut out cleanly, the whole file is loaded (and a problem in it reported).
        """
        try:
            block = settings_block(self.read(CONFIG_FILE).decode("utf-8"))
        except UnicodeDecodeError:
            block = None
        if block == "":
            return Settings()
        if block is not None:
            value, problems = parse(block)
            if not problems and isinstance(value, dict):
                try:
                    return Settings.model_validate(value.get("settings") or {})
                except ValidationError:
                    pass  # loading the whole file reports it with its position
        return self.config.model.settings

    @cached_property
    def cycles(self) -> dict[str, Document[Cycle]]:
        """Every cycle whose cycle.yaml loads; a broken one is simply not a candidate."""
        found: dict[str, Document[Cycle]] = {}
        for entry in self.tree.entries(layout.CYCLES):
            rel = layout.cycle_file(entry.name)
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
        rel = layout.cycle_file(cycle_id)
        if self.tree.kind(rel) is not None:  # also a FIFO or a link out: read says why not
            return self.document(rel, Cycle, cycle_id)  # raises with the file's problem
        raise OkrctlError(f"no cycle '{cycle_id}' ({rel} does not exist)")

    def ids(self, cycle_id: str, folder: str) -> list[str]:
        """Ids of the `*.yaml` files in `cycles/<cycle>/<folder>` (objectives or kpis)."""
        out = []
        for entry in self.tree.entries(f"{layout.cycle_dir(cycle_id)}/{folder}"):
            stem, dot, ext = entry.name.rpartition(".")
            if dot and ext == "yaml" and entry.kind is Kind.FILE and ID_RE.match(stem):
                out.append(stem)
        return out

    def cycle_documents(
        self, cycle_id: str
    ) -> tuple[list[Document[Objective] | Document[Kpi]], list[str]]:
        """Every objective and KPI file of a cycle that loads, and the paths of those that do
        not (a check-in walk-through or a measure run goes on without them)."""
        found: list[Document[Objective] | Document[Kpi]] = []
        skipped: list[str] = []
        for folder, model, path in (
            (layout.OBJECTIVES, Objective, layout.objective_file),
            (layout.KPIS, Kpi, layout.kpi_file),
        ):
            for ident in self.ids(cycle_id, folder):
                rel = path(cycle_id, ident)
                try:
                    found.append(self.document(rel, model, ident))  # type: ignore[arg-type]
                except OkrctlError:
                    skipped.append(rel)
        return found, skipped

    def exists(self, rel: str) -> bool:
        return self.tree.kind(rel) is Kind.FILE

    def holds_as_spelled(self, rel: str) -> bool | None:
        """Whether its folder holds a regular file named exactly as `rel` spells it, asked
        without listing the folder (10,000 objectives take longer to list than a check-in
        takes); None when only the listing can say.

        On a file system that ignores case, `q-1.yaml` also opens `Q-1.yaml`: a name is
        taken as spelled only when its swapped-case name is not the same file.
        """
        if self.tree.kind(rel) is not Kind.FILE:
            return False
        folder, _, name = rel.rpartition("/")
        found = self.tree.resolve(folder)
        if found is None:
            return None
        try:
            st = os.lstat(os.path.join(found[0], name))
        except OSError:
            return None
        try:
            other = os.lstat(os.path.join(found[0], name.swapcase()))
        except FileNotFoundError:
            return True
        except OSError:
            return None
        return None if os.path.samestat(st, other) else True

    def cycles_repo(self) -> StrategyRepo:
        """A repo view holding the config and the cycles only (for picking the active one)."""
        cycles = {cid: CycleFiles(cid, doc) for cid, doc in self.cycles.items()}
        return StrategyRepo(self.root, None, cycles, [], {})

    def slice_repo(self, cycle_id: str, doc: Document[BaseModel], kpi: bool) -> StrategyRepo:
        """A repo view of one cycle and one file, for the rules about that file (without
        okrctl.yaml: checks against themes and people give the same findings before and
        after a check-in, so they cannot tell the two apart).
        """
        files = CycleFiles(cycle_id, self.cycles.get(cycle_id))
        if kpi:
            files.kpis[doc.id] = doc  # type: ignore[assignment]
        else:
            files.objectives[doc.id] = doc  # type: ignore[assignment]
        sources = {doc.source.path: doc.source}
        return StrategyRepo(self.root, None, {cycle_id: files}, [], sources)


# A line at column 0 that is neither a `key:` nor a `- ` list item, a comment or blank:
# the file is not plain block style, so cutting out one top-level block is not safe.
_ODD_TOP_LINE = re.compile(r"^(?=.)(?![ #\r\n]|- |-\r?$|[A-Za-z_][\w-]*:(?: |\r?$))", re.M)
_NEXT_TOP_LINE = re.compile(r"^[^ #\r\n]", re.M)


def settings_block(text: str) -> str | None:
    """The `settings:` block of okrctl.yaml's text ("" when absent), or None when the file's
    layout is unusual enough that only parsing all of it is reliable.
    """
    if _ODD_TOP_LINE.search(text):
        return None
    start = re.search(r"^settings:", text, re.M)
    if start is None:
        return ""
    end = _NEXT_TOP_LINE.search(text, start.end())
    return text[start.start() : end.start() if end else len(text)]
