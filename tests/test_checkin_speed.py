"""What one check-in costs: the folders it lists and the modules it imports (counts, never
times), and that the shortcuts find what the full listing found."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo
from imports import run_noting_imports
from okrctl.cli.app import app

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
AS_OF = ["--as-of", "2026-10-15"]
ANNUAL = "name: FY 2026\nstart: 2026-01-01\nend: 2026-12-31\n"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(root), "checkin", *args])
    return result.exit_code, result.stderr


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the run lists (the real listing, counted)."""
    from okrctl.load.tree import Entry, FsTree

    folders: list[str] = []
    original = FsTree.entries

    def spy(self: FsTree, rel: str) -> list[Entry]:
        folders.append(rel)
        return original(self, rel)

    monkeypatch.setattr(FsTree, "entries", spy)
    return folders


def many_objectives(n: int) -> dict[str, str | bytes | None]:
    """`n` more objective files, each broken: a check-in elsewhere never reads them."""
    return {f"cycles/2026-q4/objectives/o-{i:03}.yaml": "title: [unclosed\n" for i in range(n)}


def test_a_full_reference_lists_no_objectives_folder(
    write_repo: WriteRepo, listed: list[str]
) -> None:
    root = write_repo(many_objectives(30))
    code, err = run(root, "2026-q4/cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert "recorded 2026-q4/cx-leader/nps 60 → 66" in err
    assert listed == ["cycles"]  # which cycles exist; no objectives or kpis folder


def test_a_short_reference_lists_only_the_other_cycles(
    write_repo: WriteRepo, listed: list[str]
) -> None:
    root = write_repo({**many_objectives(30), "cycles/2026/cycle.yaml": ANNUAL})
    code, err = run(root, "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert "recorded 2026-q4/cx-leader/nps 60 → 66" in err
    # cx-leader might also be spelled another way in the annual cycle (ids ignore case):
    # only that folder is listed; the home cycle's file is asked for by name.
    assert "cycles/2026-q4/objectives" not in listed
    assert "cycles/2026/objectives" in listed


def test_ids_in_another_case_name_the_repos_file(write_repo: WriteRepo, listed: list[str]) -> None:
    root = write_repo()
    code, err = run(root, "2026-Q4/CX-Leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert "recorded 2026-q4/cx-leader/nps 60 → 66" in err
    assert "cycles/2026-q4/objectives" in listed  # no file by that spelling: it looked
    assert sorted(p.name for p in (root / OBJ).parent.iterdir()) == ["cx-leader.yaml"]


def test_a_name_that_is_also_its_other_case_is_confirmed_by_the_listing(
    write_repo: WriteRepo, listed: list[str]
) -> None:
    # A file system that ignores case opens `CX-LEADER.YAML` as `cx-leader.yaml`; a hard
    # link makes the same two names one file here.
    root = write_repo()
    os.link(root / OBJ, root / "cycles/2026-q4/objectives/CX-LEADER.YAML")
    code, err = run(root, "2026-q4/cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert "cycles/2026-q4/objectives" in listed


def test_an_objective_that_is_not_a_regular_file_is_not_found(write_repo: WriteRepo) -> None:
    root = write_repo()
    (root / "cycles/2026-q4/objectives/folder.yaml").mkdir()
    code, err = run(root, "2026-q4/folder/nps", "--value", "66", *AS_OF)
    assert code == 2
    assert "no objective 'folder' in cycle 2026-q4" in err


@pytest.fixture
def rule_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How often the rules run (the real rules, counted)."""
    from okrctl.rules import engine

    runs: list[int] = []
    original = engine.run_rules

    def counted(repo: object, today: object) -> object:
        runs.append(1)
        return original(repo, today)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "run_rules", counted)
    return runs


def test_a_check_in_that_leaves_no_error_runs_the_rules_once(
    write_repo: WriteRepo, rule_runs: list[int]
) -> None:
    root = write_repo()
    code, err = run(root, "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert len(rule_runs) == 1  # on the edited file; the file before is not needed


def test_an_error_already_there_is_compared_with_the_file_before(
    write_repo: WriteRepo, rule_runs: list[int]
) -> None:
    # churn's check-in has confidence 7 (OKR404, an error): not added by this check-in.
    objective = (
        GOOD_OBJECTIVE + "    checkins:\n      - {date: 2026-10-07, value: 7, confidence: 7}\n"
    )
    root = write_repo({OBJ: objective})
    code, err = run(root, "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert len(rule_runs) == 2  # after, then before: the error was there already
    assert "recorded 2026-q4/cx-leader/nps 60 → 66" in err


def test_a_short_reference_imports_no_scoring(write_repo: WriteRepo) -> None:
    """Finding the active cycle needs the cycles alone: a check-in imports neither the
    scorer nor the score results (or Rich, or GitPython)."""
    root = write_repo()
    args = ["-C", str(root), "checkin", "cx-leader/nps", "--value", "41"]
    heavy = ["okrctl.results.scores", "okrctl.score.cycle", "okrctl.score.clock", "rich", "git"]
    done = run_noting_imports([*args, "--as-of", "2026-10-15", "--date", "2026-10-15"], heavy)
    assert (done.code, done.imported) == (0, [])
    assert "      - {date: 2026-10-15, value: 41}\n" in (root / OBJ).read_text(encoding="utf-8")
