"""The strategy repo as it was at a commit, or as it is in the index, loaded from git."""

from __future__ import annotations

import hashlib
import posixpath
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from okrctl.history.gitrepo import GitError, GitRepo, Rev, Special
from okrctl.load.document import Loaded, load_documents
from okrctl.load.repo import Item, StrategyRepo, load_tree, load_trees
from okrctl.load.tree import FileTree, FsTree, MemoryTree

M = TypeVar("M", bound=BaseModel)

LINK_MODE = "120000"
GITLINK_MODE = "160000"  # a submodule: a commit of another repository, no blob here
MAX_LINK_HOPS = 8


def _records(raw: str) -> Iterator[tuple[list[str], str]]:
    """(space-separated fields, path) of each NUL-terminated `meta<TAB>path` record of git."""
    for record in raw.split("\0"):
        if record:
            meta, _, path = record.partition("\t")
            yield meta.split(" "), path


def list_files(g: GitRepo, rev: str | Special) -> dict[str, tuple[str, str]]:
    """Path relative to the strategy repo -> (mode, blob sha) of every file at `rev`."""
    if rev is Special.INDEX:
        raw = g.repo.git.ls_files("-s", "-z", "--", g.path())
        # `mode sha stage`: only stage 0, the entries without a merge conflict, and no
        # submodule commits (their object is in another repository).
        entries = [
            (m, sha, path)
            for (m, sha, stage), path in _records(raw)
            if stage == "0" and m != GITLINK_MODE
        ]
    else:
        raw = g.repo.git.ls_tree("-r", "-z", "--full-tree", rev, "--", g.path())
        # `mode type sha`: files only (no submodule commits).
        entries = [(m, sha, path) for (m, kind, sha), path in _records(raw) if kind == "blob"]
    cut = len(g.prefix)
    return {p[cut:]: (m, sha) for m, sha, p in entries if p.startswith(g.prefix)}


def read_blobs(g: GitRepo, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of blobs, all read by one `git cat-file --batch`.

    One process fed every sha at once: GitPython's persistent `cat-file` answered one
    request at a time, and those round trips took 0.3 s for 1,000 files (bench/README.md).
    """
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    done = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=g.repo.working_tree_dir,
        input="".join(f"{sha}\n" for sha in wanted).encode(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise GitError(f"git cat-file failed: {done.stderr.decode(errors='replace').strip()}")
    out: dict[str, bytes] = {}
    data, at = done.stdout, 0
    for sha in wanted:  # each answer: `<sha> <type> <size>\n<content>\n`, or `<sha> missing`
        end = data.index(b"\n", at)
        header = data[at:end].split()
        if len(header) != 3:
            raise GitError(f"git object {sha} is missing")
        size = int(header[2])
        out[sha] = data[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return out


def _link_target(rel: str, target: bytes) -> str | None:
    """Where a symbolic link leads, relative to the strategy repo; None when it leaves it."""
    text = target.decode("utf-8", "replace")
    if text.startswith("/"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), text))
    if resolved == ".." or resolved.startswith("../"):
        return None
    return resolved


def memory_tree(entries: dict[str, tuple[str, str]], blobs: dict[str, bytes]) -> MemoryTree:
    """The files of a revision in memory. Links inside the repo are followed like on disk."""
    files = {rel: blobs[sha] for rel, (mode, sha) in entries.items() if mode != LINK_MODE}
    links = {rel: blobs[sha] for rel, (mode, sha) in entries.items() if mode == LINK_MODE}
    escaping: set[str] = set()
    for rel in links:
        where: str | None = rel
        for _ in range(MAX_LINK_HOPS):
            assert where is not None
            where = _link_target(where, links[where])
            if where is None or where not in links:
                break
        else:  # a loop of links never arrives anywhere
            where = None
        if where is None:
            escaping.add(rel)
        elif where in files:
            files[rel] = files[where]
        else:  # a link to a folder: its files appear under the link's name
            inside = where.rstrip("/") + "/"
            for path in [p for p in files if p.startswith(inside)]:
                files[rel + "/" + path[len(inside) :]] = files[path]
    return MemoryTree(files, frozenset(escaping))


def blob_sha(data: bytes) -> str:
    """The sha git gives these bytes as a blob (also for files of the working tree)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class ParseCache:
    """Parses keyed by (path, model, blob sha): a file unchanged between the two sides of a
    diff is parsed once. The path is part of the key because findings name it."""

    def __init__(self) -> None:
        self._done: dict[tuple[str, type[BaseModel], str], Loaded[Any]] = {}

    def __call__(self, items: Sequence[Item]) -> list[Loaded[Any]]:
        keys = [(rel, model, blob_sha(data)) for rel, data, model in items]
        missing = {
            key: item for key, item in zip(keys, items, strict=True) if key not in self._done
        }
        loaded = load_documents(list(missing.values()))
        self._done.update(zip(missing, loaded, strict=True))
        return [self._done[key] for key in keys]


def _tree(g: GitRepo, rev: Rev) -> FileTree:
    if rev is Special.WORKTREE:
        return FsTree(g.root)
    entries = list_files(g, rev)
    return memory_tree(entries, read_blobs(g, (sha for _, sha in entries.values())))


def load_at(g: GitRepo, rev: Rev, cache: ParseCache | None = None) -> StrategyRepo:
    """Load the strategy repo at a commit, from the index, or from the working tree."""
    return load_tree(_tree(g, rev), g.root, cache or ParseCache())


def load_pair(g: GitRepo, old_rev: Rev, new_rev: Rev) -> tuple[StrategyRepo, StrategyRepo]:
    """Both sides of a diff. Their files are parsed in one batch, so on two cores at once
    when there are many, and a file unchanged between the sides is parsed once."""
    old, new = load_trees([(_tree(g, old_rev), g.root), (_tree(g, new_rev), g.root)], ParseCache())
    return old, new
