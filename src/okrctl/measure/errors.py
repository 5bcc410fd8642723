"""Why one item could not be measured: a stable code and a one-line reason."""

from __future__ import annotations

FAILED = "OKR810"  # connection refused, query error, HTTP status, unreadable response
NO_VALUE = "OKR811"  # no row, several rows, NULL, nothing selected
NOT_A_NUMBER = "OKR812"  # text, NaN, infinity
OUT_OF_BOUNDS = "OKR813"
TIMEOUT = "OKR814"
NOT_RECORDED = "OKR815"  # measured, but the check-in would not be a valid edit


class MeasureFailure(Exception):
    """One item's measurement failed; the message never holds a secret (see secrets.redact)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
