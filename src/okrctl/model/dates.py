"""Date arithmetic that stays inside the calendar `datetime.date` can hold (years 1 to 9999).

Dates from the command line (`--as-of 0001-01-01`) and from YAML files (a cycle ending
9999-12-31) are the user's to choose; a window or week computed from them must not raise
OverflowError at the ends of the calendar, so it stops at the first or last day instead.
"""

from __future__ import annotations

import datetime as dt
import os

_FIRST, _LAST = dt.date.min.toordinal(), dt.date.max.toordinal()


def shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days` (negative: earlier), clamped to date.min .. date.max."""
    return dt.date.fromordinal(min(max(day.toordinal() + days, _FIRST), _LAST))


def today() -> dt.date:
    """The day okrctl takes as today: `OKRCTL_TODAY` (YYYY-MM-DD) when set, for reproducible
    runs (and tests of a quarter), else the system's date."""
    fixed = os.environ.get("OKRCTL_TODAY", "").strip()
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            pass  # a malformed setting is ignored, as an unset one
    return dt.date.today()
