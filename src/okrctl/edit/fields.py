"""Set scalar fields of an initiative, a key result or the objective in place, changing only
the lines of those fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
    """The text with each `(key, yaml_text)` set on the initiative."""
    return set_node_fields(text, lambda root: initiative_node(root, kr, initiative), fields)


def set_owner_fields(text: str, kr: str | None, fields: Sequence[tuple[str, str]]) -> str:
    """The text with each `(key, yaml_text)` set on key result `kr` (None: the objective,
    where a new key goes before `key_results`, with the objective's own fields)."""
    before = "key_results" if kr is None else None
    return set_node_fields(text, lambda root: owner_node(root, kr), fields, before)


def set_keys(
    node: yaml.MappingNode,
    lines: Lines,
    entries: Sequence[tuple[str, str]],
    after: yaml.Node | None,
    not_a_value: str,
) -> list[Splice]:
    """Each `(key, yaml_text)` set in a mapping: an existing value replaced where it stands,
    the missing keys added together in the given order (two insertions at one place would
    have no defined order) after the entry whose value is `after` (None: after the last).
    `not_a_value` is the error for a key holding a list or mapping (`{key}` names it).
    """
    splices: list[Splice] = []
    missing: list[tuple[str, str]] = []
    for key, new in entries:
        found = get(node, key)
        if found is None:
            missing.append((key, new))
        else:
            splices.append(replace_value(found[1], lines, new, not_a_value.format(key=key)))
    if missing:
        splices.append(add_keys(node, lines, missing, after))
    return splices


def set_node_fields(
    text: str,
    find: Callable[[yaml.MappingNode], yaml.MappingNode],
    fields: Sequence[tuple[str, str]],
    before: str | None = None,
) -> str:
    """The text with each `(key, yaml_text)` set on the mapping `find` picks from the root:
    an existing value is replaced where it stands, a missing key is added as one line after
    the last field (or the field before `before`, when the mapping has that key).
    """
    node = find(compose(text))
    keys = [k.value if isinstance(k, yaml.ScalarNode) else None for k, _ in node.value]
    at = keys.index(before) if before in keys else 0
    after = node.value[at - 1][1] if at > 0 and not node.flow_style else None
    splices = set_keys(node, Lines(text), fields, after, "field '{key}' is not a single value")
    return apply_splices(text, splices)
