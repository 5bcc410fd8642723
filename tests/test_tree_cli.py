"""`okrctl tree`: the alignment cascade with progress at each node."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from okrctl.cli.app import app
from test_status_support import Q4, kr, make_repo, objective

AS_OF = "2026-11-15"


def build(root: Path) -> str:
    year = {"name": "2026", "start": "2026-01-01", "end": "2026-12-31"}
    make_repo(
        root,
        cycles={"2026": year, "2026-q4": {**Q4, "parent": "2026"}},
        objectives={
            "2026": {"win": objective("Win the year", [kr("a", 0, 10, [("2026-11-01", 1)])])},
            "2026-q4": {
                "dept": objective("Dept goal", [kr("a", 0, 10, [("2026-11-10", 4)])],
                                  parent="2026/win", level="department"),
                "team": objective("Team goal", [kr("a", 0, 10, [("2026-11-10", 8)])],
                                  parent="dept", level="team"),
                "me": objective("My goal", [kr("a", 0, 10, [("2026-11-10", 2)])],
                                parent="team", level="individual"),
                "lost": objective("Lost team goal", [kr("a")], level="team"),
            },
        },
    )  # fmt: skip
    return str(root)


def test_cascade_as_a_tree(tmp_path: Path) -> None:
    code, out, err = run_tree(build(tmp_path))
    assert code == 0, err
    lines = out.splitlines()
    titles = ("Win the year", "Dept goal", "Team goal", "My goal", "Unaligned", "Lost team")
    order = [next(i for i, x in enumerate(lines) if t in x) for t in titles]
    assert order == sorted(order)
    # Each level is indented one step further.
    indent = [
        lines[i].index(t) for i, t in zip(order[:4], ("Win", "Dept", "Team", "My"), strict=True)
    ]
    assert indent == sorted(indent) and len(set(indent)) == 4
    assert "2026/win · company" in out  # the annual objective shown with its cycle
    assert "40% ↳80%" in out  # dept: own 0.4, its child team 0.8


def run_tree(root: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", root, "tree", "--as-of", AS_OF, *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_tree(tmp_path: Path) -> None:
    code, out, _ = run_tree(build(tmp_path), "-f", "json")
    assert code == 0
    data = json.loads(out)

    def refs(node: dict[str, Any]) -> list[str]:
        return [node["ref"], *(r for c in node["children"] for r in refs(c))]

    assert [refs(n) for n in data["roots"]] == [
        ["2026/win", "2026-q4/dept", "2026-q4/team", "2026-q4/me"]
    ]
    assert [n["ref"] for n in data["unaligned"]] == ["2026-q4/lost"]
    assert data["roots"][0]["in_cycle"] is False
    assert data["roots"][0]["children"][0]["children_progress"] == 0.8


def test_alignment_loop_is_listed_apart_and_fails(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        objectives={
            "2026-q4": {
                "a": objective("Loop A", [kr("k")], parent="b", level="team"),
                "b": objective("Loop B", [kr("k")], parent="a", level="team"),
            }
        },
    )
    code, out, err = run_tree(str(tmp_path))
    assert code == 1
    assert "In an alignment loop" in out and "Loop A" in out and "Loop B" in out
    assert "OKR303" in err
