"""What the loader keeps in memory: no file's text once parsed (read again, and checked,
when a position needs it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app
from okrctl.load.heap import release_free_memory
from okrctl.load.repo import load_repo, load_tree
from okrctl.load.source import FileChangedError
from okrctl.load.tree import FsTree, MemoryTree

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"


def validate(root: Path, day: str, no_cache: str = "") -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # findings name files relative to the working directory
        result = CliRunner().invoke(
            app,
            ["-C", str(root), "validate", "--as-of", day],
            env={"GITHUB_ACTIONS": "", "OKRCTL_NO_CACHE": no_cache},
        )
    return result.exit_code, result.stdout


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("OKRCTL_NO_CACHE", raising=False)


@pytest.mark.parametrize(
    "data",
    [
        GOOD_OBJECTIVE.encode(),
        b"\xef\xbb\xbf" + GOOD_OBJECTIVE.replace("\n", "\r\n").encode(),  # BOM, CRLF
    ],
    ids=["plain", "bom-crlf"],
)
def test_a_rule_finding_on_a_warm_run_has_the_place_a_cold_run_gives(
    write_repo: WriteRepo, data: bytes
) -> None:
    """The values come from the cache and the text is read again for the position only."""
    root = write_repo({OBJ: data})
    assert validate(root, "2026-11-28") == (0, "")  # clean: the value cache is filled
    future = f"{OBJ}:11:16: error OKR402 key result 'nps': check-in 2026-10-07 is in the future\n"
    assert validate(root, "2026-10-05") == (1, future)  # a new day: the rules run again
    assert validate(root, "2026-10-05", no_cache="1") == (1, future)


def test_positions_are_read_from_the_file_again(write_repo: WriteRepo) -> None:
    source = load_repo(write_repo()).sources[OBJ]
    assert source.position(("key_results",)) == (4, 1)
    assert source.position(("key_results", 0)) == (5, 5)  # the item, after "- "
    assert source.position(("key_results", 0, "target")) == (9, 5)
    assert source.value_position(("key_results", 0, "target")) == (9, 13)
    assert source.text == GOOD_OBJECTIVE


def test_a_file_changed_after_loading_gives_no_position(write_repo: WriteRepo) -> None:
    """Same length, other bytes: the text parsed is gone, and the new one is refused."""
    root = write_repo()
    repo = load_repo(root)
    (root / OBJ).write_text(GOOD_OBJECTIVE.replace("target: 75", "target: 76"))
    source = repo.sources[OBJ]
    with pytest.raises(FileChangedError, match=f"^{OBJ}: the file changed") as raised:
        source.position(("key_results", 0, "target"))
    assert raised.value.exit_code == 2
    with pytest.raises(FileChangedError):  # asked again: refused again, never a guess
        source.value_position(("key_results",))
    with pytest.raises(FileChangedError):
        _ = source.text
    (root / OBJ).write_text(GOOD_OBJECTIVE)  # back as it was parsed: readable again
    assert source.position(("key_results", 0, "target")) == (9, 5)


def test_a_file_gone_after_loading_gives_no_position(write_repo: WriteRepo) -> None:
    root = write_repo()
    repo = load_repo(root)
    (root / OBJ).unlink()
    with pytest.raises(FileChangedError):
        repo.sources[OBJ].position(("title",))


def test_a_revision_in_memory_gives_its_texts_again(write_repo: WriteRepo) -> None:
    root = write_repo()
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.yaml")}
    repo = load_tree(MemoryTree(files), Path("."))
    assert repo.sources[OBJ].text == GOOD_OBJECTIVE
    assert repo.sources[OBJ].position(("owner",)) == (3, 1)


def test_freeing_memory_is_harmless_anywhere() -> None:
    release_free_memory()  # glibc's malloc_trim, or nothing
    release_free_memory()


def test_a_python_without_ctypes_still_validates(write_repo: WriteRepo) -> None:
    # Some builds (a minimal container's, a Python built without libffi) have no _ctypes:
    # handing memory back is an optimisation, its absence no error.
    root = write_repo()
    code = (
        "import sys; sys.modules['ctypes'] = None; sys.argv = ['okrctl', *sys.argv[1:]]; "
        "from okrctl.cli.app import run; run()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "-C", str(root), "--no-cache", "validate"],
        capture_output=True,
        text=True,
        env={**os.environ, "OKRCTL_TODAY": "2026-10-20", "GITHUB_ACTIONS": ""},
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "✓ 3 files checked, no problems\n")


@pytest.mark.parametrize(("size", "read"), [(0, 0), (9, 9), (10, 10), (11, 11), (50, 11)])
def test_a_file_is_read_to_its_limit_and_a_byte_more(tmp_path: Path, size: int, read: int) -> None:
    """The loader sees a file over the limit (10 here) by the byte after it."""
    (tmp_path / "f.yaml").write_bytes(bytes(range(65, 65 + size)))
    assert FsTree(tmp_path).read("f.yaml", 10) == bytes(range(65, 65 + read))
