"""A cycle's dates seen from one day: how far it has run, and the status that pace gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from okrctl.load.repo import CycleFiles
from okrctl.model.common import Frequency
from okrctl.model.config import ScoringSettings
from okrctl.model.cycle import CycleStatus, Scope
from okrctl.results.scores import Status
from okrctl.score.metrics import expected_progress, status_for


@dataclass(frozen=True)
class CycleClock:
    """A cycle's dates seen from `as_of`."""

    name: str
    start: dt.date
    end: dt.date
    expected: float
    started: bool
    scope: Scope
    team: str | None
    state: CycleStatus = CycleStatus.ACTIVE  # on `as_of`: explicit, else from the dates
    checkin_cadence: Frequency | None = None  # the cycle's default for its key results
    # Closed by `okrctl cycle close` (`status: closed`): final scores, no pace, no flags. A
    # cycle merely past its end date is still scored as it ran.
    closed: bool = False

    def pace_status(self, progress: float, scoring: ScoringSettings) -> Status:
        """Not started before the cycle starts; else green, yellow or red against the pace."""
        if not self.started:
            return Status.NOT_STARTED
        return status_for(progress, self.expected, scoring.green, scoring.yellow)

    def rolled_up_status(
        self,
        progress: float,
        final: float | None,
        parts: Sequence[Status],
        scoring: ScoringSettings,
    ) -> Status:
        """The status of a roll-up (an objective, a theme) of counted parts: in a closed
        cycle that of its final score (else its progress), not started while it has parts
        and none of them has started, else its pace."""
        if self.closed:
            return self.pace_status(final if final is not None else progress, scoring)
        if parts and all(p is Status.NOT_STARTED for p in parts):
            return Status.NOT_STARTED
        return self.pace_status(progress, scoring)


def cycle_clock(cycle_id: str, files: CycleFiles | None, as_of: dt.date) -> CycleClock:
    """The clock of one cycle on `as_of`."""
    if files is None or files.cycle is None:
        # No readable cycle.yaml (reported as an error): score as if it ends today.
        return CycleClock(cycle_id, as_of, as_of, 1.0, True, Scope.COMPANY, None)
    c = files.cycle.model
    state = c.status_on(as_of)
    started = state is not CycleStatus.PLANNING and as_of >= c.start
    closed = state is CycleStatus.CLOSED
    expected = expected_progress(c.start, c.end, as_of, closed) if started else 0.0
    return CycleClock(
        c.name,
        c.start,
        c.end,
        expected,
        started,
        c.scope,
        c.team,
        state,
        c.checkin_cadence,
        c.status is CycleStatus.CLOSED,
    )
