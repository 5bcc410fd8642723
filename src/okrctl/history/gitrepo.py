"""Open the git repository around a strategy repo and resolve revisions in it.

History is read with plain git processes. GitPython (imported inside functions only:
`import okrctl.cli.app` must stay fast) only says why a folder has no usable repository.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

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

    repo: PlainRepo  # git.Repo's `git.<command>` and `working_tree_dir`, from plain git
    root: Path  # the strategy repo on disk
    prefix: str  # its folder relative to the git top level: '' or 'sub/dir/'

    @property
    def shallow(self) -> bool:
        return bool(self.repo.git.rev_parse("--is-shallow-repository") == "true")

    def has_commits(self) -> bool:
        try:
            self.repo.git.rev_parse("--verify", "--quiet", "HEAD^{commit}")
        except GitCommandFailed:  # the branch has no commit yet
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
        if spec.startswith("-"):
            raise GitError(f"'{spec}' is not a revision")
        try:
            return self.repo.git.rev_parse("--verify", "--quiet", f"{spec}^{{commit}}")
        except GitCommandFailed:
            pass
        if spec == "HEAD" or not self.has_commits():
            self.require_commits()
        hint = f"; {SHALLOW_HINT}" if self.shallow else ""
        raise GitError(f"unknown revision '{spec}'{hint}")

    def merge_base(self, a: str, b: str) -> str:
        try:
            return self.repo.git.merge_base(a, b)
        except GitCommandFailed:
            if self.shallow:
                raise GitError(
                    f"no common ancestor of {a[:12]} and {b[:12]} in this history; {SHALLOW_HINT}"
                ) from None
            raise GitError(f"{a[:12]} and {b[:12]} have no common ancestor") from None

    def upstream(self) -> str | None:
        """The upstream branch of the current branch (`@{upstream}`), if there is one."""
        try:
            return self.repo.git.rev_parse("--verify", "--quiet", "@{upstream}")
        except GitCommandFailed:
            return None

    def path(self, rel: str = "") -> str:
        """A path of the strategy repo relative to the git top level ('.' for the top)."""
        return f"{self.prefix}{rel}".rstrip("/") or "."

    def pathspec(self, rel: str = "") -> str:
        """The same path as a literal pathspec (no globbing) for `git log`."""
        return f":(literal){self.path(rel)}"


NO_GIT = "history needs git, and there is no `git` on PATH"


_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)$")


def git_time(stamp: str) -> dt.datetime:
    """A time as git prints it in ISO form (`%aI`, `%cI`). A commit can carry a time zone no
    clock has (`+9959`, written by a broken tool or by hand): Python refuses such an offset,
    so that time is given in UTC, the instant git meant (its local time minus the offset)."""
    try:
        return dt.datetime.fromisoformat(stamp)
    except ValueError:
        found = _OFFSET.search(stamp)
        if found is None:
            raise
        sign, hours, minutes = found.groups()
        offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
        local = dt.datetime.fromisoformat(stamp[: found.start()])
        utc = local - offset if sign == "+" else local + offset
        return utc.replace(tzinfo=dt.UTC)


def gitpython() -> Any:
    """The `git` module of GitPython; a GitError when there is no git for it to run (its
    import fails then)."""
    try:
        import git
    except ImportError:
        raise GitError(NO_GIT) from None
    return git


def git_refusal(repo: Any) -> str | None:
    """Why git refuses to work in `repo` (e.g. "detected dubious ownership": the repository
    belongs to another user and is not a `safe.directory`), or None when it works.

    GitPython opens a repository without running git, so the refusal only shows on the
    first command, and would be taken for "no commits yet" there.
    """
    git = gitpython()
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


def _refuse(root: Path, stderr: str) -> NoReturn:
    """Say why the strategy repo at `root` has no usable git repository, in the words
    okrctl has always used: GitPython's look at it (only on this failure path) tells a
    folder outside git, a bare repository and git's own refusal apart."""
    git = gitpython()
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
        if repo.working_tree_dir is None:
            raise GitError(f"{root}: a bare git repository has no working tree")
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    raise GitError(f"{root}: git cannot read the repository: {'; '.join(lines) or 'no answer'}")


def _git_env() -> dict[str, str]:
    # As GitPython runs git: its messages in English, whatever the user's locale.
    return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C"}


def _decoded(out: bytes) -> str:
    return out.decode(sys.getfilesystemencoding(), "surrogateescape")


class GitCommandFailed(GitError):
    """A git command that exited with an error (GitPython's GitCommandError), git's words."""


