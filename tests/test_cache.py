"""The cache of parsed values: right answers whatever state the cache is in."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app
from okrctl.load.cache import ValueCache, cache_file
from okrctl.model import Objective

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
BAD = GOOD_OBJECTIVE.replace("theme: cx", "theme: cxx")
OKRCTL = Path(sys.executable).parent / "okrctl"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("OKRCTL_NO_CACHE", raising=False)
    return home


def validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["-C", str(root), "validate", "--as-of", "2026-11-28"], env={"GITHUB_ACTIONS": ""}
    )
    return result.exit_code, result.stdout


def entries(root: Path) -> int:
    return len(ValueCache(cache_file(root))._old)


def test_second_run_reads_the_cache_and_gives_the_same_answer(write_repo: WriteRepo) -> None:
    root = write_repo()
    assert validate(root) == (0, "")
    path = cache_file(root)
    assert path is not None and path.is_file()
    assert not str(path).startswith(str(root))  # outside the repo: a PR cannot plant it
    assert entries(root) == 3  # okrctl.yaml, cycle.yaml, the objective
    assert validate(root) == (0, "")


def test_an_edit_is_seen_and_its_finding_placed(write_repo: WriteRepo) -> None:
    root = write_repo()
    validate(root)
    (root / OBJ).write_text(BAD, encoding="utf-8")
    code, out = validate(root)
    assert code == 1
    assert out.endswith(f"{OBJ}:2:8: error OKR202 unknown theme 'cxx': did you mean 'cx'?\n")
    (root / OBJ).write_text(GOOD_OBJECTIVE, encoding="utf-8")
    assert validate(root) == (0, "")


def test_a_cached_files_finding_is_placed_from_its_text_read_again(
    write_repo: WriteRepo,
) -> None:
    """The objective's value comes from the cache (its text is not decoded then), and its
    rule finding is placed from the file read again: after a BOM, at the same line:col."""
    root = write_repo()
    (root / OBJ).write_bytes(b"\xef\xbb\xbf" + BAD.encode())
    finding = f"{OBJ}:2:8: error OKR202 unknown theme 'cxx': did you mean 'cx'?\n"
    code, out = validate(root)
    assert (code, out.count("OKR202")) == (1, 1) and out.endswith(finding)
    assert entries(root) == 3  # the objective's value cached
    # Another file changed: the rules run again (the findings cache misses), the objective's
    # value is a hit.
    cycle = root / "cycles/2026-q4/cycle.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    code, out = validate(root)
    assert (code, out.count("OKR202")) == (1, 1) and out.endswith(finding)


def test_files_with_parser_findings_are_never_cached(write_repo: WriteRepo) -> None:
    root = write_repo({OBJ: GOOD_OBJECTIVE + "theme: cx\n"})  # a duplicate key
    for _ in range(2):
        code, out = validate(root)
        assert code == 1
        assert "OKR002 duplicate key 'theme'" in out
    assert entries(root) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-10] + b"0123456789",  # corrupt payload
        lambda data: b"okrctl-values 2 0.0.1 marshal 4\n" + data.split(b"\n", 1)[1],  # foreign
        lambda data: b"",
        lambda data: os.urandom(len(data)),
    ],
)
def test_damaged_cache_is_ignored_and_rewritten(write_repo: WriteRepo, damage: object) -> None:
    root = write_repo()
    validate(root)
    path = cache_file(root)
    assert path is not None
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    (root / OBJ).write_text(BAD, encoding="utf-8")
    code, out = validate(root)
    assert (code, out.count("OKR202")) == (1, 1)
    assert entries(root) == 3  # rewritten whole


def test_a_forged_entry_is_not_trusted(write_repo: WriteRepo) -> None:
    """An entry whose value is no JSON object of this cache is parsed again instead."""
    root = write_repo({OBJ: BAD})
    validate(root)
    cache = ValueCache(cache_file(root))
    for key in cache._old:
        cache._old[key] = b"[1, 2"  # not a value this module wrote
    cache._new = dict(cache._old)
    cache._dirty = True
    cache.save()
    code, out = validate(root)
    assert (code, out.count("OKR202")) == (1, 1)


def test_unwritable_cache_dir_never_fails_a_command(write_repo: WriteRepo, own_cache: Path) -> None:
    own_cache.write_text("a file where the folder should be", encoding="utf-8")
    root = write_repo({OBJ: BAD})
    code, out = validate(root)
    assert (code, out.count("OKR202")) == (1, 1)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_cache_dir_never_fails_a_command(write_repo: WriteRepo, own_cache: Path) -> None:
    own_cache.mkdir()
    own_cache.chmod(0o500)
    try:
        assert validate(write_repo()) == (0, "")
    finally:
        own_cache.chmod(0o700)


def sound_entries(path: Path) -> int:
    """The entries of a values file that okrctl processes wrote, checked as they check it
    but for the code fingerprint in its header: this process computed its own when it
    imported okrctl, and a module edited since (in a shared checkout) changes the
    processes' one, so `entries` would see a foreign cache."""
    import hashlib
    import marshal

    data = path.read_bytes()
    header, _, rest = data.partition(b"\n")
    assert header.startswith(b"okrctl-values 3 ")
    digest, payload = rest[:32], rest[32:]
    assert hashlib.blake2b(payload, digest_size=32).digest() == digest
    found = marshal.loads(payload)
    assert type(found) is dict and all(type(v) is bytes for v in found.values())
    return len(found)


