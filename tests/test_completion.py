"""Shell completion: dynamic completers for cycles, refs and owners, and the shell protocol."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import WriteRepo
from okrctl.cli import completion as c
from okrctl.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "strategy-repo"


COMMAND = typer.main.get_command(app)


def ctx_for(repo: Path | None, cycle: str | None = None) -> Any:
    ctx = typer.Context(COMMAND)
    ctx.params = {"repo": repo, "cycle": cycle}
    return ctx


def values(found: list[tuple[str, str]]) -> list[str]:
    return [v for v, _ in found]


def test_cycles_with_their_names() -> None:
    assert c.complete_cycle(ctx_for(EXAMPLE), "") == [("2026", "FY 2026"), ("2026-q4", "2026 Q4")]
    assert values(c.complete_cycle(ctx_for(EXAMPLE), "2026-")) == ["2026-q4"]


def test_objectives_of_the_chosen_cycle() -> None:
    found = values(c.complete_objective(ctx_for(EXAMPLE, "2026"), ""))
    assert found == [
        "2026-q4/",
        "2026/",
        "customer-experience-edge",
        "profitable-growth",
        "reliable-platform",
    ]
    assert values(c.complete_objective(ctx_for(EXAMPLE), "2026-q4/s")) == [
        "2026-q4/service-excellence",
        "2026-q4/support-in-hours",
    ]


def test_key_result_refs() -> None:
    ctx = ctx_for(EXAMPLE, "2026-q4")
    assert c.complete_key_result(ctx, "service-excellence/") == [
        ("service-excellence/health-coverage", "Accounts with a weekly health score"),
        (
            "service-excellence/executive-reviews",
            "Top-30 accounts with an executive business review this quar…",  # 60 at most
        ),
        ("service-excellence/csat", "Support CSAT"),
    ]
    assert values(c.complete_key_result(ctx_for(EXAMPLE), "2026-q4/service-excellence/c")) == [
        "2026-q4/service-excellence/csat"
    ]


def test_kpis_and_any_ref() -> None:
    assert values(c.complete_kpi(ctx_for(EXAMPLE, "2026-q4"), "n")) == ["nps"]
    assert ("nps", "KPI") in c.complete_ref(ctx_for(EXAMPLE, "2026-q4"), "")
    assert ("grow-leaders", "objective") in c.complete_ref(ctx_for(EXAMPLE, "2026-q4"), "")


def test_owners_with_names() -> None:
    assert c.complete_owner(ctx_for(EXAMPLE), "ma") == [("maria", "María Santos")]


def test_help_texts_cannot_inject_terminal_escapes(write_repo: WriteRepo) -> None:
    config = 'people:\n  - {id: ana, name: "Ana\\e[2J\\nLima"}\n'
    repo = write_repo({"okrctl.yaml": config})
    assert c.complete_owner(ctx_for(repo), "") == [("ana", "Ana\\x1b[2J")]


def test_repo_found_from_the_current_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE / "cycles")
    assert values(c.complete_cycle(ctx_for(None), "")) == ["2026", "2026-q4"]


def test_no_repo_or_broken_files_give_no_suggestions(write_repo: WriteRepo, tmp_path: Path) -> None:
    assert c.complete_cycle(ctx_for(tmp_path), "") == []
    repo = write_repo(
        {
            "okrctl.yaml": "people: [\n",
            "cycles/2026-q4/objectives/cx-leader.yaml": "key_results: &a [*a]\n",
        }
    )
    assert c.complete_owner(ctx_for(repo), "") == []
    assert c.complete_key_result(ctx_for(repo), "cx-leader/") == []
    assert values(c.complete_cycle(ctx_for(repo), "")) == ["2026-q4"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_completers_never_raise(incomplete: str) -> None:
    ctx = ctx_for(EXAMPLE)
    for complete in (c.complete_cycle, c.complete_ref, c.complete_kpi, c.complete_owner):
        assert all(v.startswith(incomplete) for v in values(complete(ctx, incomplete)))


def test_the_shell_protocol_completes_cycle_ids(tmp_path: Path) -> None:
    """What bash runs on TAB after `okrctl -C <example> report --cycle 2026-`."""
    env = {
        **os.environ,
        "_OKRCTL_COMPLETE": "complete_bash",
        "COMP_WORDS": f"okrctl -C {EXAMPLE} report --cycle 2026-",
        "COMP_CWORD": "5",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from okrctl.cli.app import app; app(prog_name='okrctl')"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2026-q4"]
