"""`okrctl cycle new|close|list`: real repos in temp dirs, round trips through validate."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "strategy-repo"
ENV: dict[str, str | None] = {"COLUMNS": "80", "FORCE_COLOR": None, "NO_COLOR": None}


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["-C", str(root), *args], env=ENV)


def new_q1(root: Path, *extra: str) -> Any:
    return run(
        root,
        "cycle",
        "new",
        "2027-q1",
        "--start",
        "2027-01-01",
        "--end",
        "2027-03-31",
        "--from",
        "2026-q4",
        "--carry-over",
        *extra,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def validate_clean(root: Path, as_of: str) -> None:
    result = run(root, "validate", "--as-of", as_of)
    assert result.exit_code == 0, result.stdout + result.stderr


# -- cycle new ---------------------------------------------------------------------------


def test_new_cycle_writes_cycle_yaml_with_modeline(write_repo: WriteRepo) -> None:
    root = write_repo()
    result = run(
        root,
        "cycle",
        "new",
        "2027-q1",
        "--start",
        "2027-01-01",
        "--end",
        "2027-03-31",
        "--name",
        "Q1 2027",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created cycles/2027-q1/cycle.yaml\n"
    text = (root / "cycles/2027-q1/cycle.yaml").read_text(encoding="utf-8")
    # No file of the repo has a modeline: point at <repo>/schemas, two folders up.
    assert text.startswith("# yaml-language-server: $schema=../../schemas/cycle.schema.json\n")
    assert yaml.safe_load(text) == {
        "name": "Q1 2027",
        "start": dt.date(2027, 1, 1),
        "end": dt.date(2027, 3, 31),
        "scope": "company",
    }
    validate_clean(root, "2027-01-05")


def test_new_cycle_copies_the_modeline_of_existing_files(tmp_path: Path) -> None:
    root = tmp_path / "ex"
    shutil.copytree(EXAMPLE, root)
    result = run(root, "cycle", "new", "2027-q1", "--start", "2027-01-01", "--end", "2027-03-31")
    assert result.exit_code == 0, result.stderr
    first = (root / "cycles/2027-q1/cycle.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../../schemas/cycle.schema.json"


KPI_DOWN = """\
    title: Churn
    perspective: customer
    owner: ana
    unit: "%"
    baseline: 8
    target: 3
    checkins:
      - {date: 2026-10-31, value: 5}
      - {date: 2026-11-30, value: 2.5, note: beat it}
    """
CARRY = {
    "cycles/2026-q4/kpis/churn.yaml": KPI_DOWN,
    "cycles/2026-q4/objectives/cx-leader.yaml": """\
        # A comment that stays in the source file.
        title: Delight customers
        theme: cx
        owner: ana
        key_results:
          - id: nps
            title: NPS
            unit: points
            baseline: 58
            target: 75
            initiatives:
              - {id: survey, title: Survey, owner: bo, due: 2026-11-30, status: done}
              - {id: panel, title: Panel, owner: bo, due: 2026-12-15, status: in-progress}
            adjustments:
              - {date: 2026-11-02, field: target, from: 80, to: 75, reason: Vendor changed}
            checkins:
              - {date: 2026-10-07, value: 60}
              - {date: 2026-11-07, value: 66, confidence: 0.6}
          - {id: response, title: Response time, unit: hours, baseline: 24, target: 4, checkins: [{date: 2026-11-07, value: 3}]}
          - {id: portal, title: Portal live, unit: done, direction: milestone}
        """,  # noqa: E501
    "cycles/2026-q4/objectives/growth-done.yaml": """\
        title: Grow
        theme: growth
        owner: cy
        key_results:
          - {id: a, title: A, unit: x, baseline: 0, target: 1, checkins: [{date: 2026-11-07, value: 1}]}
        """,  # noqa: E501
}


def test_new_cycle_from_previous_copies_kpis_with_last_value(write_repo: WriteRepo) -> None:
    root = write_repo(CARRY)
    result = run(
        root,
        "cycle",
        "new",
        "2027-q1",
        "--start",
        "2027-01-01",
        "--end",
        "2027-03-31",
        "--from",
        "2026-q4",
    )
    assert result.exit_code == 0, result.stderr
    kpi = yaml.safe_load((root / "cycles/2027-q1/kpis/churn.yaml").read_text(encoding="utf-8"))
    assert kpi["baseline"] == 2.5 and kpi["checkins"] == [] and kpi["target"] == 3
    # 2.5 -> 3 would read as an increase: the direction is written out.
    assert kpi["direction"] == "decrease"
    assert not (root / "cycles/2027-q1/objectives").exists()


def test_carry_over_copies_unfinished_key_results(write_repo: WriteRepo) -> None:
    root = write_repo(CARRY)
    result = new_q1(root)
    assert result.exit_code == 0, result.stderr
    folder = root / "cycles/2027-q1/objectives"
    assert sorted(p.name for p in folder.iterdir()) == ["cx-leader.yaml"]  # growth was done
    text = (folder / "cx-leader.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/objective.schema.json")
    obj = yaml.safe_load(text)
    assert obj["carried_from"] == "2026-q4/cx-leader"
    assert [k["id"] for k in obj["key_results"]] == ["nps", "portal"]  # response met its target
    nps = obj["key_results"][0]
    assert nps["baseline"] == 66 and nps["target"] == 75
    assert "checkins" not in nps and "adjustments" not in nps
    assert [i["id"] for i in nps["initiatives"]] == ["panel"]  # the done one stays behind
    assert "baseline" not in obj["key_results"][1]  # a milestone has none
    # Carried objectives may have too few key results (a warning by default): no errors.
    checked = run(root, "validate", "--as-of", "2027-01-05")
    assert checked.exit_code == 0, checked.stdout
    assert "OKR205" in checked.stdout
    assert "finding" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-q4", "--start", "2027-01-01", "--end", "2027-03-31"], "already exists"),
        (
            [
                "2026-q4",
                "--start",
                "2027-01-01",
                "--end",
                "2027-03-31",
                "--from",
                "2026-q4",
                "--carry-over",
            ],
            "already exists",
        ),
        (["2027-q1", "--start", "2027-03-31", "--end", "2027-01-01"], "before it starts"),
        (
            ["2027-q1", "--start", "2027-01-01", "--end", "2027-03-31", "--carry-over"],
            "--carry-over needs --from",
        ),
        (
            ["2027-q1", "--start", "2027-01-01", "--end", "2027-03-31", "--from", "2026-q9"],
            "no cycle '2026-q9'",
        ),
        (
            ["2027-q1", "--start", "2027-01-01", "--end", "2027-03-31", "--parent", "2026-q4"],
            "must contain",
        ),
        (["q_1", "--start", "2027-01-01", "--end", "2027-03-31"], "letters, digits and '-'"),
        (
            ["2027-q1", "--start", "2027-01-01", "--end", "2027-03-31", "--scope", "team"],
            "needs --team",
        ),
        (
            [
                "2027-q1",
                "--start",
                "2027-01-01",
                "--end",
                "2027-03-31",
                "--scope",
                "team",
                "--team",
                "nope",
            ],
            "unknown team",
        ),
        (["2026-q4b", "--start", "2026-12-01", "--end", "2027-02-28"], "overlaps cycle 2026-q4"),
        (["2027-q1", "--start", "2027-13-01", "--end", "2027-03-31"], "2027-13-01"),
    ],
)
def test_new_cycle_errors_write_nothing(
    write_repo: WriteRepo, args: list[str], message: str
) -> None:
    root = write_repo(CARRY)
    before = snapshot(root)
    result = run(root, "cycle", "new", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(root) == before
    assert not [p for p in (root / "cycles").iterdir() if p.name.startswith(".")]


# -- cycle close -------------------------------------------------------------------------

CLOSE = {
    "cycles/2026-q4/objectives/cx-leader.yaml": """\
        # The NPS objective. Comments and layout survive closing.
        title: Delight customers   # inline comment
        theme: cx
        owner: ana
        key_results:
          - id: nps
            title: NPS
            unit: points
            baseline: 58
            target: 75
            weight: 2
            checkins:
              - {date: 2026-10-07, value: 60}
              - {date: 2026-12-20, value: 70.5}
          - {id: response, title: Response time, unit: hours, baseline: 24, target: 4, checkins: [{date: 2026-11-07, value: 3}]}
          - id: churn
            title: Churn
            unit: "%"
            baseline: 8
            target: 3
        """,  # noqa: E501
}


def test_close_records_final_scores_minimally(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    path = root / "cycles/2026-q4/objectives/cx-leader.yaml"
    old = path.read_text(encoding="utf-8")
    result = run(root, "cycle", "close", "2026-q4", "--as-of", "2027-01-02")
    assert result.exit_code == 0, result.stderr
    new = path.read_text(encoding="utf-8")
    added = [line for line in new.splitlines() if line not in old.splitlines()]
    # nps: (70.5 - 58) / 17 = 0.735 -> 0.74 (x2); response met -> 1; churn 0.
    # objective: (0.74 x 2 + 1 + 0) / 4 = 0.62.
    assert added == [
        "final_score: 0.62",
        "    final_score: 0.74",
        "  - {id: response, title: Response time, unit: hours, baseline: 24, target: 4, "
        "checkins: [{date: 2026-11-07, value: 3}], final_score: 1}",
        "    final_score: 0",
    ]
    assert "title: Delight customers   # inline comment\nfinal_score: 0.62\n" in new
    assert len(new.splitlines()) == len(old.splitlines()) + 3
    cycle = (root / "cycles/2026-q4/cycle.yaml").read_text(encoding="utf-8")
    assert cycle.endswith("end: 2026-12-31\nstatus: closed\n")
    retro = (root / "reviews/2026-q4/retrospective.md").read_text(encoding="utf-8")
    assert retro.startswith("# Retrospective: Q4 2026\n")
    assert "## Customer Experience Transformation: 0.62" in retro
    assert "### What worked" in retro and "### What did not" in retro
    assert "Average key result score: 0.58 over 3 key results" in retro
    validate_clean(root, "2027-01-05")


def test_closing_twice_early_or_broken_fails_cleanly(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    before = snapshot(root)
    early = run(root, "cycle", "close", "2026-q4", "--as-of", "2026-12-30")
    assert early.exit_code == 2 and "needs --force" in early.stderr
    assert snapshot(root) == before
    unknown = run(root, "cycle", "close", "2026-q9", "--as-of", "2027-01-02")
    assert unknown.exit_code == 2 and "no cycle '2026-q9'" in unknown.stderr
    broken = write_repo({**CLOSE, "cycles/2026-q4/objectives/bad.yaml": "title: [\n"})
    before = snapshot(broken)
    result = run(broken, "cycle", "close", "2026-q4", "--as-of", "2027-01-02")
    assert result.exit_code == 2 and "bad.yaml" in result.stderr
    assert snapshot(broken) == before
    (broken / "cycles/2026-q4/objectives/bad.yaml").unlink()
    assert run(broken, "cycle", "close", "2026-q4", "--as-of", "2027-01-02").exit_code == 0
    closed = snapshot(broken)
    twice = run(broken, "cycle", "close", "2026-q4", "--as-of", "2027-01-03")
    assert twice.exit_code == 2 and "already closed" in twice.stderr
    assert snapshot(broken) == closed


def test_force_closes_early_and_keeps_an_existing_retrospective(write_repo: WriteRepo) -> None:
    root = write_repo({**CLOSE, "reviews/2026-q4/retrospective.md": "ours\n"})
    result = run(root, "cycle", "close", "2026-q4", "--force", "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert "kept reviews/2026-q4/retrospective.md" in result.stdout
    assert (root / "reviews/2026-q4/retrospective.md").read_text(encoding="utf-8") == "ours\n"
    assert "status: closed" in (root / "cycles/2026-q4/cycle.yaml").read_text(encoding="utf-8")


def test_an_edit_after_closing_is_flagged(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    assert run(root, "cycle", "close", "2026-q4", "--as-of", "2027-01-02").exit_code == 0
    path = root / "cycles/2026-q4/objectives/cx-leader.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("value: 70.5}", "value: 70.5}\n      - {date: 2026-12-30, value: 75}"),
        encoding="utf-8",
    )
    result = run(root, "validate", "--as-of", "2027-01-05")
    assert result.exit_code == 1
    assert "OKR651 key result nps: final_score 0.74 no longer matches its data (1)" in result.stdout


def test_example_round_trip_close_then_carry_over(tmp_path: Path) -> None:
    root = tmp_path / "ex"
    shutil.copytree(EXAMPLE, root)
    closed = run(root, "cycle", "close", "2026-q4", "--as-of", "2027-01-04")
    assert closed.exit_code == 0, closed.stderr
    validate_clean(root, "2027-01-04")
    qbr = run(root, "review", "quarterly", "--cycle", "2026-q4", "--as-of", "2027-01-04")
    assert "final scores as recorded when the cycle was closed" in qbr.stdout
    new = run(
        root,
        "cycle",
        "new",
        "2027-q1",
        "--start",
        "2027-01-01",
        "--end",
        "2027-03-31",
        "--name",
        "2027 Q1",
        "--from",
        "2026-q4",
        "--carry-over",
    )
    assert new.exit_code == 0, new.stderr
    obj = yaml.safe_load(
        (root / "cycles/2027-q1/objectives/enterprise-growth.yaml").read_text(encoding="utf-8")
    )
    assert obj["carried_from"] == "2026-q4/enterprise-growth"
    assert obj["parent"] == "2026/profitable-growth"
    assert "final_score" not in obj
    nra = next(k for k in obj["key_results"] if k["id"] == "new-enterprise-accounts")
    assert (nra["baseline"], nra["target"]) == (6, 10)
    checked = run(root, "validate", "--as-of", "2027-01-04")
    # Only the key-result count rule (an error in the example's settings) may fire.
    codes = {line.split()[2] for line in checked.stdout.splitlines()}
    assert codes <= {"OKR205"}


# -- cycle list --------------------------------------------------------------------------


def test_cycle_list_shows_dates_status_and_progress(tmp_path: Path) -> None:
    root = tmp_path / "ex"
    shutil.copytree(EXAMPLE, root)
    result = run(root, "cycle", "list", "--as-of", "2026-11-28", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)["cycles"]}
    assert rows["2026"]["status"] == "active" and rows["2026"]["scope"] == "company"
    assert rows["2026-q4"]["parent"] == "2026"
    assert rows["2026"]["aligned_progress"] is not None  # the quarter rolls up
    text = run(root, "cycle", "list", "--as-of", "2027-01-05")
    assert "2026-q4  2026 Q4  2026-10-01 to 2026-12-31  company  closed" in text.stdout


def test_carry_over_moves_overdue_initiatives_into_the_new_cycle(write_repo: WriteRepo) -> None:
    root = write_repo(CARRY)
    result = new_q1(root)
    assert result.exit_code == 0, result.stderr
    obj = yaml.safe_load((root / "cycles/2027-q1/objectives/cx-leader.yaml").read_text())
    (panel,) = obj["key_results"][0]["initiatives"]
    # Due 2026-12-15, before the new cycle starts: due by its end instead, and said so.
    assert panel["due"] == dt.date(2027, 3, 31)
    assert (
        "carried 2027-q1/cx-leader/nps/panel: due 2026-12-15 moved to 2027-03-31, "
        "the new cycle's end" in result.stderr
    )
    # Named from its id when --name is absent.
    cycle = yaml.safe_load((root / "cycles/2027-q1/cycle.yaml").read_text())
    assert cycle["name"] == "Q1 2027"


def test_carry_over_only_the_chosen_key_results(write_repo: WriteRepo) -> None:
    root = write_repo(CARRY)
    result = new_q1(root, "--only", "cx-leader/portal")
    assert result.exit_code == 0, result.stderr
    obj = yaml.safe_load((root / "cycles/2027-q1/objectives/cx-leader.yaml").read_text())
    assert [k["id"] for k in obj["key_results"]] == ["portal"]
    assert "panel" not in result.stderr  # nps, and its initiative, stayed behind


@pytest.mark.parametrize(
    ("only", "message"),
    [
        (
            "cx-leadr",
            "--only: no objective 'cx-leadr' in cycle 2026-q4 (did you mean 'cx-leader'?)",
        ),
        (
            "cx-leader/npx",
            "--only: objective cx-leader has no key result 'npx' (did you mean 'nps'?)",
        ),
        ("cx-leader/response", "--only: cx-leader/response is done: there is nothing to carry"),
        ("growth-done", "--only: growth-done is done: there is nothing to carry over"),
    ],
)
def test_carry_over_only_refuses_what_cannot_be_carried(
    write_repo: WriteRepo, only: str, message: str
) -> None:
    root = write_repo(CARRY)
    result = new_q1(root, "--only", only)
    assert result.exit_code == 2 and message in result.stderr
    assert not (root / "cycles/2027-q1").exists()


@pytest.mark.parametrize(
    ("ident", "name"),
    [
        ("2027-q1", "Q1 2027"),
        ("fy20-q2", "FY20 Q2"),
        ("2026-h2", "H2 2026"),
        ("sales-q1", "sales-q1"),
    ],
)
def test_a_new_cycle_is_named_from_its_id(ident: str, name: str) -> None:
    from okrctl.api.cycle_new import default_name

    assert default_name(ident) == name


def test_close_dry_run_prints_the_diff_and_writes_nothing(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    before = snapshot(root)
    result = run(root, "cycle", "close", "2026-q4", "--as-of", "2027-01-02", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert snapshot(root) == before
    out = result.stdout
    assert "+++ b/cycles/2026-q4/objectives/cx-leader.yaml" in out
    assert "+final_score: 0.62" in out and "+    final_score: 0.74" in out
    assert "+++ b/reviews/2026-q4/retrospective.md" in out
    assert "+status: closed" in out
    assert "dry run, nothing written" in result.stderr


def test_close_commit_makes_one_commit_of_exactly_those_files(write_repo: WriteRepo) -> None:
    from test_history_support import GitRepo

    root = write_repo(CLOSE)
    g = GitRepo(root)
    g.commit("Q4", "2026-12-31")
    (root / "notes.txt").write_text("not part of the close\n")
    result = CliRunner().invoke(
        app,
        ["-C", str(root), "cycle", "close", "2026-q4", "--as-of", "2027-01-02", "--commit"],
        env={
            **ENV,
            **{k: v for k, v in g.env.items() if k.startswith(("GIT_", "HOME"))},
            "GIT_AUTHOR_NAME": "Ana Lima",
            "GIT_AUTHOR_EMAIL": "ana@acme.test",
            "GIT_COMMITTER_NAME": "Ana Lima",
            "GIT_COMMITTER_EMAIL": "ana@acme.test",
        },
    )
    assert result.exit_code == 0, result.stderr
    shown = g.git("show", "--stat", "--format=%s%n%b", "HEAD")
    assert shown.startswith(
        "close(2026-q4): final scores of 1 objectives, key results average 0.58"
    )
    assert "- cx-leader: 0.62" in shown
    files = g.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == [
        "cycles/2026-q4/cycle.yaml",
        "cycles/2026-q4/objectives/cx-leader.yaml",
        "reviews/2026-q4/retrospective.md",
    ]
    assert g.git("status", "--porcelain") == "?? notes.txt"


def test_carry_over_leaves_dropped_goals_behind(write_repo: WriteRepo) -> None:
    files = dict(CARRY)
    obj = "cycles/2026-q4/objectives/cx-leader.yaml"
    text = str(files[obj])
    # portal (unfinished) is dropped with its reason: it stays behind, nps comes along.
    text = text.replace(
        "      - {id: portal, title: Portal live, unit: done, direction: milestone}",
        "      - {id: portal, title: Portal live, unit: done, direction: milestone, "
        "status: dropped, adjustments: [{date: 2026-11-02, field: status, from: active, "
        'to: dropped, reason: "pilot cancelled"}]}',
    )
    assert "status: dropped" in text
    root = write_repo({**files, obj: text})
    result = new_q1(root)
    assert result.exit_code == 0, result.stderr
    carried = yaml.safe_load((root / "cycles/2027-q1/objectives/cx-leader.yaml").read_text())
    assert [k["id"] for k in carried["key_results"]] == ["nps"]
    shutil.rmtree(root / "cycles/2027-q1")
    asked = new_q1(root, "--only", "cx-leader/portal")
    assert asked.exit_code == 2
    assert "--only: cx-leader/portal was dropped: there is nothing to carry over" in asked.stderr
