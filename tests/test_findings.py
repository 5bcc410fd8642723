"""One finding type: a Draft from any producer becomes the same Diagnostic, placed at a key or
its value, graded by the one severity policy."""

from __future__ import annotations

from okrctl.load.source import SourceFile
from okrctl.load.yamlsafe import parse
from okrctl.model.diagnostic import Diagnostic, Draft, Severity
from okrctl.model.severity import SeverityPolicy

TEXT = "title: Grow\nkey_results:\n  - id: nps\n    target: 75\n"
SOURCE = SourceFile("cycles/q4/objectives/grow.yaml", TEXT)
E, W = Severity.ERROR, Severity.WARNING


def test_a_rule_draft_is_placed_at_its_key_or_its_value() -> None:
    loc = ("key_results", 0, "target")
    at_key = Draft.at(SOURCE, loc, "target is odd", code="OKR207")
    at_value = Draft.at(SOURCE, loc, "target is odd", at_value=True, code="OKR207")
    assert at_key.diagnostic() == Diagnostic(SOURCE.path, 4, 5, "OKR207", E, "target is odd")
    assert at_value.diagnostic() == Diagnostic(SOURCE.path, 4, 13, "OKR207", E, "target is odd")


def test_a_parser_draft_knows_its_line_and_column_and_gets_its_file() -> None:
    _, problems = parse("a: 1\nb: yes\n")
    assert [p.diagnostic(file="x.yaml") for p in problems] == [
        Diagnostic(
            "x.yaml",
            2,
            4,
            "OKR011",
            E,
            "'yes' is a YAML 1.1 boolean: write true/false, or quote it as a string",
        )
    ]


def test_the_policy_grades_drops_and_keeps_loader_codes_errors() -> None:
    policy = SeverityPolicy({"okr207": "warning", "OKR213": "off", "OKR001": "warning"})
    drafts = [
        Draft.at(SOURCE, ("title",), "a", code="OKR207"),
        Draft.at(SOURCE, ("title",), "b", code="OKR213", severity=W),
        Draft("OKR001", "c", SOURCE.path, line=1, col=1),
        Draft("OKR705", "d", SOURCE.path, severity=W),  # a whole-file warning (git log)
    ]
    assert policy.apply(drafts) == [
        Diagnostic(SOURCE.path, 1, 1, "OKR207", W, "a"),
        Diagnostic(SOURCE.path, 1, 1, "OKR001", E, "c"),
        Diagnostic(SOURCE.path, 0, 0, "OKR705", W, "d"),
    ]
    assert policy.turned_off("OKR213") and not policy.turned_off("OKR207")
    # Diagnostics already placed (the loader's) go through the same function.
    assert policy.apply([Diagnostic("f.yaml", 3, 1, "OKR207", E, "x")]) == [
        Diagnostic("f.yaml", 3, 1, "OKR207", W, "x")
    ]
