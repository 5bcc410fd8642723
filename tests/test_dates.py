"""Date arithmetic clamped to the calendar datetime.date holds."""

from __future__ import annotations

import datetime as dt

from okrctl.model.dates import shift


def test_shift_moves_by_days() -> None:
    assert shift(dt.date(2026, 12, 28), 7) == dt.date(2027, 1, 4)
    assert shift(dt.date(2024, 3, 1), -1) == dt.date(2024, 2, 29)


def test_shift_stops_at_the_ends_of_the_calendar() -> None:
    assert shift(dt.date(1, 1, 3), -7) == dt.date(1, 1, 1)
    assert shift(dt.date(9999, 12, 30), 7) == dt.date(9999, 12, 31)
    assert shift(dt.date(9999, 12, 24), 7) == dt.date(9999, 12, 31)  # exactly the last day
