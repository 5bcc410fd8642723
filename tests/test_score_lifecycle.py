"""A cycle's life as the views score it: quiet starts, per-item cadences, done milestones,
closed cycles with their final scores, and "My OKRs" counting only what it shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import BASE_CONFIG, WriteRepo
from okrctl.cli.app import app

Q4 = "name: Q4 2026\nstart: 2026-10-01\nend: 2026-12-31\n"
OBJ = "cycles/2026-q4/objectives/grow.yaml"


def status(root: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["-C", str(root), "status", "-f", "json", *args], env={"OKRCTL_TODAY": "2027-02-01"}
    )
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def objective(data: dict[str, Any]) -> dict[str, Any]:
    found = [o for t in data["themes"] for o in t["objectives"]]
    assert len(found) == 1
    return found[0]


def krs(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k["id"]: k for k in objective(data)["key_results"]}


def kr(ident: str, extra: str = "") -> str:
    return (
        f"  - id: {ident}\n    title: KR {ident}\n    unit: points\n    baseline: 0\n"
        f"    target: 100\n{extra}"
    )


def repo(write_repo: WriteRepo, body: str, cycle: str = Q4) -> Path:
    text = "title: Grow\ntheme: growth\nowner: ana\nkey_results:\n" + body
    files = {"okrctl.yaml": BASE_CONFIG, "cycles/2026-q4/cycle.yaml": cycle, OBJ: text}
    return write_repo(files, base=False)


def test_nothing_is_red_before_its_first_checkin_is_due(write_repo: WriteRepo) -> None:
    root = repo(write_repo, kr("a") + kr("b"))
    # Day 1: weekly key results are first due on 2026-10-08.
    day1 = status(root, "--as-of", "2026-10-02")
    assert {k["status"] for k in krs(day1).values()} == {"not-started"}
    assert objective(day1)["status"] == "not-started"
    theme = next(t for t in day1["themes"] if t["id"] == "growth")
    assert theme["status"] == "not-started"
    assert day1["summary"]["red"] == 0 and day1["summary"]["not-started"] == 1
    # A week in, with no check-in: 0 progress against 7/91 expected is red.
    week = status(root, "--as-of", "2026-10-08")
    assert {k["status"] for k in krs(week).values()} == {"red"}
    assert objective(week)["status"] == "red"


def test_a_checkin_makes_a_key_result_count_at_once(write_repo: WriteRepo) -> None:
    # a went backwards on day 2 (baseline 0, value 0 of 100): judged at once, red.
    root = repo(
        write_repo, kr("a", "    checkins:\n      - {date: 2026-10-02, value: 0}\n") + kr("b")
    )
    data = status(root, "--as-of", "2026-10-03")
    assert krs(data)["a"]["status"] == "red" and krs(data)["b"]["status"] == "not-started"
    assert objective(data)["status"] == "red"  # one of its key results was due


def test_each_key_result_and_cycle_may_set_its_cadence(write_repo: WriteRepo) -> None:
    body = kr("weekly") + kr("monthly", "    cadence: monthly\n")
    root = repo(write_repo, body)
    data = krs(status(root, "--as-of", "2026-10-20"))  # 19 days in, no check-ins
    assert (data["weekly"]["stale"], data["weekly"]["status"]) == (True, "red")
    assert (data["monthly"]["stale"], data["monthly"]["status"]) == (False, "not-started")
    # A cycle's checkin_cadence is the default of its key results.
    root = repo(write_repo, kr("a"), cycle=Q4 + "checkin_cadence: quarterly\n")
    assert krs(status(root, "--as-of", "2026-12-20"))["a"]["stale"] is False
    assert krs(status(root, "--as-of", "2026-12-20"))["a"]["status"] == "not-started"


def test_a_done_milestone_is_never_stale(write_repo: WriteRepo) -> None:
    done = (
        "  - id: launch\n    title: Launch\n    direction: milestone\n    unit: launch\n"
        "    checkins:\n      - {date: 2026-10-05, value: true}\n"
    )
    pending = done.replace("launch", "sso").replace("value: true", "value: false")
    data = krs(status(repo(write_repo, done + pending), "--as-of", "2026-11-20"))
    assert data["launch"]["stale"] is False and data["launch"]["progress"] == 1
    assert data["sso"]["stale"] is True  # 46 days without a check-in, and not done


CLOSED_KRS = kr(
    "a",
    "    final_score: 0.6\n    checkins:\n      - {date: 2026-12-20, value: 60}\n"
    "    initiatives:\n      - {id: i, title: I, owner: ana, due: 2026-12-01}\n",
) + kr("b", "    final_score: 0.5\n    checkins:\n      - {date: 2026-10-02, value: 50}\n")


def test_a_closed_cycle_shows_final_scores_and_no_pace_or_flags(write_repo: WriteRepo) -> None:
    text = "title: Grow\ntheme: growth\nowner: ana\nfinal_score: 0.55\nkey_results:\n"
    root = write_repo(
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": Q4 + "status: closed\n",
            OBJ: text + CLOSED_KRS,
        },
        base=False,
    )
    data = status(root, "--cycle", "2026-q4", "--as-of", "2027-01-10")
    assert (data["status"], data["closed"]) == ("closed", True)
    a, b = krs(data)["a"], krs(data)["b"]
    assert (a["final_score"], b["final_score"]) == (0.6, 0.5)
    # b's last check-in is 70 days before the end; a's initiative is past due: no flags.
    assert (a["stale"], b["stale"], a["initiatives"][0]["overdue"]) == (False, False, False)
    obj = objective(data)
    assert (obj["final_score"], obj["stale_count"], obj["overdue_count"]) == (0.55, 0, 0)
    # Judged on the final score against the whole cycle: 0.55 >= 0.4 x 1 is yellow, 0.6 too.
    assert (obj["status"], a["status"], b["status"]) == ("yellow", "yellow", "yellow")
    theme = next(t for t in data["themes"] if t["id"] == "growth")
    assert theme["final_score"] == 0.55
    assert data["summary"]["stale"] == 0 and data["summary"]["overdue"] == 0


def test_a_cycle_past_its_end_is_not_closed_until_it_is_closed(write_repo: WriteRepo) -> None:
    root = repo(write_repo, CLOSED_KRS.replace("    final_score: 0.6\n", ""))
    data = status(root, "--cycle", "2026-q4", "--as-of", "2027-01-10")
    assert (data["status"], data["closed"]) == ("closed", False)
    assert krs(data)["a"]["initiatives"][0]["overdue"] is True  # still a loose end


def test_my_okrs_count_only_the_flags_they_show(write_repo: WriteRepo) -> None:
    body = kr("mine", "    owner: bo\n") + kr(
        "theirs", "    initiatives:\n      - {id: i, title: I, owner: ana, due: 2026-10-10}\n"
    )
    root = repo(write_repo, body)
    whole = objective(status(root, "--as-of", "2026-11-20"))
    assert (whole["stale_count"], whole["overdue_count"]) == (2, 1)
    mine = status(root, "--as-of", "2026-11-20", "--owner", "bo")
    obj = objective(mine)
    assert [k["id"] for k in obj["key_results"]] == ["mine"]
    assert (obj["stale_count"], obj["overdue_count"]) == (1, 0)
    assert (mine["summary"]["stale"], mine["summary"]["overdue"]) == (1, 0)


def test_a_closed_cycle_looks_closed_in_every_view_and_format(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    text = "title: Grow\ntheme: growth\nowner: ana\nfinal_score: 0.55\nkey_results:\n"
    root = write_repo(
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": Q4 + "status: closed\n",
            OBJ: text + CLOSED_KRS,
        },
        base=False,
    )

    def run(*args: str) -> str:
        result = CliRunner().invoke(
            app,
            ["-C", str(root), *args, "--cycle", "2026-q4", "--as-of", "2027-01-10"],
            env={"OKRCTL_TODAY": "2027-02-01", "COLUMNS": "80"},
        )
        assert result.exit_code in (0, 1), result.stderr
        return result.stdout

    table = run("status")
    assert "closed: the final scores recorded by `okrctl cycle close`" in table
    assert "expected progress" not in table and "0 stale check-ins · 0 overdue" in table
    # The objective's bar and figure are its final score, 0.55, not its progress.
    assert " 55%" in table
    md = run("status", "-f", "markdown")
    assert "closed: the final scores recorded" in md and "| 55% |" in md
    shown = run("show", "grow/a")
    assert "final score 0.6, recorded when Q4 2026 closed" in " ".join(shown.split())
    exported = run("export", "-f", "csv").splitlines()
    header = exported[0].split(",")
    row = dict(zip(header, exported[1].split(","), strict=True))
    assert (row["cycle_status"], row["final_score"]) == ("closed", "0.6")
    out = tmp_path / "site"
    CliRunner().invoke(
        app,
        [
            "-C",
            str(root),
            "report",
            "--html",
            str(out),
            "--cycle",
            "2026-q4",
            "--as-of",
            "2027-01-10",
        ],
        env={"OKRCTL_TODAY": "2027-02-01"},
    )
    page = (out / "index.html").read_text()
    assert "Closed: the scores shown are the final scores recorded by" in page
