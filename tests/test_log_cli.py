"""`okrctl log REF`: the audit trail of an objective, key result, KPI or cycle."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from okrctl.cli.app import app
from test_history_support import BO, CONFIG, MALLORY, GitRepo, objective, start_repo

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
ADJ = [("2026-10-20", "target", 75, 70, "survey vendor changed scale")]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def history(path: Path) -> GitRepo:
    g = start_repo(path)
    c1 = [("2026-10-07", 61)]
    c2 = [*c1, ("2026-11-13", 66)]
    g.commit("NPS week 1", "2026-10-07", files={OBJ: objective(checkins=c1)})
    g.commit(
        "Vendor changed the scale",
        "2026-10-20",
        files={OBJ: objective(target=70, checkins=c1, adjustments=ADJ)},
    )
    g.commit(
        "Churn wording",
        "2026-10-21",
        files={
            OBJ: objective(target=70, checkins=c1, adjustments=ADJ).replace(
                "title: Churn", "title: Monthly churn"
            )
        },
    )
    g.commit(
        "NPS mid-November",
        "2026-11-13",
        author=BO,
        files={
            OBJ: objective(target=70, checkins=c2, adjustments=ADJ).replace(
                "title: Churn", "title: Monthly churn"
            )
        },
    )
    return g


def test_log_of_a_key_result_newest_first_with_semantic_changes(tmp_path: Path) -> None:
    g = history(tmp_path / "r")
    code, out, _ = run("-C", str(g.path), "log", "cx-leader/nps")
    assert code == 0
    blocks = out.strip().split("\n\n")
    # The churn-only commit is not part of the NPS trail.
    assert [b.splitlines()[1].strip() for b in blocks] == [
        "NPS mid-November",
        "Vendor changed the scale",
        "NPS week 1",
        "Plan Q4",
    ]
    assert "2026-11-13  Bo Chen <bo@acme.test>" in blocks[0]
    assert "- check-in 2026-11-13: 61 → 66" in blocks[0]
    assert '- target 75 → 70 (adjustment: "survey vendor changed scale")' in blocks[1]
    assert "- check-in 2026-10-07: 58 → 61" in blocks[2]
    assert '- added: "NPS" (58 → 75)' in blocks[3]


def test_log_of_an_objective_includes_every_key_result(tmp_path: Path) -> None:
    g = history(tmp_path / "r")
    code, out, _ = run("-C", str(g.path), "log", "2026-q4/cx-leader", "-n", "2")
    assert code == 0
    assert '2026-q4/cx-leader/churn: title changed to "Monthly churn"' in out
    assert out.count("\n\n") == 1  # two commits


def test_checkin_by_someone_else_than_the_owner_warns(tmp_path: Path) -> None:
    g = history(tmp_path / "r")
    _, out, _ = run("-C", str(g.path), "log", "cx-leader/nps")
    assert (
        "warning OKR706 check-in committed by bo, not the owner or a contributor (ana)"
        in " ".join(out.split())
    )
    # Ana (matched by her email in okrctl.yaml) is the owner: her check-in has no warning.
    assert out.count("OKR706") == 1


def test_contributors_and_unknown_authors(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit(
        "bo",
        "2026-10-07",
        author=BO,
        files={OBJ: objective(contributors=["bo"], checkins=[("2026-10-07", 60)])},
    )
    g.commit(
        "?",
        "2026-10-14",
        author=MALLORY,
        files={
            OBJ: objective(contributors=["bo"], checkins=[("2026-10-07", 60), ("2026-10-14", 61)])
        },
    )
    _, out, _ = run("-C", str(g.path), "log", "cx-leader/nps")
    flat = " ".join(out.split())
    assert (
        "check-in committed by Mallory <mallory@evil.test>, "
        "not the owner or a contributor (ana, bo)" in flat
    )
    assert out.count("OKR706") == 1


def test_backdated_checkins_warn(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    # Dated 2026-10-07 but committed 2026-10-20: 13 days later, more than a week.
    g.commit("late", "2026-10-20", files={OBJ: objective(checkins=[("2026-10-07", 60)])})
    # Seven days later is still within one weekly period.
    g.commit(
        "ok",
        "2026-10-21",
        files={OBJ: objective(checkins=[("2026-10-07", 60), ("2026-10-14", 61)])},
    )
    _, out, _ = run("-C", str(g.path), "log", "cx-leader/nps")
    flat = " ".join(out.split())
    assert "OKR705 check-in dated 2026-10-07 committed 2026-10-20, 13 days later" in flat
    assert out.count("OKR705") == 1


def test_settings_rules_set_the_severity_of_log_warnings(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    # Back-dated by 13 days (OKR705) and committed by Bo, not the owner Ana (OKR706).
    g.commit(
        "late, by bo",
        "2026-10-20",
        author=BO,
        files={OBJ: objective(checkins=[("2026-10-07", 60)])},
    )
    _, out, _ = run("-C", str(g.path), "log", "cx-leader/nps")
    assert out.count("warning OKR705") == 1 and out.count("warning OKR706") == 1

    off = CONFIG + 'settings:\n  rules: {OKR705: "off", okr706: "off"}\n'
    g.commit("quiet", "2026-10-21", files={"okrctl.yaml": off})
    _, out, _ = run("-C", str(g.path), "log", "cx-leader/nps")
    assert "OKR705" not in out and "OKR706" not in out
    _, out, _ = run("-C", str(g.path), "log", "cx-leader/nps", "-f", "json")
    assert [c["warnings"] for c in json.loads(out)["commits"]] == [[], []]

    loud = CONFIG + 'settings:\n  rules: {OKR705: error, OKR706: "off"}\n'
    g.commit("strict", "2026-10-22", files={"okrctl.yaml": loud})
    _, out, _ = run("-C", str(g.path), "log", "cx-leader/nps")
    assert out.count("error OKR705") == 1 and "OKR706" not in out


def test_log_follows_a_renamed_objective(tmp_path: Path) -> None:
    g = history(tmp_path / "r")
    g.git("mv", OBJ, "cycles/2026-q4/objectives/cx-best.yaml")
    g.commit("Rename", "2026-11-14")
    code, out, _ = run("-C", str(g.path), "log", "cx-best")
    assert code == 0
    assert "renamed from cx-leader" in out
    assert "Plan Q4" in out  # history before the rename is still there
    code, out, _ = run("-C", str(g.path), "log", "cx-best/nps")
    assert "check-in 2026-10-07: 58 → 61" in out


def test_log_of_a_cycle_and_json(tmp_path: Path) -> None:
    g = history(tmp_path / "r")
    code, out, _ = run("-C", str(g.path), "log", "2026-q4", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "cycle"
    assert [c["subject"] for c in data["commits"]] == [
        "NPS mid-November",
        "Churn wording",
        "Vendor changed the scale",
        "NPS week 1",
        "Plan Q4",
    ]
    assert data["commits"][0]["warnings"][0]["code"] == "OKR706"
    assert data["commits"][0]["author"] == "Bo Chen"


def test_unknown_and_ambiguous_refs(tmp_path: Path) -> None:
    g = history(tmp_path / "r")
    g.commit(
        "Q1",
        "2026-11-20",
        files={
            "cycles/2027-q1/cycle.yaml": "name: Q1\nstart: 2027-01-01\nend: 2027-03-31\n",
            "cycles/2027-q1/objectives/cx-leader.yaml": objective(),
        },
    )
    code, _, err = run("-C", str(g.path), "log", "nope")
    assert code == 2 and "no cycle, objective or KPI 'nope' in any cycle" in err
    code, _, err = run("-C", str(g.path), "log", "cx-leader")
    assert code == 2 and "ambiguous" in err and "2026-q4/cx-leader" in err
    code, out, _ = run("-C", str(g.path), "log", "2027-q1/cx-leader")
    assert code == 0 and "Q1" in out


def test_commit_subjects_with_control_characters_are_made_visible(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit(
        "evil \x1b[31mred", "2026-10-07", files={OBJ: objective(checkins=[("2026-10-07", 60)])}
    )
    _, out, _ = run("-C", str(g.path), "log", "cx-leader/nps")
    assert "\x1b" not in out and "\\x1b[31mred" in out


def test_each_change_names_its_item_unless_the_log_is_of_that_item(tmp_path: Path) -> None:
    # The newest commit touches one key result only: `-n 1` of the repo or of the objective
    # still says which (the line lost its name when the entries shown touched one item).
    g = history(tmp_path / "r")
    newest = "check-in 2026-11-13: 61 → 66"
    for args in (["log", "-n", "1"], ["log", "cx-leader", "-n", "1"]):
        code, out, _ = run("-C", str(g.path), *args)
        assert code == 0
        assert f"  - 2026-q4/cx-leader/nps: {newest}\n" in out, args
    code, out, _ = run("-C", str(g.path), "log", "cx-leader/nps", "-n", "1")
    assert f"  - {newest}\n" in out
    code, out, _ = run("-C", str(g.path), "log", "cx-leader", "-n", "1", "--format", "markdown")
    assert "2026\\-q4/cx\\-leader/nps: check\\-in 2026\\-11\\-13: 61 → 66" in out
