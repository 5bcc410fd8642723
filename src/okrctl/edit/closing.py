"""The minimal text edits of `okrctl cycle close`: one `final_score` line per key result and
objective, `status: closed` in cycle.yaml. Comments, quoting and layout stay as they were.
"""

from __future__ import annotations

import yaml

from okrctl.edit.text import (
    EditError,
    Lines,
    Splice,
    add_keys,
    apply_splices,
    compose,
    get,
    replace_value,
)


def _set(node: yaml.MappingNode, lines: Lines, key: str, text: str, after: str | None) -> Splice:
    """Set `key: text` in a mapping: replace the value where it stands, else add the key
    after the line of `after` (or after the mapping's last entry), at the keys' indentation.
    """
    found = get(node, key)
    if found is not None:
        return replace_value(found[1], lines, text, f"`{key}` holds a list or mapping, not a value")
    anchor = get(node, after) if after else None
    return add_keys(node, lines, [(key, text)], anchor[1] if anchor else None)


def set_final_scores(text: str, objective: str, key_results: list[str]) -> str:
    """The objective file's text with `final_score` on the objective (after `title`) and on
    each key result, in file order (after its `id`).
    """
    lines = Lines(text)
    root = compose(text)
    splices = [_set(root, lines, "final_score", objective, "title")]
    found = get(root, "key_results")
    items = found[1].value if found and isinstance(found[1], yaml.SequenceNode) else []
    if len(items) != len(key_results):
        raise EditError("the key results in the file do not match the loaded ones")
    for item, score in zip(items, key_results, strict=True):
        if not isinstance(item, yaml.MappingNode):
            raise EditError("a key result is not a mapping")
        splices.append(_set(item, lines, "final_score", score, "id"))
    return apply_splices(text, splices)


def set_status(text: str, status: str) -> str:
    """cycle.yaml's text with `status` set (added after the last key when missing)."""
    lines = Lines(text)
    return apply_splices(text, [_set(compose(text), lines, "status", status, None)])
