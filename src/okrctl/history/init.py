"""`git init` for `okrctl init`: the only git access the scaffolding needs."""

from __future__ import annotations

from pathlib import Path

from okrctl.history.gitrepo import gitpython


def inside_git(path: Path) -> bool:
    """Whether `path` (or, when it does not exist yet, its nearest existing parent) is inside
    a git working tree."""
    git = gitpython()

    probe = path.resolve()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        with git.Repo(probe, search_parent_directories=True) as repo:
            return repo.working_tree_dir is not None
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False


def init_git(path: Path) -> None:
    """Create an empty git repository with branch `main` at `path` (which exists)."""
    git = gitpython()

    # `main`, as the workflow okrctl init writes expects (git's default may still be master).
    git.Repo.init(path, initial_branch="main").close()
