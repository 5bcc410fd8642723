"""Codes the loader reports itself (file, YAML and schema checks), and the settings check."""

from __future__ import annotations

from collections.abc import Iterator

from okrctl.model import Severity
from okrctl.model.diagnostic import Draft
from okrctl.model.severity import LOADER_CODES
from okrctl.rules.engine import RULES, RuleContext, builtin, rule

W = Severity.WARNING

builtin(
    "OKR001",
    "yaml-syntax",
    "The file is well-formed YAML using only core-schema tags, nested at most 64 levels.",
)
builtin("OKR002", "duplicate-key", "A mapping never repeats a key.")
builtin(
    "OKR003", "anchor-alias", "No YAML anchors (&a) or aliases (*a): every value is written out."
)
builtin("OKR004", "tab-character", "No tab characters: indent and separate with spaces.")
builtin(
    "OKR005",
    "control-character",
    "No control characters (other than newline and tab), bidi overrides or invisible marks.",
)
builtin("OKR006", "invalid-utf8", "Files are UTF-8.")
builtin("OKR007", "merge-conflict", "No leftover merge-conflict markers.")
builtin("OKR008", "file-too-large", "Files are at most 1 MiB.")
builtin("OKR009", "symlink-escape", "Symbolic links stay inside the strategy repo.")
builtin("OKR010", "not-a-mapping", "The top level of every file is a mapping.")
builtin(
    "OKR011",
    "yaml11-boolean",
    "No YAML 1.1 booleans (yes/no/on/off/y/n) or leading-zero numbers (017): write "
    "true/false or 17, or quote the string.",
)
builtin(
    "OKR012",
    "invalid-id",
    "File and folder names (the ids) are letters, digits and '-', at most 63.",
)
builtin("OKR013", "stray-file", "Files in cycles/ follow the layout; others are ignored.", W)
builtin(
    "OKR015",
    "id-case-collision",
    "No two cycles, or objectives or KPIs of one cycle, have ids that differ only by case.",
)
builtin("OKR101", "unknown-key", "Every key is part of the format (typos get a suggestion).")
builtin("OKR102", "missing-key", "Required keys and files are present.")
builtin("OKR103", "invalid-value", "Every value has the type and range the format requires.")


@rule("OKR020", "unknown-rule-setting", W, "`settings.rules` names only existing rule codes.")
def unknown_rule_setting(ctx: RuleContext) -> Iterator[Draft]:
    """A severity override for a code that does not exist, or that cannot change, is a typo.

    Bad: `settings: {rules: {OKR2O5: off}}`. Good: `settings: {rules: {OKR205: off}}`.
    """
    if ctx.repo.config is None:
        return
    for code in ctx.settings.rules:
        loc = ("settings", "rules", code)
        if code.upper() not in RULES:
            yield Draft.at(ctx.repo.config.source, loc, f"no rule has the code '{code}'")
        elif code.upper() in LOADER_CODES:
            yield Draft.at(
                ctx.repo.config.source, loc, f"{code} is a file or schema check and always an error"
            )
