"""The JSON of a view is written a piece at a time (a 10,000-objective status is 22 MB of
it): the same text as one `json_text`."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app
from okrctl.render.escape import json_text, write_json


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"themes": []},
        {"a": [1, {"b": "x##[y\u2028z"}, []], "c": None, "d": {"e": [1.5, True]}, "f": "##["},
        {"errors": [{"file": "a.yaml", "line": 1}], "themes": [{"id": "cx"}, {"id": "g"}]},
        {1: "an int key"},
        ["a", "list"],
    ],
)
def test_json_written_in_pieces_is_the_one_text(data: object) -> None:
    out = io.StringIO()
    write_json(data, out, None)
    assert out.getvalue() == json_text(data, None)
    assert "##[" not in out.getvalue()
    assert json.loads(out.getvalue()) == json.loads(json.dumps(data))


def test_status_json_is_unchanged_by_the_pieces(write_repo: WriteRepo) -> None:
    root = write_repo()
    result = CliRunner().invoke(
        app, ["-C", str(root), "status", "--format", "json"], env={"OKRCTL_TODAY": "2026-11-28"}
    )
    data = json.loads(result.stdout)
    assert result.stdout == json_text(data, None) + "\n"
    assert [t["id"] for t in data["themes"]] == ["cx", "growth"]
    assert dt.date.fromisoformat(data["as_of"]) == dt.date(2026, 11, 28)
