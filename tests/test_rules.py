"""Every semantic rule against its fixture: the fail case finds exactly the expected places,
the pass case finds nothing. Fixtures live in tests/rules/<CODE>.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import WriteRepo
from okrctl.api.validate import validate
from okrctl.rules.engine import load_rules

FIXTURES = Path(__file__).parent / "rules"
CHECKED = sorted(code for code, r in load_rules().items() if r.check is not None)


def _files(case: dict[str, Any]) -> dict[str, str]:
    return {
        rel: text if isinstance(text, str) else yaml.safe_dump(text, sort_keys=False)
        for rel, text in case.get("files", {}).items()
    }


def _fixture(code: str) -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / f"{code}.yaml").read_text(encoding="utf-8"))


def test_every_rule_has_a_fixture() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("OKR*.yaml")) == CHECKED


def test_every_rule_is_documented() -> None:
    for code in CHECKED:
        r = load_rules()[code]
        assert r.summary and r.doc and "Bad" in r.doc and "Good" in r.doc, code


@pytest.mark.parametrize("code", CHECKED)
def test_rule_fails_on_bad_case(code: str, write_repo: WriteRepo) -> None:
    fixture = _fixture(code)
    case = fixture["fail"]
    root = write_repo(_files(case))
    today = fixture.get("today", dt.date(2026, 11, 28))
    result = validate(root, today=today)
    found = [d for d in result.diagnostics if d.code == code]
    expected = case["expect"]
    assert [(d.file, d.line, d.col) for d in found] == [tuple(e[:3]) for e in expected]
    for d, e in zip(found, expected, strict=True):
        if len(e) > 3:
            assert e[3] in d.message
    others = [d for d in result.diagnostics if d.code not in (code, *case.get("allow", []))]
    assert others == [], "the fail case must break only its own rule"


@pytest.mark.parametrize("code", CHECKED)
def test_rule_passes_on_good_case(code: str, write_repo: WriteRepo) -> None:
    fixture = _fixture(code)
    case = fixture["pass"]
    root = write_repo(_files(case))
    today = fixture.get("today", dt.date(2026, 11, 28))
    result = validate(root, today=today)
    others = [d for d in result.diagnostics if d.code not in case.get("allow", [])]
    assert others == []
