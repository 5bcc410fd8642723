"""The loader reads YAML 1.2 core-schema tags (checked against the spec's table), fast."""

from __future__ import annotations

import gc
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from okrctl.load.repo import load_repo
from okrctl.load.yamlsafe import AMBIGUOUS, Loader, parse

TRICKY = """\
plain: text
quoted: '5'
double: "true"
ints: [0, -3, +7, 0x1F, 0o17, 1_000, 017, 00, -0, 10, 190:20:30, 0b101, -0x1F, 0O17]
floats: [1.5, -2.5e3, .5, 1e3, .inf, -.Inf, +.INF, .NaN, 0.70, -01.5, 1., 1.5_0, 007.25, 1E-3]
bools: [true, False, TRUE, tRue, yes, No, on, OFF, y, n]
nulls: [~, null, Null, NULL, nUll, '', ]
dates: [2026-10-05, 2026-10-05 09:30:00, 2026-1-5]
times: 12:30:00
odd: [=, <<, '<<', -, +, ., 1.2.3, 0.70, 2026-13-45, .Nan, 0x, 0o8]
tagged: !!str 5
nonspecific: ! 5
block: |
  2026-10-05
nested: {a: [1, {b: 2026-10-05}], ? [k]: v}
"""

T = "tag:yaml.org,2002:"
# The YAML 1.2.2 core schema's table (section 10.3.2), written out independently of the
# loader: the first match in this order gives the tag.
CORE = [
    ("null", r"null|Null|NULL|~|"),
    ("bool", r"true|True|TRUE|false|False|FALSE"),
    ("int", r"[-+]?[0-9]+"),
    ("int", r"0o[0-7]+"),
    ("int", r"0x[0-9a-fA-F]+"),
    ("float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"),
    ("float", r"[-+]?(\.inf|\.Inf|\.INF)"),
    ("float", r"\.nan|\.NaN|\.NAN"),
]
YAML11_BOOLS = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}


def reference_tag(text: str) -> str:
    """okrctl's documented grammar: the 1.2 core schema, plus its additions."""
    if text in YAML11_BOOLS or text in ("y", "Y", "n", "N"):
        return T + "bool"  # refused as OKR011 by the converter
    if re.fullmatch(r"[-+]?0[0-9]+", text):
        return AMBIGUOUS  # 017: refused as OKR011
    for name, pattern in CORE:
        if re.fullmatch(pattern, text):
            return T + name
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return T + "timestamp"
    if re.fullmatch(
        r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?"
        r"([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?",
        text,
    ):
        return T + "timestamp"
    if text == "<<":
        return T + "merge"  # refused as OKR001
    return T + "str"


def _plain_tags(node: yaml.Node) -> list[tuple[str, str]]:
    """(text, tag) of every plain scalar of the tree, in order."""
    out: list[tuple[str, str]] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            if n.style is None and n.tag.startswith(T):
                out.append((n.value, n.tag))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
        else:
            stack.extend(x for pair in reversed(n.value) for x in reversed(pair))
    return out


def test_resolver_follows_the_yaml_1_2_core_schema() -> None:
    for _ in range(2):  # the second pass answers from the cache: still the same
        tags = _plain_tags(yaml.compose(TRICKY, Loader=Loader))
        assert [(text, reference_tag(text)) for text, _ in tags] == tags
    values = parse(TRICKY)[0]
    # Hand-computed: 1.2 reads 0o17 as 15, 0x1F as 31; 0b101, 1_000 and 1:30 are text.
    assert values["ints"] == [0, -3, 7, 31, 15, "1_000", "017", "00", 0, 10, "190:20:30",
                              "0b101", "-0x1F", "0O17"]  # fmt: skip
    assert values["floats"][:4] == [1.5, -2500.0, 0.5, 1000.0]
    assert values["floats"][4:7] == [math.inf, -math.inf, math.inf]
    assert math.isnan(values["floats"][7])
    assert values["floats"][8:] == [0.7, -1.5, 1.0, "1.5_0", 7.25, 0.001]
    assert values["nulls"] == [None, None, None, None, "nUll", ""]
    assert values["bools"][:4] == [True, False, True, "tRue"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("017", "'017' has a leading zero"),
        ("-08", "write -8, or quote it"),
        ("yes", "'yes' is a YAML 1.1 boolean"),
        ("n", "'n' is a YAML 1.1 boolean"),
    ],
)
def test_yaml_1_1_only_scalars_are_refused_at_their_place(text: str, message: str) -> None:
    _, problems = parse(f"a: 1\nb: [x, {text}]\n")
    assert [(p.code, p.line, p.col) for p in problems] == [("OKR011", 2, 8)]
    assert message in problems[0].message


@settings(max_examples=300)
@given(
    st.from_regex(r"[-+]?[0-9_.:eEoxXabcdfinINF~ulTr]{0,8}", fullmatch=True)
    | st.from_regex(
        r"[-+]?(0[ox])?[0-9a-f]{0,5}(\.[0-9]{0,3})?([eE][-+]?[0-9]{1,3})?", fullmatch=True
    )
    | st.sampled_from([*YAML11_BOOLS, "y", "N", ".inf", "-.INF", ".NaN", "~", "NULL", "<<"])
)
def test_number_like_scalars_get_the_reference_tags(text: str) -> None:
    try:
        node = yaml.compose(f"a: {text}\n", Loader=Loader)
    except yaml.YAMLError:
        return  # not a plain scalar (e.g. `a: -`, `a: :x`)
    tags = _plain_tags(node)[1:]
    if len(tags) == 1 and tags[0][0] == text:  # the whole text is one plain scalar
        assert tags[0][1] == reference_tag(text)
        value, problems = parse(f"a: {text}\n")  # and it converts without an exception
        assert isinstance(value, dict)


@pytest.mark.parametrize("value", ["5", "true", "null", "2026-10-05", "no"])
def test_same_text_plain_and_quoted_get_their_own_tags(value: str) -> None:
    plain = yaml.compose(f"a: {value}\n", Loader=Loader)
    quoted = yaml.compose(f"a: '{value}'\n", Loader=Loader)
    assert plain.value[0][1].tag != "tag:yaml.org,2002:str"
    assert quoted.value[0][1].tag == "tag:yaml.org,2002:str"


def test_loading_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "okrctl.yaml").write_text("organization: Acme\nthemes: [{id: cx, name: CX}]\n")
    assert gc.isenabled()
    load_repo(tmp_path)
    assert gc.isenabled()
    gc.disable()
    try:
        load_repo(tmp_path)
        assert not gc.isenabled()
    finally:
        gc.enable()
