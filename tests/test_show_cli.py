"""`okrctl show REF`: objectives, key results and KPIs by reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app
from okrctl.render.sparkline import sparkline
from test_status_support import Q4, kr, make_repo, objective

AS_OF = "2026-11-15"
NPS = {"title": "Net Promoter Score", "perspective": "customer", "owner": "bo",
       "unit": "points", "baseline": 40, "target": 60, "frequency": "monthly",
       "checkins": [{"date": "2026-10-31", "value": 50}]}  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def repo(root: Path) -> str:
    series = [("2026-10-05", 58), ("2026-10-12", 60), ("2026-10-19", 59), ("2026-11-09", 66.5)]
    objs = {
        "cx": objective(
            "Delight customers",
            [kr("nps", 58, 75, series, owner="bo", unit="points"), kr("churn", 8, 3)],
            theme="customer",
            contributors=["cy"],
        )
    }
    year = {"name": "2026", "start": "2026-01-01", "end": "2026-12-31"}
    make_repo(
        root,
        cycles={"2026": year, "2026-q4": {**Q4, "parent": "2026"}},
        objectives={"2026-q4": objs, "2026": {"cx": objective("Year of the customer", [kr("a")])}},
        kpis={"2026-q4": {"nps-kpi": NPS}},
    )
    return str(root)


@pytest.mark.parametrize("ref", ["cx/nps", "2026-q4/cx/nps"])
def test_key_result_in_full_with_sparkline(tmp_path: Path, ref: str) -> None:
    code, out, err = run("-C", repo(tmp_path), "show", ref, "--as-of", AS_OF)
    assert code == 0, err
    assert "Key result 2026-q4/cx/nps" in out
    # (66.5 - 58) / (75 - 58) = 0.5 against 0.4945 expected: green; the sparkline
    # scales baseline 58 .. target 75 onto 8 ticks: 60 is 2/17 x 7 = 0.8 -> ▂, 59 is
    # 0.4 -> ▁, 66.5 is 3.5 -> ▅ (half way to the target, half way up)
    assert "✓ green" in out and "50%" in out
    assert "58 → 66.5 → 75 points" in out
    assert "2026-10-05 ▁▂▁▅ 2026-11-09 (4)" in out
    assert "2026-11-09             66.5" in out


def test_objective_by_id_prefers_the_active_cycle(tmp_path: Path) -> None:
    code, out, _ = run("-C", repo(tmp_path), "show", "cx", "--as-of", AS_OF)
    assert code == 0
    assert "Objective 2026-q4/cx" in out and "Delight customers" in out
    assert "Owner          Ana\nContributors   Cy\n" in out  # names from okrctl.yaml
    assert "nps" in out and "churn" in out
    code, out, _ = run("-C", repo(tmp_path), "show", "2026/cx", "--as-of", AS_OF)
    assert code == 0 and "Year of the customer" in out


def test_kpi_by_id_and_by_cycle(tmp_path: Path) -> None:
    for ref in ("nps-kpi", "2026-q4/nps-kpi"):
        code, out, _ = run("-C", repo(tmp_path), "show", ref, "--as-of", AS_OF)
        assert code == 0
        assert "KPI 2026-q4/nps-kpi" in out and "50 / 60 points" in out
        assert "✗ red" in out  # no thresholds: target 60 not met


def test_json(tmp_path: Path) -> None:
    code, out, _ = run("-C", repo(tmp_path), "show", "cx/nps", "--as-of", AS_OF, "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "key-result" and data["ref"] == "2026-q4/cx/nps"
    assert data["key_result"]["progress"] == 0.5
    assert [p["value"] for p in data["checkins"]["nps"]] == [58, 60, 59, 66.5]


def test_unknown_reference_suggests(tmp_path: Path) -> None:
    code, out, err = run("-C", repo(tmp_path), "show", "cx/nsp", "--as-of", AS_OF)
    assert code == 2 and out == ""
    # The one resolver says which part names nothing, with the closest names there.
    assert "objective 'cx' has no key result 'nsp' (did you mean 'nps'?)" in err


# `cx` also names 2026/cx: a broken file in the active cycle must not quietly show that one.
@pytest.mark.parametrize("ref", ["cx", "2026-q4/cx", "cx/nps", "2026-q4/cx/nps"])
def test_a_reference_into_a_file_that_does_not_load_names_the_file(
    tmp_path: Path, ref: str
) -> None:
    root = Path(repo(tmp_path))
    (root / "cycles/2026-q4/objectives/cx.yaml").write_text("title: [unclosed\n")
    code, out, err = run("-C", str(root), "show", ref, "--as-of", AS_OF)
    assert code == 2 and out == ""
    assert (
        f"okrctl: cycles/2026-q4/objectives/cx.yaml has errors and could not be loaded, so "
        f"'{ref}' cannot be shown: run `okrctl validate` to see them"
    ) in err
    assert "has no key result" not in err and "no objective" not in err


def test_ambiguous_reference_without_an_active_cycle(tmp_path: Path) -> None:
    # On 2027-02-01 no cycle is active, so `cx` could be either objective.
    code, _, err = run("-C", repo(tmp_path), "show", "cx", "--as-of", "2027-02-01")
    assert code == 2 and "ambiguous" in err and "2026-q4/cx" in err and "2026/cx" in err


def test_bad_reference_shape(tmp_path: Path) -> None:
    code, _, err = run("-C", repo(tmp_path), "show", "a/b/c/d", "--as-of", AS_OF)
    assert code == 2 and "is not a reference" in err


def test_sparkline_scales_and_handles_flat_and_milestones() -> None:
    assert sparkline([0, 7, 14]) == "▁▅█"
    assert sparkline([5, 5]) == "▄▄"
    assert sparkline([False, True]) == "▁█"
    assert sparkline([]) == ""
