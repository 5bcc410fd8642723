"""`okrctl diff` on real git repositories: classification, policy, score effect, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app
from test_history_support import (
    BO,
    CONFIG,
    Q3_CLOSED,
    Q4,
    GitRepo,
    objective,
    start_repo,
)

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
WEEKS = [("2026-10-07", 60), ("2026-10-14", 61), ("2026-10-21", 63), ("2026-10-28", 66)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def weekly_repo(path: Path) -> tuple[GitRepo, list[str]]:
    """Four weekly check-in commits of NPS after the planning commit."""
    g = start_repo(path)
    shas = [g.git("rev-parse", "HEAD")]
    for i, (day, _) in enumerate(WEEKS):
        shas.append(
            g.commit(f"NPS week {i + 1}", day, files={OBJ: objective(checkins=WEEKS[: i + 1])})
        )
    return g, shas


def test_weekly_checkins_are_progress_with_value_deltas(tmp_path: Path) -> None:
    g, shas = weekly_repo(tmp_path / "r")
    code, out, err = run("-C", str(g.path), "diff", shas[0], shas[-1], "--as-of", "2026-10-28")
    assert code == 0, err
    assert "0 goal changes, 4 progress updates, 0 history rewrites" in out
    # Each check-in shows the value it moved from: the baseline 58, then the previous one.
    for line in (
        "check-in 2026-10-07: 58 → 60",
        "check-in 2026-10-14: 60 → 61",
        "check-in 2026-10-21: 61 → 63",
        "check-in 2026-10-28: 63 → 66",
    ):
        assert line in out
    # NPS 58 → 66 of 75 is 8/17 = 47%; churn has no check-in (0%): the objective is 24%.
    # Expected on 2026-10-28 is 27/91 = 0.297: green from 0.7 x 0.297 = 0.208, so green.
    assert "objective 2026-q4/cx-leader: 0% red → 24% green" in out
    assert "theme 2026-q4/cx: 0% red → 24% green" in out


def test_check_passes_on_routine_progress(tmp_path: Path) -> None:
    g, shas = weekly_repo(tmp_path / "r")
    code, _, _ = run(
        "-C", str(g.path), "diff", f"{shas[0]}...{shas[-1]}", "--check", "--as-of", "2026-10-28"
    )
    assert code == 0


def test_target_change_with_reason_passes_without_fails(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    base = g.git("rev-parse", "HEAD")
    adj = [("2026-10-20", "target", 75, 70, "survey vendor changed scale")]
    g.commit("Lower target", "2026-10-20", files={OBJ: objective(target=70, adjustments=adj)})
    code, out, _ = run("-C", str(g.path), "diff", base, "HEAD", "--check", "--as-of", "2026-10-20")
    assert code == 0
    assert 'target 75 → 70 (adjustment: "survey vendor changed scale")' in out

    g.commit(
        "Lower again, silently", "2026-10-27", files={OBJ: objective(target=65, adjustments=adj)}
    )
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-27"
    )
    assert code == 1
    assert "target 70 → 65 (no adjustment)" in out
    # The violation points at the target line of the KR (line 9 of the file).
    assert f"{OBJ}:9:5: error OKR701" in out
    # Without --check the same diff only reports.
    code, _, _ = run("-C", str(g.path), "diff", "HEAD~1", "HEAD", "--as-of", "2026-10-27")
    assert code == 0


def test_target_change_before_the_cycle_starts_needs_no_adjustment(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit("Replan", "2026-09-20", files={OBJ: objective(target=70)})
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-09-20"
    )
    assert code == 0, out


def test_history_rewrites_are_flagged(tmp_path: Path) -> None:
    g, _ = weekly_repo(tmp_path / "r")
    edited = [("2026-10-07", 60), ("2026-10-14", 64), ("2026-10-21", 63), ("2026-10-28", 66)]
    g.commit("Fix a value", "2026-10-29", files={OBJ: objective(checkins=edited)})
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-29"
    )
    assert code == 1
    assert "check-in 2026-10-14 edited: value 61 → 64" in out
    assert "OKR703" in out

    deleted = [("2026-10-07", 60), ("2026-10-21", 63), ("2026-10-28", 66)]
    g.commit("Drop one", "2026-10-30", files={OBJ: objective(checkins=deleted)})
    _, out, _ = run("-C", str(g.path), "diff", "HEAD~1", "HEAD", "--as-of", "2026-10-30")
    assert "check-in 2026-10-14 deleted (value 64)" in out

    inserted = [("2026-10-07", 60), ("2026-10-10", 59), ("2026-10-21", 63), ("2026-10-28", 66)]
    g.commit("Back-fill", "2026-10-31", files={OBJ: objective(checkins=inserted)})
    _, out, _ = run("-C", str(g.path), "diff", "HEAD~1", "HEAD", "--as-of", "2026-10-31")
    assert "check-in 2026-10-10 inserted before 2026-10-28" in out
    assert "1 history rewrite," in out


def test_rename_is_reported_as_rename(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.git("mv", OBJ, "cycles/2026-q4/objectives/cx-best.yaml")
    g.commit("Rename", "2026-10-05")
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-05"
    )
    assert code == 0  # a rename is not a removal
    assert "2026-q4/cx-best" in out and "renamed from cx-leader (same content)" in out
    assert "removed" not in out and "added" not in out


def test_removing_an_objective_from_an_active_cycle_fails(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit("Drop it", "2026-10-05", files={OBJ: None})
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-05"
    )
    assert code == 1
    assert 'removed: "Customer satisfaction"' in out
    assert "OKR704" in out


def test_any_change_in_a_closed_cycle_fails(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "r")
    q3 = "cycles/2026-q3/objectives/old.yaml"
    g.commit(
        "Q3",
        "2026-07-01",
        files={"okrctl.yaml": CONFIG, "cycles/2026-q3/cycle.yaml": Q3_CLOSED, q3: objective()},
    )
    g.commit("Polish the past", "2026-10-05", files={q3: objective(title="Better title")})
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-05"
    )
    assert code == 1
    assert "OKR702" in out and "cycle 2026-q3 is closed" in out


def test_validation_errors_in_head_fail_the_check(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.commit(
        "Bad theme", "2026-10-05", files={OBJ: objective().replace("theme: cx", "theme: nope")}
    )
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-05"
    )
    assert code == 1
    assert "theme cx → nope" in out
    assert "OKR202" in out


def test_check_fails_only_for_errors_the_change_brings_in(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    other = "cycles/2026-q4/objectives/other.yaml"
    bad = objective().replace("theme: cx", "theme: nope")
    g.commit("A broken objective lands", "2026-10-05", files={other: bad})
    # Routine progress on top of a base that already has the broken file: the change is fine.
    g.commit("NPS", "2026-10-07", files={OBJ: objective(checkins=[("2026-10-07", 61)])})
    args = ["-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-07"]
    code, out, _ = run(*args)
    assert code == 0
    assert "Validation errors already in the base (context):" in out
    assert "other.yaml" in out and "OKR202" in out
    assert "brings in" not in out
    # --all judges HEAD whole, as before.
    assert run(*args, "--all")[0] == 1
    # A change that adds a second broken file fails, for that file only.
    g.commit("Another", "2026-10-08", files={"cycles/2026-q4/objectives/third.yaml": bad})
    code, out, _ = run(*args[:-1], "2026-10-08", "-f", "json")
    data = json.loads(out)
    assert code == 1
    assert [(e["file"].rsplit("/", 1)[-1], e["code"]) for e in data["errors"]] == [
        ("third.yaml", "OKR202")
    ]
    assert [e["file"].rsplit("/", 1)[-1] for e in data["preexisting"]] == ["other.yaml"]
    _, md, _ = run(*args[:-1], "2026-10-08", "-f", "markdown")
    assert "| errors already in the base | 1 |" in md
    assert "#### Already in the base (context, not counted)" in md


def test_default_compares_head_with_the_working_tree(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.write({OBJ: objective(checkins=[("2026-10-07", 62)])})  # not committed
    code, out, _ = run("-C", str(g.path), "diff", "--as-of", "2026-10-07")
    assert code == 0
    assert out.splitlines()[0].endswith("→ working tree")
    assert "check-in 2026-10-07: 58 → 62" in out
    # --staged compares with the index: nothing staged yet, so nothing changed.
    _, out, _ = run("-C", str(g.path), "diff", "--staged", "--as-of", "2026-10-07")
    assert "no changes to the strategy" in out
    g.git("add", OBJ)
    _, out, _ = run("-C", str(g.path), "diff", "--staged", "--as-of", "2026-10-07")
    assert "check-in 2026-10-07: 58 → 62" in out


def test_default_base_is_the_merge_base_with_upstream(tmp_path: Path) -> None:
    upstream = start_repo(tmp_path / "up")
    clone = GitRepo(tmp_path / "clone", init=False)
    clone.path.mkdir()
    clone.git("clone", "-q", str(upstream.path), ".")
    upstream.commit(
        "Upstream moves on", "2026-10-06", files={OBJ: objective(title="Upstream edit")}
    )
    clone.git("fetch", "-q")
    clone.commit("Mine", "2026-10-07", files={OBJ: objective(checkins=[("2026-10-07", 61)])})
    code, out, _ = run("-C", str(clone.path), "diff", "--as-of", "2026-10-07")
    assert code == 0
    assert "merge base with @{upstream}" in out
    # The upstream's own change is not part of this branch's change.
    assert "Upstream edit" not in out
    assert "check-in 2026-10-07: 58 → 61" in out
    _, out, _ = run("-C", str(clone.path), "diff", "origin/main...HEAD", "--as-of", "2026-10-07")
    assert "Upstream edit" not in out and "58 → 61" in out
    _, out, _ = run("-C", str(clone.path), "diff", "origin/main..HEAD", "--as-of", "2026-10-07")
    assert 'title changed to "Customer satisfaction"' in out


def test_strategy_repo_in_a_sub_folder_on_a_detached_head(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "mono")
    g.commit("code", "2026-09-01", files={"src/app.py": "print()\n"})
    g.commit(
        "strategy",
        "2026-10-01",
        files={"okrctl.yaml": CONFIG, "cycles/2026-q4/cycle.yaml": Q4, OBJ: objective()},
        under="strategy",
    )
    g.commit(
        "check-in",
        "2026-10-07",
        files={OBJ: objective(checkins=[("2026-10-07", 60)])},
        under="strategy",
    )
    g.git("checkout", "-q", "--detach", "HEAD")
    root = str(g.path / "strategy")
    code, out, err = run("-C", root, "diff", "HEAD~1", "HEAD", "--as-of", "2026-10-07")
    assert code == 0, err
    assert "check-in 2026-10-07: 58 → 60" in out
    code, out, _ = run("-C", root, "diff", "HEAD~2", "HEAD", "--as-of", "2026-10-07")
    assert 'added: "Customer satisfaction"' in out


def test_no_commits_yet_is_a_clear_usage_error(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "r")
    g.write({"okrctl.yaml": CONFIG})
    code, out, err = run("-C", str(g.path), "diff")
    assert code == 2 and out == ""
    assert "no commits yet" in err and "Traceback" not in err


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "okrctl.yaml").write_text(CONFIG)
    code, _, err = run("-C", str(tmp_path), "diff")
    assert code == 2
    assert "not inside a git repository" in err


def test_unknown_revision(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    code, _, err = run("-C", str(g.path), "diff", "nope")
    assert code == 2
    assert "unknown revision 'nope'" in err


def test_shallow_clone_says_what_to_fetch(tmp_path: Path) -> None:
    g, shas = weekly_repo(tmp_path / "r")
    shallow = GitRepo(tmp_path / "shallow", init=False)
    shallow.path.mkdir()
    shallow.git("clone", "-q", "--depth", "1", f"file://{g.path}", ".")
    code, _, err = run("-C", str(shallow.path), "diff", shas[0], "HEAD")
    assert code == 2
    assert "shallow clone" in err and "fetch-depth: 0" in err and "git fetch --unshallow" in err
    assert "Traceback" not in err
    # What the shallow history holds still works.
    code, out, _ = run("-C", str(shallow.path), "diff", "HEAD", "--as-of", "2026-10-28")
    assert code == 0 and "no changes to the strategy" in out


def test_json_format(tmp_path: Path) -> None:
    g, shas = weekly_repo(tmp_path / "r")
    code, out, _ = run(
        "-C", str(g.path), "diff", shas[3], shas[4], "-f", "json", "--as-of", "2026-10-28"
    )
    data = json.loads(out)
    assert data["summary"] == {
        "progress": 1,
        "goal": 0,
        "rewrite": 0,
        "other": 0,
        "measurement": 0,
    }
    [change] = data["changes"]
    assert change["ref"] == "2026-q4/cx-leader/nps"
    assert change["field"] == "checkin"
    assert change["file"] == OBJ
    scores = {s["ref"]: s for s in data["scores"]}
    # 63 → 66: NPS 5/17 → 8/17, objective half of it: 0.147 → 0.235.
    assert round(scores["2026-q4/cx-leader"]["before"], 3) == 0.147
    assert round(scores["2026-q4/cx-leader"]["after"], 3) == 0.235


def test_github_format_annotates_violations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = start_repo(tmp_path / "r")
    monkeypatch.chdir(g.path)  # annotation paths are relative to the working directory
    g.commit("Silent", "2026-10-08", author=BO, files={OBJ: objective(target=80)})
    code, out, _ = run(
        "-C",
        str(g.path),
        "diff",
        "HEAD~1",
        "HEAD",
        "-f",
        "github",
        "--check",
        "--as-of",
        "2026-10-08",
    )
    assert code == 1
    assert out.splitlines()[0].startswith(f"::error file={OBJ},line=9,col=5,title=OKR701::")


def test_an_adjustment_with_a_blank_reason_does_not_count(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    blank = [("2026-10-20", "target", 75, 70, "  ")]
    g.commit("Lower target", "2026-10-20", files={OBJ: objective(target=70, adjustments=blank)})
    code, out, _ = run(
        "-C", str(g.path), "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-20"
    )
    assert code == 1
    assert "target 75 → 70 (no adjustment)" in out and "OKR701" in out
