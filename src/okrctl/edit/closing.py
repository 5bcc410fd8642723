"""The minimal text edits of `okrctl cycle close`: one `final_score` line per key result and
objective, `status: closed` in cycle.yaml. Comments, quoting and layout stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    return _set_all(node, lines, [(key, text)], after)[0]


def _set_all(
    node: yaml.MappingNode, lines: Lines, entries: list[tuple[str, str]], after: str | None
) -> list[Splice]:
    """`_set` of several keys: the missing ones are added together, in the given order (two
    insertions at one place would have no defined order)."""
    splices: list[Splice] = []
    missing: list[tuple[str, str]] = []
    for key, text in entries:
        found = get(node, key)
        if found is None:
            missing.append((key, text))
        else:
            error = f"`{key}` holds a list or mapping, not a value"
            splices.append(replace_value(found[1], lines, text, error))
    if missing:
        anchor = get(node, after) if after else None
        splices.append(add_keys(node, lines, missing, anchor[1] if anchor else None))
    return splices


def set_final_scores(
    text: str, objective: str, key_results: list[str], notes: Sequence[str | None] = ()
) -> str:
    """The objective file's text with `final_score` on the objective (after `title`) and on
    each key result, in file order (after its `id`); a key result with a note (a hand grade,
    already YAML text) also gets `score_note` after its `final_score`.
    """
    lines = Lines(text)
    root = compose(text)
    splices = [_set(root, lines, "final_score", objective, "title")]
    found = get(root, "key_results")
    items = found[1].value if found and isinstance(found[1], yaml.SequenceNode) else []
    if len(items) != len(key_results):
        raise EditError("the key results in the file do not match the loaded ones")
    padded = list(notes) + [None] * (len(key_results) - len(notes))
    for item, score, note in zip(items, key_results, padded, strict=True):
        if not isinstance(item, yaml.MappingNode):
            raise EditError("a key result is not a mapping")
        entries = [("final_score", score)] + ([("score_note", note)] if note is not None else [])
        splices.extend(_set_all(item, lines, entries, "id"))
    return apply_splices(text, splices)


def set_status(text: str, status: str) -> str:
    """cycle.yaml's text with `status` set (added after the last key when missing)."""
    lines = Lines(text)
    return apply_splices(text, [_set(compose(text), lines, "status", status, None)])
