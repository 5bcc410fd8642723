"""Safe YAML parsing into plain values, refusing the YAML features a goals file never needs.

libyaml's C parser composes the node tree; a small walk turns nodes into values and finds
duplicate keys, YAML 1.1 booleans (`no`, `on`, ...), tags beyond the core schema, and
anchors/aliases. Text-level problems (encoding, control characters, tabs, merge-conflict
markers) are found before parsing; control characters written as escapes (`"\\e"`,
`"\\x1b"`, `"\\u202e"`) in double-quoted strings, after it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
_INT_LIMIT = int(sys.float_info.max)  # the largest integer a float can hold
_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_INT, _FLOAT = _TAG + "int", _TAG + "float"
# Plain decimal numbers, which PyYAML's resolver reads as int (no leading zero: `017` is
# octal in YAML 1.1) or float (digits, a dot, digits); anything else goes to PyYAML.
_NUMBER = re.compile(r"-?(?:(0|[1-9][0-9]*)|[0-9]+\.[0-9]+)\Z")
# Tag of each plain scalar seen so far. A plain scalar's tag depends only on its text (the
# safe loader has no path resolvers), and goals files repeat the same keys, dates and
# numbers, so a dict look-up replaces PyYAML's per-scalar regex matching: it was half the
# time of composing. Cleared when large to bound memory.
_PLAIN_TAGS: dict[str, str] = {}


class Loader(_BaseLoader):
    """The safe (libyaml) loader with a cached implicit-tag resolver; same tags as PyYAML."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                # Measured values are mostly unique: one small regex instead of PyYAML's
                # float, int and timestamp ones, and not cached (they would crowd it out).
                number = _NUMBER.match(value)
                if number is not None:
                    return _INT if number.group(1) is not None else _FLOAT
                if len(_PLAIN_TAGS) > 100_000:
                    _PLAIN_TAGS.clear()
                tag = _PLAIN_TAGS[value] = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP

    # No path resolvers: the composer's per-node bookkeeping calls can do nothing.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


