"""`okrctl.edit.scalars`: what users type becomes values, values become YAML that reads back."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from okrctl.edit.scalars import (
    check_text,
    checkin_flow,
    parse_bool,
    parse_confidence,
    parse_number,
    yaml_number,
    yaml_string,
)
from okrctl.load.document import load_document
from okrctl.model import Checkin, Kpi
from okrctl.model.errors import OkrctlError


@pytest.mark.parametrize(
    ("text", "value"),
    [("66", 66), ("-3", -3), ("66.5", 66.5), (" 0.25 ", 0.25), (".5", 0.5), ("1e3", 1000.0)],
)
def test_numbers_parse_and_ints_stay_ints(text: str, value: float) -> None:
    parsed = parse_number(text, "value")
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("text", ["", "abc", "12%", "1,5", "nan", "inf", "0x10", "1 2"])
def test_non_numbers_are_refused(text: str) -> None:
    with pytest.raises(OkrctlError, match="must be a number"):
        parse_number(text, "value")


def test_confidence_must_be_between_0_and_1() -> None:
    assert parse_confidence("0.7") == 0.7
    assert parse_confidence("1") == 1
    with pytest.raises(OkrctlError, match="between 0 and 1"):
        parse_confidence("70")
    with pytest.raises(OkrctlError, match="between 0 and 1"):
        parse_confidence("-0.1")


def test_milestone_values() -> None:
    assert parse_bool("true", "v") is True
    assert parse_bool("Done", "v") is True
    assert parse_bool("no", "v") is False
    with pytest.raises(OkrctlError, match="true or false"):
        parse_bool("66", "v")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (66, "66"),
        (66.0, "66.0"),
        (0.7, "0.7"),
        (1e-05, "0.00001"),
        (1e20, "100000000000000000000.0"),
        (True, "true"),
        (False, "false"),
    ],
)
def test_numbers_are_written_so_yaml_reads_the_same_type(value: float, text: str) -> None:
    assert yaml_number(value) == text
    assert yaml.safe_load(f"v: {text}")["v"] == value


@pytest.mark.parametrize(
    "bad",
    ["line\nbreak", "tab\there", "bell\x07", "esc\x1b[31m", "rtl\u202e", "nul\x00", "ls\u2028"],
)
def test_control_characters_are_refused(bad: str) -> None:
    # Named as the loader names them (U+2028 is one of the invisible ones).
    with pytest.raises(OkrctlError, match="(control|invisible) character U\\+"):
        check_text(bad, "the note")


note_text = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\ufffe\uffff",
    ),
    max_size=60,
)


@given(note=note_text, blockers=st.lists(note_text.filter(lambda s: s.strip() != ""), max_size=2))
def test_any_note_round_trips_through_the_loader(note: str, blockers: list[str]) -> None:
    checkin = Checkin(date=dt.date(2026, 10, 19), value=66.5, note=note, blockers=blockers)
    text = (
        "title: ARR\nperspective: financial\nunit: EUR\ntarget: 1\n"
        f"checkins:\n  - {checkin_flow(checkin)}\n"
    )
    loaded = load_document("k.yaml", text.encode(), Kpi)
    assert not loaded.diagnostics
    assert loaded.model is not None and loaded.model.checkins == [checkin]


def test_quotes_and_backslashes_are_escaped() -> None:
    assert yaml_string('say "hi" \\ now') == '"say \\"hi\\" \\\\ now"'
