"""Which two states of the strategy repo `okrctl diff` compares."""

from __future__ import annotations

from dataclasses import dataclass

from okrctl.history.gitrepo import GitError, GitRepo, Rev, Special


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a commit sha (or the working tree / index) and its name."""

    rev: Rev
    label: str

    @property
    def sha(self) -> str | None:
        return None if isinstance(self.rev, Special) else self.rev


def _commit(g: GitRepo, spec: str) -> Side:
    sha = g.commit_sha(spec)
    return Side(sha, spec if spec.startswith(sha[:7]) else f"{spec} ({sha[:10]})")


def default_base(g: GitRepo) -> Side:
    """The merge base with the current branch's upstream; HEAD when there is no upstream."""
    g.require_commits()
    head = g.commit_sha("HEAD")
    upstream = g.upstream()
    if upstream is None:
        return Side(head, f"HEAD ({head[:10]})")
    sha = g.merge_base(head, upstream)
    return Side(sha, f"merge base with @{{upstream}} ({sha[:10]})")


def resolve_pair(g: GitRepo, base: str | None, head: str | None, staged: bool) -> tuple[Side, Side]:
    """BASE and HEAD sides from the command line.

    `A...B` compares the merge base of A and B with B (what a pull request changes);
    `A..B` compares A with B. Without HEAD the working tree (or, with `staged`, the index)
    is the new side; without BASE the merge base with the upstream branch is the old side.
    """
    if staged and head is not None:
        raise GitError("--staged compares with the index: give at most one revision")
    if base is not None and ".." in base:
        if head is not None:
            raise GitError(f"'{base}' already names both sides; drop the second revision")
        three = "..." in base
        left, right = base.split("..." if three else "..", 1)
        left_side = _commit(g, left or "HEAD")
        right_side = _commit(g, right or "HEAD")
        if three:
            sha = g.merge_base(str(left_side.rev), str(right_side.rev))
            left_side = Side(
                sha, f"merge base of {left or 'HEAD'} and {right or 'HEAD'} ({sha[:10]})"
            )
        return left_side, right_side
    new = Side(Special.INDEX, "index") if staged else Side(Special.WORKTREE, "working tree")
    if head is not None:
        new = _commit(g, head)
    old = _commit(g, base) if base is not None else default_base(g)
    return old, new
