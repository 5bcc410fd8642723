"""The findings cache: an unchanged repo skips the rules, and any change is seen.

Each invalidation test plants a marker finding under the repo's current key (through the
cache's own API) and checks that the next run prints it only while nothing it depends on
changed: the files, the day judged on, settings.rules, okrctl's version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_CONFIG, GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app
from okrctl.load import cache
from okrctl.load.cache import FindingsCache, findings_file
from okrctl.load.repo import load_repo
from okrctl.model import Diagnostic, Severity

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
DAY = dt.date(2026, 11, 28)
MARKER = Diagnostic(OBJ, 1, 1, "OKR999", Severity.ERROR, "planted marker")
MARKER_LINE = f"{OBJ}:1:1: error OKR999 planted marker\n"
FUTURE = f"{OBJ}:11:16: error OKR402 key result 'nps': check-in 2026-10-07 is in the future\n"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("OKRCTL_NO_CACHE", raising=False)
    return home


def validate(root: Path, day: dt.date = DAY, no_cache: str = "") -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # findings name files relative to the working directory
        result = CliRunner().invoke(
            app,
            ["-C", str(root), "validate", "--as-of", day.isoformat()],
            env={"GITHUB_ACTIONS": "", "OKRCTL_NO_CACHE": no_cache},
        )
    return result.exit_code, result.stdout


def plant(root: Path, day: dt.date = DAY) -> None:
    """The marker as the cached findings of the repo as it is now, on `day`."""
    key = load_repo(root).fingerprint
    assert key is not None
    FindingsCache(findings_file(root), key, day).put([MARKER])


def test_an_unchanged_repo_takes_its_findings_from_the_cache(write_repo: WriteRepo) -> None:
    root = write_repo()
    assert validate(root) == (0, "")
    path = findings_file(root)
    assert path is not None and path.is_file() and not str(path).startswith(str(root))
    plant(root)
    assert validate(root) == (1, MARKER_LINE)  # the rules did not run again


def test_the_findings_of_a_run_come_back_the_same(write_repo: WriteRepo) -> None:
    root = write_repo()
    day = dt.date(2026, 10, 5)  # the check-in of 2026-10-07 is in the future
    assert validate(root, day) == (1, FUTURE)
    assert validate(root, day) == (1, FUTURE)


def test_one_changed_file_runs_the_rules_again(write_repo: WriteRepo) -> None:
    root = write_repo()
    plant(root)
    (root / OBJ).write_text(GOOD_OBJECTIVE.replace("NPS", "Net promoter score"), "utf-8")
    assert validate(root) == (0, "")


def test_a_new_file_runs_the_rules_again(write_repo: WriteRepo) -> None:
    root = write_repo()
    plant(root)
    (root / "cycles/2026-q4/objectives/notes.txt").write_text("x", "utf-8")
    code, out = validate(root)
    assert (code, "OKR999" in out) == (0, False)


def test_another_day_runs_the_rules_again(write_repo: WriteRepo) -> None:
    root = write_repo()
    plant(root, DAY)
    assert validate(root, dt.date(2026, 10, 5)) == (1, FUTURE)
    assert validate(root, DAY) == (1, MARKER_LINE)  # that day's entry is still there


def test_changed_settings_rules_run_the_rules_again(write_repo: WriteRepo) -> None:
    root = write_repo()
    day = dt.date(2026, 10, 5)
    assert validate(root, day) == (1, FUTURE)
    config = BASE_CONFIG + "settings:\n  rules: {OKR402: warning}\n"
    (root / "okrctl.yaml").write_text(config, "utf-8")
    assert validate(root, day) == (0, FUTURE.replace("error", "warning"))


def test_another_version_is_ignored(write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_repo()
    monkeypatch.setattr(cache, "_FINDINGS_MAGIC", b"okrctl-findings 1 0.0.1\n")
    plant(root)
    monkeypatch.undo()
    assert validate(root) == (0, "")


def rewrite(root: Path, change: object) -> None:
    """Replace the cached entries by `change(entries)`, with a header that matches."""
    path = findings_file(root)
    assert path is not None
    head = len(cache._FINDINGS_MAGIC) + 32
    entries = json.loads(path.read_bytes()[head:])
    payload = json.dumps(change(entries)).encode()  # type: ignore[operator]
    digest = hashlib.blake2b(payload, digest_size=32).digest()
    path.write_bytes(cache._FINDINGS_MAGIC + digest + payload)


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: {k: [{**d, "line": "1"} for d in v] for k, v in e.items()},
        lambda e: {k: [{**d, "severity": "fatal"} for d in v] for k, v in e.items()},
        lambda e: {k: [{**d, "extra": 1} for d in v] for k, v in e.items()},
        lambda e: {k: [{"file": OBJ}] for k in e},
        lambda e: {k: {"not": "a list"} for k in e},
        lambda e: [1, 2],
    ],
)
def test_a_malformed_entry_is_not_trusted(write_repo: WriteRepo, damage: object) -> None:
    root = write_repo()
    plant(root)
    rewrite(root, damage)
    assert validate(root) == (0, "")
    assert validate(root) == (0, "")  # and the entry was written again, sound


@pytest.mark.parametrize(
    "damage",
    [lambda data: data[: len(data) // 2], lambda data: data[:-3] + b"xyz", lambda data: b""],
)
def test_a_damaged_file_is_ignored(write_repo: WriteRepo, damage: object) -> None:
    root = write_repo()
    plant(root)
    path = findings_file(root)
    assert path is not None
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert validate(root) == (0, "")


def test_okrctl_no_cache_neither_reads_nor_writes_findings(write_repo: WriteRepo) -> None:
    root = write_repo()
    plant(root)
    assert validate(root, DAY, no_cache="1") == (0, "")
    path = findings_file(root)
    assert path is not None
    path.unlink()
    validate(root, DAY, no_cache="1")
    assert not path.exists()
