"""A file of the strategy repo as text, and the positions of its YAML nodes."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from okrctl.load.gcpause import freeze_loaded, gc_paused
from okrctl.load.yamlsafe import Loader

Loc = tuple[str | int, ...]


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

    def root_node(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                with gc_paused():
                    self._root = yaml.compose(self.text, Loader=Loader)
                    # Kept until the command ends: later collections need not scan it.
                    freeze_loaded()
            except yaml.YAMLError:
                self._root = None
        return self._root

    def position(self, loc: Loc) -> tuple[int, int]:
        """1-based (line, col) of the key or item at `loc`, or of its nearest ancestor."""
        node = self.root_node()
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for step in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                        mark, node = key_node.start_mark, value_node
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        return (mark.line + 1, mark.column + 1)

    def value_position(self, loc: Loc) -> tuple[int, int]:
        """1-based (line, col) of the value at `loc` (not its key)."""
        node = self.root_node()
        if node is None:
            return (1, 1)
        for step in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                child = next(
                    (
                        v
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == step
                    ),
                    None,
                )
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                child = node.value[step] if 0 <= step < len(node.value) else None
            if child is None:
                return self.position(loc)
            node = child
        return (node.start_mark.line + 1, node.start_mark.column + 1)
