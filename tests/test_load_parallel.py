"""Parsing on two cores gives exactly what parsing on one does, and survives its child."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app
from okrctl.load import parallel
from okrctl.load.repo import load_repo

MANY = parallel.MIN_TEXTS + 36


def _many_objectives(bad_every: int = 0) -> dict[str, str]:
    """MANY objective files; every `bad_every`-th one has a duplicate key and a bad value."""
    files = {}
    for n in range(MANY):
        text = GOOD_OBJECTIVE.replace("NPS", f"NPS {n}")
        if bad_every and n % bad_every == 0:
            text = text.replace("owner: ana", "owner: ana\nowner: bo").replace(
                "target: 75", "target: lots"
            )
        files[f"cycles/2026-q4/objectives/o-{n:03d}.yaml"] = text
    return files


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_two_cores_find_the_same_models_and_findings(
    write_repo: WriteRepo, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(_many_objectives(bad_every=7))
    together = load_repo(root)
    assert len(forks) == 1
    monkeypatch.setenv("OKRCTL_JOBS", "1")
    alone = load_repo(root)
    assert len(forks) == 1  # no second child
    assert together.diagnostics == alone.diagnostics
    bad = [d for d in together.diagnostics if d.file.endswith("o-007.yaml")]
    assert {(d.code, d.line) for d in bad} == {("OKR002", 4), ("OKR103", 10)}
    objectives = together.cycles["2026-q4"].objectives
    assert len(objectives) == MANY - len(range(0, MANY, 7)) + 1  # with cx-leader
    assert objectives["o-099"].model.key_results[0].title == "NPS 99"
    assert {k: d.model for k, d in objectives.items()} == {
        k: d.model for k, d in alone.cycles["2026-q4"].objectives.items()
    }


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_failing_child_is_replaced_by_parsing_here(
    write_repo: WriteRepo, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(_many_objectives())
    parent = os.getpid()
    real_parse = parallel.parse

    def parse_crashing_in_child(text: str) -> object:
        if os.getpid() != parent:
            raise MemoryError("child ran out of memory")
        return real_parse(text)

    monkeypatch.setattr(parallel, "parse", parse_crashing_in_child)
    repo = load_repo(root)
    assert len(forks) == 1
    assert repo.diagnostics == []
    assert len(repo.cycles["2026-q4"].objectives) == MANY + 1  # with cx-leader


def test_few_files_are_parsed_without_a_child(write_repo: WriteRepo, forks: list[int]) -> None:
    load_repo(write_repo())
    assert forks == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_validate_on_two_cores_reports_each_finding_once(
    write_repo: WriteRepo, tmp_path: Path, forks: list[int]
) -> None:
    root = write_repo(_many_objectives(bad_every=10))
    result = CliRunner().invoke(app, ["-C", str(root), "validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert len(forks) == 1
    assert result.output.count('"OKR002"') == len(range(0, MANY, 10))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_caller_stopping_early_leaves_no_child_behind(forks: list[int]) -> None:
    texts = [GOOD_OBJECTIVE] * MANY
    parsed = parallel.iter_parsed(texts)
    value, problems = next(parsed)
    assert value["owner"] == "ana" and problems == []
    parsed.close()  # e.g. validation raised: the generator is closed
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # already reaped: no zombie, no orphan
        os.waitpid(forks[0], os.WNOHANG)


def test_a_refused_fork_parses_everything_here(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "_cpus", lambda: 2)
    monkeypatch.setattr(parallel.os, "fork", fork)
    repo = load_repo(write_repo(_many_objectives()))
    assert repo.diagnostics == []
    assert len(repo.cycles["2026-q4"].objectives) == MANY + 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_process_ignoring_sigchld_still_loads_and_leaks_no_descriptor(
    write_repo: WriteRepo, forks: list[int]
) -> None:
    # A daemon embedding okrctl may ignore SIGCHLD: the kernel then reaps the child
    # itself, and waiting for it finds no child.
    root = write_repo(_many_objectives())
    open_before = sorted(os.listdir("/proc/self/fd"))
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        repo = load_repo(root)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert len(forks) == 1
    assert repo.diagnostics == []
    assert len(repo.cycles["2026-q4"].objectives) == MANY + 1  # with cx-leader
    assert sorted(os.listdir("/proc/self/fd")) == open_before
