"""`okrctl log` (every format) and `show REF --history` print a hostile commit's author and
subject escaped: escape sequences, a bidi override, git's RS/US separators, `::error::` and
bytes that are not UTF-8 (a raw commit object: `git commit` would convert them), on a
stdout that refuses anything but UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_history_support import objective, start_repo

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
AUTHOR = b"Mal\xffory \x1b[2J\xe2\x80\xae\x1e"
SUBJECT = b"raise \xfe\x1b]8;;https://e.test\x07target\x1b]8;;\x07 \x1f ::error::owned"
# As okrctl shows them: each byte that is no UTF-8 as \xNN, each control character escaped.
AUTHOR_SHOWN = "Mal\\xffory \\x1b[2J\\u202e\\x1e"
SUBJECT_SHOWN = "raise \\xfe\\x1b]8;;https://e.test\\x07target\\x1b]8;;\\x07 \\x1f "
WORD_JOINED = SUBJECT_SHOWN + ":\u2060:error:\u2060:owned"  # never a workflow command


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, str]:
    """A repo whose last commit (target 75 -> 80) has a hostile author and subject."""
    g = start_repo(tmp_path / "r")
    g.write({OBJ: objective(target=80)})
    g.git("add", "-A")
    head = b"author " + AUTHOR + b" <m\xff@evil.test> 1791979200 +0000\n"
    head += b"committer Mallory <m@evil.test> 1791979200 +0000\n"
    commit = g.commit_raw(head, SUBJECT + b"\n\nbody \xff\n")
    return g.path, commit


def okrctl(root: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "NO_COLOR": "1", "COLUMNS": "80"}
    env["GITHUB_ACTIONS"] = ""
    done = subprocess.run(
        [sys.executable, "-m", "okrctl", "-C", str(root), *args], capture_output=True, env=env
    )
    # What okrctl wrote is UTF-8 (strict), whatever git gave it.
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def _clean(text: str) -> None:
    for raw in ("\x1b", "\u202e", "\x1e", "\x1f", "\x07"):
        assert raw not in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())


def test_log_text_escapes_the_author_and_subject(hostile: tuple[Path, str]) -> None:
    root, commit = hostile
    code, out, err = okrctl(root, "log", "cx-leader/nps")
    assert code == 0, err
    _clean(out)
    assert out.startswith(
        f"{commit[:10]}  2026-10-14  {AUTHOR_SHOWN} <m\\xff@evil.test>\n"
        f"    {WORD_JOINED}\n"
        "  - target 75 → 80 (no adjustment)\n"
    )


def test_log_markdown_keeps_the_table(hostile: tuple[Path, str]) -> None:
    root, commit = hostile
    code, out, err = okrctl(root, "log", "cx-leader/nps", "--format", "markdown")
    assert code == 0, err
    _clean(out)
    row = next(line for line in out.splitlines() if line.startswith(f"| {commit[:10]} "))
    assert row.count(" | ") == 3  # commit, date, author, change: no cell split
    assert "Mal\\\\xffory" in row and "\\\\x1b" in row


def test_log_json_holds_the_text_as_shown(hostile: tuple[Path, str]) -> None:
    root, commit = hostile
    code, out, err = okrctl(root, "log", "cx-leader/nps", "--format", "json")
    assert code == 0, err
    newest = json.loads(out)["commits"][0]
    assert newest["sha"] == commit
    assert newest["author"].startswith("Mal\\xffory \x1b[2J\u202e\x1e")  # JSON escapes the rest
    assert newest["subject"].startswith("raise \\xfe\x1b]8;;")
    assert "\x1b" not in out  # \u001b in the JSON text


def test_show_history_escapes_the_author(hostile: tuple[Path, str]) -> None:
    root, commit = hostile
    code, out, err = okrctl(root, "show", "cx-leader", "--history", "--as-of", "2026-10-20")
    assert code == 0, err
    _clean(out)
    assert out.endswith(
        "Target changes (from git):\n"
        f"  2026-10-14  {commit[:10]}  target 75 → 80  {AUTHOR_SHOWN} — no adjustment recorded\n"
    )
