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
from typing import Any

import yaml

from okrctl.model.characters import REFUSED_IN_FILE, character_name
from okrctl.model.diagnostic import Draft

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
# Deeper than any goals file needs (they nest about 6 levels), and shallow enough that the
# recursive walks below stay far from Python's recursion limit (1000) whatever calls them.
MAX_DEPTH = 64
_INT_LIMIT = int(sys.float_info.max)  # the largest integer a float can hold
_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_INT, _FLOAT = _TAG + "int", _TAG + "float"
_NULL, _BOOL, _TIMESTAMP, _MERGE = _TAG + "null", _TAG + "bool", _TAG + "timestamp", _TAG + "merge"
# Not a YAML tag: a plain scalar that YAML 1.1 and 1.2 readers read as different values
# (`017`: 15 or 17), refused so that every reader sees the same file.
AMBIGUOUS = "tag:okrctl,2026:ambiguous-number"
# Plain decimal numbers, the bulk of a goals file's numbers: int (no leading zero) or float
# (digits, a dot, digits). Anything else goes to `resolve_plain`.
_NUMBER = re.compile(r"-?(?:(0|[1-9][0-9]*)|[0-9]+\.[0-9]+)\Z")
# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), in its order.
_CORE_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_CORE_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_CORE_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_CORE_FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)\Z"
)
# okrctl's additions: dates (and PyYAML's timestamps, which the models refuse where a date
# is due), the YAML 1.1 booleans other readers would read as true/false (refused as
# OKR011), leading-zero integers (YAML 1.1 octal), and merge keys (refused as OKR001).
_TIMESTAMP_RE = re.compile(
    r"""(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\Z""",
    re.VERBOSE,
)
_YAML11_BOOL = frozenset("y Y n N yes Yes YES no No NO on On ON off Off OFF".split())
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+\Z")


# The first characters of every plain scalar that is not a string: others skip the regexes
# (most text of a goals file is plain text, often unique, so not in the cache below).
_NOT_STR_START = frozenset("0123456789+-.~nNtTfFyYoO<")


def resolve_plain(value: str) -> str:
    """The tag of a plain scalar: YAML 1.2's core schema, with okrctl's additions above."""
    if value and value[0] not in _NOT_STR_START:
        return _STR
    if _CORE_NULL.match(value):
        return _NULL
    if _CORE_BOOL.match(value):
        return _BOOL
    if value in _YAML11_BOOL:
        return _BOOL  # `_Converter._bool` refuses all but true/false
    if _LEADING_ZERO.match(value):
        return AMBIGUOUS
    if _CORE_INT.match(value):
        return _INT
    if _CORE_FLOAT.match(value):
        return _FLOAT
    if _TIMESTAMP_RE.match(value):
        return _TIMESTAMP
    if value == "<<":
        return _MERGE
    return _STR


# Tag of each plain scalar seen so far. A plain scalar's tag depends only on its text (the
# safe loader has no path resolvers), and goals files repeat the same keys, dates and
# numbers, so a dict look-up replaces the per-scalar regex matching: it was half the time
# of composing. Cleared when large to bound memory.
_PLAIN_TAGS: dict[str, str] = {}


