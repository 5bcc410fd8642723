"""The final score `cycle close` records (okrctl.model.grading) is the scorer's progress."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from okrctl.model import Checkin, KeyResult, Objective
from okrctl.model.common import Direction
from okrctl.model.grading import key_result_progress, objective_score, round_score
from okrctl.score import current_value, metric_progress

# Numbers the format accepts: 0, or 1e-9 to 1e15 in magnitude (okrctl.model.common).
numbers = st.one_of(
    st.integers(-1000, 1000),
    st.just(0.0),
    st.floats(1e-9, 1e6),
    st.floats(-1e6, -1e-9),
)


@given(
    direction=st.one_of(st.none(), st.sampled_from(list(Direction))),
    baseline=st.one_of(st.none(), numbers),
    target=st.one_of(st.none(), numbers),
    values=st.lists(st.one_of(numbers, st.booleans()), max_size=3),
)
def test_grading_agrees_with_the_scorer(
    direction: Direction | None,
    baseline: float | None,
    target: float | None,
    values: list[float | bool],
) -> None:
    checkins = [Checkin(date=dt.date(2026, 10, 1 + i), value=v) for i, v in enumerate(values)]
    kr = KeyResult(
        id="k",
        title="K",
        baseline=baseline,
        target=target,
        direction=direction,
        checkins=checkins or None,
    )
    current = current_value(kr.checkins, kr.baseline)
    expected, _ = metric_progress(kr.effective_direction, kr.baseline, kr.target, current)
    assert key_result_progress(kr) == expected


def test_round_score_is_half_up_and_objective_is_weighted() -> None:
    assert round_score(0.705) == 0.71
    assert round_score(0.125) == 0.13
    obj = Objective(
        title="O",
        key_results=[
            KeyResult(
                id="a",
                title="A",
                baseline=0,
                target=3,
                weight=2,
                checkins=[Checkin(date=dt.date(2026, 10, 1), value=2)],
            ),  # 0.67
            KeyResult(id="b", title="B", baseline=0, target=4, final_score=0.5),  # recorded
        ],
    )
    assert objective_score(obj) == round((0.67 * 2 + 0.5) / 3, 2)
