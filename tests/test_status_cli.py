"""`okrctl status` run as a user runs it, on small repos written to temp dirs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app
from test_status_support import DEFAULT_CONFIG, kr, make_repo, objective

AS_OF = "2026-11-15"  # day 45 of 91: expected 0.4945; green from 0.346, yellow from 0.198


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env or {})
    return result.exit_code, result.stdout, result.stderr


def control_center(root: Path) -> Path:
    """Growth: 'grow' (ana, sales, 0.6, green) and 'ship' (cy, platform, 0.25, yellow);
    customer: 'care' (bo, support, individual, 0.1, red, one stale KR, one overdue initiative).
    """
    late = {"id": "bot", "title": "Chat bot", "owner": "cy", "due": "2026-11-01",
            "status": "in-progress"}  # fmt: skip
    objs = {
        "grow": objective(
            "Grow revenue",
            [kr("a", 0, 100, [("2026-11-10", 80)], weight=2), kr("b", 0, 10, [("2026-11-10", 2)])],
            owner="ana",
        ),
        "ship": objective(
            "Ship weekly", [kr("deploys", 0, 4, [("2026-11-12", 1)], owner="ana")], owner="cy"
        ),
        "care": objective(
            "Care for customers",
            [
                kr("csat", 50, 60, [("2026-11-14", 52)], initiatives=[late]),
                kr("quiet", 0, 10),
            ],
            theme="customer",
            owner="bo",
            level="individual",
        ),
    }
    return make_repo(root, objectives={"2026-q4": objs})


def status_json(root: Path, *args: str) -> dict[str, Any]:
    code, out, _ = run("-C", str(root), "status", "--as-of", AS_OF, "-f", "json", *args)
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data


def objective_ids(data: dict[str, Any]) -> list[str]:
    return [o["id"] for t in data["themes"] for o in t["objectives"]]


def test_table_groups_by_theme_with_status_symbols(tmp_path: Path) -> None:
    code, out, err = run("-C", str(control_center(tmp_path)), "status", "--as-of", AS_OF)
    assert code == 0, err
    assert "OKR Control Center · 2026 Q4 (2026-q4)" in out
    assert "day 45 of 91 · expected progress 49%" in out
    growth, customer = out.index("Growth"), out.index("Customer Experience")
    assert growth < out.index("Grow revenue") < out.index("Ship weekly") < customer
    assert customer < out.index("Care for customers")
    # Symbols as well as colours: ✓ green, ! yellow, ✗ red.
    lines = out.splitlines()
    assert next(x for x in lines if "Grow revenue" in x).startswith("✓")
    assert next(x for x in lines if "Ship weekly" in x).startswith("!")
    care = next(x for x in lines if "Care for customers" in x)
    assert care.startswith("✗") and "10%" in care and "1 stale" in care
    assert "1 overdue" in out
    assert "3 objectives: 1 ✓ green, 1 ! yellow, 1 ✗ red" in out
    assert "1 stale check-in · 1 overdue initiative" in out


def test_table_fits_80_columns_and_has_no_ansi_when_piped(tmp_path: Path) -> None:
    code, out, _ = run("-C", str(control_center(tmp_path)), "status", "--as-of", AS_OF)
    assert code == 0
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert all(line == line.rstrip() for line in out.splitlines())


def test_colour_on_a_terminal_and_none_with_no_color(tmp_path: Path) -> None:
    root = str(control_center(tmp_path))
    _, coloured, _ = run("-C", root, "status", "--as-of", AS_OF, env={"FORCE_COLOR": "1"})
    assert "\x1b[32m" in coloured  # green
    _, plain, _ = run(
        "-C", root, "status", "--as-of", AS_OF, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert "\x1b[32m" not in plain and "\x1b[31m" not in plain
    assert "✓" in plain and "✗" in plain


def test_json_has_the_documented_shape_and_values(tmp_path: Path) -> None:
    data = status_json(control_center(tmp_path))
    assert {"cycle", "as_of", "expected", "themes"} <= data.keys()
    assert (data["cycle"], data["as_of"], data["expected"]) == ("2026-q4", AS_OF, 0.4945)
    growth = data["themes"][0]
    assert {"id", "progress", "status", "objectives"} <= growth.keys()
    grow = growth["objectives"][0]
    assert {"id", "title", "owner", "progress", "status", "key_results"} <= grow.keys()
    # (2 x 0.8 + 1 x 0.2) / 3 = 0.6
    assert (grow["id"], grow["owner"], grow["progress"], grow["status"]) == (
        "grow", "ana", 0.6, "green"
    )  # fmt: skip
    a = grow["key_results"][0]
    assert {"id", "current", "progress", "attainment", "status", "stale"} <= a.keys()
    assert (a["id"], a["current"], a["progress"], a["attainment"], a["stale"]) == (
        "a", 80, 0.8, 0.8, False
    )  # fmt: skip
    # theme: (1 x 0.6 + 1 x 0.25) / 2 = 0.425
    assert (growth["id"], growth["progress"], growth["status"]) == ("growth", 0.425, "green")
    assert data["summary"] == {
        "objectives": 3, "green": 1, "yellow": 1, "red": 1, "not-started": 0, "dropped": 0,
        "stale": 1, "overdue": 1,
    }  # fmt: skip
    assert data["errors"] == []


def test_filter_by_theme_level_and_status(tmp_path: Path) -> None:
    root = control_center(tmp_path)
    assert objective_ids(status_json(root, "--theme", "customer")) == ["care"]
    assert objective_ids(status_json(root, "--level", "individual")) == ["care"]
    assert objective_ids(status_json(root, "--status", "red,yellow")) == ["ship", "care"]
    assert objective_ids(status_json(root, "--status", "red", "--status", "green")) == [
        "grow",
        "care",
    ]


def test_filter_by_team_includes_sub_teams(tmp_path: Path) -> None:
    # support has the sub-team platform; exec holds them all.
    root = control_center(tmp_path)
    assert objective_ids(status_json(root, "--team", "support")) == ["ship", "care"]
    assert objective_ids(status_json(root, "--team", "platform")) == ["ship"]
    assert objective_ids(status_json(root, "--team", "exec")) == ["grow", "ship", "care"]


def test_my_okrs_shows_what_a_person_owns_or_contributes_to(tmp_path: Path) -> None:
    data = status_json(control_center(tmp_path), "--owner", "ana")
    assert objective_ids(data) == ["grow", "ship"]
    ship = data["themes"][0]["objectives"][1]
    assert [k["id"] for k in ship["key_results"]] == ["deploys"]  # only the KR ana owns
    cy = status_json(control_center(tmp_path), "--owner", "cy")
    # cy owns 'ship' and the overdue initiative on care's 'csat' key result
    assert objective_ids(cy) == ["ship", "care"]
    assert [k["id"] for k in cy["themes"][1]["objectives"][0]["key_results"]] == ["csat"]


def test_filter_that_matches_nothing(tmp_path: Path) -> None:
    root = str(control_center(tmp_path))
    code, out, _ = run("-C", root, "status", "--as-of", AS_OF, "--owner", "dee")
    assert code == 0
    assert "No objectives match the filters." in out and "0 objectives" in out


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--theme", "growht", "did you mean 'growth'"),
        ("--team", "suport", "did you mean 'support'"),
        ("--owner", "anna", "did you mean 'ana'"),
        ("--level", "teams", "did you mean 'team'"),
        ("--status", "gren", "did you mean 'green'"),
    ],
)
def test_unknown_filter_value_is_a_usage_error(
    tmp_path: Path, option: str, value: str, hint: str
) -> None:
    root = str(control_center(tmp_path))
    code, out, err = run("-C", root, "status", "--as-of", AS_OF, option, value)
    assert code == 2 and out == ""
    assert f"unknown value '{value}'" in err and hint in err


def test_unknown_cycle_and_no_active_cycle(tmp_path: Path) -> None:
    root = str(control_center(tmp_path))
    code, _, err = run("-C", root, "status", "--cycle", "2026-q3", "--as-of", AS_OF)
    assert code == 2 and "no cycle '2026-q3'" in err and "did you mean '2026-q4'" in err
    code, _, err = run("-C", root, "status", "--as-of", "2027-02-01")
    assert code == 2 and "no active company cycle on 2027-02-01" in err
    code, out, _ = run("-C", root, "status", "--as-of", "2027-02-01", "--cycle", "2026-q4")
    assert code == 0 and "3 objectives: 0 ✓ green, 1 ! yellow, 2 ✗ red" in out


def test_not_started_cycle(tmp_path: Path) -> None:
    objs = {"a": objective("A", [kr("ka")]), "b": objective("B", [kr("kb")], theme="customer")}
    root = str(make_repo(tmp_path, objectives={"2026-q4": objs}))
    code, out, _ = run("-C", root, "status", "--cycle", "2026-q4", "--as-of", "2026-09-01")
    assert code == 0
    assert "not started (starts 2026-10-01)" in out
    assert "\n○   A " in out
    assert "2 objectives: 0 ✓ green, 0 ! yellow, 0 ✗ red, 2 ○ not-started" in out


def test_errors_are_listed_after_the_output_and_exit_1(tmp_path: Path) -> None:
    root = control_center(tmp_path)
    bad = objective("Broken parent", [kr("a", 0, 10, [("2026-11-10", 5)])], parent="nope")
    (root / "cycles/2026-q4/objectives/broken.yaml").write_text(json.dumps(bad))
    code, out, err = run("-C", str(root), "status", "--as-of", AS_OF)
    assert code == 1
    assert "Broken parent" in out and "4 objectives" in out
    assert "broken.yaml:1:" in err and "OKR301" in err and "1 error" in err
    code, out, err = run("-C", str(root), "status", "--as-of", AS_OF, "-f", "json")
    assert code == 1
    errors = json.loads(out)["errors"]
    assert [e["code"] for e in errors] == ["OKR301"]


def test_an_unparsable_file_is_listed_and_the_rest_shown(tmp_path: Path) -> None:
    root = control_center(tmp_path)
    (root / "cycles/2026-q4/objectives/torn.yaml").write_text("title: [unclosed\n")
    code, out, err = run("-C", str(root), "status", "--as-of", AS_OF)
    assert code == 1
    assert "3 objectives" in out and "torn.yaml" in err


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    root = control_center(tmp_path)
    (root / "cycles/2026-q4/notes.txt").write_text("hello")  # OKR013: ignored file
    code, out, err = run("-C", str(root), "status", "--as-of", AS_OF)
    assert code == 0 and "3 objectives" in out
    assert "warning" in err and "okrctl validate" in err


def test_yaml_text_is_escaped_in_every_format(tmp_path: Path) -> None:
    title = "[bold red]Win[/] | *all* :smile: \x1b[31mdeals"
    config = {**DEFAULT_CONFIG, "themes": [{"id": "growth", "name": "G [link]x[/link]"}]}
    make_repo(
        tmp_path,
        objectives={"2026-q4": {"o": objective(title, [kr("a", 0, 10, [("2026-11-10", 5)])])}},
        config=config,
    )
    # The escape written as "\e" in the YAML is an error (OKR005), so the exit code is 1,
    # but the file still loads and its text is shown escaped.
    code, out, _ = run("-C", str(tmp_path), "status", "--as-of", AS_OF)
    assert code == 1
    assert "[bold red]Win[/] |" in out and "\\x1b[31mdeals" in out
    assert "G [link]x[/link]" in out and "\x1b" not in out
    code, md, _ = run("-C", str(tmp_path), "status", "--as-of", AS_OF, "-f", "markdown")
    assert code == 1
    # a word joiner after each `:` keeps GitHub from drawing `:smile:` as an emoji image
    assert "\\[bold red\\]Win\\[/\\] \\| \\*all\\* :\u2060smile: \\\\x1b\\[31mdeals" in md
    assert "## G \\[link\\]x\\[/link\\]" in md
    code, js, _ = run("-C", str(tmp_path), "status", "--as-of", AS_OF, "-f", "json")
    assert json.loads(js)["themes"][0]["objectives"][0]["title"] == title


def test_markdown_table(tmp_path: Path) -> None:
    code, md, _ = run(
        "-C", str(control_center(tmp_path)), "status", "--as-of", AS_OF, "-f", "markdown"
    )
    assert code == 0
    assert md.startswith("# OKR Control Center: 2026 Q4\n")
    assert "## Growth: 42% ✓ green" in md
    assert "| ✓ green | Grow revenue (`grow`) | Ana | 60% | 2 |  |" in md
    assert "| ✗ red | Care for customers (`care`) | Bo | 10% | 2 | 1 stale, 1 overdue |" in md
    assert "**Summary:** 3 objectives: 1 ✓ green, 1 ! yellow, 1 ✗ red" in md
