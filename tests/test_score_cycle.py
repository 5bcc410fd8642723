"""score_cycle and active_cycle on small repos written to disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okrctl.load.repo import load_repo
from okrctl.results.scores import CycleScore, Status
from okrctl.score import active_cycle, score_cycle
from test_status_support import Q4, kr, make_repo, objective

AS_OF = dt.date(2026, 11, 15)  # 45 of 91 days: expected 45/91 = 0.4945


def scored(root: Path, cycle: str = "2026-q4", as_of: dt.date = AS_OF) -> CycleScore:
    return score_cycle(load_repo(root), cycle, as_of)


def test_objective_progress_is_the_weighted_mean_and_weight_zero_excludes(
    tmp_path: Path,
) -> None:
    krs = [
        kr("a", 0, 100, [("2026-11-10", 80)], weight=2),  # 0.8
        kr("b", 0, 10, [("2026-11-10", 2)]),  # 0.2
        kr("c", 0, 10, [("2026-11-10", 0)], weight=0),  # excluded
    ]
    make_repo(tmp_path, objectives={"2026-q4": {"grow": objective("Grow", krs)}})
    score = scored(tmp_path)
    obj = score.objective("grow")
    assert obj is not None
    # (2 x 0.8 + 1 x 0.2) / 3 = 0.6
    assert obj.progress == pytest.approx(0.6)
    # expected 45/91 = 0.4945: green from 0.7 x 0.4945 = 0.346
    assert score.expected == pytest.approx(45 / 91)
    assert obj.status is Status.GREEN
    assert [k.status for k in obj.key_results] == [Status.GREEN, Status.YELLOW, Status.RED]
    assert obj.key_results[2].weight == 0


def test_theme_progress_is_weighted_by_objective_weight(tmp_path: Path) -> None:
    objs = {
        "one": objective("One", [kr("a", 0, 10, [("2026-11-10", 9)])], weight=3),  # 0.9
        "two": objective("Two", [kr("a", 0, 10, [("2026-11-10", 1)])]),  # 0.1
        "cx": objective("Cx", [kr("a", 0, 10, [("2026-11-10", 5)])], theme="customer"),
    }
    make_repo(tmp_path, objectives={"2026-q4": objs})
    themes = {t.id: t for t in scored(tmp_path).themes}
    # (3 x 0.9 + 0.1) / 4 = 0.7
    assert themes["growth"].progress == pytest.approx(0.7)
    assert themes["growth"].status is Status.GREEN
    assert themes["customer"].progress == pytest.approx(0.5)
    assert [o.id for o in themes["growth"].objectives] == ["one", "two"]


def test_theme_without_objectives_has_no_progress(tmp_path: Path) -> None:
    make_repo(tmp_path, objectives={"2026-q4": {"g": objective("G", [kr("a")])}})
    themes = {t.id: t for t in scored(tmp_path).themes}
    assert themes["customer"].progress is None and themes["customer"].status is None


def test_unknown_and_missing_themes_get_their_own_groups(tmp_path: Path) -> None:
    no_theme = {"title": "Orphan", "owner": "ana", "key_results": [kr("a")]}
    objs = {"odd": objective("Odd", [kr("a")], theme="growht"), "orphan": no_theme}
    make_repo(tmp_path, objectives={"2026-q4": objs})
    ids = [t.id for t in scored(tmp_path).themes]
    assert ids == ["growth", "customer", "growht", "(no theme)"]


def test_decrease_key_result_and_overachievement_in_a_cycle(tmp_path: Path) -> None:
    krs = [
        kr("churn", 8, 3, [("2026-10-15", 7), ("2026-11-12", 5)]),  # (5-8)/(3-8) = 0.6
        kr("deals", 2, 10, [("2026-11-12", 14)]),  # attainment 12/8 = 1.5
    ]
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}})
    obj = scored(tmp_path).objective("o")
    assert obj is not None
    churn, deals = obj.key_results
    assert churn.direction == "decrease" and churn.current == 5
    assert churn.progress == pytest.approx(0.6)
    assert deals.progress == 1.0 and deals.attainment == pytest.approx(1.5)
    assert obj.progress == pytest.approx(0.8)


def test_closed_cycle_is_graded_07_04(tmp_path: Path) -> None:
    krs = [kr("a", 0, 10, [("2026-11-10", 6)])]  # 0.6: yellow at the end
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}})
    score = scored(tmp_path, as_of=dt.date(2027, 1, 20))
    assert score.expected == 1.0
    obj = score.objective("o")
    assert obj is not None and obj.status is Status.YELLOW
    # The same KR mid-cycle is green: 0.6 >= 0.7 x 45/91.
    mid = scored(tmp_path).objective("o")
    assert mid is not None and mid.status is Status.GREEN


def test_checkins_after_as_of_do_not_count(tmp_path: Path) -> None:
    krs = [kr("a", 0, 10, [("2026-11-01", 2), ("2026-11-20", 9)])]
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}})
    before = scored(tmp_path).objective("o")  # AS_OF is 2026-11-15
    assert before is not None
    assert before.key_results[0].current == 2
    assert before.key_results[0].last_checkin == dt.date(2026, 11, 1)
    assert before.key_results[0].stale  # 14 days without a check-in, as of 2026-11-15
    after = scored(tmp_path, as_of=dt.date(2026, 11, 21)).objective("o")
    assert after is not None and after.key_results[0].current == 9


def test_explicitly_closed_cycle_expects_everything_early(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        cycles={"2026-q4": {**Q4, "status": "closed"}},
        objectives={"2026-q4": {"o": objective("O", [kr("a", 0, 10, [("2026-11-01", 5)])])}},
    )
    score = scored(tmp_path)
    assert score.expected == 1.0
    obj = score.objective("o")
    assert obj is not None and obj.status is Status.YELLOW


def test_cycle_not_started(tmp_path: Path) -> None:
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", [kr("a")])}})
    score = scored(tmp_path, as_of=dt.date(2026, 9, 20))
    assert score.expected == 0.0 and not score.started
    obj = score.objective("o")
    assert obj is not None
    assert obj.status is Status.NOT_STARTED
    assert obj.key_results[0].status is Status.NOT_STARTED
    assert obj.key_results[0].stale is False
    assert score.themes[0].status is Status.NOT_STARTED


def test_planning_status_is_not_started_even_within_dates(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        cycles={"2026-q4": {**Q4, "status": "planning"}},
        objectives={"2026-q4": {"o": objective("O", [kr("a")])}},
    )
    obj = scored(tmp_path).objective("o")
    assert obj is not None and obj.status is Status.NOT_STARTED


def test_zero_length_cycle_expects_everything_on_its_day(tmp_path: Path) -> None:
    day = {"name": "Offsite", "start": "2026-11-15", "end": "2026-11-15"}
    make_repo(
        tmp_path,
        cycles={"offsite": day},
        objectives={"offsite": {"o": objective("O", [kr("a", 0, 10, [("2026-11-15", 5)])])}},
    )
    score = scored(tmp_path, "offsite")
    assert score.expected == 1.0
    obj = score.objective("o")
    assert obj is not None and obj.status is Status.YELLOW


def test_missing_checkins_use_the_baseline_and_are_stale(tmp_path: Path) -> None:
    krs = [kr("quiet", 40, 80), kr("fresh", 0, 10, [("2026-11-10", 5)])]
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}})
    obj = scored(tmp_path).objective("o")
    assert obj is not None
    quiet, fresh = obj.key_results
    assert quiet.current == 40 and quiet.progress == 0.0 and quiet.last_checkin is None
    assert quiet.stale and not fresh.stale
    assert obj.stale_count == 1


def test_stale_uses_the_configured_cadence(tmp_path: Path) -> None:
    from test_status_support import DEFAULT_CONFIG

    config = {**DEFAULT_CONFIG, "settings": {"checkin_cadence": "monthly"}}
    krs = [kr("a", 0, 10, [("2026-10-20", 5)])]  # 26 days before AS_OF
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}}, config=config)
    obj = scored(tmp_path).objective("o")
    assert obj is not None and not obj.key_results[0].stale
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}})
    obj = scored(tmp_path).objective("o")
    assert obj is not None and obj.key_results[0].stale  # weekly by default


def test_configured_bands(tmp_path: Path) -> None:
    from test_status_support import DEFAULT_CONFIG

    config = {**DEFAULT_CONFIG, "settings": {"scoring": {"green": 0.9, "yellow": 0.5}}}
    krs = [kr("a", 0, 10, [("2026-12-30", 8)])]
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}}, config=config)
    obj = scored(tmp_path, as_of=dt.date(2026, 12, 31)).objective("o")
    assert obj is not None and obj.status is Status.YELLOW  # 0.8 < 0.9


def test_overdue_initiatives(tmp_path: Path) -> None:
    def ini(ident: str, due: str, status: str) -> dict[str, str]:
        return {"id": ident, "title": ident, "owner": "ana", "due": due, "status": status}

    initiatives = [
        ini("late", "2026-11-01", "in-progress"),
        ini("blocked", "2026-11-14", "blocked"),
        ini("done", "2026-11-01", "done"),
        ini("dropped", "2026-11-01", "dropped"),
        ini("today", "2026-11-15", "planned"),  # due today: not yet overdue
    ]
    krs = [kr("a", 0, 10, [("2026-11-10", 5)], initiatives=initiatives)]
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}})
    obj = scored(tmp_path).objective("o")
    assert obj is not None
    overdue = {i.id: i.overdue for i in obj.key_results[0].initiatives}
    assert overdue == {
        "late": True, "blocked": True, "done": False, "dropped": False, "today": False
    }  # fmt: skip
    assert obj.overdue_count == 2


def test_confidence_is_the_latest_given(tmp_path: Path) -> None:
    checkins = [
        {"date": "2026-10-07", "value": 1, "confidence": 0.9},
        {"date": "2026-10-14", "value": 2, "confidence": 0.6},
        {"date": "2026-10-21", "value": 3},
    ]
    krs = [{**kr("a", 0, 10), "checkins": checkins}]
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", krs)}})
    obj = scored(tmp_path).objective("o")
    assert obj is not None
    assert obj.key_results[0].confidence == 0.6
    assert obj.key_results[0].last_checkin == dt.date(2026, 10, 21)


def test_milestone_key_result(tmp_path: Path) -> None:
    done = {"id": "ship", "title": "Ship", "direction": "milestone",
            "checkins": [{"date": "2026-11-01", "value": True}]}  # fmt: skip
    todo = {"id": "plan", "title": "Plan", "direction": "milestone"}
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", [done, todo])}})
    obj = scored(tmp_path).objective("o")
    assert obj is not None
    assert [k.progress for k in obj.key_results] == [1.0, 0.0]
    assert obj.progress == 0.5


def test_objective_without_key_results_has_zero_progress(tmp_path: Path) -> None:
    make_repo(tmp_path, objectives={"2026-q4": {"o": objective("O", [])}})
    obj = scored(tmp_path).objective("o")
    assert obj is not None and obj.progress == 0.0 and obj.status is Status.RED


def test_children_progress_rolls_up_across_cycles(tmp_path: Path) -> None:
    year = {"name": "2026", "start": "2026-01-01", "end": "2026-12-31"}
    make_repo(
        tmp_path,
        cycles={"2026": year, "2026-q4": {**Q4, "parent": "2026"}},
        objectives={
            "2026": {"win": objective("Win", [kr("a", 0, 10, [("2026-11-01", 1)])])},
            "2026-q4": {
                "x": objective("X", [kr("a", 0, 10, [("2026-11-10", 4)])], parent="2026/win"),
                "y": objective("Y", [kr("a", 0, 10, [("2026-11-10", 8)])], parent="2026/win"),
                "z": objective("Z", [kr("a", 0, 10, [("2026-11-10", 8)])], parent="x"),
            },
        },
    )
    repo = load_repo(tmp_path)
    win = score_cycle(repo, "2026", AS_OF).objective("win")
    assert win is not None
    assert win.progress == pytest.approx(0.1)
    assert win.children_progress == pytest.approx(0.6)  # mean of 0.4 and 0.8
    assert win.children == ("2026-q4/x", "2026-q4/y")
    q4 = score_cycle(repo, "2026-q4", AS_OF)
    x, z = q4.objective("x"), q4.objective("z")
    assert x is not None and x.children_progress == pytest.approx(0.8)
    assert z is not None and z.children_progress is None


def test_level_and_team_defaults(tmp_path: Path) -> None:
    team_cycle = {**Q4, "scope": "team", "team": "platform"}
    make_repo(
        tmp_path,
        cycles={"2026-q4": Q4, "platform-q4": team_cycle},
        objectives={
            "2026-q4": {
                "c": objective("C", [kr("a")], owner="dee"),
                "i": objective("I", [kr("a")], owner="bo", level="individual"),
            },
            "platform-q4": {"p": objective("P", [kr("a")], owner="cy")},
        },
    )
    repo = load_repo(tmp_path)
    q4 = score_cycle(repo, "2026-q4", AS_OF)
    c, i = q4.objective("c"), q4.objective("i")
    assert c is not None and (c.level, c.team) == ("company", "exec")  # owner's team
    assert i is not None and (i.level, i.team) == ("individual", "support")
    p = score_cycle(repo, "platform-q4", AS_OF).objective("p")
    assert p is not None and (p.level, p.team) == ("team", "platform")


def test_kpis_of_the_cycle(tmp_path: Path) -> None:
    kpis = {
        "nps": {"title": "NPS", "perspective": "customer", "owner": "bo", "unit": "points",
                "baseline": 40, "target": 60, "frequency": "monthly",
                "thresholds": {"green": 55, "yellow": 45},
                "checkins": [{"date": "2026-10-31", "value": 50}]},
        "churn": {"title": "Churn", "perspective": "customer", "owner": "bo", "unit": "%",
                  "baseline": 8, "target": 3, "frequency": "weekly",
                  "checkins": [{"date": "2026-11-01", "value": 3}]},
    }  # fmt: skip
    make_repo(tmp_path, kpis={"2026-q4": kpis})
    score = scored(tmp_path)
    by_id = {k.id: k for k in score.kpis}
    assert by_id["nps"].status is Status.YELLOW and not by_id["nps"].stale  # 15 days, monthly
    assert by_id["churn"].direction == "decrease"  # inferred from 8 -> 3
    assert by_id["churn"].status is Status.GREEN and by_id["churn"].stale  # 14 days, weekly


def test_active_cycle_prefers_the_shortest_span(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        cycles={
            "2026": {"name": "2026", "start": "2026-01-01", "end": "2026-12-31"},
            "2026-q3": {"name": "Q3", "start": "2026-07-01", "end": "2026-09-30"},
            "2026-q4": Q4,
            "sales-q4": {**Q4, "start": "2026-11-01", "scope": "team", "team": "sales"},
        },
    )
    repo = load_repo(tmp_path)
    assert active_cycle(repo, AS_OF) == "2026-q4"
    assert active_cycle(repo, dt.date(2026, 8, 1)) == "2026-q3"
    assert active_cycle(repo, dt.date(2026, 3, 1)) == "2026"
    assert active_cycle(repo, dt.date(2027, 3, 1)) is None


def test_active_cycle_skips_a_closed_one(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        cycles={
            "2026": {"name": "2026", "start": "2026-01-01", "end": "2026-12-31"},
            "2026-q4": {**Q4, "status": "closed"},
        },
    )
    assert active_cycle(load_repo(tmp_path), AS_OF) == "2026"


def test_unknown_cycle_raises_key_error(tmp_path: Path) -> None:
    make_repo(tmp_path)
    with pytest.raises(KeyError):
        scored(tmp_path, "nope")
