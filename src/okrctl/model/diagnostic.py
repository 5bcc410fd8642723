"""Diagnostics are data: found in the core, rendered at the edge."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One finding, at a place in a file of the strategy repo.

    `file` is the POSIX path relative to the strategy repo root; `line` and `col` are
    1-based (0 when the finding concerns the file as a whole).
    """

    file: str
    line: int
    col: int
    code: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
