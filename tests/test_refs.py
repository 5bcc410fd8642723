"""The one reference resolver (okrctl.model.refs): one rule for show, checkin and log."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app
from okrctl.model.errors import OkrctlError
from okrctl.model.refs import ANY, ITEMS, Ref, RefKind, resolve
from test_history_support import GitRepo


class Index:
    """cycle -> objective -> key results, and cycle -> KPIs."""

    def __init__(self, objectives: dict[str, dict[str, list[str]]], kpis: dict[str, list[str]]):
        self.objectives = objectives
        self.kpis = kpis

    def cycle_ids(self) -> list[str]:
        return sorted({*self.objectives, *self.kpis})

    def objective_ids(self, cycle: str) -> Collection[str]:
        return self.objectives.get(cycle, {}).keys()

    def kpi_ids(self, cycle: str) -> Collection[str]:
        return self.kpis.get(cycle, [])

    def key_result_ids(self, cycle: str, objective: str) -> Collection[str]:
        return self.objectives.get(cycle, {}).get(objective, [])


INDEX = Index(
    {
        "2026": {"grow": ["arr"]},
        "2026-q4": {"cx": ["nps", "churn"], "2026-q4": ["nps"]},
        "2027": {"cx": []},
    },
    {"2026": ["arr"], "2026-q4": ["nps"]},
)
OBJ, K, R, C = RefKind.OBJECTIVE, RefKind.KPI, RefKind.KEY_RESULT, RefKind.CYCLE


@pytest.mark.parametrize(
    ("text", "home", "kinds", "expected"),
    [
        ("cx", "2026-q4", ITEMS, Ref(OBJ, "2026-q4", "cx")),
        ("cx/nps", "2026-q4", ITEMS, Ref(R, "2026-q4", "cx", "nps")),
        ("2026-q4/cx/churn", None, ITEMS, Ref(R, "2026-q4", "cx", "churn")),
        ("2026-q4/cx", None, ITEMS, Ref(OBJ, "2026-q4", "cx")),
        # Short ids not in the home cycle are found where they are unique.
        ("grow", "2026-q4", ITEMS, Ref(OBJ, "2026", "grow")),
        ("grow/arr", "2026-q4", ITEMS, Ref(R, "2026", "grow", "arr")),
        # The home cycle's KPI wins over the same id elsewhere.
        ("nps", "2026-q4", {K}, Ref(K, "2026-q4", "nps")),
        ("2026-q4", None, ANY, Ref(C, "2026-q4")),  # also an objective's id: written in full
        # 2026-q4/nps is the KPI of cycle 2026-q4 as written in full, before objective
        # 2026-q4's key result nps (2026-q4/2026-q4/nps in full).
        ("2026-q4/nps", "2026-q4", ITEMS, Ref(K, "2026-q4", "nps")),
        ("2026-q4/2026-q4/nps", "2026-q4", ITEMS, Ref(R, "2026-q4", "2026-q4", "nps")),
        ("  cx/nps ", "2026-q4", ITEMS, Ref(R, "2026-q4", "cx", "nps")),
    ],
)
def test_resolves(text: str, home: str | None, kinds: set[RefKind], expected: Ref) -> None:
    assert resolve(text, home, INDEX, kinds) == expected


@pytest.mark.parametrize(
    ("text", "home", "kinds", "message"),
    [
        # `cx` in two cycles, with no home cycle to prefer.
        ("cx", None, ITEMS, "'cx' is ambiguous: it could be 2026-q4/cx (objective) or 2027/cx"),
        # `arr` is a KPI of 2026 and, in 2026, nothing else: without a home it is unique.
        (
            "cx/nsp",
            "2026-q4",
            ITEMS,
            "objective 'cx' has no key result 'nsp' (did you mean 'nps'?)",
        ),
        ("cxx/nps", "2026-q4", ITEMS, "no objective 'cxx' in cycle 2026-q4 (did you mean 'cx'?)"),
        ("2026-q5/cx/nps", None, ITEMS, "no cycle '2026-q5' (did you mean '2026-q4' or '2026'?)"),
        ("2026-q4/nope", None, ITEMS, "no objective or KPI 'nope' in cycle 2026-q4"),
        ("cx", "2026-q4", {R, K}, "'cx' is an objective in cycle 2026-q4, not a key result or KPI"),
        ("../etc", None, ANY, "'../etc' is not a reference"),
        ("a/b/c/d", None, ANY, "'a/b/c/d' is not a reference"),
        ("", None, ANY, "'' is not a reference"),
    ],
)
def test_refuses(text: str, home: str | None, kinds: set[RefKind], message: str) -> None:
    with pytest.raises(OkrctlError) as err:
        resolve(text, home, INDEX, kinds)
    assert message in err.value.message


def test_show_checkin_and_log_read_a_ref_alike(tmp_path: Path) -> None:
    """`2026-q4/nps` is KPI nps of cycle 2026-q4 for every command, though objective
    `2026-q4` has a key result nps too (2026-q4/2026-q4/nps, written in full)."""
    from conftest import BASE_CONFIG, BASE_CYCLE, write_files

    kpi = "title: N\nperspective: customer\nowner: ana\nunit: x\ntarget: 1\n"
    objective = "title: T\ntheme: cx\nowner: ana\nkey_results:\n  - {id: nps, title: N, unit: x}\n"
    root = write_files(
        tmp_path / "r",
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": BASE_CYCLE,
            "cycles/2026-q4/objectives/cx-leader.yaml": GOOD_OBJECTIVE,
            "cycles/2026-q4/objectives/2026-q4.yaml": objective,
            "cycles/2026-q4/kpis/nps.yaml": kpi,
        },
    )
    GitRepo(root).commit("plan", "2026-10-01")

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, ["-C", str(root), *args])
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = run("show", "2026-q4/nps", "--as-of", "2026-10-10", "-f", "json")
    assert code in (0, 1) and json.loads(out)["kind"] == "kpi"
    code, out, _ = run("log", "2026-q4/nps", "-f", "json")
    assert code == 0 and json.loads(out)["kind"] == "KPI"
    code, out, _ = run(
        "checkin", "2026-q4/nps", "--value", "1", "--as-of", "2026-10-10", "--dry-run"
    )
    assert code == 0 and "+++ b/cycles/2026-q4/kpis/nps.yaml" in out
    full = "2026-q4/2026-q4/nps"
    code, out, _ = run("checkin", full, "--value", "1", "--as-of", "2026-10-10", "--dry-run")
    assert code == 0 and "+++ b/cycles/2026-q4/objectives/2026-q4.yaml" in out


def test_checkin_finds_a_kpi_of_the_parent_year(write_repo: WriteRepo) -> None:
    kpi = "title: ARR\nperspective: financial\nowner: ana\nunit: EUR\ntarget: 100\n"
    year = "name: FY 2026\nstart: 2026-01-01\nend: 2026-12-31\n"
    root = write_repo({"cycles/2026/cycle.yaml": year, "cycles/2026/kpis/arr.yaml": kpi})
    result = CliRunner().invoke(
        app, ["-C", str(root), "checkin", "arr", "--value", "90", "--as-of", "2026-10-10"]
    )
    assert result.exit_code == 0, result.stderr
    assert "{date: 2026-10-10, value: 90}" in (root / "cycles/2026/kpis/arr.yaml").read_text()


def test_an_id_set_finds_like_find_id_on_a_list() -> None:
    from okrctl.model.layout import IdSet, find_id

    ids = ["FY20-Q2", "fy20-q2", "ceo-grow", "Sales"]
    held = IdSet(ids)
    for ident in ("FY20-Q2", "fy20-q2", "Fy20-Q2", "CEO-GROW", "sales", "nope", ""):
        assert find_id(ident, held) == find_id(ident, ids)
    assert find_id("fy20-Q2", held) == "FY20-Q2"  # the first spelling wins, as on a list
    assert "Sales" in held and "sales" not in held and len(held) == 4


def test_resolving_every_parent_grows_linearly_with_the_cycle() -> None:
    """Resolving a parent misses in the other cycles; those misses once scanned every id
    (quadratic in the objectives): count the id comparisons, not the time."""
    from okrctl.model import layout, refs

    class Index:
        def __init__(self, n: int) -> None:
            # Cycle b holds other ids, so every lookup there misses.
            self.ids = {c: layout.IdSet([f"{c}-{i}" for i in range(n)]) for c in ("a", "b")}

        def cycle_ids(self) -> list[str]:
            return ["a", "b"]

        def objective_ids(self, cycle: str) -> Collection[str]:
            return self.ids.get(cycle, ())

        def kpi_ids(self, cycle: str) -> Collection[str]:
            return ()

        def key_result_ids(self, cycle: str, objective: str) -> list[str]:
            return ["kr-1"]

    calls = 0
    real = layout.id_key

    def counting(ident: str) -> str:
        nonlocal calls
        calls += 1
        return real(ident)

    def cost(n: int) -> int:
        nonlocal calls
        calls = 0
        index = Index(n)
        for i in range(n):
            assert refs.parent(f"a-{i}/kr-1", "a", index) is not None
        return calls

    layout.id_key = counting  # type: ignore[assignment]
    try:
        small, large = cost(200), cost(800)
    finally:
        layout.id_key = real  # type: ignore[assignment]
    assert large <= 4 * small * 1.5
