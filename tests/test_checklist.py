"""`okrctl checklist`: each check of the execution-completion checklist, ✓ or ✗ with why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import BASE_CONFIG, WriteRepo
from okrctl.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "strategy-repo"
ENV: dict[str, str | None] = {"COLUMNS": "80", "FORCE_COLOR": None, "NO_COLOR": None}


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["-C", str(root), "checklist", *args], env=ENV)


def checks(root: Path, *args: str) -> tuple[int, dict[str, tuple[bool, str]]]:
    result = run(root, "--format", "json", "--as-of", "2026-11-28", *args)
    data = json.loads(result.stdout)
    return result.exit_code, {c["check"]: (c["ok"], c["reason"]) for c in data["checks"]}


def _kpi(perspective: str) -> str:
    return f"title: K {perspective}\nperspective: {perspective}\nowner: ana\nunit: x\ntarget: 1\n"


READY = {
    "okrctl.yaml": BASE_CONFIG
    + """\
settings:
  cadence:
    - {review: weekly, when: monday}
    - {review: monthly, when: first tuesday}
""",
    "cycles/2026-q4/cycle.yaml": """\
        name: Q4 2026
        start: 2026-10-01
        end: 2026-12-31
        parent: "2026"
        cadence:
          - {review: quarterly, when: last thursday}
        """,
    "cycles/2026-q4/objectives/cx-leader.yaml": """\
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
              - {id: survey, title: Survey, owner: bo, due: 2026-11-30}
          - {id: response, title: Response, unit: hours, baseline: 24, target: 4}
          - {id: portal, title: Portal live, unit: done, direction: milestone}
        """,
    **{f"cycles/2026-q4/kpis/{p}.yaml": _kpi(p) for p in ("financial", "customer")},
    "cycles/2026/cycle.yaml": "name: FY 2026\nstart: 2026-01-01\nend: 2026-12-31\n",
    **{f"cycles/2026/kpis/{p}.yaml": _kpi(p) for p in ("internal-process", "learning-growth")},
}


def test_a_ready_repo_passes_every_check(write_repo: WriteRepo) -> None:
    root = write_repo(READY)
    code, found = checks(root)
    assert code == 0, found
    assert all(ok for ok, _ in found.values())
    # The KPIs of the year count for its quarter.
    assert found["BSC KPIs defined (4 perspectives)"][1] == (
        "4 KPIs: financial 1, customer 1, internal-process 1, learning-growth 1"
    )
    # Settings give weekly and monthly, the cycle the quarterly review.
    assert found["WBR/MBR/QBR cadence planned"][0]
    text = run(root, "--as-of", "2026-11-28")
    assert text.exit_code == 0
    assert text.stdout.splitlines()[1].startswith("✓ BSC KPIs defined (4 perspectives): 4 KPIs")
    assert text.stdout.endswith("6 of 6 checks pass\n")


def test_each_failing_check_names_the_reason(write_repo: WriteRepo) -> None:
    root = write_repo(
        {
            "cycles/2026-q4/objectives/orphan.yaml": """\
                title: No theme here
                owner: cy
                key_results:
                  - {id: vague, title: Vague, baseline: 1, target: 1}
                """,
        }
    )
    code, found = checks(root)
    assert code == 1
    assert found["BSC KPIs defined (4 perspectives)"] == (
        False,
        "no KPI for financial, customer, internal-process, learning-growth",
    )
    assert found["OKR cycle created"][0]
    assert found["OKRs linked to themes"] == (False, "1 not linked: orphan (no theme)")
    ok, reason = found["Key results are SMART"]
    assert not ok and reason == "1 of 4 lack: orphan/vague (no unit, target equals baseline)"
    assert found["Initiatives linked"] == (
        False,
        "2 objectives without any initiative: cx-leader, orphan",
    )
    assert found["WBR/MBR/QBR cadence planned"] == (
        False,
        "no weekly, monthly, quarterly review in settings.cadence or the cycle's cadence",
    )


def test_no_cycle_fails_with_a_hint(write_repo: WriteRepo) -> None:
    root = write_repo({"okrctl.yaml": BASE_CONFIG}, base=False)
    code, found = checks(root)
    assert code == 1
    assert found["OKR cycle created"] == (
        False,
        "no cycle in cycles/: create one with `okrctl cycle new`",
    )


def test_example_repo_lacks_initiatives_on_two_objectives() -> None:
    code, found = checks(EXAMPLE)
    assert code == 1
    assert found["Initiatives linked"] == (
        False,
        "2 objectives without any initiative: grow-leaders, help-centre-answers",
    )
    assert [name for name, (ok, _) in found.items() if not ok] == ["Initiatives linked"]


def test_markdown_and_unknown_cycle(write_repo: WriteRepo) -> None:
    root = write_repo(READY)
    md = run(root, "--format", "markdown", "--as-of", "2026-11-28", "--cycle", "2026-q4")
    assert md.stdout.startswith("# Execution-completion checklist (cycle `2026-q4`)\n")
    assert "| ✓ | OKR cycle created |" in md.stdout
    bad = run(root, "--cycle", "nope", "--as-of", "2026-11-28")
    assert bad.exit_code == 2 and "no cycle 'nope'" in bad.stderr
