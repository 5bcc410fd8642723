"""The reviewed cycle scored on two days: the review day and the start of its window."""

from __future__ import annotations

import calendar
import datetime as dt

from okrctl.load.repo import StrategyRepo
from okrctl.model.review_kinds import ReviewKind
from okrctl.results.reviews import ReviewHead
from okrctl.results.scores import CycleScore, Status
from okrctl.score.cycle import Scorer
from okrctl.score.metrics import weighted_mean


def month_before(day: dt.date) -> dt.date:
    """The same day one calendar month earlier (the month's last day when it has fewer);
    the first day of the calendar in January of year 1, which has no month before it."""
    if day.year == dt.MINYEAR and day.month == 1:
        return dt.date.min
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cycle_progress(score: CycleScore) -> float | None:
    """A cycle's progress: the mean of its objectives' progress, weighted by their weights."""
    return weighted_mean(
        (o.progress, o.weight) for o in score.objectives() if o.status is not Status.DROPPED
    )


class Views:
    """The cycle scored on `as_of` and on `since`, each from the check-ins up to that day.
    Check-ins themselves (the window's events) are those of `in_window`."""

    def __init__(self, scorer: Scorer, cycle_id: str, kind: ReviewKind, since: dt.date) -> None:
        as_of = scorer.as_of
        self.cycle_id = cycle_id
        # Each scorer leaves out the check-ins after its day (okrctl.model.grading).
        self.repo: StrategyRepo = scorer.repo
        self.now = scorer.cycle(cycle_id)
        self.then = Scorer(self.repo, since).cycle(cycle_id)
        self.since = since
        self.as_of = as_of
        config = scorer.repo.config.model if scorer.repo.config else None
        self.cadence = config.settings.checkin_cadence.value if config else "weekly"
        self.themes = list(config.themes) if config else []
        self.head = ReviewHead(
            kind,
            cycle_id,
            self.now.name,
            self.now.start,
            self.now.end,
            as_of,
            since,
            self.now.expected,
            tuple((p.id.casefold(), p.name) for p in config.people) if config else (),
        )

    def in_window(self, day: dt.date) -> bool:
        return self.since < day <= self.as_of
