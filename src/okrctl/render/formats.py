"""The output formats, defined once; each command allows its own subset of them.

Kept free of heavy imports (no pydantic): the CLI imports it at start-up.
"""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    GITHUB = "github"
    CSV = "csv"
    SLACK = "slack"


# Spellings older releases took, still accepted on the command line (scripts use them).
OLD_SPELLINGS = {"table": OutputFormat.TEXT}
