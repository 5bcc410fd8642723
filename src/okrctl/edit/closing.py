"""The minimal text edits of `okrctl cycle close`: one `final_score` line per key result and
objective, `status: closed` in cycle.yaml. Comments, quoting and layout stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from okrctl.edit.fields import set_keys
from okrctl.edit.text import EditError, Lines, Splice, apply_splices, compose, get

_NOT_A_VALUE = "`{key}` holds a list or mapping, not a value"


def _set_all(
    node: yaml.MappingNode, lines: Lines, entries: list[tuple[str, str]], after: str | None
) -> list[Splice]:
    """Set each `key: text` in a mapping: a value is replaced where it stands, the missing
    keys are added after the line of `after` (or after the mapping's last entry)."""
    anchor = get(node, after) if after else None
    return set_keys(node, lines, entries, anchor[1] if anchor else None, _NOT_A_VALUE)


def set_final_scores(
    text: str, objective: str, key_results: list[str], notes: Sequence[str | None] = ()
) -> str:
    """The objective file's text with `final_score` on the objective (after `title`) and on
    each key result, in file order (after its `id`); a key result with a note (a hand grade,
    already YAML text) also gets `score_note` after its `final_score`.
    """
    lines = Lines(text)
    root = compose(text)
    splices = _set_all(root, lines, [("final_score", objective)], "title")
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
    return apply_splices(text, _set_all(compose(text), lines, [("status", status)], None))