class Loader(_BaseLoader):
    """The safe (libyaml) loader with a cached YAML 1.2 core-schema resolver."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                # Measured values are mostly unique: one small regex first, and not cached
                # (they would crowd out the rest).
                number = _NUMBER.match(value)
                if number is not None:
                    return _INT if number.group(1) is not None else _FLOAT
                if len(_PLAIN_TAGS) > 100_000:
                    _PLAIN_TAGS.clear()
                tag = _PLAIN_TAGS[value] = resolve_plain(value)
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP

    # No path resolvers: the composer's per-node bookkeeping calls can do nothing.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_MERGE_RE = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)


def _at(code: str, line: int, col: int, message: str) -> Draft:
    """A finding of the parser, at a 1-based line and column (the loader adds the file)."""
    return Draft(code, message, line=line, col=col)


def _at_mark(code: str, mark: Any, message: str) -> Draft:
    """A finding of the parser at a libyaml mark (0-based)."""
    return Draft(code, message, line=mark.line + 1, col=mark.column + 1)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(data: bytes) -> tuple[str | None, list[Draft]]:
    """UTF-8 text of a file, or the place where it is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The prefix before the bad byte is valid UTF-8, so it gives line and column.
        prefix = data[: exc.start].decode("utf-8")
        line, col = _line_col(prefix, len(prefix))
        return None, [_at("OKR006", line, col, f"invalid UTF-8 byte 0x{data[exc.start]:02x}")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def check_text(text: str) -> list[Draft]:
    """Problems visible in the raw text, each reported once per line (at most 20)."""
    problems: list[Draft] = []
    seen_lines: set[tuple[str, int]] = set()

    def add(code: str, index: int, message: str) -> None:
        line, col = _line_col(text, index)
        if (code, line) not in seen_lines and len(problems) < 20:
            seen_lines.add((code, line))
            problems.append(_at(code, line, col, message))

    for m in REFUSED_IN_FILE.finditer(text):
        add("OKR005", m.start(), f"{character_name(m.group()[0])} is not allowed")
    if "\t" in text:
        for m in re.finditer("\t", text):
            add("OKR004", m.start(), "tab character: indent and separate with spaces")
    if "=======" in text or "<<<<<<<" in text:
        for m in _MERGE_RE.finditer(text):
            add("OKR007", m.start(), "merge-conflict marker: resolve the conflict first")
    return problems


_MAX_ANCHOR_PROBLEMS = 20  # a file of 100,000 aliases needs no 100,000 findings


def _anchor_problems(text: str) -> list[Draft]:
    """Anchors and aliases, from the parser's events: linear however they nest."""
    problems = []
    for event in yaml.parse(text, Loader=Loader):
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            what = f"alias '*{event.anchor}'"
        elif anchor := getattr(event, "anchor", None):
            what = f"anchor '&{anchor}'"
        else:
            continue
        problems.append(_at_mark("OKR003", mark, f"{what} is not allowed: write the value out"))
        if len(problems) >= _MAX_ANCHOR_PROBLEMS:
            break
    return problems


def _escape_problems(root: yaml.Node) -> list[Draft]:
    """Control characters that escapes put into the values of double-quoted scalars.

    Only double-quoted scalars have escapes: every other scalar's value is made of
    characters of the raw text, which `check_text` has passed. One problem per scalar, in
    document order.
    """
    problems = []
    stack = [root]
    seen: set[int] = set()  # aliases make the tree a DAG: visit each node once
    while stack:  # no recursion: the nesting depth is the file's to choose
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.style == '"' and (m := REFUSED_IN_FILE.search(node.value)):
                message = f"{character_name(m.group()[0])} (written as an escape) is not allowed"
                problems.append(_at_mark("OKR005", node.start_mark, message))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        else:
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return problems


def _int(value: str) -> int | float:
    """A core-schema int (decimal, `0o` octal, `0x` hex); beyond float range, infinite."""
    digits = value.lstrip("+-")
    if len(digits) > 320:  # more digits than any float's range (and int()'s digit limit)
        number = _INT_LIMIT + 1
    elif digits.startswith(("0o", "0x")):
        number = int(digits[2:], 8 if digits[1] == "o" else 16)
    else:
        number = int(digits)
    if value.startswith("-"):
        number = -number
    if -_INT_LIMIT <= number <= _INT_LIMIT:
        return number
    # No float holds it, so scoring would overflow: it reads as 1e400 does, as infinite,
    # which the models refuse ("must be a finite number") at its place.
    return math.inf if number > 0 else -math.inf


def _float(value: str) -> float:
    """A core-schema float: Python's float() reads all of them but `.inf` and `.nan`."""
    low = value.lower()
    if low.endswith(".inf"):
        return -math.inf if low.startswith("-") else math.inf
    if low == ".nan":
        return math.nan
    return float(value)


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
        self.problems: list[Draft] = []
        self.scalars: dict[str, Callable[[yaml.ScalarNode], Any]] = {
            _STR: lambda n: n.value,
            _INT: lambda n: _int(n.value),
            _FLOAT: lambda n: _float(n.value),
            _NULL: lambda n: None,
            _BOOL: self._bool,
            _TIMESTAMP: _timestamp,
            AMBIGUOUS: self._ambiguous,
        }

    def _problem(self, node: yaml.Node, code: str, message: str) -> None:
        self.problems.append(_at_mark(code, node.start_mark, message))

    def _bool(self, node: yaml.ScalarNode) -> Any:
        if node.value in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return node.value[0] in "tT"
        # PyYAML reads plain y/n as strings, other YAML 1.1 tools all of these as booleans.
        self._problem(
            node,
            "OKR011",
            f"'{node.value}' is a YAML 1.1 boolean: write true/false, or quote it as a string",
        )
        return node.value

    def _ambiguous(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        sign = "-" if text.startswith("-") else ""
        plain = sign + (text.lstrip("+-").lstrip("0") or "0")
        self._problem(
            node,
            "OKR011",
            f"'{text}' has a leading zero, which YAML readers read differently (octal, "
            f"decimal or text): write {plain}, or quote it as a string",
        )
        return text

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # the common case, without the handler call (hot path)
                return node.value
            handler = self.scalars.get(node.tag)
            if handler is None:
                self._problem(node, "OKR001", f"tag '{node.tag}' is not supported")
                return node.value
            return handler(node)
        if depth >= MAX_DEPTH:
            # Stops here, so no walk of the value (here, in pickling or in validation)
            # recurses deeper than this however deep the file nests.
            self._problem(node, "OKR001", f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self._problem(node, "OKR001", f"tag '{node.tag}' is not supported")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                    self._problem(key_node, "OKR001", "keys must be plain strings (no merge keys)")
                    continue
                key = key_node.value
                if key in result:
                    self._problem(key_node, "OKR002", f"duplicate key '{key}'")
                    continue
                result[key] = self.convert(value_node, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._problem(node, "OKR001", f"tag '{node.tag}' is not supported")
            return [self.convert(item, depth + 1) for item in node.value]
        raise TypeError(node)  # pragma: no cover - composer yields only these


_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_SQUARE = str.maketrans("{}", "[]")


def _flow_may_nest_too_deep(text: str) -> bool:
    """Whether the brackets of `text` nest deeper than MAX_DEPTH (a cheap over-estimate).

    libyaml's cost per token grows with the flow depth (up to its limit of 1000 levels),
    so a file of deeply nested brackets cost 30 times what its size would. Brackets in
    quotes or comments count too, so a yes is checked exactly by `_nesting_problem`.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    brackets = _NOT_BRACKETS.sub("", text).translate(_SQUARE)
    for _ in range(MAX_DEPTH):  # each pass removes the innermost level
        if "[]" not in brackets:
            return False
        brackets = brackets.replace("[]", "")
    return "[]" in brackets


def _nesting_problem(text: str) -> Draft | None:
    """The first collection nested deeper than MAX_DEPTH, from the parser's events.

    The events come lazily, so the parser stops where the nesting becomes too deep.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    message = f"nesting deeper than {MAX_DEPTH} levels"
                    return _at_mark("OKR001", event.start_mark, message)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports it
    return None


def parse(text: str) -> tuple[Any, list[Draft]]:
    """Values of a single-document YAML text, and the problems found on the way.

    Returns `(None, problems)` when the text cannot be parsed at all, or has anchors or
    aliases: those are refused before anything is expanded, so a "billion laughs" file
    costs no more than its size. Clean texts take the fast path (`parse_fast`); the rest
    are composed into a node tree, which gives every finding its place.
    """
    fast = parse_fast(text)
    if fast is not None:
        return fast, []
    return parse_composed(text)


def parse_composed(text: str) -> tuple[Any, list[Draft]]:
    """`parse` through libyaml's node tree: slower, but it decides and places everything."""
    if _flow_may_nest_too_deep(text) and (deep := _nesting_problem(text)):
        return None, [deep]
    try:
        # Composing is linear even with aliases: an alias shares its anchor's node.
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if exc.problem == "exceeded maximum nesting depth":  # libyaml stops at 1000 levels
            return None, [_at("OKR001", line, col, f"nesting deeper than {MAX_DEPTH} levels")]
        reason = exc.problem or "invalid YAML"
        if exc.context:
            reason = f"{reason} ({exc.context})"
        return None, [_at("OKR001", line, col, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return None, [_at("OKR001", 1, 1, f"YAML syntax error: {exc}")]
    if node is None:
        return None, [_at("OKR010", 1, 1, "the file is empty: expected a mapping")]
    if "&" in text or "*" in text:  # cheap pre-check: the event scan runs only when needed
        anchors = _anchor_problems(text)
        if anchors:
            return None, anchors
    converter = _Converter()
    if "\\" in text:  # every escape starts with a backslash; goals files rarely have one
        converter.problems.extend(_escape_problems(node))
    value = converter.convert(node)
    if not isinstance(value, dict):
        converter.problems.append(
            _at_mark("OKR010", node.start_mark, "the top level must be a mapping of keys to values")
        )
    return value, converter.problems


class _Undecided(Exception):
    """The fast path met something only the composing path reports exactly."""


_CORE_BOOLS = dict.fromkeys(("true", "True", "TRUE"), True) | dict.fromkeys(
    ("false", "False", "FALSE"), False
)


def _scalar_value(event: Any) -> Any:
    """The value of a scalar event as `_Converter` gives it, or `_Undecided` for any text
    that the composing path would report (YAML 1.1 booleans, leading zeros, merge keys,
    control characters written as escapes)."""
    text = event.value
    if not event.implicit[0]:  # quoted or a block scalar: its text
        if event.style == '"' and REFUSED_IN_FILE.search(text):
            raise _Undecided
        return text
    tag = _PLAIN_TAGS.get(text)
    if tag is None:
        number = _NUMBER.match(text)
        if number is not None:
            return _int(text) if number.group(1) is not None else float(text)
        if len(_PLAIN_TAGS) > 100_000:
            _PLAIN_TAGS.clear()
        tag = _PLAIN_TAGS[text] = resolve_plain(text)
    if tag == _STR:
        return text
    if tag == _INT:
        return _int(text)
    if tag == _FLOAT:
        return _float(text)
    if tag == _NULL:
        return None
    if tag == _BOOL:
        if text in _CORE_BOOLS:
            return _CORE_BOOLS[text]
        raise _Undecided
    if tag == _TIMESTAMP:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _Undecided from None  # datetimes: the composing path's constructor
    raise _Undecided  # ambiguous numbers, merge keys


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_NO_KEY = object()  # a mapping waiting for its next key
_ENDS = frozenset((_MAP_END, _SEQ_END))
_NEW: dict[type, Callable[[], Any]] = {_MAP_START: dict, _SEQ_START: list}


def _place(stack: list[tuple[Any, Any]], container: Any, key: Any) -> list[str | int]:
    """The path of the value about to go into `container` (under `key` in a mapping)."""
    path: list[str | int] = []
    for parent, step in stack:  # each open collection's place in its parent
        path.append(step if type(parent) is dict else len(parent) - 1)
    path.append(key if type(container) is dict else len(container))
    return path


def parse_fast(text: str, dates: list[list[str | int]] | None = None) -> dict[str, Any] | None:
    """The value of a clean text straight from libyaml's events, or None when undecided.

    No node tree: positions are needed only for findings, and a text with any finding
    (or anything this path does not decide: anchors, aliases, tags, YAML 1.1 scalars,
    control-character escapes, duplicate keys, deep nesting, several documents, a top
    level that is not a mapping, a syntax error) returns None, for `parse` to compose
    and report it. Where it decides, the value is the composing path's (a differential
    test holds it to that on generated and hostile texts). With a `dates` list, the path
    of each date in the value is appended to it (for the value cache).
    """
    if _flow_may_nest_too_deep(text):
        return None
    loader = Loader(text)
    get = loader.get_event
    try:
        get()  # stream start
        if type(get()) is not yaml.DocumentStartEvent:
            return None  # empty
        top = get()
        if type(top) is not _MAP_START or top.anchor is not None or top.tag is not None:
            return None  # the top level must be a plain mapping
        root = _mapping_from_events(get, dates)
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            return None  # several documents
        return root
    except (_Undecided, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def _mapping_from_events(
    get: Callable[[], Any], dates: list[list[str | int]] | None
) -> dict[str, Any]:
    """The value of the top-level mapping from the events after its start, up to its end.

    One loop without calls per event but the parser's and `_scalar_value` (the hot path of
    `validate`; scalars, three events in four, are tested first): the open collections are
    a stack of (parent, key in the parent), and `key` is the pending key of a mapping
    (`_NO_KEY` when its next event is a key; always in a list).
    """
    root: dict[str, Any] = {}
    stack: list[tuple[Any, Any]] = []  # the root's ancestors: none
    container: Any = root
    key: Any = _NO_KEY
    while True:
        event: Any = get()
        cls = type(event)
        if cls is _SCALAR:
            if event.anchor is not None or event.tag is not None:
                raise _Undecided
            if key is _NO_KEY and type(container) is dict:
                # A key is its text, whatever it would resolve to, but for merge keys.
                key = event.value
                if key in container or (key == "<<" and event.implicit[0]):
                    raise _Undecided
                continue
            value = _scalar_value(event)
            if dates is not None and type(value) is dt.date:
                dates.append(_place(stack, container, key))
            if key is _NO_KEY:
                container.append(value)
            else:
                container[key] = value
                key = _NO_KEY
            continue
        if cls in _ENDS:
            if not stack:
                return root
            container, key = stack.pop()
            key = _NO_KEY  # a mapping's key took its value when the collection opened
            continue
        # A mapping or a sequence starts, or an alias (always with an anchor) comes.
        if event.anchor is not None or event.tag is not None:
            raise _Undecided
        if len(stack) >= MAX_DEPTH - 1:  # the root is not on the stack: one level less
            raise _Undecided
        new = _NEW[cls]()
        if key is not _NO_KEY:
            container[key] = new
        elif type(container) is dict:
            raise _Undecided  # a collection as a key
        else:
            container.append(new)
        stack.append((container, key))
        container, key = new, _NO_KEY
