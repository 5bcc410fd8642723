"""`okrctl checkin --owner PERSON` (or no REF in a terminal): the weekly walk-through."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_CYCLE, WriteRepo
from okrctl.cli.app import app
from terminal import finish, read_until, spawn, wait_reading

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
KPIS = "cycles/2026-q4/kpis"
CYCLE = "cycles/2026-q4/cycle.yaml"
CONFIG = """\
organization: Acme
themes:
  - {id: cx, name: Customer Experience}
people:
  - {id: ana, name: Ana Lima, email: ana@example.com}
  - {id: bo, name: Bo Chen}
"""
OBJECTIVE = """\
title: Become the industry leader in customer satisfaction
theme: cx
owner: ana
key_results:
  - id: nps
    title: NPS
    unit: points
    baseline: 58
    target: 75
    checkins:
      - {date: 2026-10-07, value: 60, confidence: 0.7}
  - id: response
    title: Response time
    owner: bo
    unit: hours
    baseline: 24
    target: 4
  - id: churn
    title: Customer churn
    unit: "%"
    baseline: 8
    target: 3
"""
ARR = """\
title: ARR
perspective: financial
owner: ana
unit: M EUR
target: 24
frequency: monthly
checkins:
  - {date: 2026-10-10, value: 21}
"""
CSAT = """\
title: CSAT
perspective: customer
owner: ana
unit: "%"
baseline: 80
target: 90
frequency: weekly
checkins:
  - {date: 2026-10-05, value: 82}
"""
NPS_LINE = "      - {date: 2026-10-07, value: 60, confidence: 0.7}\n"
CHURN_TAIL = '    unit: "%"\n    baseline: 8\n    target: 3\n'


def files() -> dict[str, str]:
    return {
        "okrctl.yaml": CONFIG,
        OBJ: OBJECTIVE,
        f"{KPIS}/arr.yaml": ARR,
        f"{KPIS}/csat.yaml": CSAT,
    }


def walk(root: Path, answers: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["-C", str(root), "checkin", "--as-of", "2026-10-20", *args], input=answers
    )
    return result.exit_code, result.stderr


def test_walks_through_what_is_due_and_records_the_answers(write_repo: WriteRepo) -> None:
    root = write_repo(files())
    # nps: Enter keeps 60 and confidence 0.7; churn: a typo is asked again; csat: skipped.
    # arr (monthly, 10 days ago) and bo's response time are not due for ana.
    answers = "\n\nsteady\nabc\n7\n0.5\n\n-\n"

    code, err = walk(root, answers, "--owner", "ana")

    assert code == 0, err
    assert (root / OBJ).read_text() == OBJECTIVE.replace(
        NPS_LINE,
        NPS_LINE + '      - {date: 2026-10-20, value: 60, confidence: 0.7, note: "steady"}\n',
    ).replace(
        CHURN_TAIL,
        CHURN_TAIL + "    checkins:\n      - {date: 2026-10-20, value: 7, confidence: 0.5}\n",
    )
    assert (root / KPIS / "csat.yaml").read_text() == CSAT
    assert (root / KPIS / "arr.yaml").read_text() == ARR
    assert "3 due for ana in 2026-q4" in err
    assert (
        "cx-leader/nps: NPS\n  last 60 points on 2026-10-07 · baseline 58 · target 75 points" in err
    )
    assert "cx-leader/churn: Customer churn\n  no check-in yet · baseline 8 · target 3 %" in err
    assert "csat: CSAT" in err and "arr: ARR" not in err and "response" not in err
    assert "the value must be a number, not 'abc'" in err
    assert "recorded 2026-q4/cx-leader/nps 60 → 60 (confidence 0.7)" in err


def test_running_out_of_input_writes_nothing(write_repo: WriteRepo) -> None:
    root = write_repo(files())
    code, err = walk(root, "66\n0.8\nfine\n7\n", "--owner", "ana")
    assert code == 130
    assert "interrupted: nothing written" in err
    assert (root / OBJ).read_text() == OBJECTIVE


def test_due_means_a_full_cadence_since_the_last_checkin(write_repo: WriteRepo) -> None:
    def bo_checked_in(on: str) -> dict[str, str]:
        objective = OBJECTIVE.replace(
            "    target: 4\n", f"    target: 4\n    checkins:\n      - {{date: {on}, value: 20}}\n"
        )
        return {**files(), OBJ: objective}

    root = write_repo(bo_checked_in("2026-10-14"))  # 6 days before: not due yet
    code, err = walk(root, "", "--owner", "bo")
    assert code == 0
    assert "nothing due for bo in 2026-q4" in err
    root = write_repo(bo_checked_in("2026-10-13"))  # 7 days before: due again
    code, err = walk(root, "19\n\n\n", "--owner", "bo")
    assert code == 0, err
    assert "1 due for bo in 2026-q4" in err
    assert "      - {date: 2026-10-20, value: 19}\n" in (root / OBJ).read_text()


def test_unknown_owner_and_no_terminal(write_repo: WriteRepo) -> None:
    root = write_repo(files())
    code, err = walk(root, "", "--owner", "anna")
    assert code == 2 and "no person 'anna' in okrctl.yaml (did you mean 'ana'?)" in err
    code, err = walk(root, "")
    assert code == 2 and "use --owner PERSON" in err


def _spawn(root: Path) -> tuple[int, int]:
    """`okrctl checkin` on a pseudo-terminal, as the git user ana@example.com."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ana Lima",
        "GIT_AUTHOR_EMAIL": "ana@example.com",
        "NO_COLOR": "1",
    }
    return spawn(["-C", str(root), "checkin", "--as-of", "2026-10-20"], env)


