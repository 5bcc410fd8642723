"""JSON Schemas (draft 2020-12) of every file kind, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from okrctl.model.config import StrategyConfig
from okrctl.model.cycle import Cycle
from okrctl.model.kpi import Kpi
from okrctl.model.objective import Objective

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "okrctl": StrategyConfig,
    "cycle": Cycle,
    "objective": Objective,
    "kpi": Kpi,
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(name: str) -> dict[str, Any]:
    model = SCHEMA_MODELS[name]
    body = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, "$id": f"{name}.schema.json", **body}


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, stable byte for byte so drift shows in git."""
    return {
        f"{name}.schema.json": json.dumps(
            schema_of(name), indent=2, ensure_ascii=False, allow_nan=False
        )
        + "\n"
        for name in SCHEMA_MODELS
    }


def modeline(kind: str, relative_schema_dir: str) -> str:
    """The first line of a file okrctl writes: editors validate against the schema."""
    return f"# yaml-language-server: $schema={relative_schema_dir}/{kind}.schema.json\n"
