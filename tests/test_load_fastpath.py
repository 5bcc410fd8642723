"""The fast clean path (`parse_fast`) against the composing path (`parse_composed`).

Wherever the fast path decides a text, its value must be exactly the composing path's
(types included: `True` is not `1`, a date is not a string) and the composing path must
find no problem in it; every text with a finding must be left to the composing path.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from okrctl.load.yamlsafe import MAX_DEPTH, parse, parse_composed, parse_fast

ROOT = Path(__file__).resolve().parent.parent


def typed(value: Any) -> Any:
    """The value with every leaf's type spelled out, so that 1 != True != 1.0."""
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def check_same(text: str) -> bool:
    """Assert the two paths agree on `text`; True when the fast path decided it."""
    fast = parse_fast(text)
    value, problems = parse_composed(text)
    if fast is None:
        assert parse(text) == (value, problems)
        return False
    assert problems == [], text
    assert typed(fast) == typed(value), text
    return True


def _gen_repo() -> Any:
    spec = importlib.util.spec_from_file_location("gen_repo", ROOT / "bench" / "gen_repo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_repo"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_repo_every_file_identical_and_fast(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _gen_repo().generate(repo, 60, seed=3)
    files = sorted(repo.rglob("*.yaml"))
    assert len(files) > 60
    decided = [check_same(f.read_text(encoding="utf-8")) for f in files]
    assert all(decided)  # generated files are clean: none needs the node tree


def _date_paths(value: Any, path: list[str | int]) -> list[list[str | int]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _date_paths(v, [*path, k])]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _date_paths(v, [*path, i])]
    return [path] if isinstance(value, dt.date) else []


def test_the_fast_path_names_the_place_of_every_date(tmp_path: Path) -> None:
    text = "a: 2026-01-02\nl:\n- x\n- {d: 2026-02-03, e: [1, 2026-03-04]}\nb: '2026-01-02'\n"
    dates: list[list[str | int]] = []
    value = parse_fast(text, dates)
    assert dates == [["a"], ["l", 1, "d"], ["l", 1, "e", 1]]
    repo = tmp_path / "repo"
    _gen_repo().generate(repo, 10, seed=4)
    for f in sorted(repo.rglob("*.yaml")):
        dates = []
        value = parse_fast(f.read_text(encoding="utf-8"), dates)
        assert dates == _date_paths(value, [])


def test_example_repo_and_test_data_identical() -> None:
    files = [*(ROOT / "examples").rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")]
    assert files
    for f in files:
        check_same(f.read_text(encoding="utf-8"))


CLEAN = {
    "a: 1\nb: -2\nc: 1.5\nd: 1e3\ne: .inf\nf: 0x1F\ng: 0o17\n": {
        "a": 1,
        "b": -2,
        "c": 1.5,
        "d": 1000.0,
        "e": math.inf,
        "f": 31,
        "g": 15,
    },
    "a: true\nb: False\nc: ~\nd: null\ne:\n": {
        "a": True,
        "b": False,
        "c": None,
        "d": None,
        "e": None,
    },
    "d: 2026-09-30\ns: '2026-09-30'\nq: \"x\"\n": {
        "d": dt.date(2026, 9, 30),
        "s": "2026-09-30",
        "q": "x",
    },
    "l: [1, [2, {a: b}], {}]\nm: {x: [], y: ''}\n": {
        "l": [1, [2, {"a": "b"}], {}],
        "m": {"x": [], "y": ""},
    },
    "no: 1\n017: 2\n'<<': 3\n": {"no": 1, "017": 2, "<<": 3},  # keys are their text
    "t: |\n  two\n  lines\nf: >\n  folded\n  text\n": {"t": "two\nlines\n", "f": "folded text\n"},
    "# comment\n---\na: b # trailing\n...\n": {"a": "b"},
    "a: R&D * 2 !important\n": {"a": "R&D * 2 !important"},
    'a: "tab\\tok"\n': {"a": "tab\tok"},
}


@pytest.mark.parametrize("text", sorted(CLEAN))
def test_clean_texts_decided_with_hand_computed_values(text: str) -> None:
    assert check_same(text)
    assert typed(parse_fast(text)) == typed(CLEAN[text])


HOSTILE = [
    "a: &x 1\nb: *x\n",  # anchor and alias
    "a: &x [1]\n",
    "a: !!str 1\n",  # tags
    "a: !custom x\n",
    "!!map {a: 1}\n",
    "a: yes\n",  # YAML 1.1 boolean
    "a: [on, off]\n",
    "a: 017\n",  # leading zero
    "a: -007\n",
    "<<: {a: 1}\n",  # merge key
    "a: <<\n",
    "a: 1\na: 2\n",  # duplicate key
    'a: "\\e[31m"\n',  # control characters written as escapes
    'a: "\\u202e"\n',
    "a: 2026-09-30T10:00:00Z\n",  # a timestamp, not a date
    "a: 2026-02-30\n",  # not a date at all
    "[1, 2]\n",  # top level not a mapping
    "just text\n",
    "",  # empty
    "# only a comment\n",
    "a: 1\n---\nb: 2\n",  # two documents
    "a: [1, 2\n",  # syntax errors
    "a: b: c\n",
    "? [1]\n: x\n",  # a collection as a key
    "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",  # too deep
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, MAX_DEPTH + 2)),
    "a: " + "1" * 400 + "\n",  # beyond float range
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_texts_agree_and_findings_come_from_the_composing_path(text: str) -> None:
    check_same(text)
    value, problems = parse(text)
    if problems:
        assert parse_fast(text) is None


def test_every_refusal_still_reported_through_parse() -> None:
    codes = {text: [p.code for p in parse(text)[1]] for text in HOSTILE}
    assert codes["a: &x 1\nb: *x\n"] == ["OKR003", "OKR003"]
    assert codes["a: yes\n"] == ["OKR011"]
    assert codes["a: 017\n"] == ["OKR011"]
    assert codes["a: 1\na: 2\n"] == ["OKR002"]
    assert codes['a: "\\e[31m"\n'] == ["OKR005"]
    assert codes["a: !custom x\n"] == ["OKR001"]
    assert codes["<<: {a: 1}\n"] == ["OKR001"]
    assert codes[""] == ["OKR010"]
    assert codes["[1, 2]\n"] == ["OKR010"]
    assert codes["a: 1\n---\nb: 2\n"] == ["OKR001"]