class _PlainCommands:
    """`repo.git.<command>(*args)` as GitPython answers it (stdout decoded, one trailing
    newline dropped), from a plain git process; a failure is a GitCommandFailed with
    git's words."""

    def __init__(self, top: str) -> None:
        self._top = top
        self._started: dict[tuple[str, tuple[str, ...]], subprocess.Popen[bytes]] = {}

    def start(self, command: str, *args: str) -> None:
        """Start `git COMMAND ARGS` now, for the first later call with the very same
        arguments to collect: it runs on another core while okrctl does something else."""
        try:
            self._started[(command, args)] = subprocess.Popen(
                ["git", command, *args],
                cwd=self._top,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_git_env(),
            )
        except OSError:  # the call itself runs it then, and says why it cannot
            pass

    def close(self) -> None:
        """Wait for the processes started and never collected (none outlives okrctl)."""
        for proc in self._started.values():
            proc.communicate()
        self._started.clear()

    def stop(self) -> None:
        """End the processes started and never collected: the command failed or stopped
        before it needed them (none outlives okrctl, which ends without waiting)."""
        for proc in self._started.values():
            proc.kill()
            proc.communicate()
        self._started.clear()

    def _run(self, command: str, args: tuple[str, ...]) -> str:
        started = self._started.pop((command, args), None)
        if started is None:
            done = subprocess.run(
                ["git", command, *args],
                cwd=self._top,
                capture_output=True,
                env=_git_env(),
                check=False,
            )
            code, stdout, stderr = done.returncode, done.stdout, done.stderr
        else:
            stdout, stderr = started.communicate()
            code = started.returncode
        if code != 0:
            reason = stderr.decode(errors="replace").strip()
            raise GitCommandFailed(f"git {command} failed: {reason or f'exit status {code}'}")
        out = _decoded(stdout)
        return out[:-1] if out.endswith("\n") else out

    def log(self, *args: str) -> str:
        return self._run("log", args)

    def show(self, *args: str) -> str:
        return self._run("show", args)

    def rev_parse(self, *args: str) -> str:
        return self._run("rev-parse", args)

    def merge_base(self, *args: str) -> str:
        return self._run("merge-base", args)

    def ls_files(self, *args: str) -> str:
        return self._run("ls-files", args)

    def ls_tree(self, *args: str) -> str:
        return self._run("ls-tree", args)


class PlainRepo:
    """The part of git.Repo that reading history uses (`git.<command>`, the working tree),
    without GitPython: its import and its persistent `git cat-file` processes were most of
    what a history command added to okrctl's start. Blobs are read with one
    `git cat-file --batch` (history/snapshot.py)."""

    def __init__(self, top: str) -> None:
        self.working_tree_dir = top
        self.git = _PlainCommands(top)


def _rev_parse(root: Path, args: list[str], count: int) -> tuple[list[str] | None, str]:
    """The `count` lines `git rev-parse ARGS` prints in `root` (None when git says no or
    answers otherwise), and what git said on stderr."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", *args], cwd=root, capture_output=True, env=_git_env(), check=False
        )
    except OSError as exc:  # no git, or no such folder
        return None, str(exc)
    lines = _decoded(done.stdout).split("\n")
    if done.returncode != 0 or len(lines) != count + 1 or lines[count] or not lines[0]:
        return None, done.stderr.decode(errors="replace")
    return lines[:count], ""


_TOP = ["--show-toplevel", "--show-prefix"]


@contextmanager
def open_git(root: Path) -> Iterator[GitRepo]:
    """The git repository holding the strategy repo at `root`, from one `git rev-parse`;
    a GitError saying why when there is none or git refuses it."""
    found, stderr = _rev_parse(root, _TOP, 2)
    if found is None:
        _refuse(root, stderr)
    top, prefix = found
    yield GitRepo(PlainRepo(top), root, prefix)


def open_plain_at(root: Path, rev: str) -> tuple[GitRepo, str] | None:
    """The repository and the commit `rev` names from one `git rev-parse`; None when git
    says no (open_git and commit_sha then say why, as they always have)."""
    if rev.startswith("-"):
        return None
    found, _ = _rev_parse(root, [*_TOP, "--verify", "--quiet", f"{rev}^{{commit}}"], 3)
    if found is None:
        return None
    top, prefix, sha = found
    if len(sha) not in (40, 64) or any(c not in "0123456789abcdef" for c in sha):
        return None
    return GitRepo(PlainRepo(top), root, prefix), sha


@contextmanager
def open_git_at(root: Path, rev: str) -> Iterator[tuple[GitRepo, str]]:
    """The git repository holding `root`, and the full sha of the commit `rev` names, from
    one `git rev-parse` when git answers, else open_git and commit_sha, with their errors."""
    found = open_plain_at(root, rev)
    if found is not None:
        yield found
        return
    with open_git(root) as g:
        yield g, g.commit_sha(rev)
