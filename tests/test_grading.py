"""`okrctl cycle close --grade REF=SCORE --reason ...`: an owner's hand grade at the close,
stored as `final_score` plus `score_note`, accepted by OKR651 and shown beside the computed
score. Real repos in temp dirs, the real command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app

ENV: dict[str, str | None] = {"COLUMNS": "120", "FORCE_COLOR": None, "NO_COLOR": None}
OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
CLOSE = {
    OBJ: """\
        title: Delight customers
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
              - {date: 2026-11-20, value: 70.5}
          - {id: response, title: Response time, unit: hours, baseline: 24, target: 4, checkins: [{date: 2026-11-07, value: 3}]}
          - id: churn
            title: Churn
            unit: "%"
            baseline: 8
            target: 3
        """,  # noqa: E501
}
REASON = "churn fell to 5 % after the pricing change; the tracking broke in November"


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["-C", str(root), *args], env=ENV)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def close(root: Path, *extra: str) -> Any:
    return run(root, "cycle", "close", "2026-q4", "--as-of", "2027-01-02", *extra)


def test_a_grade_is_recorded_with_its_reason_and_counts_in_the_objective(
    write_repo: WriteRepo,
) -> None:
    root = write_repo(CLOSE)
    old = (root / OBJ).read_text(encoding="utf-8")
    result = close(root, "--grade", "cx-leader/churn=0.6", "--reason", REASON)
    assert result.exit_code == 0, result.stderr
    new = (root / OBJ).read_text(encoding="utf-8")
    added = [line for line in new.splitlines() if line not in old.splitlines()]
    # nps (70.5 - 58) / 17 = 0.735 -> 0.74 (weight 2), response met: 1, churn graded 0.6
    # (computed 0). Objective: (0.74 x 2 + 1 + 0.6) / 4 = 3.08 / 4 = 0.77.
    assert added == [
        "final_score: 0.77",
        "    final_score: 0.74",
        "  - {id: response, title: Response time, unit: hours, baseline: 24, target: 4, "
        "checkins: [{date: 2026-11-07, value: 3}], final_score: 1}",
        "    final_score: 0.6",
        f'    score_note: "{REASON}"',
    ]
    assert "  - id: churn\n    final_score: 0.6\n    score_note:" in new
    # The retrospective is made from the scores as recorded, the grade included.
    retro = (root / "reviews/2026-q4/retrospective.md").read_text(encoding="utf-8")
    assert "## Customer Experience Transformation: 0.77" in retro
    # OKR651 accepts a grade that differs from the data when it carries its reason.
    valid = run(root, "validate", "--as-of", "2027-01-05")
    assert valid.exit_code == 0, valid.stdout + valid.stderr


def test_a_grade_of_a_flow_key_result_and_in_full_form(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    result = close(root, "--grade", "2026-q4/cx-leader/response=0.9", "--reason", "late")
    assert result.exit_code == 0, result.stderr
    new = (root / OBJ).read_text(encoding="utf-8")
    assert 'final_score: 0.9, score_note: "late"}' in new
    # (0.74 x 2 + 0.9 + 0) / 4 = 2.38 / 4 = 0.595 -> 0.6 (half up)
    assert "title: Delight customers\nfinal_score: 0.6\n" in new


def test_without_the_reason_note_okr651_flags_the_grade(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    assert close(root, "--grade", "cx-leader/churn=0.6", "--reason", REASON).exit_code == 0
    path = root / OBJ
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'    score_note: "{REASON}"\n', ""), encoding="utf-8")
    result = run(root, "validate", "--as-of", "2027-01-05")
    assert result.exit_code == 1
    assert "OKR651" in result.stdout and "final_score 0.6 no longer matches its data (0)" in (
        result.stdout
    )


def test_bad_grades_are_refused_and_nothing_is_written(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    before = snapshot(root)
    cases = [
        (("--grade", "cx-leader/churn=0.6"), "1 --grade but 0 --reason"),
        (("--grade", "cx-leader/churn=0.6", "--reason", "  "), "the --reason is empty"),
        (("--grade", "cx-leader/churn=1.2", "--reason", "r"), "between 0 and 1"),
        (("--grade", "cx-leader/churn=-0.1", "--reason", "r"), "between 0 and 1"),
        (("--grade", "cx-leader/churn=nan", "--reason", "r"), "between 0 and 1"),
        (("--grade", "cx-leader/churn=high", "--reason", "r"), "'high' is not a number"),
        (("--grade", "cx-leader/churn", "--reason", "r"), "write REF=SCORE"),
        (("--grade", "cx-leader/nope=0.5", "--reason", "r"), "nope"),
        (("--grade", "cx-leader=0.5", "--reason", "r"), "not a key result"),
        (
            ("--grade", "cx-leader/churn=0.5", "--reason", "a", "--grade", "cx-leader/churn=0.4")
            + ("--reason", "b"),
            "cx-leader/churn is graded twice",
        ),
        (("--grade", "cx-leader/churn=0.5", "--reason", "bad\x07bell"), "control character"),
    ]
    for args, message in cases:
        result = close(root, *args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert snapshot(root) == before


def test_dry_run_shows_the_grade_and_writes_nothing(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    before = snapshot(root)
    result = close(root, "--dry-run", "--grade", "cx-leader/churn=0.6", "--reason", REASON)
    assert result.exit_code == 0, result.stderr
    assert "+    final_score: 0.6\n" in result.stdout
    assert f'+    score_note: "{REASON}"\n' in result.stdout
    assert "+final_score: 0.77\n" in result.stdout
    assert snapshot(root) == before


def test_the_qbr_and_the_retrospective_show_graded_beside_computed(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    assert (
        close(root, "--grade", "cx-leader/churn=0.6", "--reason", "a *bold* claim").exit_code == 0
    )
    qbr = run(root, "review", "quarterly", "--cycle", "2026-q4", "--as-of", "2027-01-05")
    assert qbr.exit_code == 0, qbr.stderr
    out = qbr.stdout
    assert "| ↳ Churn (`cx-leader/churn`) | Ana Lima | 0.60 graded | 0.4–0.69 |" in out
    # The reason is YAML text: escaped like every other, so it stays literal.
    assert "- `cx-leader/churn` graded 0.60 (computed 0.00): a \\*bold\\* claim" in out
    # The objective scores the grade: (0.74 x 2 + 1 + 0.6) / 4 = 0.77.
    assert "0.77" in out
    retro = (root / "reviews/2026-q4/retrospective.md").read_text(encoding="utf-8")
    assert "- `cx-leader/churn` graded 0.60 (computed 0.00): a \\*bold\\* claim" in retro


def test_show_prints_the_grade_beside_the_computed_score(write_repo: WriteRepo) -> None:
    root = write_repo(CLOSE)
    assert close(root, "--grade", "cx-leader/churn=0.6", "--reason", "[red]x[/] y").exit_code == 0
    kr = run(root, "show", "2026-q4/cx-leader/churn", "--as-of", "2027-01-05")
    assert kr.exit_code == 0, kr.stderr
    # Rich markup in the reason is printed as written, never interpreted.
    assert "graded 0.6 (computed 0): [red]x[/] y" in kr.stdout
    obj = run(root, "show", "2026-q4/cx-leader", "--as-of", "2027-01-05")
    assert obj.exit_code == 0, obj.stderr
    assert "  churn graded 0.6 (computed 0): [red]x[/] y" in obj.stdout
    # An ungraded key result shows no grade line.
    nps = run(root, "show", "2026-q4/cx-leader/nps", "--as-of", "2027-01-05")
    assert "graded" not in nps.stdout


def test_status_json_carries_the_grade_and_the_computed_score(write_repo: WriteRepo) -> None:
    import json

    root = write_repo(CLOSE)
    assert close(root, "--grade", "cx-leader/churn=0.6", "--reason", REASON).exit_code == 0
    out = run(root, "status", "-f", "json", "--cycle", "2026-q4", "--as-of", "2027-01-05")
    krs = {
        k["id"]: k
        for t in json.loads(out.stdout)["themes"]
        for o in t["objectives"]
        for k in o["key_results"]
    }
    churn, nps = krs["churn"], krs["nps"]
    assert (churn["final_score"], churn["score_note"], churn["computed_score"]) == (
        0.6,
        REASON,
        0.0,
    )
    assert (nps["final_score"], nps["score_note"]) == (0.74, None)
