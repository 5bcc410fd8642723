"""The committed JSON Schemas match the models and work with third-party validators."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import BASE_CONFIG, BASE_CYCLE, GOOD_OBJECTIVE
from okrctl.model.schema import schema_texts

SCHEMAS = Path(__file__).parent.parent / "schemas"


def test_committed_schemas_match_the_models() -> None:
    generated = schema_texts()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert committed == generated, "schemas/ is stale: run `okrctl schema --out schemas`"


@pytest.mark.parametrize("name", sorted(schema_texts()))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(kind: str, text: str) -> list[str]:
    # JSON Schema sees dates as strings, as an editor's YAML language server does.
    data = yaml.safe_load(text)
    data = json.loads(json.dumps(data, default=str))
    return [e.message for e in _validator(kind).iter_errors(data)]


def test_good_files_pass_a_third_party_validator() -> None:
    assert _errors("okrctl", BASE_CONFIG) == []
    assert _errors("cycle", BASE_CYCLE) == []
    assert _errors("objective", GOOD_OBJECTIVE) == []


def test_schema_catches_what_editors_should_flag() -> None:
    assert any(
        "'theme' is a required property" in e
        for e in _errors("objective", GOOD_OBJECTIVE.replace("theme: cx\n", ""))
    )
    assert any(
        "Additional properties" in e for e in _errors("objective", GOOD_OBJECTIVE + "onwer: ana\n")
    )
    assert _errors("objective", GOOD_OBJECTIVE.replace("confidence: 0.7", "confidence: 7"))
    assert _errors("cycle", BASE_CYCLE.replace("end: 2026-12-31", "end: someday"))
