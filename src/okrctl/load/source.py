"""A file of the strategy repo as text, and the positions of its YAML nodes."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from okrctl.load.yamlsafe import Loader
from okrctl.model.diagnostic import Loc

__all__ = ["Loc", "SourceFile"]


@dataclass(eq=False)
class SourceFile:
    """The text of one file plus lazy access to the YAML node tree for positions.

    The node tree is composed again only when a finding needs a position: keeping it for
    every file would cost hundreds of MB on a 10,000-objective repo, while clean files
    (nearly all of them) never need it.
    """

    path: str  # POSIX path relative to the strategy repo root
    text: str
    _root: yaml.Node | None = field(default=None, repr=False)
    _composed: bool = field(default=False, repr=False)
    # id of a mapping node -> its keys; the nodes live as long as `_root` holds them.
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, repr=False
    )

    def root_node(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=Loader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def _child(self, node: yaml.Node, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
        """(key or item node, value node) of `step` under `node`, or None.

        A mapping's keys are indexed on first use, so that N findings in one mapping cost
        O(N), not a scan of the mapping each (O(N^2): 30,000 unknown keys took 29 s).
        """
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            index = self._keys.get(id(node))
            if index is None:
                index = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        index.setdefault(key_node.value, (key_node, value_node))  # the first
                self._keys[id(node)] = index
            return index.get(step)
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                return node.value[step], node.value[step]
        return None

    def position(self, loc: Loc) -> tuple[int, int]:
        """1-based (line, col) of the key or item at `loc`, or of its nearest ancestor."""
        node = self.root_node()
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for step in loc:
            child = self._child(node, step)
            if child is None:
                break
            mark, node = child[0].start_mark, child[1]
        return (mark.line + 1, mark.column + 1)

    def value_position(self, loc: Loc) -> tuple[int, int]:
        """1-based (line, col) of the value at `loc` (not its key)."""
        node = self.root_node()
        if node is None:
            return (1, 1)
        for step in loc:
            child = self._child(node, step)
            if child is None:
                return self.position(loc)
            node = child[1]
        return (node.start_mark.line + 1, node.start_mark.column + 1)
