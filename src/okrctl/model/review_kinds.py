"""The three reviews of the WBR/MBR/QBR rhythm, once (no pydantic: the CLI reads it)."""

from __future__ import annotations

from enum import StrEnum


class ReviewKind(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
