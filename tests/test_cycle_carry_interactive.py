"""`okrctl cycle new --from PREV --carry-over` in a terminal asks which objectives to carry
(a real pseudo-terminal); without one, or with --only, it asks nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import WriteRepo
from okrctl.cli.cmd_cycle import _picked
from terminal import finish, read_until, spawn, wait_reading
from test_cycle import CARRY, new_q1

OPS = """\
title: Run a calm platform
theme: cx
owner: ana
key_results:
  - {id: uptime, title: Uptime, unit: "%", baseline: 99, target: 99.9, checkins: [{date: 2026-11-07, value: 99.5}]}
  - {id: pages, title: Pages, unit: pages, baseline: 30, target: 10, checkins: [{date: 2026-11-07, value: 8}]}
"""  # noqa: E501
FILES = {**CARRY, "cycles/2026-q4/objectives/ops.yaml": OPS}
Q1 = "cycles/2027-q1"
ARGV = ["cycle", "new", "2027-q1", "--start", "2027-01-01", "--end", "2027-03-31"]
ARGV += ["--from", "2026-q4", "--carry-over"]
PROMPT = b"Carry over which? Numbers or ranges (1,3-4), all or none [all]:"


def _spawn(root: Path, *extra: str, stdout: str | None = None) -> tuple[int, int]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return spawn(["-C", str(root), *ARGV, *extra], env, stdout)


def _finish(pid: int, fd: int) -> tuple[int, str]:
    code, rest = finish(pid, fd)
    return code, rest.decode().replace("\r\n", "\n")


def _carried(root: Path) -> list[str]:
    folder = root / Q1 / "objectives"
    return sorted(p.stem for p in folder.iterdir()) if folder.exists() else []


def test_a_terminal_lists_the_candidates_and_carries_the_ones_picked(
    write_repo: WriteRepo,
) -> None:
    root = write_repo(FILES)
    pid, fd = _spawn(root)
    seen = read_until(fd, PROMPT).decode().replace("\r\n", "\n")
    # growth-done met its target: not a candidate. Each with its unfinished key results.
    assert "    1  cx-leader  Delight customers  [nps, portal]\n" in seen
    assert "    2  ops        Run a calm platform  [uptime]\n" in seen
    os.write(fd, b"2\n")
    code, rest = _finish(pid, fd)
    assert code == 0, rest
    assert _carried(root) == ["ops"]
    ops = yaml.safe_load((root / Q1 / "objectives/ops.yaml").read_text())
    assert [k["id"] for k in ops["key_results"]] == ["uptime"]  # pages met its target
    assert ops["key_results"][0]["baseline"] == 99.5
    assert (root / Q1 / "kpis/churn.yaml").exists()


def test_a_bad_answer_is_asked_again_and_none_carries_no_objective(
    write_repo: WriteRepo,
) -> None:
    root = write_repo(FILES)
    pid, fd = _spawn(root)
    read_until(fd, PROMPT)
    os.write(fd, b"3\n")  # there are two
    assert b"not a choice: '3'" in read_until(fd, PROMPT)
    os.write(fd, b"none\n")
    code, rest = _finish(pid, fd)
    assert code == 0, rest
    assert _carried(root) == []
    assert (root / Q1 / "cycle.yaml").exists() and (root / Q1 / "kpis/churn.yaml").exists()


def test_enter_carries_all(write_repo: WriteRepo) -> None:
    root = write_repo(FILES)
    pid, fd = _spawn(root)
    read_until(fd, PROMPT)
    os.write(fd, b"\n")
    code, rest = _finish(pid, fd)
    assert code == 0, rest
    assert _carried(root) == ["cx-leader", "ops"]


def test_the_question_is_asked_on_the_terminal_when_stdout_is_a_file(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    """`okrctl cycle new ... > log`: the list and the question stay on the terminal
    (stderr); the file gets what was created."""
    root = write_repo(FILES)
    log = tmp_path / "log"
    pid, fd = _spawn(root, stdout=str(log))
    assert b"  1  cx-leader" in read_until(fd, PROMPT)
    os.write(fd, b"2\n")
    code, rest = _finish(pid, fd)
    assert code == 0, rest
    assert _carried(root) == ["ops"]
    written = log.read_text(encoding="utf-8")
    assert "Carry over which?" not in written and "Unfinished objectives" not in written
    # Not even the prompt's last character (click wrote it through input(), to stdout).
    assert written.startswith("created ") and f"created {Q1}/objectives/ops.yaml" in written


def test_ctrl_c_at_the_question_writes_nothing(write_repo: WriteRepo) -> None:
    root = write_repo(FILES)
    pid, fd = _spawn(root)
    read_until(fd, PROMPT)
    wait_reading(pid)  # a Ctrl-C before the read would leave it waiting (tests/terminal.py)
    os.write(fd, b"\x03")  # Ctrl-C
    code, rest = _finish(pid, fd)
    assert code == 130
    assert "interrupted: nothing written" in rest
    assert not (root / Q1).exists()
    assert not [p for p in (root / "cycles").iterdir() if p.name.startswith(".")]  # no staging


def test_with_only_a_terminal_is_not_asked(write_repo: WriteRepo) -> None:
    root = write_repo(FILES)
    pid, fd = _spawn(root, "--only", "ops")
    code, rest = _finish(pid, fd)
    assert code == 0, rest
    assert "Carry over which?" not in rest
    assert _carried(root) == ["ops"]


def test_without_a_terminal_everything_is_carried_without_a_question(
    write_repo: WriteRepo,
) -> None:
    root = write_repo(FILES)
    result = new_q1(root)
    assert result.exit_code == 0, result.stderr
    assert "Carry over which?" not in result.stdout + result.stderr
    assert _carried(root) == ["cx-leader", "ops"]


@pytest.mark.parametrize(
    ("answer", "picked"),
    [
        ("1,3-4", [1, 3, 4]),
        (" 4 , 2 2", [2, 4]),
        ("2-3,1", [1, 2, 3]),
        ("ALL", [1, 2, 3, 4]),
        ("none", []),
        ("0", None),
        ("5", None),
        ("3-2", None),
        ("1-", None),
        ("x", None),
        ("-1", None),
        (",", None),
    ],
)
def test_the_answer_reads_as_numbers_and_ranges(answer: str, picked: list[int] | None) -> None:
    assert _picked(answer, 4) == picked


def test_hostile_titles_are_listed_as_text_on_one_line(write_repo: WriteRepo) -> None:
    """A title from a pull request cannot draw on the terminal, start a line of its own
    or pass for an Actions command: it is listed escaped, on its candidate's line."""
    hostile = OPS.replace(
        "title: Run a calm platform",
        'title: "calm\\e[2J\\u202e[red]x[/red]\\n::error::owned"',
    )
    root = write_repo({**FILES, "cycles/2026-q4/objectives/ops.yaml": hostile})
    pid, fd = _spawn(root)
    seen = read_until(fd, PROMPT).decode()
    os.write(fd, b"none\n")
    code, rest = _finish(pid, fd)
    assert code == 0, rest
    (line,) = [ln for ln in seen.splitlines() if "  2  ops" in ln]
    assert "\x1b" not in seen and "\u202e" not in seen
    # Control characters shown as escapes; `::` broken by a word joiner, as everywhere.
    shown = "calm\\x1b[2J\\u202e[red]x[/red]\\n:\u2060:error:\u2060:owned"
    assert line.rstrip("\r") == f"    2  ops        {shown}  [uptime]"
