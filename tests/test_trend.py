"""Trends: weekly progress from check-ins, target changes and the cycle trend from git."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from okrctl.api.trends import cycle_trend, history, kr_series, week_ends
from okrctl.cli.app import app
from okrctl.load.document import load_document
from okrctl.model import Objective
from okrctl.render.trend import progress_sparkline
from test_history_support import objective, start_repo

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
ADJ = [("2026-10-20", "target", 75, 70, "survey vendor changed scale")]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def test_week_ends_count_from_the_cycle_start_and_stop_at_as_of() -> None:
    days = week_ends(dt.date(2026, 10, 1), dt.date(2026, 12, 31), dt.date(2026, 10, 20))
    assert days == [dt.date(2026, 10, 7), dt.date(2026, 10, 14), dt.date(2026, 10, 20)]
    assert week_ends(dt.date(2026, 10, 1), dt.date(2026, 12, 31), dt.date(2026, 9, 1)) == []


def test_week_ends_stop_at_the_last_day_of_the_calendar() -> None:
    end = dt.date(9999, 12, 31)
    days = week_ends(dt.date(9999, 12, 20), end, end)  # 12-26, then 12-31 (no 10000-01-02)
    assert days == [dt.date(9999, 12, 26), end]
    assert week_ends(end, end, end) == [end]


def test_kr_series_uses_the_latest_checkin_of_each_week() -> None:
    text = objective(checkins=[("2026-10-05", 62), ("2026-10-06", 66), ("2026-10-20", 75)])
    obj = load_document("o.yaml", text.encode(), Objective).model
    assert obj is not None
    nps = obj.key_results[0]
    days = [
        dt.date(2026, 10, 4),
        dt.date(2026, 10, 7),
        dt.date(2026, 10, 14),
        dt.date(2026, 10, 21),
    ]
    # Before the first check-in: no data; 66 of 58 → 75 is 8/17; 75 is the target.
    values = [p.progress for p in kr_series(nps, days)]
    assert values[0] is None
    assert round(values[1] or 0, 4) == round(8 / 17, 4) == round(values[2] or 0, 4)
    assert values[3] == 1.0


def test_sparkline_is_on_a_fixed_scale() -> None:
    assert progress_sparkline([0.0, 0.5, 1.0, None, 1.5]) == "▁▅█·█"


def test_target_changes_come_from_git_oldest_first(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit("Adjust", "2026-10-20", files={OBJ: objective(target=70, adjustments=ADJ)})
    g.commit("Silent", "2026-10-27", files={OBJ: objective(target=68, adjustments=ADJ)})
    changes = history(g.path, "cx-leader/nps", dt.date(2026, 10, 28)).targets
    assert [(c.date, c.before, c.after, c.reason) for c in changes] == [
        (dt.date(2026, 10, 20), "75", "70", "survey vendor changed scale"),
        (dt.date(2026, 10, 27), "70", "68", None),
    ]


def test_cycle_trend_replays_every_commit_with_the_target_of_its_time(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit("w1", "2026-10-07", files={OBJ: objective(checkins=[("2026-10-07", 66)])})
    # Same value, lower target: progress rises without a new measurement.
    g.commit(
        "w2",
        "2026-10-14",
        files={OBJ: objective(target=66, checkins=[("2026-10-07", 66)], adjustments=ADJ)},
    )
    trend = cycle_trend(g.path, "2026-q4")
    assert trend.commits == 3
    # One point per week (weeks end on Sunday): 0; (66-58)/(75-58)/2; (66-58)/(66-58)/2.
    assert [p.date for p in trend.points] == [
        dt.date(2026, 10, 4),
        dt.date(2026, 10, 11),
        dt.date(2026, 10, 18),
    ]
    assert [round(p.progress or 0, 4) for p in trend.points] == [0.0, round(4 / 17, 4), 0.5]
    [series] = trend.objectives
    assert series.ref == "2026-q4/cx-leader"


def test_show_history_and_status_trend_commands(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit("w1", "2026-10-07", files={OBJ: objective(checkins=[("2026-10-07", 66)])})
    g.commit(
        "Adjust",
        "2026-10-20",
        files={OBJ: objective(target=70, checkins=[("2026-10-07", 66)], adjustments=ADJ)},
    )
    code, out, err = run(
        "-C", str(g.path), "show", "cx-leader/nps", "--history", "--as-of", "2026-10-20"
    )
    assert code == 0, err
    assert "Weekly progress of 2026-q4/cx-leader/nps" in out
    # Week ends 10-07, 10-14, 10-20, each with the target of that week: 66 of 58 → 75 is
    # 8/17 = 47% in the first two, of 58 → 70 (adjusted on 10-20) 8/12 = 67% in the third.
    assert "nps  ▄▄▆  47% → 67%" in out
    assert 'target 75 → 70  Ana Lima — "survey vendor changed scale"' in out
    code, out, err = run("-C", str(g.path), "status", "--trend", "--as-of", "2026-10-20")
    assert code == 0, err
    assert "Trend of 2026-q4 from git (3 commits, weekly):" in out
    # Weeks of 10-04, 10-11 and 10-25: 0%, 8/17/2 = 24%, 8/12/2 = 33%.
    assert "cycle      ▁▃▃  0% → 33%" in out
