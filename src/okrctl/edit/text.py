"""Lines of a YAML text and the extent of its composed nodes, for splicing edits."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import yaml

from okrctl.load.yamlsafe import Loader
from okrctl.model.errors import OkrctlError

_KEEP_HEADER = re.compile(r"[|>](?:[1-9]?\+|\+[1-9])")
_ITEM_PREFIX = re.compile(r" *-( +)")
NULL_TAG = "tag:yaml.org,2002:null"


class EditError(OkrctlError):
    """The file's layout is one the editor cannot change safely: nothing is written."""


# A NamedTuple, not a dataclass: cheaper to import (see edit/document.py).
class Splice(NamedTuple):
    """Replace text[start:end] with `new`."""

    start: int
    end: int
    new: str


def apply_splices(text: str, splices: Iterable[Splice]) -> str:
    """The text with non-overlapping splices applied (from the end, so indexes stay valid)."""
    out = text
    for s in sorted(splices, key=lambda s: (s.start, s.end), reverse=True):
        out = out[: s.start] + s.new + out[s.end :]
    return out


class Lines:
    """Line starts, the newline style and index arithmetic of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def index(self, mark: yaml.Mark) -> int:
        # Marks carry (line, column) in characters; libyaml's own index may count bytes.
        return self.starts[mark.line] + mark.column

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) - 1

    def line_text(self, line: int) -> str:
        """The text of a line without its line break."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_end(self, line: int) -> int:
        """Index of the end of a line's content (before its line break)."""
        return self.starts[line] + len(self.line_text(line))

    def insert_before_line(self, line: int, new_lines: list[str]) -> Splice:
        """A splice adding whole lines before `line` (past the end: after the last line)."""
        nl = self.newline
        if line < len(self.starts):
            at = self.starts[line]
            return Splice(at, at, "".join(text + nl for text in new_lines))
        # After a last line without a line break: keep the file without a final newline.
        end = len(self.text)
        return Splice(end, end, "".join(nl + text for text in new_lines))


def compose(text: str) -> yaml.MappingNode:
    """The node tree of a text the loader accepted (so it is a mapping)."""
    node = yaml.compose(text, Loader=Loader)
    if not isinstance(node, yaml.MappingNode):
        raise EditError("the file's top level is not a mapping")
    return node


def get(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) of `key` in a mapping node."""
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def item_with_id(seq: yaml.Node, ident: str) -> yaml.MappingNode:
    """The mapping in a sequence node whose `id` is `ident`."""
    if isinstance(seq, yaml.SequenceNode):
        for item in seq.value:
            if isinstance(item, yaml.MappingNode):
                found = get(item, "id")
                if found and isinstance(found[1], yaml.ScalarNode) and found[1].value == ident:
                    return item
    raise EditError(f"no item with id '{ident}' found in the file's node tree")


def is_null(node: yaml.Node) -> bool:
    """A plain null: `~`, `null` or nothing at all."""
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG and not node.style


def is_empty_null(node: yaml.Node) -> bool:
    """`key:` with nothing after it: a null scalar of no width."""
    return is_null(node) and node.value == ""


def _block_scalar_end(node: yaml.ScalarNode, lines: Lines) -> tuple[int, int]:
    """(index after the last content character, line to insert before) of `|` / `>`."""
    end = lines.index(node.end_mark)
    header = lines.text[lines.index(node.start_mark) : lines.line_end(node.start_mark.line)]
    last = len(lines.text[:end].rstrip())
    if _KEEP_HEADER.match(header):
        # Keep chomping: trailing blank lines belong to the value, so insert after them.
        line = node.end_mark.line if node.end_mark.column == 0 else node.end_mark.line + 1
        return last, line
    return last, lines.line_of(max(last - 1, 0)) + 1


def _last_node(node: yaml.Node) -> yaml.Node:
    """The node whose text ends `node`'s own text: in a block collection, its last value
    (the key of an empty `key:`), recursively; else the node itself.
    """
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        if isinstance(node, yaml.MappingNode):
            key, value = last
            node = key if is_empty_null(value) else value
        else:
            node = last
    return node


def content_end(node: yaml.Node, lines: Lines) -> int:
    """Index just after the last character of a node's own text (not trailing comments)."""
    last = _last_node(node)
    if isinstance(last, yaml.ScalarNode) and last.style in ("|", ">"):
        return _block_scalar_end(last, lines)[0]
    return lines.index(last.end_mark)


