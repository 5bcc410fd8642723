"""Diagnostics are data: found in the core, rendered at the edge.

Every producer of findings (the parser and schema checks of the loader, the rules, the
change policy of `okrctl diff`, the warnings of `okrctl log`) makes a `Draft`: its code,
message and place as far as the producer knows it. `Draft.diagnostic` (through the severity
policy, `okrctl.model.severity`) turns it into the `Diagnostic` the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

Loc = tuple[str | int, ...]  # a YAML path: mapping keys and list indexes


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


class Positions(Protocol):
    """A file's text that can tell where a YAML path is (`okrctl.load.source.SourceFile`)."""

    @property
    def path(self) -> str: ...

    def position(self, loc: Loc) -> tuple[int, int]: ...

    def value_position(self, loc: Loc) -> tuple[int, int]: ...


@dataclass(frozen=True, slots=True)
class Draft:
    """A finding before it is a `Diagnostic`, the same from every producer.

    Its place is either `line` and `col` (the parser knows them, not the file; 0 for the
    whole file), or `loc` in `positions`, the YAML path of a key (with `at_value`, of its
    value): the line and column are found only for findings that are kept, because that
    composes the file's node tree. `severity` is the code's default; rules leave `code`
    empty, and the engine fills in their registration's (`with_code`).
    """

    code: str
    message: str
    file: str = ""
    line: int = 0
    col: int = 0
    loc: Loc | None = None
    at_value: bool = False
    positions: Positions | None = field(default=None, compare=False, repr=False)
    severity: Severity = Severity.ERROR

    @classmethod
    def at(
        cls,
        source: Positions,
        loc: Loc,
        message: str,
        at_value: bool = False,
        code: str = "",
        severity: Severity = Severity.ERROR,
    ) -> Draft:
        """A finding at the key (or, with `at_value`, the value) `loc` of a file."""
        return cls(
            code,
            message,
            source.path,
            loc=loc,
            at_value=at_value,
            positions=source,
            severity=severity,
        )

    @classmethod
    def value_at(cls, source: Positions, loc: Loc, message: str) -> Draft:
        """A finding at the value `loc` of a file (a wrong value, not a wrong key)."""
        return cls("", message, source.path, loc=loc, at_value=True, positions=source)

    def with_code(self, code: str, severity: Severity) -> Draft:
        return Draft(
            code,
            self.message,
            self.file,
            self.line,
            self.col,
            self.loc,
            self.at_value,
            self.positions,
            severity,
        )

    def diagnostic(self, severity: Severity | None = None, file: str | None = None) -> Diagnostic:
        """The finding with its position (and `severity`, or its default; `file`, or its own)."""
        line, col = self.line, self.col
        if self.loc is not None and self.positions is not None:
            place = self.positions.value_position if self.at_value else self.positions.position
            line, col = place(self.loc)
        return Diagnostic(
            self.file if file is None else file,
            line,
            col,
            self.code,
            severity or self.severity,
            self.message,
        )
