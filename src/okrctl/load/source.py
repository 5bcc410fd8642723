"""A file of the strategy repo as text, and the positions of its YAML nodes."""

from __future__ import annotations

import hashlib

import yaml

from okrctl.load.tree import FileTree
from okrctl.load.yamlsafe import MAX_FILE_BYTES, Loader, decode
from okrctl.model.diagnostic import Loc
from okrctl.model.errors import OkrctlError

__all__ = ["FileChangedError", "Loc", "SourceFile", "digest"]


class FileChangedError(OkrctlError):
    """A file's bytes changed between loading it and reading it again for a position."""


def digest(data: bytes) -> bytes:
    """What a file's bytes are checked against when its text is read again."""
    return hashlib.blake2b(data, digest_size=16).digest()


class SourceFile:
    """The text of one file plus lazy access to the YAML node tree for positions.

    The node tree is composed again only when a finding needs a position: keeping it for
    every file would cost hundreds of MB on a 10,000-objective repo, while clean files
    (nearly all of them) never need it. For the same reason the loader drops the text of
    every file (`forget_text`, about 4 MiB per 1,000 objectives) and it is read again from
    its tree when asked for, checked against the digest of the bytes that were parsed: a
    file changed since then raises `FileChangedError`, never gives a wrong position.
    """

    __slots__ = ("path", "_text", "_tree", "_digest", "_root", "_composed", "_keys")

    def __init__(self, path: str, text: str | None) -> None:
        self.path = path  # POSIX path relative to the strategy repo root
        self._text: str | None = text  # None: read from the tree `forget_text` gives
        self._tree: FileTree | None = None  # where `_text` is read again from
        self._digest: bytes | None = None  # of the bytes parsed; None: the tree keeps them
        self._root: yaml.Node | None = None
        self._composed = False
        # id of a mapping node -> its keys; the nodes live as long as `_root` holds them.
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] | None = None

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r})"

    def forget_text(self, tree: FileTree, parsed: bytes | None) -> None:
        """Drop the text until it is needed, then read it again from `tree`, checked against
        `parsed` (`digest` of the bytes loaded; None when `tree` holds them unchanged)."""
        self._tree, self._digest, self._text = tree, parsed, None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._read_again()
        return self._text

    def _read_again(self) -> str:
        assert self._tree is not None
        changed = FileChangedError(
            f"{self.path}: the file changed while okrctl was reading the strategy repo; "
            "run the command again"
        )
        try:
            data = self._tree.read(self.path, MAX_FILE_BYTES)
        except OSError:
            raise changed from None
        if self._digest is not None and digest(data) != self._digest:
            raise changed
        text, _ = decode(data)
        if text is None:  # pragma: no cover - the digest matched bytes that decoded before
            raise changed
        return text

    def root_node(self) -> yaml.Node | None:
        if not self._composed:
            text = self.text  # before `_composed`: a changed file raises every time it is asked
            self._composed = True
            try:
                self._root = yaml.compose(text, Loader=Loader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def _child(self, node: yaml.Node, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
        """(key or item node, value node) of `step` under `node`, or None.

        A mapping's keys are indexed on first use, so that N findings in one mapping cost
        O(N), not a scan of the mapping each (O(N^2): 30,000 unknown keys took 29 s).
        """
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            if self._keys is None:
                self._keys = {}
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
