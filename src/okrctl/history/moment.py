"""Which commit holds the strategy repo as it stood on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from okrctl.history.gitrepo import GitRepo, git_time


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.date  # the committer's date, in the committer's own time zone


def commit_date(g: GitRepo, sha: str) -> dt.date:
    """The day a commit was made (committer date, in its own time zone)."""
    return git_time(str(g.repo.git.show("-s", "--format=%cI", sha))).date()


def commit_on(g: GitRepo, day: dt.date) -> Commit | None:
    """The newest commit of HEAD's first-parent line made on or before `day`; None when the
    history starts later. First parents only: the branch as it stood, not the days on which
    merged side branches were written."""
    if not g.has_commits():
        return None
    raw = str(g.repo.git.log("--first-parent", "--format=%H %cI", "HEAD"))
    for line in raw.splitlines():
        sha, _, stamp = line.partition(" ")
        made = git_time(stamp).date()
        if made <= day:
            return Commit(sha, made)
    return None
