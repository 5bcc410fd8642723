"""`okrctl log`: the commits that changed an object, with their semantic changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from okrctl.model.diagnostic import Diagnostic
from okrctl.results.changes import Change


@dataclass(frozen=True)
class FileChange:
    """One file changed by a commit; a sha is None where the file did not exist."""

    status: str  # A, M, D, R (rename), C (copy), T (type change)
    path: str  # relative to the strategy repo; the new path of a rename
    old_path: str
    old_sha: str | None
    new_sha: str | None


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author: str
    email: str
    date: dt.datetime
    subject: str
    changes: tuple[FileChange, ...] = field(default=())

    @property
    def short(self) -> str:
        return self.sha[:10]


@dataclass(frozen=True)
class Target:
    """What `okrctl log` follows: a file (or folder), and inside it a key result or not."""

    kind: str  # objective | key result | KPI | cycle | repo
    ref: str  # `cycle/objective[/kr]`, `cycle/kpi`, `cycle` or '' for everything
    path: str  # the file or folder, relative to the strategy repo
    key_result: str | None = None


@dataclass(frozen=True)
class Entry:
    """One commit of the audit trail and what it changed."""

    commit: CommitInfo
    changes: tuple[Change, ...]
    warnings: tuple[Diagnostic, ...]  # OKR705/OKR706, as `settings.rules` sets them


@dataclass(frozen=True)
class LogResult:
    target: Target
    rev: str
    entries: tuple[Entry, ...]

    @property
    def warnings(self) -> int:
        return sum(len(e.warnings) for e in self.entries)
