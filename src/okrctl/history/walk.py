"""One `git log --raw` pass over the strategy repo, and a parse cache keyed by blob sha."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from pydantic import BaseModel

from okrctl.history.gitrepo import GitRepo, git_time
from okrctl.history.snapshot import GITLINK_MODE, LINK_MODE, read_blobs
from okrctl.load.document import load_document, load_documents
from okrctl.model import Cycle, Kpi, Objective, StrategyConfig
from okrctl.model.layout import FileKind
from okrctl.results.log import CommitInfo, FileChange

M = TypeVar("M", bound=BaseModel)
NULL_SHA = "0" * 40
# A commit's five fields, each ended by NUL as `-z` ends the paths after them: NUL is the
# one byte git keeps out of names, e-mails and messages (a subject may hold any other).
_FORMAT = "--format=%H%x00%an%x00%ae%x00%aI%x00%s"
_FIELDS = 5

MODEL_OF: dict[FileKind, type[BaseModel]] = {
    FileKind.CONFIG: StrategyConfig,
    FileKind.CYCLE: Cycle,
    FileKind.OBJECTIVE: Objective,
    FileKind.KPI: Kpi,
}


def _change(meta: str, paths: list[str], prefix: str) -> FileChange | None:
    """One `:old_mode new_mode old_sha new_sha status` entry and its path(s); None for what
    is no strategy file (outside the repo's folder, a link, a submodule on both sides)."""
    old_mode, new_mode, old_sha, new_sha, status = meta[1:].split(" ")
    if LINK_MODE in (old_mode, new_mode) or not all(p.startswith(prefix) for p in paths):
        return None
    # A submodule (gitlink) names a commit of another repository, not a blob here:
    # that side holds no file (reading it would fail with "object is missing").
    old_blob = None if old_sha == NULL_SHA or old_mode == GITLINK_MODE else old_sha
    new_blob = None if new_sha == NULL_SHA or new_mode == GITLINK_MODE else new_sha
    if old_blob is None and new_blob is None:
        return None
    rels = [p[len(prefix) :] for p in paths]
    return FileChange(status[0], rels[-1], rels[0], old_blob, new_blob)


def _commits(raw: str, prefix: str) -> Iterator[CommitInfo]:
    """The commits of `git log -z --raw` with _FORMAT: five fields, then each change's
    `:meta` and its one path (two for a rename or copy), every token ended by NUL."""
    tokens = raw.split("\0")
    i = 0
    while i + _FIELDS <= len(tokens):
        sha, author, email, date, subject = tokens[i : i + _FIELDS]
        i += _FIELDS
        changes = []
        while i < len(tokens) and tokens[i].lstrip("\n").startswith(":"):
            meta = tokens[i].lstrip("\n")
            count = 2 if meta.rsplit(" ", 1)[-1][:1] in "RC" else 1
            change = _change(meta, tokens[i + 1 : i + 1 + count], prefix)
            i += 1 + count
            if change is not None:
                changes.append(change)
        yield CommitInfo(
            sha.lstrip("\n"),
            author,
            email,
            git_time(date),
            subject,
            tuple(changes),
        )


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
    flags = {"follow": follow, "first_parent": first_parent, "reverse": reverse}
    raw = g.repo.git.log(*log_args(g, rev, paths, **flags))
    return list(_commits(raw, g.prefix))


def log_args(
    g: GitRepo,
    rev: str,
    paths: Iterable[str] = ("",),
    *,
    follow: bool = False,
    first_parent: bool = False,
    reverse: bool = False,
) -> tuple[str, ...]:
    """The `git log` arguments of that walk (for starting it early: see PlainRepo.start)."""
    args = ["--raw", "--no-abbrev", "-z", "-M", _FORMAT]
    if follow:
        args.append("--follow")
    if first_parent:
        args += ["--first-parent", "--diff-merges=first-parent"]
    if reverse:
        args.append("--reverse")
    return (*args, rev, "--", *(g.pathspec(p) for p in paths))


class BlobModels:
    """Blob sha -> validated model, each distinct blob read and parsed once."""

    def __init__(self, g: GitRepo) -> None:
        self.g = g
        self._data: dict[str, bytes] = {}
        self._models: dict[tuple[str, type[BaseModel]], BaseModel | None] = {}

    def prefetch(self, shas: Iterable[str | None]) -> None:
        """Read many blobs in one go, with one `git cat-file --batch`."""
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
