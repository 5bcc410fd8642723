"""The one severity policy: a finding's default severity, as `settings.rules` changes it.

Every producer of findings (the loader, the rules, the change policy of `okrctl diff`, the
warnings of `okrctl log`, the check-in's re-check) creates them with the code's default
severity and passes them through `SeverityPolicy.apply`; nothing else reads `settings.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from okrctl.model.diagnostic import Diagnostic, Draft, Severity

# Codes the loader reports when a file cannot be read, parsed or validated: such a file has
# no model, so its finding stays an error whatever the settings say (OKR013, a warning about
# ignored files, is the loader's one configurable code).
LOADER_CODES = frozenset({f"OKR{n:03d}" for n in range(1, 13)} | {"OKR101", "OKR102", "OKR103"})


class SeverityPolicy:
    """Severity overrides per rule code from `settings.rules` (`error|warning|off`)."""

    def __init__(self, rules: Mapping[str, str] | None = None) -> None:
        self._overrides: dict[str, Severity | None] = {}
        for code, setting in (rules or {}).items():
            key = code.upper()
            if key not in LOADER_CODES:
                self._overrides[key] = None if setting == "off" else Severity(setting)

    def turned_off(self, code: str) -> bool:
        """Whether `settings.rules` turns the rule `code` off (its check need not run)."""
        return code in self._overrides and self._overrides[code] is None

    def apply(self, findings: Iterable[Draft | Diagnostic]) -> list[Diagnostic]:
        """The findings as diagnostics with their configured severity; those of rules turned
        off dropped (before a draft's position is looked up)."""
        out = []
        for d in findings:
            severity = self._overrides.get(d.code, d.severity)
            if severity is None:
                continue
            if isinstance(d, Draft):
                out.append(d.diagnostic(severity))
            elif severity is not d.severity:
                out.append(Diagnostic(d.file, d.line, d.col, d.code, severity, d.message))
            else:
                out.append(d)
        return out