def end_line(node: yaml.Node, lines: Lines) -> int:
    """The line before which new lines go to come right after the node."""
    last = _last_node(node)
    if isinstance(last, yaml.ScalarNode) and last.style in ("|", ">"):
        return _block_scalar_end(last, lines)[1]
    end = lines.index(last.end_mark)
    return lines.line_of(max(end - 1, lines.index(last.start_mark))) + 1


def replace_value(value: yaml.Node, lines: Lines, text: str, error: str) -> Splice:
    """Put `text` in place of a mapping's value: after the colon of an empty `key:`, else
    over the value's own text. A list or mapping value raises EditError(error).
    """
    if isinstance(value, yaml.MappingNode | yaml.SequenceNode):
        raise EditError(error)
    if is_empty_null(value):
        at = lines.index(value.start_mark)  # just after the colon
        return Splice(at, at, " " + text)
    return Splice(lines.index(value.start_mark), content_end(value, lines), text)


def add_keys(
    node: yaml.MappingNode,
    lines: Lines,
    entries: Sequence[tuple[str, str]],
    after: yaml.Node | None = None,
) -> Splice:
    """Add `key: text` entries to a mapping: at the end of a flow mapping; in a block mapping
    one line each at the keys' indentation, after the `after` value (default: the last entry).
    """
    if node.flow_style:
        _, last = node.value[-1]
        at = content_end(last, lines)
        return Splice(at, at, "".join(f", {key}: {text}" for key, text in entries))
    indent = " " * node.start_mark.column
    line = end_line(after if after is not None else node, lines)
    return lines.insert_before_line(line, [f"{indent}{key}: {text}" for key, text in entries])


def item_prefix(seq: yaml.SequenceNode, lines: Lines) -> str:
    """What precedes an item on its line (`  - ` or `  -   `), copied from the last item."""
    for item in reversed(seq.value):
        mark = item.start_mark
        prefix = lines.line_text(mark.line)[: mark.column]
        if _ITEM_PREFIX.fullmatch(prefix):
            return prefix
    return " " * seq.start_mark.column + "- "


def walk(node: yaml.Node) -> Iterable[tuple[yaml.Node | None, yaml.Node]]:
    """Every (key node or None, value node) pair of the tree, depth first."""
    stack: list[tuple[yaml.Node | None, yaml.Node]] = [(None, node)]
    while stack:
        key, current = stack.pop()
        yield key, current
        if isinstance(current, yaml.MappingNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((None, item) for item in reversed(current.value))


def list_style(root: yaml.Node, lines: Lines) -> tuple[int, str]:
    """How this file indents block lists under a key: (dash offset from the key, gap).

    An existing `checkins` list is the best model, then any other block list under a key;
    `(2, " ")` (the common `key:` / `  - item`) when the file has none.
    """
    found: list[tuple[bool, int, str]] = []
    for key, node in walk(root):
        if key is None or not isinstance(node, yaml.SequenceNode) or node.flow_style:
            continue
        if not node.value or node.start_mark.line == key.start_mark.line:
            continue
        prefix = item_prefix(node, lines)
        dash = prefix.index("-")
        offset = dash - key.start_mark.column
        if offset >= 0:
            is_checkins = isinstance(key, yaml.ScalarNode) and key.value == "checkins"
            found.append((is_checkins, offset, prefix[dash + 1 :]))
            if is_checkins:
                break
    if not found:
        return 2, " "
    best = next((f for f in found if f[0]), found[0])
    return best[1], best[2]
