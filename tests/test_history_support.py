"""Real git repositories with deterministic authors and dates, for the history tests.

(Named test_* so that it sits with the tests it serves; it holds no tests itself.)
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from conftest import write_files

ANA = ("Ana Lima", "ana@acme.test")
BO = ("Bo Chen", "bo@acme.test")
MALLORY = ("Mallory", "mallory@evil.test")

CONFIG = """\
organization: Acme
themes:
  - {id: cx, name: Customer Experience}
  - {id: growth, name: Growth}
people:
  - {id: ana, name: Ana Lima, email: ana@acme.test}
  - {id: bo, name: Bo Chen}
  - {id: cy, name: Cy Diaz}
"""

Q4 = """\
name: Q4 2026
start: 2026-10-01
end: 2026-12-31
"""

Q3_CLOSED = """\
name: Q3 2026
start: 2026-07-01
end: 2026-09-30
status: closed
"""


def objective(
    *,
    title: str = "Customer satisfaction",
    owner: str = "ana",
    contributors: Sequence[str] = (),
    target: int | float = 75,
    baseline: int | float = 58,
    checkins: Sequence[tuple[str, Any]] = (),
    adjustments: Sequence[tuple[str, str, Any, Any, str]] = (),
    extra_kr: bool = True,
    kr_id: str = "nps",
) -> str:
    """An objective file: KR `nps` (baseline → target, check-ins, adjustments) and `churn`."""
    lines = [f"title: {title}", "theme: cx", f"owner: {owner}"]
    if contributors:
        lines.append(f"contributors: [{', '.join(contributors)}]")
    lines += [
        "key_results:",
        f"  - id: {kr_id}",
        "    title: NPS",
        "    unit: points",
        f"    baseline: {baseline}",
        f"    target: {target}",
    ]
    if checkins:
        lines.append("    checkins:")
        lines += [f"      - {{date: {d}, value: {v}}}" for d, v in checkins]
    if adjustments:
        lines.append("    adjustments:")
        for date, field, old, new, reason in adjustments:
            lines.append(
                f"      - {{date: {date}, field: {field}, from: {old}, to: {new}, "
                f'reason: "{reason}"}}'
            )
    if extra_kr:
        lines += [
            "  - id: churn",
            "    title: Churn",
            '    unit: "%"',
            "    baseline: 8",
            "    target: 3",
        ]
    return "\n".join(lines) + "\n"


class GitRepo:
    """A git repository in a temp dir; every commit has the author and date it is given."""

    def __init__(self, path: Path, init: bool = True) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "HOME": str(path),
            "GIT_TERMINAL_PROMPT": "0",
        }
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def write(self, files: Mapping[str, str | bytes | None], under: str = "") -> None:
        write_files(self.path / under if under else self.path, files)

    def commit(
        self,
        message: str,
        date: str,
        author: tuple[str, str] = ANA,
        files: Mapping[str, str | bytes | None] | None = None,
        under: str = "",
    ) -> str:
        """Write `files`, stage everything and commit at `date` (YYYY-MM-DD, noon UTC)."""
        if files:
            self.write(files, under)
        self.git("add", "-A")
        stamp = f"{date}T12:00:00+00:00"
        env = {
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": author[0],
            "GIT_COMMITTER_EMAIL": author[1],
            "GIT_COMMITTER_DATE": stamp,
        }
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD")

    def commit_raw(self, head: bytes, message: bytes) -> str:
        """A commit of the staged files made from raw bytes (`head`: its author and
        committer lines), which `git commit` would refuse or convert: bytes that are not
        UTF-8, a time zone no clock has. It becomes HEAD; its sha is returned."""
        tree, parent = self.git("write-tree").strip(), self.git("rev-parse", "HEAD").strip()
        raw = f"tree {tree}\nparent {parent}\n".encode() + head + b"\n" + message
        done = subprocess.run(
            ["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
            cwd=self.path,
            input=raw,
            capture_output=True,
            check=True,
            env=self.env,
        )
        commit = done.stdout.decode().strip()
        self.git("update-ref", "HEAD", commit)
        return commit


def start_repo(path: Path, under: str = "") -> GitRepo:
    """A repo whose first commit holds okrctl.yaml, cycle 2026-q4 and objective cx-leader."""
    g = GitRepo(path)
    g.commit(
        "Plan Q4",
        "2026-10-01",
        files={
            "okrctl.yaml": CONFIG,
            "cycles/2026-q4/cycle.yaml": Q4,
            "cycles/2026-q4/objectives/cx-leader.yaml": objective(),
        },
        under=under,
    )
    return g
