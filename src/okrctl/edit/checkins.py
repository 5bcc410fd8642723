"""Append one item to a list of a key result, objective or KPI (`checkins`,
`adjustments`), as a text splice."""

from __future__ import annotations

import yaml

from okrctl.edit.text import (
    EditError,
    Lines,
    Splice,
    apply_splices,
    compose,
    end_line,
    get,
    is_empty_null,
    is_null,
    item_prefix,
    item_with_id,
    list_style,
)


def owner_node(root: yaml.MappingNode, kr: str | None) -> yaml.MappingNode:
    """The mapping holding the list: a key result by id, or the whole file (a KPI or the
    objective itself)."""
    if kr is None:
        return root
    found = get(root, "key_results")
    if found is None:
        raise EditError("the file has no key_results")
    return item_with_id(found[1], kr)


def append_checkin(text: str, kr: str | None, item: str) -> str:
    """The text with `item` (a one-line flow mapping) appended to the `checkins` list."""
    return append_item(text, kr, "checkins", item)


def append_item(text: str, kr: str | None, name: str, item: str) -> str:
    """The text with `item` (a one-line flow mapping) appended to the list `name`.

    A block list gets one new line at its items' indentation. A missing, empty or null
    list becomes a block list of one item (`[]` included: from then on each item adds
    exactly one line). A non-empty flow list stays a flow list: the item goes inside it.
    """
    lines = Lines(text)
    root = compose(text)
    owner = owner_node(root, kr)
    found = get(owner, name)
    if found is None:
        # An objective's own list goes with its own fields, before its key results.
        before = "key_results" if kr is None and owner is root else None
        return apply_splices(text, _new_key(root, owner, lines, name, item, before))
    key, value = found
    if isinstance(value, yaml.SequenceNode) and not value.flow_style:
        line = end_line(value, lines)
        return apply_splices(
            text, [lines.insert_before_line(line, [item_prefix(value, lines) + item])]
        )
    if isinstance(value, yaml.SequenceNode):
        return apply_splices(text, _into_flow(owner, key, value, lines, root, item))
    if is_null(value):
        return apply_splices(text, _replace_null(owner, key, value, lines, root, item))
    raise EditError(f"`{name}` is neither a list nor empty")


def _block_item(root: yaml.Node, key: yaml.Node, lines: Lines, item: str) -> str:
    offset, gap = list_style(root, lines)
    return " " * (key.start_mark.column + offset) + "-" + gap + item


def _new_key(
    root: yaml.Node,
    owner: yaml.MappingNode,
    lines: Lines,
    name: str,
    item: str,
    before: str | None = None,
) -> list[Splice]:
    """`name:` and its first item, at the end of `owner` (or after the entry that precedes
    the key `before`, when `owner` has it and is not its first key)."""
    if owner.flow_style:
        _, last = owner.value[-1]
        at = lines.index(last.end_mark)
        return [Splice(at, at, f", {name}: [{item}]")]
    column = owner.start_mark.column
    key_line = " " * column + f"{name}:"
    offset, gap = list_style(root, lines)
    item_line = " " * (column + offset) + "-" + gap + item
    keys = [k.value if isinstance(k, yaml.ScalarNode) else None for k, _ in owner.value]
    at = keys.index(before) if before in keys else 0
    after = owner.value[at - 1][1] if at > 0 else owner
    return [lines.insert_before_line(end_line(after, lines), [key_line, item_line])]


def _rest_of_line_blank(lines: Lines, index: int) -> bool:
    rest = lines.text[index : lines.line_end(lines.line_of(index))].strip()
    return rest == "" or rest.startswith("#")


def _to_block(
    key: yaml.Node, value: yaml.Node, lines: Lines, root: yaml.Node, item: str
) -> list[Splice]:
    """`checkins: []` or `checkins: ~` -> `checkins:` plus one item line."""
    start, end = lines.index(value.start_mark), lines.index(value.end_mark)
    if lines.text[end : lines.line_end(value.end_mark.line)].strip() == "":
        # Nothing follows: drop the spaces before the value too, leaving `checkins:`.
        start = len(lines.text[:start].rstrip(" "))
    insert = lines.insert_before_line(
        key.start_mark.line + 1, [_block_item(root, key, lines, item)]
    )
    splices = [insert]
    if end > start:
        splices.append(Splice(start, end, ""))
    return splices


def _replace_null(
    owner: yaml.MappingNode,
    key: yaml.Node,
    value: yaml.Node,
    lines: Lines,
    root: yaml.Node,
    item: str,
) -> list[Splice]:
    same_line = value.start_mark.line == key.start_mark.line
    if (
        not owner.flow_style
        and same_line
        and _rest_of_line_blank(lines, lines.index(value.end_mark))
    ):
        return _to_block(key, value, lines, root, item)
    if is_empty_null(value):
        raise EditError("`checkins:` has an empty value in a flow mapping")
    return [Splice(lines.index(value.start_mark), lines.index(value.end_mark), f"[{item}]")]


def _into_flow(
    owner: yaml.MappingNode,
    key: yaml.Node,
    value: yaml.SequenceNode,
    lines: Lines,
    root: yaml.Node,
    item: str,
) -> list[Splice]:
    end = lines.index(value.end_mark)
    if not value.value:
        same_line = value.start_mark.line == key.start_mark.line == value.end_mark.line
        if not owner.flow_style and same_line and _rest_of_line_blank(lines, end):
            return _to_block(key, value, lines, root, item)
        at = lines.index(value.start_mark) + 1  # just inside the `[`
        return [Splice(at, at, item)]
    last = value.value[-1]
    last_end = lines.index(last.end_mark)
    if last.end_mark.line == value.end_mark.line:
        return [Splice(last_end, last_end, ", " + item)]
    # A flow list with one item per line: a new line like the last item's.
    after = lines.text[last_end : lines.line_end(last.end_mark.line)].lstrip()
    indent = " " * last.start_mark.column
    line = end_line(last, lines)
    if after.startswith(","):
        return [lines.insert_before_line(line, [indent + item + ","])]
    return [Splice(last_end, last_end, ","), lines.insert_before_line(line, [indent + item])]
