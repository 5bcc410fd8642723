"""Commit exactly the files a command changed, as the user, with GitPython (lazily imported)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrctl.history.gitrepo import git_reason, git_refusal, gitpython
from okrctl.model.errors import EXIT_USAGE, OkrctlError

IDENTITY_HINT = (
    'set it with `git config --global user.name "Your Name"` and '
    "`git config --global user.email you@example.com`"
)


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


def _open(path: Path) -> Any:
    git = gitpython()

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise OkrctlError(
            f"{path} is not inside a git repository: run `git init` there, or leave out --commit",
            EXIT_USAGE,
        ) from None
    refused = git_refusal(repo)  # e.g. owned by another user (safe.directory)
    if refused is not None:
        repo.close()
        raise OkrctlError(f"{path}: git cannot use the repository: {refused}", EXIT_USAGE)
    return repo


def _config(repo: Any, option: str) -> str | None:
    try:
        value = repo.config_reader().get_value("user", option, default="")
    except Exception:  # an unreadable config file counts as no value
        return None
    return str(value) or None


def _identity(repo: Any, role: str) -> Identity | None:
    name = os.environ.get(f"GIT_{role}_NAME") or _config(repo, "name")
    email = os.environ.get(f"GIT_{role}_EMAIL") or os.environ.get("EMAIL") or _config(repo, "email")
    return Identity(name, email) if name and email else None


def git_identity(path: Path) -> Identity | None:
    """The author identity git would use in the repository around `path`, if any."""
    try:
        with _open(path) as repo:
            return _identity(repo, "AUTHOR")
    except OkrctlError:
        return None


def _relative(repo: Any, files: Sequence[Path]) -> list[str]:
    top = os.path.realpath(repo.working_tree_dir)
    return [Path(os.path.relpath(os.path.realpath(f), top)).as_posix() for f in files]


def check_can_commit(path: Path, files: Sequence[Path]) -> Identity:
    """Fail before anything is written: no repository, no identity to commit as, or a file
    with uncommitted changes (the commit would carry them along with the check-in).
    """
    with _open(path) as repo:
        if repo.bare:
            raise OkrctlError(f"{path}: the git repository is bare", EXIT_USAGE)
        author = _identity(repo, "AUTHOR")
        if author is None or _identity(repo, "COMMITTER") is None:
            raise OkrctlError(f"git does not know who you are: {IDENTITY_HINT}", EXIT_USAGE)
        for rel in _relative(repo, files):
            if repo.git.status("--porcelain", "--", rel):
                raise OkrctlError(
                    f"{rel} has changes that are not committed: commit them first, or leave "
                    "out --commit (a check-in commit holds the check-in only)",
                    EXIT_USAGE,
                )
        return author


# How long a commit waits for another git process's `index.lock` (each try doubles the
# pause, up to half a second): concurrent check-ins commit one after the other.
LOCK_WAIT = 5.0


def _lock_conflict(detail: str) -> bool:
    """Whether git failed only because another git process was at work: it held a lock
    (`index.lock`, `HEAD.lock`), or moved HEAD between this commit's start and its end
    ("cannot lock ref 'HEAD': is at X but expected Y", `commit --only` uses its own
    index). Nothing was committed then, and trying again is safe."""
    return "index.lock" in detail or "cannot lock ref" in detail or ".lock': File exists" in detail


def commit_files(path: Path, files: Sequence[Path], message: str) -> str:
    """Commit the working-tree content of exactly `files` (other staged changes stay staged
    and out of the commit); return the new commit's sha. While another git process holds
    the index lock, retry for up to LOCK_WAIT seconds.
    """
    git = gitpython()

    with _open(path) as repo:
        rels = _relative(repo, files)
        deadline = time.monotonic() + LOCK_WAIT
        pause = 0.02
        while True:
            try:
                repo.git.add("--", *rels)
                # `--only` commits these paths as they are on disk, whatever else is staged.
                repo.git.commit("--only", "--quiet", "-m", message, "--", *rels)
                break
            except git.GitCommandError as exc:
                detail = git_reason(exc)
                locked = _lock_conflict(detail)
                if locked and time.monotonic() + pause < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 0.5)
                    continue
                if locked:
                    raise OkrctlError(
                        "the change is written but not committed: another git process holds "
                        f"the repository's lock (index.lock) for more than {LOCK_WAIT:g} s; "
                        f"commit it once that process is done ({detail})",
                        EXIT_USAGE,
                    ) from None
                raise OkrctlError(
                    f"git commit failed (the change is written but not committed): {detail}",
                    EXIT_USAGE,
                ) from None
        return str(repo.head.commit.hexsha)
