"""Replay the main line of history: the files of a cycle as each commit left them.

The floor of any history-wide computation is one `git log --raw` plus parsing each changed
blob once; this is exactly that, so trends built on it cost little more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from okrctl.history.gitrepo import GitRepo
from okrctl.history.walk import MODEL_OF, BlobModels, walk
from okrctl.model.layout import FileRef, classify
from okrctl.results.log import CommitInfo


@dataclass(frozen=True)
class Step:
    """One commit of the main line and the files it changed: ref -> model (None: gone)."""

    commit: CommitInfo
    files: dict[FileRef, BaseModel | None]


def replay(
    g: GitRepo, rev: str, folder: str = "", blobs: BlobModels | None = None
) -> Iterator[Step]:
    """Oldest commit first, along first parents, the changed strategy files after each.

    A file that does not validate at a commit counts as unchanged there: a broken commit in
    the middle of history must not make an objective vanish from a trend. `blobs` may hold
    parses made before (e.g. by an audit of the same file).
    """
    commits = walk(g, rev, [folder], first_parent=True, reverse=True)
    blobs = blobs if blobs is not None else BlobModels(g)
    blobs.parse_many(
        (fc.new_sha, fc.path, MODEL_OF[ref.kind])
        for c in commits
        for fc in c.changes
        if (ref := classify(fc.path)) is not None
    )
    for commit in commits:
        files: dict[FileRef, BaseModel | None] = {}
        for fc in commit.changes:
            ref = classify(fc.path)
            if fc.status == "R" and (old := classify(fc.old_path)) is not None:
                files[old] = None
            if ref is None:
                continue
            if fc.new_sha is None:
                files[ref] = None
                continue
            model = blobs.model(fc.new_sha, fc.path, MODEL_OF[ref.kind])
            if model is not None:
                files[ref] = model
        yield Step(commit, files)
