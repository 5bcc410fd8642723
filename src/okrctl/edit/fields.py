"""Set scalar fields of one initiative in place, changing only the lines of those fields."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from okrctl.edit.checkins import owner_node
from okrctl.edit.text import (
    EditError,
    Lines,
    Splice,
    apply_splices,
    compose,
    content_end,
    end_line,
    get,
    is_empty_null,
    item_with_id,
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
        key_node, value = found
        if isinstance(value, yaml.MappingNode | yaml.SequenceNode):
            raise EditError(f"initiative field '{key}' is not a single value")
        if is_empty_null(value):
            at = lines.index(value.start_mark)  # just after the colon
            splices.append(Splice(at, at, " " + new))
        else:
            start = lines.index(value.start_mark)
            splices.append(Splice(start, content_end(value, lines), new))
    if missing:
        splices.append(_add_keys(node, lines, missing))
    return apply_splices(text, splices)


def _add_keys(node: yaml.MappingNode, lines: Lines, missing: list[tuple[str, str]]) -> Splice:
    if node.flow_style:
        _, last = node.value[-1]
        at = content_end(last, lines)
        return Splice(at, at, "".join(f", {key}: {new}" for key, new in missing))
    indent = " " * node.start_mark.column
    return lines.insert_before_line(
        end_line(node, lines), [f"{indent}{key}: {new}" for key, new in missing]
    )
