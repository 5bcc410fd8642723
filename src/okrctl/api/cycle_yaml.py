"""New files for `okrctl cycle new`: models written as plain, readable block YAML.

Every text written here is loaded again and compared with the model it was made from
(`check_roundtrip`), so a quoting mistake can never reach the disk.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel

from okrctl.edit.scalars import yaml_scalar
from okrctl.load.document import load_document
from okrctl.load.repo import StrategyRepo
from okrctl.model import layout
from okrctl.model.errors import OkrctlError
from okrctl.model.schema import modeline

M = TypeVar("M", bound=BaseModel)
_MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)/[a-z]+\.schema\.json\s*$")


def scalar(value: Any) -> str:
    """One value as YAML text that reads back to exactly it (the one emitter of edit)."""
    if isinstance(value, str | bool | int | float | dt.date):
        return yaml_scalar(value)
    raise TypeError(f"not a scalar: {value!r}")


def _lines(data: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            out += _lines(value, indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{pad}{key}:")
            for item in value:
                first, *rest = _lines(item, indent + 4)
                out.append(f"{pad}  - {first.lstrip()}")
                out += rest
        elif isinstance(value, list):
            out.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]")
        elif value is None:
            continue
        else:
            out.append(f"{pad}{key}: {scalar(value)}")
    return out


def to_yaml(data: dict[str, Any], head: str = "") -> str:
    """A mapping as block YAML, after `head` (the modeline and any comment lines)."""
    return head + "\n".join(_lines(data, 0)) + "\n"


def schema_dir(repo: StrategyRepo, kind: str, rel: str) -> str:
    """The folder of the JSON Schemas as seen from a new file at `rel`: copied from a file of
    the same kind that has a modeline (the layout puts them at the same depth), else
    `<repo>/schemas` (where `okrctl schema --out schemas` writes them).
    """
    for path, source in sorted(repo.sources.items()):
        if _kind_of(path) == kind:
            first = source.text.split("\n", 1)[0]
            found = _MODELINE.match(first)
            if found:
                return found.group(1)
    return "/".join([".."] * rel.count("/") + ["schemas"])


def _kind_of(path: str) -> str | None:
    ref = layout.classify(path)
    return None if ref is None or ref.kind is layout.FileKind.CONFIG else ref.kind.value


def header(repo: StrategyRepo, kind: str, rel: str, comment: str = "") -> str:
    """The modeline (and an optional comment line) that starts a new file."""
    line = modeline(kind, schema_dir(repo, kind, rel))
    return line + (f"# {comment}\n" if comment else "")


def canonical(model: BaseModel) -> str:
    # JSON keeps 66 and 66.0 (and true and 1) apart, which == on Python values does not.
    return json.dumps(model.model_dump(mode="json", by_alias=True), sort_keys=True, allow_nan=False)


def check_roundtrip(rel: str, text: str, intended: M) -> None:
    """Refuse a text that does not load cleanly as exactly `intended`."""
    loaded = load_document(rel, text.encode("utf-8"), type(intended))
    if loaded.diagnostics or loaded.model is None:
        first = loaded.diagnostics[0] if loaded.diagnostics else None
        detail = f"{first.line}:{first.col}: {first.code} {first.message}" if first else ""
        raise OkrctlError(f"{rel}: the new text would not load ({detail}); nothing was written")
    if canonical(loaded.model) != canonical(intended):
        raise OkrctlError(
            f"{rel}: the new text does not read back as intended; nothing was written"
        )
