"""Shared test helpers: small strategy repos written to temp dirs."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import settings

# A known git identity for tests that commit (no global git config is relied on).
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Ana Lima",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Lima",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
}

BASE_CONFIG = """\
organization: Acme
themes:
  - {id: cx, name: Customer Experience Transformation}
  - {id: growth, name: Profitable Growth}
people:
  - {id: ana, name: Ana Lima, team: support}
  - {id: bo, name: Bo Chen, team: support}
  - {id: cy, name: Cy Diaz}
teams:
  - {id: support, name: Support}
"""

BASE_CYCLE = """\
name: Q4 2026
start: 2026-10-01
end: 2026-12-31
"""

GOOD_OBJECTIVE = """\
title: Become the industry leader in customer satisfaction
theme: cx
owner: ana
key_results:
  - id: nps
    title: NPS
    unit: points
    baseline: 58
    target: 75
    checkins:
      - {date: 2026-10-07, value: 60, confidence: 0.7}
  - id: response
    title: Average support response time
    unit: hours
    baseline: 24
    target: 4
  - id: churn
    title: Customer churn rate
    unit: "%"
    baseline: 8
    target: 3
"""

WriteRepo = Callable[..., Path]


def write_files(root: Path, files: Mapping[str, str | bytes | None]) -> Path:
    """Write `files` (repo path -> text, bytes, or None to delete) under `root`."""
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8", newline="")
    return root


@pytest.fixture
def write_repo(tmp_path: Path) -> WriteRepo:
    """A strategy repo: okrctl.yaml, cycle 2026-q4 and one good objective, plus overrides."""

    def make(files: Mapping[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "repo"
        start: dict[str, str | bytes | None] = {}
        if base:
            start = {
                "okrctl.yaml": BASE_CONFIG,
                "cycles/2026-q4/cycle.yaml": BASE_CYCLE,
                "cycles/2026-q4/objectives/cx-leader.yaml": GOOD_OBJECTIVE,
            }
        return write_files(root, {**start, **(files or {})})

    return make


@pytest.fixture(autouse=True, scope="session")
def _own_value_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests (and the commands they run) keep okrctl's value cache out of the user's, and
    a developer's own settings (a faked today, the cache turned off) out of the tests."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    for name in ("OKRCTL_TODAY", "OKRCTL_NO_CACHE", "OKRCTL_WEBHOOK_URL"):
        os.environ.pop(name, None)


# Hypothesis budgets: `default` is hypothesis' own (the normal suite), `fuzz` a long run of
# every property test, chosen with `pytest --fuzz` (see README, "What the loader refuses").
settings.register_profile("default", settings())
settings.register_profile("fuzz", max_examples=20_000, deadline=None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz", action="store_true", help="run property tests with the long 'fuzz' profile"
    )


def pytest_configure(config: pytest.Config) -> None:
    settings.load_profile("fuzz" if config.getoption("--fuzz") else "default")
