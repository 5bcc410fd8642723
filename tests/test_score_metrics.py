"""The scoring formulas, one hand-computed case per rule and band."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrctl.model import Checkin
from okrctl.model.common import Direction
from okrctl.results.scores import Status
from okrctl.score import (
    current_value,
    expected_progress,
    is_stale,
    kpi_status,
    metric_progress,
    status_for,
    weighted_mean,
)

D = dt.date


def checkin(day: str, value: float | bool, confidence: float | None = None) -> Checkin:
    return Checkin(date=D.fromisoformat(day), value=value, confidence=confidence)


# -- current value -----------------------------------------------------------------------


def test_current_value_is_the_baseline_without_checkins() -> None:
    assert current_value(None, 58) == 58
    assert current_value([], 58) == 58
    assert current_value([], None) is None


def test_current_value_is_the_latest_by_date_not_by_position() -> None:
    series = [checkin("2026-10-14", 64), checkin("2026-10-07", 61)]
    assert current_value(series, 58) == 64


def test_current_value_on_equal_dates_takes_the_later_line() -> None:
    series = [checkin("2026-10-07", 61), checkin("2026-10-07", 63), checkin("2026-10-01", 99)]
    assert current_value(series, 58) == 63


# -- progress and attainment -------------------------------------------------------------


def test_increase_progress_is_the_fraction_of_the_distance() -> None:
    # NPS 58 -> 75, now 66.5: (66.5 - 58) / (75 - 58) = 8.5 / 17 = 0.5
    assert metric_progress(Direction.INCREASE, 58, 75, 66.5) == (0.5, 0.5)


def test_decrease_progress_counts_the_fall() -> None:
    # response time 24h -> 4h, now 14h: (14 - 24) / (4 - 24) = -10 / -20 = 0.5
    assert metric_progress(Direction.DECREASE, 24, 4, 14) == (0.5, 0.5)
    # churn 8% -> 3%, now 7%: (7 - 8) / (3 - 8) = 0.2
    progress, attainment = metric_progress(Direction.DECREASE, 8, 3, 7)
    assert progress == pytest.approx(0.2) and attainment == pytest.approx(0.2)


def test_overachievement_is_clamped_in_progress_but_shown_in_attainment() -> None:
    # 0 -> 10, now 15: attainment 1.5, progress 1
    assert metric_progress(Direction.INCREASE, 0, 10, 15) == (1.0, 1.5)
    # decrease 8 -> 3, now 1: (1 - 8) / (3 - 8) = 1.4
    progress, attainment = metric_progress(Direction.DECREASE, 8, 3, 1)
    assert progress == 1.0 and attainment == pytest.approx(1.4)


def test_going_backwards_is_zero_progress_and_negative_attainment() -> None:
    # 10 -> 20, now 5: (5 - 10) / 10 = -0.5
    assert metric_progress(Direction.INCREASE, 10, 20, 5) == (0.0, -0.5)
    # decrease 8 -> 3, now 10: (10 - 8) / (3 - 8) = -0.4
    progress, attainment = metric_progress(Direction.DECREASE, 8, 3, 10)
    assert progress == 0.0 and attainment == pytest.approx(-0.4)


def test_no_checkin_means_the_baseline_and_zero_progress() -> None:
    current = current_value(None, 58)
    assert metric_progress(Direction.INCREASE, 58, 75, current) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("direction", "current", "expected"),
    [
        (Direction.AT_LEAST, 90, 1.0),  # inclusive
        (Direction.AT_LEAST, 95, 1.0),
        (Direction.AT_LEAST, 89.9, 0.0),
        (Direction.AT_MOST, 3, 1.0),  # inclusive
        (Direction.AT_MOST, 2, 1.0),
        (Direction.AT_MOST, 3.1, 0.0),
    ],
)
def test_guardrails_are_met_or_not(direction: Direction, current: float, expected: float) -> None:
    target = 90 if direction is Direction.AT_LEAST else 3
    assert metric_progress(direction, None, target, current) == (expected, None)


@pytest.mark.parametrize(
    ("current", "expected"), [(True, 1.0), (1, 1.0), (False, 0.0), (0, 0.0), (None, 0.0)]
)
def test_milestone_is_done_when_true(current: bool | int | None, expected: float) -> None:
    assert metric_progress(Direction.MILESTONE, None, None, current) == (expected, None)


def test_a_metric_missing_its_numbers_scores_zero() -> None:
    assert metric_progress(Direction.INCREASE, None, 75, 60) == (0.0, None)
    assert metric_progress(Direction.INCREASE, 58, None, 60) == (0.0, None)
    assert metric_progress(Direction.AT_LEAST, None, 90, None) == (0.0, None)


def test_target_equal_to_baseline_scores_like_a_guardrail() -> None:
    assert metric_progress(Direction.INCREASE, 90, 90, 90) == (1.0, None)
    assert metric_progress(Direction.INCREASE, 90, 90, 89) == (0.0, None)
    assert metric_progress(Direction.DECREASE, 3, 3, 2) == (1.0, None)


# -- expected progress -------------------------------------------------------------------

START, END = D(2026, 10, 1), D(2026, 12, 31)  # 91 days apart


def test_expected_is_the_elapsed_fraction() -> None:
    assert expected_progress(START, END, D(2026, 11, 15), closed=False) == 45 / 91
    assert expected_progress(START, END, START, closed=False) == 0.0
    assert expected_progress(START, END, END, closed=False) == 1.0


def test_expected_is_clamped_outside_the_cycle() -> None:
    assert expected_progress(START, END, D(2026, 9, 1), closed=False) == 0.0
    assert expected_progress(START, END, D(2027, 2, 1), closed=False) == 1.0


def test_a_closed_cycle_expects_everything() -> None:
    assert expected_progress(START, END, D(2026, 11, 15), closed=True) == 1.0


def test_zero_length_cycle() -> None:
    assert expected_progress(START, START, D(2026, 9, 30), closed=False) == 0.0
    assert expected_progress(START, START, START, closed=False) == 1.0


# -- status bands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("progress", "expected", "status"),
    [
        # end of cycle: the classic 0.7 / 0.4 grading
        (0.7, 1.0, Status.GREEN),
        (0.69, 1.0, Status.YELLOW),
        (0.4, 1.0, Status.YELLOW),
        (0.39, 1.0, Status.RED),
        # half way: green from 0.35, yellow from 0.2
        (0.35, 0.5, Status.GREEN),
        (0.34, 0.5, Status.YELLOW),
        (0.2, 0.5, Status.YELLOW),
        (0.19, 0.5, Status.RED),
        # first day: nothing is expected yet
        (0.0, 0.0, Status.GREEN),
    ],
)
def test_status_bands(progress: float, expected: float, status: Status) -> None:
    assert status_for(progress, expected, 0.7, 0.4) is status


def test_float_rounding_never_drops_a_band() -> None:
    # 1.2 -> 2.2, now 1.9: exactly 0.7 on paper, 0.6999999999999998 in floats
    progress, _ = metric_progress(Direction.INCREASE, 1.2, 2.2, 1.9)
    assert progress < 0.7
    assert status_for(progress, 1.0, 0.7, 0.4) is Status.GREEN


def test_custom_thresholds() -> None:
    assert status_for(0.55, 1.0, 0.6, 0.3) is Status.YELLOW
    assert status_for(0.6, 1.0, 0.6, 0.3) is Status.GREEN


# -- stale -------------------------------------------------------------------------------


def test_stale_after_the_cadence_since_the_latest_checkin() -> None:
    today = D(2026, 11, 20)
    assert not is_stale(D(2026, 11, 13), START, END, today, 7)  # 7 days: still fresh
    assert is_stale(D(2026, 11, 12), START, END, today, 7)  # 8 days
    assert not is_stale(D(2026, 11, 1), START, END, today, 31)  # monthly


def test_stale_without_checkins_counts_from_the_cycle_start() -> None:
    assert not is_stale(None, START, END, D(2026, 10, 8), 7)
    assert is_stale(None, START, END, D(2026, 10, 9), 7)
    assert not is_stale(None, START, END, D(2026, 9, 1), 7)  # not started


def test_stale_in_a_closed_cycle_counts_to_its_end() -> None:
    assert not is_stale(D(2026, 12, 28), START, END, D(2027, 3, 1), 7)
    assert is_stale(D(2026, 12, 20), START, END, D(2027, 3, 1), 7)


# -- KPI status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "status"),
    [(50, Status.GREEN), (55, Status.GREEN), (45, Status.YELLOW), (40, Status.YELLOW),
     (39, Status.RED)],
)  # fmt: skip
def test_kpi_thresholds_rising(current: float, status: Status) -> None:
    assert kpi_status(Direction.INCREASE, 60, current, (50, 40)) is status


@pytest.mark.parametrize(
    ("current", "status"),
    [(2, Status.GREEN), (1, Status.GREEN), (2.5, Status.YELLOW), (3, Status.YELLOW),
     (3.5, Status.RED)],
)  # fmt: skip
def test_kpi_thresholds_falling(current: float, status: Status) -> None:
    assert kpi_status(Direction.DECREASE, 1.5, current, (2, 3)) is status
    assert kpi_status(Direction.AT_MOST, 1.5, current, (2, 3)) is status


def test_kpi_without_thresholds_is_green_when_the_target_is_met() -> None:
    assert kpi_status(Direction.INCREASE, 100, 100, None) is Status.GREEN
    assert kpi_status(Direction.INCREASE, 100, 99, None) is Status.RED
    assert kpi_status(Direction.DECREASE, 3, 3, None) is Status.GREEN
    assert kpi_status(Direction.DECREASE, 3, 4, None) is Status.RED
    assert kpi_status(Direction.INCREASE, 100, None, None) is Status.RED


# -- weighted mean -----------------------------------------------------------------------


def test_weighted_mean_excludes_weight_zero() -> None:
    assert weighted_mean([(1.0, 2), (0.4, 1), (0.0, 0)]) == pytest.approx(2.4 / 3)
    assert weighted_mean([(1.0, 0)]) is None
    assert weighted_mean([]) is None


# -- properties --------------------------------------------------------------------------

numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(
    st.sampled_from(list(Direction)),
    st.one_of(st.none(), numbers),
    st.one_of(st.none(), numbers),
    st.one_of(st.none(), numbers, st.booleans()),
)
def test_progress_stays_between_zero_and_one(
    direction: Direction, baseline: float | None, target: float | None, current: float | None
) -> None:
    progress, _ = metric_progress(direction, baseline, target, current)
    assert 0.0 <= progress <= 1.0


RANK = {Status.RED: 0, Status.YELLOW: 1, Status.GREEN: 2}
unit = st.floats(min_value=0, max_value=1)


@given(unit, unit, unit, st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_status_is_monotone_in_progress(
    a: float, b: float, expected: float, green: float, yellow: float
) -> None:
    green, yellow = max(green, yellow), min(green, yellow)
    low, high = sorted((a, b))
    assert (
        RANK[status_for(low, expected, green, yellow)]
        <= RANK[status_for(high, expected, green, yellow)]
    )


@given(numbers, numbers, numbers)
def test_attainment_is_progress_before_clamping(base: float, target: float, cur: float) -> None:
    progress, attainment = metric_progress(Direction.INCREASE, base, target, cur)
    if attainment is not None:
        assert progress == min(1.0, max(0.0, attainment))