def test_concurrent_runs_agree_and_leave_a_sound_cache(write_repo: WriteRepo) -> None:
    root = write_repo({OBJ: BAD})
    env = {**os.environ, "GITHUB_ACTIONS": ""}
    cmd = [str(OKRCTL), "-C", str(root), "validate", "--as-of", "2026-11-28"]
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: subprocess.run(cmd, capture_output=True, env=env), range(8)))
    assert {(r.returncode, r.stdout.decode().count("OKR202")) for r in runs} == {(1, 1)}
    path = cache_file(root)
    assert path is not None
    assert sound_entries(path) == 3
    folder = cache_file(root).parent  # type: ignore[union-attr]
    assert not [p for p in folder.iterdir() if p.name not in ("values", "findings")]


def test_no_cache_option_and_variable_turn_it_off(write_repo: WriteRepo) -> None:
    root = write_repo()
    env = {**os.environ, "GITHUB_ACTIONS": ""}
    cmd = [str(OKRCTL), "-C", str(root), "--no-cache", "validate", "--as-of", "2026-11-28"]
    assert subprocess.run(cmd, capture_output=True, env=env).returncode == 0
    path = cache_file(root)
    assert path is not None and not path.exists()
    env["OKRCTL_NO_CACHE"] = "1"
    del cmd[3]
    assert subprocess.run(cmd, capture_output=True, env=env).returncode == 0
    assert not path.exists()


def test_values_come_back_exactly_with_their_types(tmp_path: Path) -> None:
    import datetime as dt
    import math

    from okrctl.load.yamlsafe import parse_fast

    text = "a: 2026-09-30\nb: '2026-09-30'\nc: [1, 1.0, true, null, .inf]\nd: {e: 2026-10-01}\n"
    dates: list[list[str | int]] = []
    value = parse_fast(text, dates)
    assert value is not None
    path = tmp_path / "c" / "values"
    first = ValueCache(path)
    first.put(text.encode(), value, dates)
    first.save()
    again = ValueCache(path).get(text.encode(), Objective)  # a value to validate: no model yet
    assert again == value
    assert again is not None
    assert type(again["a"]) is dt.date and again["b"] == "2026-09-30"
    assert [type(x) for x in again["c"]] == [int, float, bool, type(None), float]
    assert math.isinf(again["c"][4]) and again["d"] == {"e": dt.date(2026, 10, 1)}
    assert ValueCache(path).get(b"other bytes", Objective) is None


def test_an_objective_comes_back_validated_from_its_json(tmp_path: Path) -> None:
    """Dates only in date fields: the entry is JSON that pydantic-core validates in one step,
    and the model is the one validating the parsed value gives."""
    import datetime as dt

    from okrctl.load.yamlsafe import parse_fast

    dates: list[list[str | int]] = []
    value = parse_fast(GOOD_OBJECTIVE, dates)
    assert value is not None and dates == [["key_results", 0, "checkins", 0, "date"]]
    path = tmp_path / "c" / "values"
    first = ValueCache(path)
    first.put(GOOD_OBJECTIVE.encode(), value, dates)
    first.save()
    again = ValueCache(path).get(GOOD_OBJECTIVE.encode(), Objective)
    assert again == Objective.model_validate(value)
    assert isinstance(again, Objective)
    assert again.key_results[0].checkins[0].date == dt.date(2026, 10, 7)


def _date_fields(model: type[BaseModel]) -> set[tuple[str, bool]]:
    """(field name, whether it takes anything but a date) of every field of `model` and
    the models inside it whose type admits a date."""
    import datetime as dt
    import typing

    found: set[tuple[str, bool]] = set()
    for name, info in model.model_fields.items():
        todo, kinds = [info.annotation], set()
        while todo:
            kind = todo.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                found |= _date_fields(kind)
            args = typing.get_args(kind)
            todo += [a for a in args if not isinstance(a, str | int | float) and a is not ...]
            kinds.add(kind)
        plain = {k for k in kinds if isinstance(k, type)}
        if dt.date in plain:
            found.add((name, bool(plain - {dt.date, type(None)})))
    return found


def test_date_fields_hold_only_dates_except_in_where() -> None:
    """What the JSON entries rely on (okrctl.load.cache.DATE_FIELDS)."""
    from okrctl.load.cache import DATE_FIELDS
    from okrctl.model import Cycle, Kpi, StrategyConfig

    found = set().union(*(_date_fields(m) for m in (Objective, Kpi, Cycle, StrategyConfig)))
    assert {"due", "date", "start", "end", "where"} <= {name for name, _ in found}
    assert {name for name, other in found if not other} <= DATE_FIELDS
    assert {name for name, other in found if other} <= {"where"}


def test_the_cache_key_changes_with_okrctl_code(tmp_path: Path) -> None:
    """An install from a git checkout changes the rules without changing the version: the
    fingerprint of the package's modules is part of every cache header."""
    import os

    from okrctl.load.cache import code_fingerprint

    package = tmp_path / "okrctl"
    (package / "rules").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    rule = package / "rules" / "engine.py"
    rule.write_text("LIMIT = 5\n")
    before = code_fingerprint(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "engine.cpython-311.pyc").write_bytes(b"\0")
    (package / "notes.txt").write_text("not code")
    assert code_fingerprint(package) == before  # bytecode and other files do not count
    rule.write_text("LIMIT = 6\n")  # same size: the modification time tells
    os.utime(rule, ns=(1, 1))
    changed = code_fingerprint(package)
    assert changed != before
    rule.write_text("LIMIT = 60\n")
    os.utime(rule, ns=(1, 1))
    assert code_fingerprint(package) not in (before, changed)
