"""A quarter lived in git, looked back on: `--as-of` and `--rev` give the same answer, at any
later date.

Q4 2026 (2026-10-01 to 2026-12-31, 91 days) has one objective with one key result
`growth/signups` (baseline 0, target 100) and one initiative. Week k (k = 1..12) is a commit on
2026-10-01 + 7(k-1) days recording the check-in 10k on that day. In week 6 (2026-11-05) the
target is adjusted to 80; in week 9 (2026-11-26) the initiative is set done.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from okrctl.cli.app import app
from test_history_support import CONFIG, Q4, GitRepo

OBJ = "cycles/2026-q4/objectives/growth.yaml"
START = dt.date(2026, 10, 1)


def week_day(k: int) -> dt.date:
    return START + dt.timedelta(days=7 * (k - 1))


def objective_text(week: int) -> str:
    target = 80 if week >= 6 else 100
    status = "done" if week >= 9 else "in-progress"
    lines = [
        "title: Grow sign-ups",
        "theme: growth",
        "owner: ana",
        "key_results:",
        "  - id: signups",
        "    title: Weekly sign-ups",
        "    unit: sign-ups",
        "    baseline: 0",
        f"    target: {target}",
        "    initiatives:",
        f"      - {{id: launch, title: Launch campaign, owner: ana, due: 2026-12-15, "
        f"status: {status}}}",
        "    checkins:",
        *[f"      - {{date: {week_day(k)}, value: {10 * k}}}" for k in range(1, week + 1)],
    ]
    if week >= 6:
        lines += [
            "    adjustments:",
            f'      - {{date: {week_day(6)}, field: target, from: 100, to: 80, reason: "budget"}}',
        ]
    return "\n".join(lines) + "\n"


def quarter(path: Path) -> tuple[GitRepo, dict[int, str]]:
    g = GitRepo(path)
    g.commit(
        "Plan Q4",
        "2026-09-28",
        files={"okrctl.yaml": CONFIG, "cycles/2026-q4/cycle.yaml": Q4, OBJ: objective_text(0)},
    )
    shas = {}
    for k in range(1, 13):
        shas[k] = g.commit(f"week {k}", week_day(k).isoformat(), files={OBJ: objective_text(k)})
    return g, shas


def status(g: GitRepo, *args: str, today: str = "2027-01-15") -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app,
        ["-C", str(g.path), "status", "-f", "json", *args],
        env={"OKRCTL_TODAY": today, "GITHUB_ACTIONS": ""},
    )
    return result.exit_code, result.stdout, result.stderr


def key_result(out: str) -> dict[str, Any]:
    data = json.loads(out)
    (theme,) = [t for t in data["themes"] if t["objectives"]]
    (obj,) = theme["objectives"]
    kr: dict[str, Any] = obj["key_results"][0]
    kr["_as_of"] = data["as_of"]
    kr["_expected"] = data["expected"]
    return kr


def test_as_of_scores_each_week_with_the_definitions_of_that_week(tmp_path: Path) -> None:
    g, _ = quarter(tmp_path / "r")
    # Week 3 (2026-10-15): 30 of the target 100 then in force; 14 of 91 days gone.
    code, out, err = status(g, "--as-of", "2026-10-15")
    assert code == 0 and "today's files" not in err  # read from git: no note
    kr = key_result(out)
    assert (kr["current"], kr["target"], kr["progress"]) == (30, 100, 0.3)
    assert kr["_expected"] == round(14 / 91, 4)
    assert kr["initiatives"][0]["status"] == "in-progress"
    # Week 7 (2026-11-12): 70 of the adjusted target 80; the initiative not done yet.
    kr = key_result(status(g, "--as-of", "2026-11-12")[1])
    assert (kr["current"], kr["target"], kr["progress"]) == (70, 80, 0.875)
    assert kr["initiatives"][0]["status"] == "in-progress"
    # Week 10 (2026-12-03): 100 of 80, done; the initiative set done in week 9.
    kr = key_result(status(g, "--as-of", "2026-12-03")[1])
    assert (kr["current"], kr["target"], kr["progress"]) == (100, 80, 1.0)
    assert kr["initiatives"][0]["status"] == "done"


def test_a_day_between_commits_reads_the_last_commit_before_it(tmp_path: Path) -> None:
    g, _ = quarter(tmp_path / "r")
    # 2026-11-04 is the day before week 6's adjustment: the target is still 100.
    kr = key_result(status(g, "--as-of", "2026-11-04")[1])
    assert (kr["current"], kr["target"], kr["progress"]) == (50, 100, 0.5)


def test_rev_and_as_of_agree(tmp_path: Path) -> None:
    g, shas = quarter(tmp_path / "r")
    for week in (3, 7, 10):
        by_date = key_result(status(g, "--as-of", week_day(week).isoformat())[1])
        by_rev = key_result(status(g, "--rev", shas[week])[1])
        assert by_rev == by_date
        assert by_rev["_as_of"] == week_day(week).isoformat()  # the commit's own day


def test_rev_with_as_of_cuts_the_commits_checkins(tmp_path: Path) -> None:
    g, shas = quarter(tmp_path / "r")
    # Week 7's files (target 80) with the check-ins up to week 3 (30).
    kr = key_result(status(g, "--rev", shas[7], "--as-of", "2026-10-15")[1])
    assert (kr["current"], kr["target"], kr["progress"]) == (30, 80, 0.375)


def test_no_history_uses_todays_files_and_says_so(tmp_path: Path) -> None:
    g, _ = quarter(tmp_path / "r")
    code, out, err = status(g, "--as-of", "2026-10-15", "--no-history")
    assert code == 0
    kr = key_result(out)
    # Today's target (80) and initiative (done), with the check-ins up to week 3.
    assert (kr["current"], kr["target"], kr["progress"]) == (30, 80, 0.375)
    assert kr["initiatives"][0]["status"] == "done"
    assert "as of 2026-10-15: today's files (--no-history)" in err


def test_a_fixed_rev_gives_the_same_bytes_a_week_later(tmp_path: Path) -> None:
    g, shas = quarter(tmp_path / "r")
    first = status(g, "--rev", shas[7], today="2027-01-15")
    # A week later, with more history on top of it.
    g.commit("later", "2027-01-20", files={OBJ: objective_text(12).replace("Grow", "Grow more")})
    again = status(g, "--rev", shas[7], today="2027-01-22")
    assert first == again and first[0] == 0
    table = CliRunner().invoke(app, ["-C", str(g.path), "status", "--rev", shas[7]])
    later = CliRunner().invoke(
        app, ["-C", str(g.path), "status", "--rev", shas[7]], env={"OKRCTL_TODAY": "2027-06-01"}
    )
    assert table.stdout == later.stdout and "as of 2026-11-12" in table.stdout


def test_checkins_after_the_day_are_not_findings(tmp_path: Path) -> None:
    g, shas = quarter(tmp_path / "r")
    # The files of week 12 hold check-ins up to 2026-12-17; as of 2026-10-15 they have not
    # happened yet: no OKR402 ("in the future"), exit 0.
    code, _, err = status(g, "--rev", shas[12], "--as-of", "2026-10-15")
    assert code == 0 and "OKR402" not in err


def test_before_the_first_commit_uses_todays_files_and_says_so(tmp_path: Path) -> None:
    g, _ = quarter(tmp_path / "r")
    code, out, err = status(g, "--as-of", "2026-09-20", "--cycle", "2026-q4")
    assert code == 0
    assert "as of 2026-09-20: today's files (no commit on or before 2026-09-20)" in err
    assert json.loads(out)["as_of"] == "2026-09-20"


def test_an_unknown_rev_is_a_usage_error(tmp_path: Path) -> None:
    g, _ = quarter(tmp_path / "r")
    code, _, err = status(g, "--rev", "no-such-branch")
    assert code == 2 and "unknown revision 'no-such-branch'" in err


def test_show_history_scores_each_week_with_the_target_of_that_week(tmp_path: Path) -> None:
    from okrctl.api.trends import history

    g, _ = quarter(tmp_path / "r")
    found = history(g.path, "growth/signups", dt.date(2026, 11, 19))
    points = {p.date: p.progress for p in found.series[0].points}
    # Weeks end on 2026-10-07, -14, ...; the check-in of week k is 10k, dated the week's start.
    assert points[dt.date(2026, 10, 21)] == 0.3  # week 3: 30 of the target 100 then
    assert points[dt.date(2026, 11, 18)] == 0.875  # week 7: 70 of the adjusted 80
    # The same as `status --as-of` says on those days (the one notion of "as of").
    for day in (dt.date(2026, 10, 21), dt.date(2026, 11, 18)):
        kr = key_result(status(g, "--as-of", day.isoformat())[1])
        assert kr["progress"] == points[day]
