"""Output formats of the scoring commands (kept free of heavy imports for the CLI)."""

from __future__ import annotations

from enum import StrEnum


class ViewFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
