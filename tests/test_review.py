"""`okrctl review weekly|monthly|quarterly` on small repos with hand-computed figures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app
from okrctl.model.grading import band
from okrctl.results.reviews import Ambition
from okrctl.score.review_qbr import ambition_of
from okrctl.score.review_views import month_before

ENV: dict[str, str | None] = {"COLUMNS": "80", "FORCE_COLOR": None, "NO_COLOR": None}

# Cycle 2026-q4 runs 2026-10-01 to 2026-12-31: 91 days. On 2026-10-13 the expected progress
# is 12/91 = 0.132, on 2026-10-20 it is 19/91 = 0.209 (green from 0.7x, yellow from 0.4x).
WEEKLY = {
    "cycles/2026-q4/objectives/cx-leader.yaml": """\
        title: Delight *customers* <script>
        theme: cx
        owner: ana
        key_results:
          - id: a
            title: Tickets answered
            unit: tickets
            baseline: 0
            target: 10
            checkins:
              - {date: 2026-10-05, value: 2}
              - {date: 2026-10-12, value: 3, confidence: 0.6}
              - {date: 2026-10-19, value: 5, confidence: 0.5, note: "good | week", blockers: ["Vendor [late](x)"]}
          - id: b
            title: Never checked in
            owner: bo
            unit: x
            baseline: 0
            target: 10
          - id: c
            title: Slow mover
            unit: x
            baseline: 0
            target: 10
            checkins:
              - {date: 2026-10-05, value: 1}
        """,  # noqa: E501
    "cycles/2026-q4/kpis/churn.yaml": """\
        title: Churn
        perspective: customer
        owner: cy
        unit: "%"
        baseline: 8
        target: 3
        frequency: weekly
        checkins:
          - {date: 2026-10-10, value: 7}
          - {date: 2026-10-17, value: 6.5}
        """,
}


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["-C", str(root), *args], env=ENV)


def review_json(root: Path, kind: str, as_of: str, *extra: str) -> dict[str, Any]:
    result = run(root, "review", kind, "--as-of", as_of, "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_weekly_lists_the_weeks_checkins_with_deltas(write_repo: WriteRepo) -> None:
    data = review_json(write_repo(WEEKLY), "weekly", "2026-10-20")
    assert data["head"]["since"] == "2026-10-13"
    [event] = data["checkins"]  # only 2026-10-19 lies in (2026-10-13, 2026-10-20]
    assert (event["ref"], event["value"], event["previous"], event["delta"]) == (
        "cx-leader/a",
        5,
        3,
        2,
    )
    assert event["confidence"] == 0.5 and event["note"] == "good | week"
    [kpi] = data["kpi_updates"]
    assert (kpi["ref"], kpi["value"], kpi["delta"]) == ("churn", 6.5, -0.5)


def test_weekly_groups_stale_items_by_owner(write_repo: WriteRepo) -> None:
    data = review_json(write_repo(WEEKLY), "weekly", "2026-10-20")
    groups = {g["owner"]: [i["ref"] for i in g["items"]] for g in data["stale"]}
    # b: no check-in in the 19 days since the start; c: last on 10-05, 15 days ago.
    assert groups == {"ana": ["cx-leader/c"], "bo": ["cx-leader/b"]}


def test_weekly_blockers_and_status_changes(write_repo: WriteRepo) -> None:
    data = review_json(write_repo(WEEKLY), "weekly", "2026-10-20")
    assert [(b["ref"], b["text"]) for b in data["blockers"]] == [
        ("cx-leader/a", "Vendor [late](x)")
    ]
    changes = {(c["ref"], c["before"], c["after"]) for c in data["changes"]}
    # c stays at 0.1: green on 10-13 (>= 0.7 x 0.132), yellow on 10-20 (< 0.7 x 0.209).
    # b (0) is red both weeks; a (0.3 -> 0.5) green both weeks.
    assert ("cx-leader/c", "green", "yellow") in changes
    assert not {r for r, _, _ in changes} & {"cx-leader/a", "cx-leader/b"}


def test_weekly_ignores_checkins_after_as_of(write_repo: WriteRepo) -> None:
    result = run(write_repo(WEEKLY), "review", "weekly", "--as-of", "2026-10-15", "-f", "json")
    # Check-ins after --as-of have not happened yet on that day: left out, not findings.
    assert result.exit_code == 0 and "OKR402" not in result.stderr
    # Outside git the definitions are today's files, and the review says so.
    assert "as of 2026-10-15: today's files (not a git repository)" in result.stderr
    data = json.loads(result.stdout)
    assert [(e["date"], e["delta"]) for e in data["checkins"]] == [("2026-10-12", 1)]
    assert [k["date"] for k in data["kpi_updates"]] == ["2026-10-10"]


def test_markdown_escapes_text_from_yaml(write_repo: WriteRepo) -> None:
    result = run(write_repo(WEEKLY), "review", "weekly", "--as-of", "2026-10-20")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Vendor \\[late\\]\\(x\\)" in out
    assert "good \\| week" in out
    assert "<script>" not in out
    assert out.startswith("# WBR: Q4 2026, week to 2026-10-20\n")


def test_text_format_fits_80_columns(write_repo: WriteRepo) -> None:
    for kind in ("weekly", "monthly", "quarterly"):
        result = run(write_repo(WEEKLY), "review", kind, "--as-of", "2026-10-20", "-f", "text")
        assert result.exit_code == 0, result.stderr
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        assert "\x1b" not in result.stdout


MONTHLY = {
    "cycles/2026-q4/objectives/cx-leader.yaml": """\
        title: Delight customers
        theme: cx
        owner: ana
        key_results:
          - id: a
            title: A
            unit: x
            baseline: 0
            target: 10
            initiatives:
              - {id: late, title: Late one, owner: bo, due: 2026-11-10, status: in-progress}
              - {id: stuck, title: Stuck one, owner: bo, due: 2026-12-20, status: blocked}
              - {id: shipped, title: Shipped, owner: bo, due: 2026-11-01, status: done}
              - {id: gone, title: Dropped, owner: bo, due: 2026-10-20, status: dropped}
            checkins:
              - {date: 2026-10-10, value: 2, confidence: 0.8}
              - {date: 2026-11-10, value: 6, confidence: 0.5, blockers: [Budget]}
              - {date: 2026-11-17, value: 6, blockers: [Budget]}
          - {id: b, title: B, unit: x, baseline: 0, target: 4}
          - {id: c, title: C, unit: x, baseline: 0, target: 4}
        """,
}


def test_monthly_progress_initiatives_and_confidence(write_repo: WriteRepo) -> None:
    data = review_json(write_repo(MONTHLY), "monthly", "2026-11-20")
    assert data["head"]["since"] == "2026-10-20"
    [theme, _growth] = data["themes"]
    [obj] = theme["objectives"]
    # On 10-20: a = 0.2, b = c = 0 -> 0.0667; on 11-20: a = 0.6 -> 0.2.
    assert (obj["before"], obj["after"]) == (round(0.2 / 3, 4), 0.2)
    assert [i["id"] for i in data["overdue"]] == ["late"]
    assert [i["id"] for i in data["blocked"]] == ["stuck"]
    assert [i["id"] for i in data["done"]] == ["shipped"]
    [trend] = data["confidence"]
    assert (trend["ref"], trend["before"], trend["after"]) == ("cx-leader/a", 0.8, 0.5)
    [blocker] = data["blockers"]  # named twice, listed once at its latest date
    assert (blocker["text"], blocker["date"], blocker["times"]) == ("Budget", "2026-11-17", 2)


def test_month_before_clamps_to_the_months_end() -> None:
    assert month_before(dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
    assert month_before(dt.date(2026, 1, 15)) == dt.date(2025, 12, 15)
    assert month_before(dt.date(2024, 3, 30)) == dt.date(2024, 2, 29)


def test_month_before_stops_at_the_first_day_of_the_calendar() -> None:
    assert month_before(dt.date(1, 2, 28)) == dt.date(1, 1, 28)
    assert month_before(dt.date(1, 1, 20)) == dt.date(1, 1, 1)  # no year 0


QUARTERLY = {
    "cycles/2026-q4/objectives/cx-leader.yaml": """\
        title: Delight customers
        theme: cx
        owner: ana
        key_results:
          - {id: k35, title: K35, unit: x, baseline: 0, target: 100, checkins: [{date: 2026-12-01, value: 35}]}
          - {id: k40, title: K40, unit: x, baseline: 0, target: 100, checkins: [{date: 2026-12-01, value: 40}]}
          - {id: k69, title: K69, unit: x, baseline: 0, target: 100, checkins: [{date: 2026-12-01, value: 69}]}
          - {id: k70, title: K70, unit: x, baseline: 0, target: 100, checkins: [{date: 2026-12-01, value: 70}]}
          - {id: done, title: Done, unit: x, baseline: 0, target: 100, checkins: [{date: 2026-12-01, value: 120}]}
        """,  # noqa: E501
}


def test_quarterly_distribution_ambition_coverage(write_repo: WriteRepo) -> None:
    data = review_json(write_repo(QUARTERLY), "quarterly", "2027-01-05", "--cycle", "2026-q4")
    assert data["distribution"] == [
        {"band": "0.0-0.39", "count": 1},  # 0.35 is below 0.4
        {"band": "0.4-0.69", "count": 2},  # 0.4 and 0.69
        {"band": "0.7-1.0", "count": 2},  # 0.7 and 1
    ]
    assert data["average"] == round((0.35 + 0.4 + 0.69 + 0.7 + 1) / 5, 4)
    assert data["ambition"] == "healthy"
    [cx] = [t for t in data["themes"] if t["id"] == "cx"]
    assert cx["objectives"][0]["score"] == round((0.35 + 0.4 + 0.69 + 0.7 + 1) / 5, 2)
    assert {c["id"]: c["objectives"] for c in data["coverage"]} == {"cx": 1, "growth": 0}
    assert [k["ref"] for k in data["carry_over"]] == [
        "cx-leader/k35",
        "cx-leader/k40",
        "cx-leader/k69",
        "cx-leader/k70",
    ]


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.0, "0.0-0.39"),
        (0.3, "0.0-0.39"),
        (0.35, "0.0-0.39"),
        (0.39, "0.0-0.39"),
        (0.4, "0.4-0.69"),
        (0.65, "0.4-0.69"),
        (0.69, "0.4-0.69"),
        (0.7, "0.7-1.0"),
        (1.0, "0.7-1.0"),
    ],
)
def test_band_boundaries(score: float, expected: str) -> None:
    assert band(score) == expected


def test_ambition_check_boundaries() -> None:
    assert ambition_of(0.91) is Ambition.TOO_LOW
    assert ambition_of(0.9) is Ambition.HEALTHY
    assert ambition_of(0.4) is Ambition.HEALTHY
    assert ambition_of(0.39) is Ambition.TOO_HIGH
    assert ambition_of(None) is Ambition.NONE


ANNUAL = {
    "cycles/2026/cycle.yaml": "name: FY 2026\nstart: 2026-01-01\nend: 2026-12-31\n",
    "cycles/2026-q4/cycle.yaml": (
        'name: Q4 2026\nstart: 2026-10-01\nend: 2026-12-31\nparent: "2026"\n'
    ),
    "cycles/2026/objectives/cx-year.yaml": """\
        title: Win on service this year
        theme: cx
        owner: ana
        key_results:
          - {id: a, title: A, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-06-30, value: 8}]}
          - {id: b, title: B, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-06-30, value: 6}]}
          - {id: c, title: C, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-06-30, value: 4}]}
        """,  # noqa: E501
    "cycles/2026-q4/objectives/cx-leader.yaml": """\
        title: Delight customers this quarter
        theme: cx
        owner: ana
        parent: 2026/cx-year
        key_results:
          - {id: a, title: A, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-11-01, value: 3}]}
          - {id: b, title: B, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-11-01, value: 3}]}
          - {id: c, title: C, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-11-01, value: 3}]}
        """,  # noqa: E501
}


def test_annual_qbr_rolls_the_quarter_up(write_repo: WriteRepo) -> None:
    data = review_json(write_repo(ANNUAL), "quarterly", "2026-11-28", "--cycle", "2026")
    [child] = data["children"]
    assert (child["id"], child["progress"]) == ("2026-q4", 0.3)
    [obj] = [o for t in data["themes"] for o in t["objectives"]]
    assert (obj["score"], obj["rollup"]) == (0.6, 0.3)
    assert data["rollup"] == 0.3


def test_write_saves_once_and_refuses_to_overwrite(write_repo: WriteRepo) -> None:
    root = write_repo(WEEKLY)
    result = run(root, "review", "weekly", "--as-of", "2026-10-20", "--write")
    assert result.exit_code == 0, result.stderr
    path = root / "reviews" / "2026-q4" / "weekly-2026-10-20.md"
    assert "wrote reviews/2026-q4/weekly-2026-10-20.md" in result.stderr
    assert result.stdout == ""
    shown = run(root, "review", "weekly", "--as-of", "2026-10-20").stdout
    assert path.read_text(encoding="utf-8") == shown
    path.write_text("my notes\n", encoding="utf-8")
    again = run(root, "review", "weekly", "--as-of", "2026-10-20", "--write")
    assert again.exit_code == 2
    assert "already exists: use --force" in again.stderr
    assert path.read_text(encoding="utf-8") == "my notes\n"
    forced = run(root, "review", "weekly", "--as-of", "2026-10-20", "--write", "--force")
    assert forced.exit_code == 0
    assert path.read_text(encoding="utf-8") == shown


def test_usage_errors(write_repo: WriteRepo) -> None:
    root = write_repo(WEEKLY)
    bad = run(root, "review", "weekly", "--write", "--format", "json", "--as-of", "2026-10-20")
    assert bad.exit_code == 2 and "--write saves Markdown" in bad.stderr
    assert not (root / "reviews").exists()
    unknown = run(root, "review", "weekly", "--cycle", "2026-q5", "--as-of", "2026-10-20")
    assert unknown.exit_code == 2 and "did you mean '2026-q4'" in unknown.stderr
    none = run(root, "review", "monthly", "--as-of", "2027-06-01")
    assert none.exit_code == 2 and "no active company cycle" in none.stderr
    kind = run(root, "review", "daily")
    assert kind.exit_code == 2


def test_the_mbr_shows_the_status_of_every_initiative() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "strategy-repo"
    result = CliRunner().invoke(
        app, ["-C", str(example), "review", "monthly", "--as-of", "2026-11-28", "-f", "json"]
    )
    data = json.loads(result.stdout)
    found = {(i["id"], i["status"], i["progress"]) for i in data["initiatives"]}
    # In progress, planned and dropped ones too, not only the overdue, blocked and done.
    assert ("follow-the-sun", "in-progress", 40) in found
    assert ("macro-library", "planned", None) in found
    assert ("outbound-germany", "dropped", None) in found
    assert len(data["initiatives"]) == 11
    dues = [i["due"] for i in data["initiatives"]]
    assert dues == sorted(dues)
