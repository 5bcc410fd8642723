"""`okrctl.edit`: appending a check-in to text, on layouts beyond the corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from okrctl.edit.checkins import append_checkin
from okrctl.edit.document import AddCheckin, edit_document
from okrctl.edit.text import EditError
from okrctl.load.document import load_document
from okrctl.load.repo import Document
from okrctl.model import Checkin, Objective

ITEM = "{date: 2026-10-19, value: 66}"
HEAD = "title: T\ntheme: cx\nowner: ana\nkey_results:\n"


def test_checkins_before_other_keys_gets_the_line_inside_the_list() -> None:
    text = HEAD + (
        "  - id: nps\n"
        "    title: NPS\n"
        "    checkins:\n"
        "      - {date: 2026-10-12, value: 60}\n"
        "    initiatives:\n"
        "      - {id: survey, title: Survey}\n"
    )
    assert append_checkin(text, "nps", ITEM) == HEAD + (
        "  - id: nps\n"
        "    title: NPS\n"
        "    checkins:\n"
        "      - {date: 2026-10-12, value: 60}\n"
        f"      - {ITEM}\n"
        "    initiatives:\n"
        "      - {id: survey, title: Survey}\n"
    )


def test_empty_flow_list_inside_a_flow_mapping_gets_the_item_inside() -> None:
    text = HEAD + "  - {id: nps, title: NPS, checkins: []}\n"
    assert append_checkin(text, "nps", ITEM) == HEAD + (
        f"  - {{id: nps, title: NPS, checkins: [{ITEM}]}}\n"
    )


def test_multiline_flow_list_without_trailing_comma_gains_one() -> None:
    text = HEAD + (
        "  - id: nps\n    title: NPS\n    checkins: [\n      {date: 2026-10-12, value: 60}\n    ]\n"
    )
    assert append_checkin(text, "nps", ITEM) == HEAD + (
        "  - id: nps\n"
        "    title: NPS\n"
        "    checkins: [\n"
        "      {date: 2026-10-12, value: 60},\n"
        f"      {ITEM}\n"
        "    ]\n"
    )


def test_last_checkin_with_folded_note_and_trailing_comment() -> None:
    text = HEAD + (
        "  - id: nps\n"
        "    title: NPS\n"
        "    checkins:\n"
        "      - date: 2026-10-12\n"
        "        value: 60\n"
        "        note: >\n"
        "          folded\n"
        "          note\n"
        "\n"
        "# the end\n"
    )
    assert append_checkin(text, "nps", ITEM) == HEAD + (
        "  - id: nps\n"
        "    title: NPS\n"
        "    checkins:\n"
        "      - date: 2026-10-12\n"
        "        value: 60\n"
        "        note: >\n"
        "          folded\n"
        "          note\n"
        f"      - {ITEM}\n"
        "\n"
        "# the end\n"
    )


def test_missing_checkins_in_a_kr_whose_last_field_is_a_literal_block() -> None:
    text = HEAD + ("  - id: nps\n    title: |\n      NPS\n\n  - id: churn\n    title: Churn\n")
    assert append_checkin(text, "nps", ITEM) == HEAD + (
        "  - id: nps\n"
        "    title: |\n"
        "      NPS\n"
        "    checkins:\n"
        f"      - {ITEM}\n"
        "\n"
        "  - id: churn\n"
        "    title: Churn\n"
    )


def test_missing_checkins_copies_an_existing_list_style() -> None:
    # The other key result writes `checkins:` with unindented, wide items: copy that.
    text = HEAD + (
        "  - id: churn\n"
        "    title: Churn\n"
        "    checkins:\n"
        "    -    {date: 2026-10-05, value: 8}\n"
        "  - id: nps\n"
        "    title: NPS\n"
    )
    out = append_checkin(text, "nps", ITEM)
    assert out.endswith(f"    title: NPS\n    checkins:\n    -    {ITEM}\n")


def test_a_mapping_where_a_list_belongs_is_refused() -> None:
    text = HEAD + "  - id: nps\n    title: NPS\n    checkins: {a: 1}\n"
    with pytest.raises(EditError):
        append_checkin(text, "nps", ITEM)


def test_verification_refuses_an_edit_that_reads_back_differently(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Fault injection: make the formatter write another value than the one asked for.
    text = HEAD + "  - id: nps\n    title: NPS\n"
    data = text.encode()
    loaded = load_document("o.yaml", data, Objective)
    assert loaded.source is not None and loaded.model is not None
    before = Document("o", loaded.source, loaded.model)
    monkeypatch.setattr(
        "okrctl.edit.document.checkin_flow", lambda c: "{date: 2026-10-19, value: 67}"
    )
    op = AddCheckin("nps", Checkin(date=dt.date(2026, 10, 19), value=66))
    with pytest.raises(EditError, match="does not read back as the intended change"):
        edit_document(before, data, Objective, [op])


def test_verification_refuses_an_edit_that_breaks_the_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEAD + "  - id: nps\n    title: NPS\n"
    data = text.encode()
    loaded = load_document("o.yaml", data, Objective)
    assert loaded.source is not None and loaded.model is not None
    before = Document("o", loaded.source, loaded.model)
    monkeypatch.setattr("okrctl.edit.document.checkin_flow", lambda c: "{date: [}")
    op = AddCheckin("nps", Checkin(date=dt.date(2026, 10, 19), value=66))
    with pytest.raises(EditError, match="would break o.yaml"):
        edit_document(before, data, Objective, [op])