# C0 and C1 control characters except tab/newline/CR, plus bidi overrides (Trojan Source).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
_MERGE_RE = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_YAML11_YN = frozenset({"y", "Y", "n", "N"})


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding of the parser layer, before it is tied to a file: code, 1-based line/col."""

    code: str
    line: int
    col: int
    message: str


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file, or the place where it is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The prefix before the bad byte is valid UTF-8, so it gives line and column.
        prefix = data[: exc.start].decode("utf-8")
        line, col = _line_col(prefix, len(prefix))
        return None, [Problem("OKR006", line, col, f"invalid UTF-8 byte 0x{data[exc.start]:02x}")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def check_text(text: str) -> list[Problem]:
    """Problems visible in the raw text, each reported once per line (at most 20)."""
    problems: list[Problem] = []
    seen_lines: set[tuple[str, int]] = set()

    def add(code: str, index: int, message: str) -> None:
        line, col = _line_col(text, index)
        if (code, line) not in seen_lines and len(problems) < 20:
            seen_lines.add((code, line))
            problems.append(Problem(code, line, col, message))

    for m in _CONTROL_RE.finditer(text):
        add("OKR005", m.start(), f"control character U+{ord(m.group()[0]):04X} is not allowed")
    if "\t" in text:
        for m in re.finditer("\t", text):
            add("OKR004", m.start(), "tab character: indent and separate with spaces")
    if "=======" in text or "<<<<<<<" in text:
        for m in _MERGE_RE.finditer(text):
            add("OKR007", m.start(), "merge-conflict marker: resolve the conflict first")
    return problems


def _anchor_problems(text: str) -> list[Problem]:
    problems = []
    for event in yaml.parse(text, Loader=Loader):
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                Problem(
                    "OKR003",
                    mark.line + 1,
                    mark.column + 1,
                    f"alias '*{event.anchor}' is not allowed: write the value out",
                )
            )
        elif anchor := getattr(event, "anchor", None):
            problems.append(
                Problem(
                    "OKR003",
                    mark.line + 1,
                    mark.column + 1,
                    f"anchor '&{anchor}' is not allowed: write the value out",
                )
            )
    return problems


def _escape_problems(root: yaml.Node) -> list[Problem]:
    """Control characters that escapes put into the values of double-quoted scalars.

    Only double-quoted scalars have escapes: every other scalar's value is made of
    characters of the raw text, which `check_text` has passed. One problem per scalar, in
    document order.
    """
    problems = []
    stack = [root]
    while stack:  # no recursion: the nesting depth is the file's to choose
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.style == '"' and (m := _CONTROL_RE.search(node.value)):
                mark = node.start_mark
                problems.append(
                    Problem(
                        "OKR005",
                        mark.line + 1,
                        mark.column + 1,
                        f"control character U+{ord(m.group()[0]):04X} (written as an escape) "
                        "is not allowed",
                    )
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        else:
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return problems


def _int(value: str) -> int | float | str:
    try:
        number = int(value)
    except ValueError:
        try:
            number = int(value, 0)
        except ValueError:
            return value  # e.g. sexagesimal 1:30, a string in YAML 1.2
    if -_INT_LIMIT <= number <= _INT_LIMIT:
        return number
    # No float holds it, so scoring would overflow: it reads as 1e400 does, as infinite,
    # which the models refuse ("expected a number") at its place.
    return math.inf if number > 0 else -math.inf


def _float(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        low = value.lower().lstrip("+")
        if low in (".inf", "-.inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        if low == ".nan":
            return float("nan")
        return value


_constructor = yaml.SafeLoader("")


def _timestamp(node: yaml.ScalarNode) -> Any:
    try:
        return dt.date.fromisoformat(node.value)
    except ValueError:
        try:
            return _constructor.construct_yaml_timestamp(node)
        except (ValueError, yaml.YAMLError):
            return node.value


class _Converter:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.scalars: dict[str, Callable[[yaml.ScalarNode], Any]] = {
            _TAG + "str": self._str,
            _TAG + "int": lambda n: _int(n.value),
            _TAG + "float": lambda n: _float(n.value),
            _TAG + "null": lambda n: None,
            _TAG + "bool": self._bool,
            _TAG + "timestamp": _timestamp,
        }

    def _problem(self, node: yaml.Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(code, mark.line + 1, mark.column + 1, message))

    def _str(self, node: yaml.ScalarNode) -> Any:
        # PyYAML reads plain y/n as strings, other YAML 1.1 tools as booleans: refuse both.
        if node.value in _YAML11_YN and not node.style:
            return self._bool(node)
        return node.value

    def _bool(self, node: yaml.ScalarNode) -> Any:
        low = node.value.lower()
        if low in ("true", "false"):
            return low == "true"
        self._problem(
            node,
            "OKR011",
            f"'{node.value}' is a YAML 1.1 boolean: write true/false, or quote it as a string",
        )
        return node.value

    def convert(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # the common case, without the handler call (hot path)
                value = node.value
                if value in _YAML11_YN and not node.style:
                    return self._bool(node)
                return value
            handler = self.scalars.get(node.tag)
            if handler is None:
                self._problem(node, "OKR001", f"tag '{node.tag}' is not supported")
                return node.value
            return handler(node)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                self._problem(node, "OKR001", f"tag '{node.tag}' is not supported")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                    self._problem(key_node, "OKR001", "keys must be plain strings (no merge keys)")
                    continue
                key = key_node.value
                if key in result:
                    self._problem(key_node, "OKR002", f"duplicate key '{key}'")
                    continue
                result[key] = self.convert(value_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self._problem(node, "OKR001", f"tag '{node.tag}' is not supported")
            return [self.convert(item) for item in node.value]
        raise TypeError(node)  # pragma: no cover - composer yields only these


def parse(text: str) -> tuple[Any, list[Problem]]:
    """Values of a single-document YAML text, and the problems found on the way.

    Returns `(None, problems)` when the text cannot be parsed at all.
    """
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or "invalid YAML"
        if exc.context:
            reason = f"{reason} ({exc.context})"
        return None, [Problem("OKR001", line, col, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem("OKR001", 1, 1, f"YAML syntax error: {exc}")]
    if node is None:
        return None, [Problem("OKR010", 1, 1, "the file is empty: expected a mapping")]
    converter = _Converter()
    if "&" in text or "*" in text:  # cheap pre-check: the event scan runs only when needed
        converter.problems.extend(_anchor_problems(text))
    if "\\" in text:  # every escape starts with a backslash; goals files rarely have one
        converter.problems.extend(_escape_problems(node))
    value = converter.convert(node)
    if not isinstance(value, dict):
        mark = node.start_mark
        converter.problems.append(
            Problem(
                "OKR010",
                mark.line + 1,
                mark.column + 1,
                "the top level must be a mapping of keys to values",
            )
        )
    return value, converter.problems
