"""The loader's speed-ups change nothing: same tags as PyYAML, the collector comes back on."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from okrctl.load.repo import load_repo
from okrctl.load.yamlsafe import Loader

TRICKY = """\
plain: text
quoted: '5'
double: "true"
ints: [0, -3, +7, 0x1F, 0o17, 1_000, 017, 00, -0, 10, 190:20:30]
floats: [1.5, -2.5e3, .5, 1e3, .inf, -.Inf, .NaN, 0.70, -01.5, 1., 1.5_0, 007.25]
bools: [true, False, yes, No, on, OFF, y, n]
nulls: [~, null, Null, '']
dates: [2026-10-05, 2026-10-05 09:30:00, 2026-1-5]
times: 12:30:00
odd: [=, <<, '<<', -, +, ., 1.2.3, 0.70, 2026-13-45]
tagged: !!str 5
nonspecific: ! 5
block: |
  2026-10-05
nested: {a: [1, {b: 2026-10-05}], ? [k]: v}
"""


def _shape(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_shape(n) for n in node.value])
    assert isinstance(node, yaml.MappingNode)
    return (node.tag, [(_shape(k), _shape(v)) for k, v in node.value])


def test_cached_resolver_gives_pyyaml_tags() -> None:
    expected = _shape(yaml.compose(TRICKY, Loader=yaml.SafeLoader))
    assert _shape(yaml.compose(TRICKY, Loader=Loader)) == expected
    # The second pass answers from the cache: still the same.
    assert _shape(yaml.compose(TRICKY, Loader=Loader)) == expected


@given(
    st.from_regex(r"[-+]?[0-9_.:eE]{1,8}", fullmatch=True)
    | st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{0,3})?", fullmatch=True)
)
def test_number_like_scalars_get_pyyaml_tags(text: str) -> None:
    document = f"a: {text}\n"
    try:
        expected = yaml.compose(document, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    assert _shape(yaml.compose(document, Loader=Loader)) == _shape(expected)


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
