"""Apply edits to one file's text and prove the result is exactly the intended change."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from okrctl.edit.checkins import append_checkin, append_item
from okrctl.edit.fields import set_fields, set_owner_fields
from okrctl.edit.scalars import Value, adjustment_flow, checkin_flow, yaml_number, yaml_string
from okrctl.edit.text import EditError
from okrctl.load.document import Loaded, load_document
from okrctl.load.repo import Document
from okrctl.model import Adjustment, Checkin, Diagnostic

M = TypeVar("M", bound=BaseModel)
BOM = "\ufeff"


# Records are NamedTuples: a check-in imports them, and each frozen dataclass execs its
# generated methods at import (~0.5 ms a class on Python 3.11).
class AddCheckin(NamedTuple):
    """Append `checkin` to key result `kr` (None: to the KPI the file is)."""

    kr: str | None
    checkin: Checkin


class UpdateInitiative(NamedTuple):
    """Set fields (status, progress, notes) of initiative `initiative` of key result `kr`."""

    kr: str
    initiative: str
    fields: tuple[tuple[str, str | Value], ...]


class SetField(NamedTuple):
    """Set a scalar field (`target`, `baseline`, `status`) of key result `kr` (None: of the
    objective the file is)."""

    kr: str | None
    field: str
    value: str | Value


class AddAdjustment(NamedTuple):
    """Append an `adjustments` entry to key result `kr` (None: to the objective)."""

    kr: str | None
    adjustment: Adjustment


Op = AddCheckin | UpdateInitiative | SetField | AddAdjustment


class Edited(NamedTuple, Generic[M]):
    """The file before and after: texts (without BOM), the bytes to write, both loads."""

    old_text: str
    new_text: str
    new_data: bytes
    before: Document[M]
    after: Document[M]


def where(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}:{d.col}: {d.code} {d.message}"


def load_valid(rel: str, data: bytes, model: type[M]) -> Loaded[M]:
    """A file that must load: else an error naming its first problem."""
    loaded = load_document(rel, data, model)
    if loaded.model is None or loaded.source is None:
        first = loaded.diagnostics[0] if loaded.diagnostics else None
        detail = where(first) if first else rel
        raise EditError(f"{detail}\n(fix the file first: nothing was written)")
    return loaded


def _field_text(key: str, value: str | Value) -> str:
    if key == "status" and isinstance(value, str) and value.replace("-", "").isalpha():
        return value  # a status is a plain id like `in-progress`, as people write it
    if isinstance(value, str):
        return yaml_string(value)
    return yaml_number(value)


def apply_op(text: str, op: Op) -> str:
    """The text with one edit spliced in."""
    if isinstance(op, AddCheckin):
        return append_checkin(text, op.kr, checkin_flow(op.checkin))
    if isinstance(op, AddAdjustment):
        return append_item(text, op.kr, "adjustments", adjustment_flow(op.adjustment))
    if isinstance(op, SetField):
        return set_owner_fields(text, op.kr, [(op.field, _field_text(op.field, op.value))])
    fields = [(key, _field_text(key, value)) for key, value in op.fields]
    return set_fields(text, op.kr, op.initiative, fields)


def _expected(old: BaseModel, ops: Sequence[Op]) -> dict[str, Any]:
    """The old model's data with the edits made directly on it."""
    data = old.model_dump(mode="json", by_alias=True)
    for op in ops:
        if op.kr is None:
            owner = data
        else:
            owner = next(k for k in data["key_results"] if k["id"] == op.kr)
        if isinstance(op, AddCheckin):
            owner["checkins"] = [*(owner["checkins"] or []), op.checkin.model_dump(mode="json")]
        elif isinstance(op, AddAdjustment):
            entry = op.adjustment.model_dump(mode="json", by_alias=True)
            owner["adjustments"] = [*owner["adjustments"], entry]
        elif isinstance(op, SetField):
            owner[op.field] = op.value
        else:
            initiative = next(i for i in owner["initiatives"] if i["id"] == op.initiative)
            initiative.update(dict(op.fields))
    return data


def _canonical(data: Any) -> str:
    # JSON keeps 66 and 66.0 (and true and 1) apart, which == on Python values does not.
    return json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=False)


def edit_document(
    before: Document[M],
    data: bytes,
    model: type[M],
    ops: Sequence[Op],
    findings: Sequence[Diagnostic] | None = None,
) -> Edited[M]:
    """Splice `ops` into the text of `before` (loaded from `data`, with the parser
    `findings` of that load when the caller kept them), re-load it and check that the model
    changed exactly as the ops say and that no new parser finding appeared.
    Raises `EditError` otherwise.
    """
    rel = before.source.path
    if findings is None:
        findings = load_document(rel, data, model).diagnostics  # again, for its findings
    old_text = before.source.text
    text = old_text
    for op in ops:
        text = apply_op(text, op)
    bom = BOM if data.startswith(BOM.encode()) else ""
    new_data = (bom + text).encode("utf-8")
    after = load_document(rel, new_data, model)
    if after.model is None or after.source is None:
        problem = where(after.diagnostics[0]) if after.diagnostics else "it does not load"
        raise EditError(f"the edit would break {rel} ({problem}); nothing was written")
    found = Counter((d.code, d.message) for d in after.diagnostics)
    found.subtract(Counter((d.code, d.message) for d in findings))
    if +found:
        new = next(d for d in after.diagnostics if found[(d.code, d.message)] > 0)
        raise EditError(f"the edit would add a problem: {where(new)}; nothing was written")
    expected = _expected(before.model, ops)
    if _canonical(after.model.model_dump(mode="json", by_alias=True)) != _canonical(expected):
        raise EditError(
            f"{rel}: the edited file does not read back as the intended change "
            "(an unusual layout?); nothing was written: add it by hand"
        )
    return Edited(old_text, text, new_data, before, Document(before.id, after.source, after.model))
