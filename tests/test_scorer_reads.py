"""The Scorer reads each key result's check-ins once, however many views ask (its objective,
the parents it is aligned to); the latest confidence and the date cut give hand-computed
answers; a roll-up's status follows the closed / not started / pace rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import WriteRepo
from okrctl.load.repo import load_repo
from okrctl.model import Checkin
from okrctl.model.config import ScoringSettings
from okrctl.model.cycle import CycleStatus, Scope
from okrctl.model.grading import checkins_until
from okrctl.results.scores import Status
from okrctl.score import cycle as cycle_module
from okrctl.score.clock import CycleClock
from okrctl.score.cycle import Scorer
from okrctl.score.metrics import latest_confidence

OBJS = "cycles/2026-q4/objectives/"
KR = "  - {{id: {id}, title: {id}, baseline: 0, target: 10, checkins: [{checkins}]}}\n"
CHECKINS = "{date: 2026-10-05, value: 2}, {date: 2026-11-01, value: 4, confidence: 0.6}"


def objective(title: str, kr_ids: Sequence[str], parent: str | None = None) -> str:
    text = f"title: {title}\ntheme: cx\nowner: ana\n"
    text += f"parent: {parent}\n" if parent else ""
    text += "key_results:\n"
    return text + "".join(KR.format(id=k, checkins=CHECKINS) for k in kr_ids)


# 3 (cx-leader, from conftest) + 2 + 1 + 1 = 7 key results; two objectives aligned to
# ceo-grow/visitors, so visitors' children are scored before or after their own objective.
FILES = {
    OBJS + "ceo-grow.yaml": objective("Grow", ["visitors", "iacv"]),
    OBJS + "web.yaml": objective("Web", ["sessions"], "ceo-grow/visitors"),
    OBJS + "seo.yaml": objective("Seo", ["rank"], "ceo-grow/visitors"),
}


def test_each_key_result_is_read_once_per_scorer(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root: Path = write_repo(FILES)
    calls: list[int] = []

    def counted(checkins: Sequence[Checkin] | None, day: dt.date) -> Sequence[Checkin]:
        calls.append(len(checkins or ()))
        return checkins_until(checkins, day)

    monkeypatch.setattr(cycle_module, "checkins_until", counted)
    scorer = Scorer(load_repo(root), dt.date(2026, 11, 2))
    score = scorer.cycle("2026-q4")
    assert len(calls) == 7  # one per key result; the repo has no KPI
    scorer.cycle("2026-q4")  # a second look at the same day reads nothing again
    assert len(calls) == 7
    ceo = next(o for o in score.objectives() if o.id == "ceo-grow")
    # Each of web and seo: 4/10 = 0.4; visitors' aligned mean 0.4.
    assert ceo.key_results[0].children_progress == pytest.approx(0.4)
    assert ceo.key_results[0].confidence == 0.6


def day(n: int) -> dt.date:
    return dt.date(2026, 11, n)


def test_latest_confidence_is_that_of_the_latest_checkin_giving_one() -> None:
    checkins = [
        Checkin(date=day(1), value=1, confidence=0.5),
        Checkin(date=day(3), value=2, confidence=0.7),
        Checkin(date=day(3), value=3, confidence=0.9),  # same day, further down: this one
        Checkin(date=day(4), value=4),  # the latest, but without a confidence
        Checkin(date=day(2), value=5, confidence=0.1),  # out of order: older
    ]
    assert latest_confidence(checkins) == 0.9
    assert latest_confidence([Checkin(date=day(1), value=1)]) is None
    assert latest_confidence(None) is None


def test_the_date_cut_keeps_the_list_when_nothing_is_later() -> None:
    checkins = [Checkin(date=day(1), value=1), Checkin(date=day(5), value=2)]
    assert checkins_until(checkins, day(5)) is checkins
    assert [c.value for c in checkins_until(checkins, day(4))] == [1]
    assert checkins_until(checkins, dt.date(2026, 10, 31)) == []
    assert checkins_until(None, day(1)) == ()


def clock(closed: bool = False, started: bool = True) -> CycleClock:
    state = CycleStatus.CLOSED if closed else CycleStatus.ACTIVE
    return CycleClock("Q4", day(1), day(30), 0.5, started, Scope.COMPANY, None, state, None, closed)


def test_a_roll_up_status_closed_not_started_or_by_pace() -> None:
    s = ScoringSettings()  # green at 0.7 x expected, yellow at 0.4 x expected
    running = [Status.GREEN, Status.NOT_STARTED]
    # Pace 0.5: 0.35 and more is green, 0.2 and more yellow.
    assert clock().rolled_up_status(0.35, None, running, s) is Status.GREEN
    assert clock().rolled_up_status(0.2, None, running, s) is Status.YELLOW
    assert clock().rolled_up_status(0.19, None, running, s) is Status.RED
    waiting = [Status.NOT_STARTED, Status.NOT_STARTED]
    assert clock().rolled_up_status(0.0, None, waiting, s) is Status.NOT_STARTED
    # No parts at all: judged by its progress, not "not started".
    assert clock().rolled_up_status(0.0, None, [], s) is Status.RED
    # Closed: the final score counts against the whole cycle (expected 0.5 here, as given).
    assert clock(closed=True).rolled_up_status(0.0, 0.4, waiting, s) is Status.GREEN
    assert clock(closed=True).rolled_up_status(0.3, None, waiting, s) is Status.YELLOW
    assert clock(started=False).rolled_up_status(1.0, None, running, s) is Status.NOT_STARTED
