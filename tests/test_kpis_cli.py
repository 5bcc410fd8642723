"""`okrctl kpis`: the Balanced Scorecard by perspective."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from okrctl.cli.app import app
from test_status_support import Q4, make_repo

AS_OF = "2026-11-15"


def kpi(
    perspective: str, target: float, values: list[tuple[str, float]], **extra: Any
) -> dict[str, Any]:
    return {"title": f"{perspective} KPI", "perspective": perspective, "owner": "ana",
            "unit": "%", "target": target, **extra,
            "checkins": [{"date": d, "value": v} for d, v in values]}  # fmt: skip


def build(root: Path) -> str:
    year = {"name": "2026", "start": "2026-01-01", "end": "2026-12-31"}
    make_repo(
        root,
        cycles={"2026": year, "2026-q4": {**Q4, "parent": "2026"}},
        kpis={
            "2026-q4": {
                "margin": kpi("financial", 75, [("2026-11-01", 74)],
                              thresholds={"green": 74, "yellow": 70}),
                "churn": kpi("customer", 3, [("2026-10-20", 4)], baseline=8, frequency="weekly"),
                "cfr": kpi("internal-process", 5, [("2026-11-10", 6)], direction="at-most",
                           thresholds={"green": 5, "yellow": 7}),
            },
            "2026": {"training": kpi("learning-growth", 90, [("2026-11-01", 91)])},
        },
    )  # fmt: skip
    return str(root)


def run(root: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", root, "kpis", "--as-of", AS_OF, *args])
    return result.exit_code, result.stdout, result.stderr


def test_four_perspectives_with_status_and_staleness(tmp_path: Path) -> None:
    code, out, err = run(build(tmp_path))
    assert code == 0, err
    heads = [out.index(h) for h in ("Financial", "Customer", "Internal Process", "Learning")]
    assert heads == sorted(heads)
    lines = out.splitlines()
    names = ("financial KPI", "customer KPI", "internal-process KPI", "learning")
    row = {t: next(x for x in lines if t in x) for t in names}
    assert row["financial KPI"].startswith("✓") and "74 / 75 %" in row["financial KPI"]
    # churn 8 -> 3 (decrease), now 4: target not met, and 26 days old on a weekly KPI
    assert row["customer KPI"].startswith("✗") and "stale" in row["customer KPI"]
    assert row["internal-process KPI"].startswith("!")  # at most 5 green, at most 7 yellow
    assert row["learning"].startswith("✓")  # from the annual parent cycle
    assert "4 KPIs: 2 ✓ green, 1 ! yellow, 1 ✗ red · 1 stale" in out


def test_json_and_markdown(tmp_path: Path) -> None:
    code, out, _ = run(build(tmp_path), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert [p["id"] for p in data["perspectives"]] == [
        "financial", "customer", "internal-process", "learning-growth"
    ]  # fmt: skip
    churn = data["perspectives"][1]["kpis"][0]
    assert (churn["direction"], churn["current"], churn["status"], churn["stale"]) == (
        "decrease", 4, "red", True
    )  # fmt: skip
    code, md, _ = run(build(tmp_path), "-f", "markdown")
    assert code == 0 and "## Learning & Growth" in md
    assert "| ✗ red | customer KPI (`churn`) | 4 / 3 | % | 2026-10-20 | stale |" in md


def test_missing_perspective_is_shown_empty(tmp_path: Path) -> None:
    make_repo(tmp_path, kpis={"2026-q4": {"m": kpi("financial", 75, [("2026-11-01", 80)])}})
    code, out, _ = run(str(tmp_path))
    assert code == 0  # OKR501 is a warning
    assert out.count("no KPIs") == 3