def _git_repo(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_terminal_without_ref_asks_and_ctrl_c_writes_nothing(write_repo: WriteRepo) -> None:
    root = _git_repo(write_repo(files()))
    pid, fd = _spawn(root)
    seen = read_until(fd, b"value [60]:")
    assert b"3 due for ana in 2026-q4" in seen  # found from the git identity
    os.write(fd, b"66\n")
    read_until(fd, b"confidence 0-1 [0.7]:")
    wait_reading(pid)  # at the prompt, as a person typing Ctrl-C is
    os.write(fd, b"\x03")  # Ctrl-C
    code, rest = finish(pid, fd)
    assert code == 130
    assert b"interrupted: nothing written" in rest
    assert (root / OBJ).read_text() == OBJECTIVE


def test_terminal_walk_through_records(write_repo: WriteRepo) -> None:
    root = _git_repo(write_repo(files()))
    pid, fd = _spawn(root)
    for prompt, answer in [
        (b"value [60]:", b"62\n"),
        (b"confidence 0-1 [0.7]:", b"\n"),
        (b"note:", b"\n"),
        (b"value:", b"-\n"),
        (b"value [82]:", b"\n"),
        (b"confidence 0-1:", b"\n"),
        (b"note:", b"ok\n"),
    ]:
        read_until(fd, prompt)
        os.write(fd, answer)
    code, rest = finish(pid, fd)
    assert code == 0, rest
    assert (root / OBJ).read_text() == OBJECTIVE.replace(
        NPS_LINE, NPS_LINE + "      - {date: 2026-10-20, value: 62, confidence: 0.7}\n"
    )
    assert (root / KPIS / "csat.yaml").read_text() == CSAT + (
        '  - {date: 2026-10-20, value: 82, note: "ok"}\n'
    )


def test_due_follows_each_key_results_cadence_and_skips_done_milestones(
    write_repo: WriteRepo,
) -> None:
    # bo's response-time KR, last checked in 13 days before: due weekly, not due monthly.
    objective = OBJECTIVE.replace(
        "    target: 4\n", "    target: 4\n    checkins:\n      - {date: 2026-10-07, value: 20}\n"
    )
    root = write_repo({**files(), OBJ: objective})
    assert "1 due for bo in 2026-q4" in walk(root, "19\n\n\n", "--owner", "bo")[1]
    monthly = objective.replace("    target: 4\n", "    target: 4\n    cadence: monthly\n")
    root = write_repo({**files(), OBJ: monthly})
    assert "nothing due for bo in 2026-q4" in walk(root, "", "--owner", "bo")[1]
    # The same, for the cycle's default cadence.
    root = write_repo({**files(), OBJ: objective, CYCLE: BASE_CYCLE + "checkin_cadence: monthly\n"})
    assert "nothing due for bo in 2026-q4" in walk(root, "", "--owner", "bo")[1]
    # A milestone done weeks ago is not due again.
    milestone = objective.replace(
        "    target: 4\n    checkins:\n      - {date: 2026-10-07, value: 20}\n",
        "    target: 4\n    direction: milestone\n    checkins:\n"
        "      - {date: 2026-10-01, value: true}\n",
    )
    root = write_repo({**files(), OBJ: milestone})
    assert "nothing due for bo in 2026-q4" in walk(root, "", "--owner", "bo")[1]


def test_each_answer_is_parsed_once(write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The prompt parses the value to ask again when it does not parse; the check-in takes
    that parsed value instead of parsing the text a second time."""
    from okrctl.edit import plan, scalars

    parsed: list[str] = []
    original = scalars.parse_number

    def counted(text: str, what: str) -> int | float:
        parsed.append(text)
        return original(text, what)

    monkeypatch.setattr(scalars, "parse_number", counted)
    monkeypatch.setattr(plan, "parse_number", counted)
    root = write_repo(files())
    # nps: a typo asked again, then 66 with the last confidence kept; churn: 7 and 0.5.
    code, err = walk(root, "abc\n66\n\n\n7\n0.5\n\n-\n", "--owner", "ana")
    assert code == 0, err
    assert parsed == ["abc", "66", "0.7", "7", "0.5"]  # the bad one, then each answer once
    assert "recorded 2026-q4/cx-leader/nps 60 → 66 (confidence 0.7)" in err
    assert "recorded 2026-q4/cx-leader/churn 8 → 7 (confidence 0.5)" in err
