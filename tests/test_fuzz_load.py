"""Property: whatever the bytes of a file, loading it gives findings, never an exception.

Run under the CLI's real recursion limit: hypothesis raises the limit while a test runs,
which once hid a RecursionError at 500 levels of nesting. The normal suite runs
hypothesis' default budget; `pytest --fuzz tests/test_fuzz_load.py` runs 20,000 examples
a test (see README, "What the loader refuses").
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from conftest import GOOD_OBJECTIVE
from okrctl.load.document import load_document
from okrctl.model import Cycle, Kpi, Objective, StrategyConfig
from okrctl.model.common import NUMBER_MAX, NUMBER_MIN
from okrctl.rules.engine import load_rules

CLI_RECURSION_LIMIT = 1000  # the CLI does not change Python's default
MODELS: list[type[BaseModel]] = [Objective, Kpi, Cycle, StrategyConfig]
CODES = set(load_rules())
INVISIBLE = "\u200b\u200e\u200f\u2028\u2029\u2060\u2061\u2062\u2063\u2064\u061c\u180e\ufeff"
ALLOWED_ODD = "\u200c\u200d\u00e9\U0001f469"


def _numbers(value: Any) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _numbers(v)


def check_loads(data: bytes, model: type[BaseModel] = Objective) -> None:
    """The property, at the recursion limit of the command line."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(CLI_RECURSION_LIMIT)
    try:
        loaded = load_document("cycles/q/objectives/x.yaml", data, model)
    finally:
        sys.setrecursionlimit(limit)
    for d in loaded.diagnostics:
        assert d.code in CODES, d
        assert d.line >= 0 and d.col >= 0, d
        assert d.message, d
    if loaded.model is None:
        assert loaded.diagnostics  # a file that does not load always says why
    else:
        # what loads keeps every computation finite (model/common.py)
        for number in _numbers(loaded.model.model_dump()):
            assert number == 0 or NUMBER_MIN <= abs(number) <= NUMBER_MAX, number
            assert math.isfinite(number)


YAMLISH = st.text(
    alphabet=st.sampled_from(
        list("abk:-[]{},&*!|>'\"#%@`?~. \n0123456789eE+_x\\") + list(INVISIBLE + ALLOWED_ODD)
    ),
    max_size=300,
)


@settings(deadline=None)
@given(YAMLISH, st.sampled_from(MODELS))
def test_any_yamlish_text_loads_to_findings(text: str, model: type[BaseModel]) -> None:
    check_loads(text.encode("utf-8", "surrogatepass"), model)


@settings(deadline=None)
@given(
    st.lists(
        st.sampled_from(["[", "{k: ", "- ", "\n  k:", "[a, ", "{? "]), min_size=1, max_size=1200
    ),
    st.booleans(),
)
def test_deep_nesting_of_any_shape_is_a_finding(openers: list[str], close: bool) -> None:
    closers = {"[": "]", "{k: ": "}", "[a, ": "]", "{? ": "}"}
    body = "".join(openers) + "x" + ("".join(closers.get(o, "") for o in reversed(openers)))
    text = "title: t\ndeep: " + (body if close else "".join(openers)) + "\n"
    check_loads(text.encode())


@st.composite
def anchored(draw: st.DrawFn) -> str:
    levels = draw(st.integers(1, 12))
    fanout = draw(st.integers(1, 12))
    mapping = draw(st.booleans())
    lines = ["title: t", "a0: &a0 [lol, lol]"]
    for i in range(1, levels):
        refs = [f"*a{draw(st.integers(0, i - 1))}" for _ in range(fanout)]
        items = ", ".join(f"k{j}: {r}" for j, r in enumerate(refs)) if mapping else ", ".join(refs)
        lines.append(f"a{i}: &a{i} " + ("{" + items + "}" if mapping else "[" + items + "]"))
    if draw(st.booleans()):
        lines.append("key_results: *a" + str(levels - 1))
    return "\n".join(lines) + "\n"


@settings(deadline=None)
@given(anchored())
def test_anchors_and_aliases_are_refused_without_expanding(text: str) -> None:
    # up to 12**11 values if expanded: only a refusal finishes at all
    check_loads(text.encode())


NUMBERISH = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**400), 10**400).map(str),
    st.from_regex(
        r"[-+]?(0[oxb])?[0-9a-fA-F_]{1,6}(\.[0-9_]{0,4})?([eE][-+]?[0-9]{1,4})?", fullmatch=True
    ),
    st.sampled_from(
        [
            ".inf",
            "-.Inf",
            ".NaN",
            "1e-320",
            "1.7e308",
            "1:30",
            "017",
            "0o17",
            "0x1F",
            "1_000",
            "1e15",
            "1e-9",
            "yes",
            "Off",
            "~",
            "null",
            "TRUE",
            "2026-10-05",
        ]
    ),  # fmt: skip
)


@settings(deadline=None)
@given(st.lists(NUMBERISH, min_size=1, max_size=8))
def test_numbers_anywhere_load_to_findings_or_bounded_values(numbers: list[str]) -> None:
    text = GOOD_OBJECTIVE
    for place, number in zip(
        ("baseline: 58", "target: 75", "value: 60", "confidence: 0.7", "baseline: 24",
         "target: 4", "baseline: 8", "target: 3"),
        numbers,
        strict=False,
    ):  # fmt: skip
        key = place.split(":")[0]
        text = text.replace(place, f"{key}: {number}", 1)
    check_loads(text.encode())


@settings(deadline=None)
@given(
    st.sampled_from(list(INVISIBLE)),
    st.sampled_from(["raw", "escape"]),
    st.integers(0, 30),
)
def test_invisible_characters_are_refused_where_they_stand(char: str, how: str, at: int) -> None:
    title = "Become the leader"[:at] + "\u0001" + "Become the leader"[at:]
    written = char if how == "raw" else f"\\u{ord(char):04x}"
    line = f'title: "{title.replace(chr(1), written)}"\n'
    text = line + GOOD_OBJECTIVE.split("\n", 1)[1]
    loaded = load_document("x.yaml", text.encode(), Objective)
    assert [(d.code, d.line) for d in loaded.diagnostics] == [("OKR005", 1)]
    # raw: at the character; an escape: at its double-quoted scalar
    assert loaded.diagnostics[0].col == (9 + min(at, 17) if how == "raw" else 8)
    check_loads(text.encode())
