"""One `git log --raw` pass over the strategy repo, and a parse cache keyed by blob sha."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

from okrctl.history.gitrepo import GitRepo
from okrctl.history.snapshot import GITLINK_MODE, LINK_MODE, read_blobs
from okrctl.load.document import load_document, load_documents
from okrctl.model import Cycle, Kpi, Objective, StrategyConfig
from okrctl.model.layout import FileKind
from okrctl.results.log import CommitInfo, FileChange

M = TypeVar("M", bound=BaseModel)
NULL_SHA = "0" * 40
# Fields of a commit header, separated by US; RS starts a commit. Subjects are one line.
_FORMAT = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s"

MODEL_OF: dict[FileKind, type[BaseModel]] = {
    FileKind.CONFIG: StrategyConfig,
    FileKind.CYCLE: Cycle,
    FileKind.OBJECTIVE: Objective,
    FileKind.KPI: Kpi,
}


def _changes(tokens: list[str], prefix: str) -> Iterable[FileChange]:
    i = 0
    while i < len(tokens):
        meta = tokens[i].lstrip("\n")
        i += 1
        if not meta.startswith(":"):
            continue
        old_mode, new_mode, old_sha, new_sha, status = meta[1:].split(" ")
        paths = tokens[i : i + (2 if status[0] in "RC" else 1)]
        i += len(paths)
        if LINK_MODE in (old_mode, new_mode) or not all(p.startswith(prefix) for p in paths):
            continue
        # A submodule (gitlink) names a commit of another repository, not a blob here:
        # that side holds no file (reading it would fail with "object is missing").
        old_blob = None if old_sha == NULL_SHA or old_mode == GITLINK_MODE else old_sha
        new_blob = None if new_sha == NULL_SHA or new_mode == GITLINK_MODE else new_sha
        if old_blob is None and new_blob is None:
            continue
        rels = [p[len(prefix) :] for p in paths]
        yield FileChange(status[0], rels[-1], rels[0], old_blob, new_blob)


def walk(
    g: GitRepo,
    rev: str,
    paths: Iterable[str] = ("",),
    *,
    follow: bool = False,
    first_parent: bool = False,
    reverse: bool = False,
) -> list[CommitInfo]:
    """Every commit reachable from `rev` that changed `paths`, with the files it changed.

    Newest first unless `reverse`. With `first_parent` a merge counts as one change against
    its first parent (the state of the main line); otherwise merges are skipped and each
    commit of a branch is shown with its own author.
    """
    args: list[Any] = ["--raw", "--no-abbrev", "-z", "-M", _FORMAT]
    if follow:
        args.append("--follow")
    if first_parent:
        args += ["--first-parent", "--diff-merges=first-parent"]
    if reverse:
        args.append("--reverse")
    raw: str = g.repo.git.log(*args, rev, "--", *(g.pathspec(p) for p in paths))
    out = []
    for chunk in raw.split("\x1e"):
        if not chunk:
            continue
        header, _, rest = chunk.partition("\0")
        sha, author, email, date, subject = header.rstrip("\n").split("\x1f", 4)
        changes = tuple(_changes(rest.split("\0"), g.prefix))
        out.append(
            CommitInfo(sha, author, email, dt.datetime.fromisoformat(date), subject, changes)
        )
    return out


class BlobModels:
    """Blob sha -> validated model, each distinct blob read and parsed once."""

    def __init__(self, g: GitRepo) -> None:
        self.g = g
        self._data: dict[str, bytes] = {}
        self._models: dict[tuple[str, type[BaseModel]], BaseModel | None] = {}

    def prefetch(self, shas: Iterable[str | None]) -> None:
        """Read many blobs in one go through the persistent `git cat-file`."""
        wanted = [s for s in shas if s is not None and s not in self._data]
        self._data.update(read_blobs(self.g, wanted))

    def parse_many(self, wanted: Iterable[tuple[str | None, str, type[BaseModel]]]) -> None:
        """Read and parse many blobs at once: on two cores when there are many."""
        todo: dict[tuple[str, type[BaseModel]], str] = {}
        for sha, rel, model in wanted:
            if sha is not None and (sha, model) not in self._models:
                todo.setdefault((sha, model), rel)
        self.prefetch(sha for sha, _ in todo)
        items = [(rel, self._data[sha], model) for (sha, model), rel in todo.items()]
        for key, loaded in zip(todo, load_documents(items), strict=True):
            self._models[key] = loaded.model
        for sha, _ in todo:
            self._data.pop(sha, None)

    def model(self, sha: str | None, rel: str, model: type[M]) -> M | None:
        """The model a blob holds; None for a missing file or one that does not validate."""
        if sha is None:
            return None
        key = (sha, model)
        if key not in self._models:
            data = self._data.pop(sha, None)
            if data is None:  # popped by another model type, or never prefetched
                data = read_blobs(self.g, [sha])[sha]
            self._models[key] = load_document(rel, data, model).model
        found = self._models[key]
        assert found is None or isinstance(found, model)
        return found
