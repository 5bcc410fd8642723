"""Open the git repository around a strategy repo and resolve revisions in it.

GitPython is imported inside functions only: `import okrctl.cli.app` must stay fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from okrctl.model.errors import EXIT_USAGE, OkrctlError

SHALLOW_HINT = (
    "this is a shallow clone: fetch the full history with `git fetch --unshallow` "
    "(in GitHub Actions: `fetch-depth: 0` on actions/checkout)"
)


class Special(StrEnum):
    """The two states of the strategy repo that are not commits."""

    WORKTREE = "working tree"
    INDEX = "index"


Rev = str | Special  # a full commit sha, or the working tree / the index


class GitError(OkrctlError):
    """A git problem the user can fix (no repository, unknown revision, shallow clone)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


@dataclass
class GitRepo:
    """An open git repository plus where the strategy repo sits inside it."""

    repo: Any  # git.Repo; typed loosely because GitPython is imported lazily
    root: Path  # the strategy repo on disk
    prefix: str  # its folder relative to the git top level: '' or 'sub/dir/'

    @property
    def shallow(self) -> bool:
        return bool(self.repo.git.rev_parse("--is-shallow-repository") == "true")

    def has_commits(self) -> bool:
        try:
            self.repo.git.rev_parse("--verify", "--quiet", "HEAD^{commit}")
        except Exception:  # GitCommandError: the branch has no commit yet
            return False
        return True

    def require_commits(self) -> None:
        if not self.has_commits():
            raise GitError(
                f"{self.repo.working_tree_dir}: the git repository has no commits yet; "
                "commit the strategy repo first (git add . && git commit)"
            )

    def commit_sha(self, spec: str) -> str:
        """The full sha of the commit `spec` names; a clear error when it does not exist."""
        import git

        if spec.startswith("-"):
            raise GitError(f"'{spec}' is not a revision")
        try:
            return str(self.repo.git.rev_parse("--verify", "--quiet", f"{spec}^{{commit}}"))
        except git.GitCommandError:
            pass
        if spec == "HEAD" or not self.has_commits():
            self.require_commits()
        hint = f"; {SHALLOW_HINT}" if self.shallow else ""
        raise GitError(f"unknown revision '{spec}'{hint}")

    def merge_base(self, a: str, b: str) -> str:
        import git

        try:
            return str(self.repo.git.merge_base(a, b))
        except git.GitCommandError:
            if self.shallow:
                raise GitError(
                    f"no common ancestor of {a[:12]} and {b[:12]} in this history; {SHALLOW_HINT}"
                ) from None
            raise GitError(f"{a[:12]} and {b[:12]} have no common ancestor") from None

    def upstream(self) -> str | None:
        """The upstream branch of the current branch (`@{upstream}`), if there is one."""
        import git

        try:
            return str(self.repo.git.rev_parse("--verify", "--quiet", "@{upstream}"))
        except git.GitCommandError:
            return None

    def path(self, rel: str = "") -> str:
        """A path of the strategy repo relative to the git top level ('.' for the top)."""
        return f"{self.prefix}{rel}".rstrip("/") or "."

    def pathspec(self, rel: str = "") -> str:
        """The same path as a literal pathspec (no globbing) for `git log`."""
        return f":(literal){self.path(rel)}"


def git_refusal(repo: Any) -> str | None:
    """Why git refuses to work in `repo` (e.g. "detected dubious ownership": the repository
    belongs to another user and is not a `safe.directory`), or None when it works.

    GitPython opens a repository without running git, so the refusal only shows on the
    first command, and would be taken for "no commits yet" there.
    """
    import git

    try:
        repo.git.rev_parse("--git-dir")
    except git.GitCommandError as exc:
        return git_reason(exc)
    return None


def git_reason(exc: Any) -> str:
    """git's own message from a GitCommandError, on one line, without GitPython's dressing."""
    text = str(exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines) or f"git exited with status {exc.status}"


@contextmanager
def open_git(root: Path) -> Iterator[GitRepo]:
    """The git repository holding the strategy repo at `root`; closed on exit.

    Closing matters: GitPython keeps `git cat-file` processes alive until the repo closes.
    """
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(
            f"{root} is not inside a git repository; history needs git "
            "(git init && git add . && git commit)"
        ) from None
    with repo:
        refused = git_refusal(repo)
        if refused is not None:
            raise GitError(f"{root}: git cannot read the repository: {refused}")
        top = repo.working_tree_dir
        if top is None:
            raise GitError(f"{root}: a bare git repository has no working tree")
        rel = os.path.relpath(os.path.realpath(root), os.path.realpath(top))
        prefix = "" if rel == "." else Path(rel).as_posix() + "/"
        yield GitRepo(repo, root, prefix)


def _git_env() -> dict[str, str]:
    # As GitPython runs git: its messages in English, whatever the user's locale.
    return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C"}


class _PlainCommands:
    """`repo.git.<command>(*args)` as GitPython answers it (stdout decoded, one trailing
    newline dropped), from a plain git process; a failure is a GitError with git's words."""

    def __init__(self, top: str) -> None:
        self._top = top

    def log(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "log", *args], cwd=self._top, capture_output=True, env=_git_env(), check=False
        )
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip()
            raise GitError(f"git log failed: {reason or f'exit status {done.returncode}'}")
        out = done.stdout.decode(sys.getfilesystemencoding(), "surrogateescape")
        return out[:-1] if out.endswith("\n") else out


class PlainRepo:
    """The part of git.Repo that reading one file's history uses (`git.log`, the working
    tree), without GitPython: its import is half of what `show --history` adds on a small
    repo. Blobs are read with one `git cat-file --batch` (history/snapshot.py)."""

    def __init__(self, top: str) -> None:
        self.working_tree_dir = top
        self.git = _PlainCommands(top)


def _open_plain(root: Path, rev: str) -> tuple[GitRepo, str] | None:
    """The repository and the commit `rev` names from one `git rev-parse`; None when git
    says no (open_git and commit_sha then say why, as they always have)."""
    if rev.startswith("-"):
        return None
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--show-prefix"]
            + ["--verify", "--quiet", f"{rev}^{{commit}}"],
            cwd=root,
            capture_output=True,
            env=_git_env(),
            check=False,
        )
    except OSError:  # no git, or no such folder
        return None
    lines = done.stdout.decode(sys.getfilesystemencoding(), "surrogateescape").split("\n")
    if done.returncode != 0 or len(lines) != 4 or lines[3] or not lines[0]:
        return None
    top, prefix, sha = lines[:3]
    if len(sha) not in (40, 64) or any(c not in "0123456789abcdef" for c in sha):
        return None
    return GitRepo(PlainRepo(top), root, prefix), sha


@contextmanager
def open_git_at(root: Path, rev: str) -> Iterator[tuple[GitRepo, str]]:
    """The git repository holding `root`, and the full sha of the commit `rev` names, for
    reading the history of a few files (git.log and blobs only): plain git processes when
    git answers, else open_git and commit_sha, with their errors."""
    found = _open_plain(root, rev)
    if found is not None:
        yield found
        return
    with open_git(root) as g:
        yield g, g.commit_sha(rev)
