"""Set scalar fields of one initiative in place, changing only the lines of those fields."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from okrctl.edit.checkins import owner_node
from okrctl.edit.text import (
    EditError,
    Lines,
    Splice,
    add_keys,
    apply_splices,
    compose,
    get,
    item_with_id,
    replace_value,
)


def initiative_node(root: yaml.MappingNode, kr: str, initiative: str) -> yaml.MappingNode:
    found = get(owner_node(root, kr), "initiatives")
    if found is None:
        raise EditError(f"key result '{kr}' has no initiatives")
    return item_with_id(found[1], initiative)


def set_fields(text: str, kr: str, initiative: str, fields: Sequence[tuple[str, str]]) -> str:
    """The text with each `(key, yaml_text)` set on the initiative: an existing value is
    replaced where it stands, a missing key is added as one line after the last field.
    """
    lines = Lines(text)
    node = initiative_node(compose(text), kr, initiative)
    splices: list[Splice] = []
    missing: list[tuple[str, str]] = []
    for key, new in fields:
        found = get(node, key)
        if found is None:
            missing.append((key, new))
            continue
        error = f"initiative field '{key}' is not a single value"
        splices.append(replace_value(found[1], lines, new, error))
    if missing:
        splices.append(add_keys(node, lines, missing))
    return apply_splices(text, splices)
