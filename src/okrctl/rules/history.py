"""Codes of the change policy (`okrctl diff --check`) and of `okrctl log`'s warnings.

They judge a change between two revisions, so `okrctl.history.policy` finds them, not the
engine; they are registered here so that `okrctl rules` lists them and `settings.rules`
may name them.
"""

from __future__ import annotations

from okrctl.model import Severity
from okrctl.rules.engine import builtin

W = Severity.WARNING

builtin(
    "OKR701",
    "adjustment-missing",
    "A key result's target or baseline changes in an active cycle only with a new "
    "`adjustments` entry giving the reason.",
)
builtin("OKR702", "closed-cycle-edited", "Nothing changes in a closed cycle.")
builtin(
    "OKR703",
    "history-rewrite",
    "Check-ins are append-only: none is edited, deleted or inserted before the last.",
)
builtin(
    "OKR704",
    "objective-removed",
    "No objective is removed from an active cycle (drop it with a reason instead).",
)
builtin(
    "OKR705",
    "checkin-backdated",
    "A check-in is committed within one check-in period of its date (okrctl log).",
    W,
)
builtin(
    "OKR706",
    "checkin-not-owner",
    "Check-ins are committed by the owner or a contributor (okrctl log).",
    W,
)
