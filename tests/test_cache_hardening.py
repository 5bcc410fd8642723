"""The caches cannot be filled by anyone else (a pull request, another user, a link), and a
path that is not UTF-8, a missing home or a zipped install runs without them, not a crash."""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, BASE_CYCLE, GOOD_OBJECTIVE, WriteRepo, write_files
from okrctl.load import cache
from okrctl.load.cache import cache_file, code_fingerprint

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
BAD = GOOD_OBJECTIVE.replace("theme: cx", "theme: cxx")
FINDING = f"{OBJ}:2:8: error OKR202 unknown theme 'cxx': did you mean 'cx'?\n"
SUMMARY = b"1 error, 0 warnings in 3 files\n"
OKRCTL = Path(sys.executable).parent / "okrctl"
SRC = Path(cache.__file__).resolve().parents[2]  # the folder holding okrctl


def run(
    root: Path | bytes, *args: str, xdg: Path | None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """The real `okrctl -C ROOT ARGS` with the cache home `xdg` (None: unset)."""
    environ = {**os.environ, "GITHUB_ACTIONS": "", "OKRCTL_TODAY": "2026-11-28", **env}
    environ.pop("OKRCTL_NO_CACHE", None)
    environ.pop("XDG_CACHE_HOME", None)
    if xdg is not None:
        environ["XDG_CACHE_HOME"] = str(xdg)
    cmd: list[str | bytes] = [str(OKRCTL), "-C", root, *args]
    return subprocess.run(cmd, capture_output=True, env=environ, cwd=root, timeout=120)


def validate(root: Path, xdg: Path | None) -> tuple[int, str]:
    done = run(root, "validate", xdg=xdg)
    return done.returncode, done.stdout.decode()


def planted_pass(root: Path, trusted: Path) -> Path:
    """The reviewer's attack: the cache folder of the repo at `root` as a run with the
    cache home `trusted` leaves it, its findings then rewritten to say "no problems"
    (header and hash as okrctl writes them). Returns the folder."""
    assert validate(root, trusted) == (1, FINDING)
    (folder,) = (trusted / "okrctl").iterdir()
    findings = folder / "findings"
    data = findings.read_bytes()
    header = data[: data.index(b"\n") + 1]  # okrctl's version and code, as the run saw them
    payload = data[len(header) + 32 :]
    clean = json.dumps({key: [] for key in json.loads(payload)}).encode()
    findings.write_bytes(header + hashlib.blake2b(clean, digest_size=32).digest() + clean)
    assert validate(root, trusted) == (0, "")  # the plant works where okrctl trusts it
    return folder


@pytest.mark.parametrize("where", ["repo", "git work tree", "superproject of a submodule"])
def test_a_cache_home_a_pull_request_can_fill_is_not_used(
    where: str, tmp_path: Path, write_repo: WriteRepo
) -> None:
    root = write_repo({OBJ: BAD})
    folder = planted_pass(root, tmp_path / "trusted")
    top = {"repo": root, "git work tree": tmp_path, "superproject of a submodule": tmp_path}
    if where != "repo":
        (tmp_path / ".git").mkdir()
    if where == "superproject of a submodule":
        (root / ".git").write_text("gitdir: ../.git/modules/repo\n")
    home = top[where] / "ws-cache"  # e.g. XDG_CACHE_HOME=$GITHUB_WORKSPACE/.cache
    shutil.copytree(folder, home / "okrctl" / folder.name)  # committed with the PR
    assert validate(root, home) == (1, FINDING)
    assert validate(root, home) == (1, FINDING)
    assert sorted(p.name for p in (home / "okrctl" / folder.name).iterdir()) == [
        "findings",
        "values",
    ]  # nothing written there either


def test_a_committed_link_to_a_cache_home_outside_is_not_followed(
    tmp_path: Path, write_repo: WriteRepo
) -> None:
    root = write_repo({OBJ: BAD})
    planted_pass(root, tmp_path / "trusted")
    (root / ".cache").symlink_to(tmp_path / "trusted")
    assert validate(root, root / ".cache") == (1, FINDING)


def test_a_repo_reached_through_a_link_in_a_work_tree_is_judged_there_too(
    tmp_path: Path, write_repo: WriteRepo
) -> None:
    # ws/ is a checkout, okrctl runs in it; ws/strat links to the strategy repo elsewhere;
    # the cache home lies in ws/ (XDG_CACHE_HOME=ws/.cache): the checkout a pull request
    # fills, so no cache.
    root = write_repo()
    ws = tmp_path / "ws"
    (ws / ".git").mkdir(parents=True)
    (ws / "strat").symlink_to(root)
    environ = {**os.environ, "GITHUB_ACTIONS": "", "OKRCTL_TODAY": "2026-11-28"}
    environ.pop("OKRCTL_NO_CACHE", None)
    environ |= {"XDG_CACHE_HOME": str(ws / ".cache"), "PWD": str(ws)}
    for _ in range(2):
        done = subprocess.run(
            [str(OKRCTL), "-C", "strat", "validate"], capture_output=True, env=environ, cwd=ws
        )
        assert done.returncode == 0, done.stderr
    assert not (ws / ".cache").exists()


def test_the_repo_beside_a_cache_home_keeps_its_cache(
    tmp_path: Path, write_repo: WriteRepo
) -> None:
    root = write_repo()
    (root / ".git").mkdir()
    home = tmp_path / "repo-cache"  # a sibling whose name starts with the repo's
    assert validate(root, home) == (0, "")
    assert len(list((home / "okrctl").iterdir())) == 1


@pytest.mark.parametrize("kind", ["link to /dev/zero", "fifo", "link to a planted file"])
def test_a_cache_file_that_is_not_a_regular_file_is_a_miss(
    kind: str, tmp_path: Path, write_repo: WriteRepo
) -> None:
    root = write_repo({OBJ: BAD})
    home = tmp_path / "home-cache"
    folder = planted_pass(root, home)
    for name in ("values", "findings"):
        target = folder / name
        if kind == "fifo":
            target.unlink()
            os.mkfifo(target)
        else:
            source = Path("/dev/zero") if kind == "link to /dev/zero" else folder / f"{name}.real"
            if kind == "link to a planted file":
                target.rename(source)
            else:
                target.unlink()
            target.symlink_to(source)
    done = run(root, "validate", xdg=home)  # before: MemoryError (exit 3), or a hang
    assert (done.returncode, done.stdout.decode(), done.stderr) == (1, FINDING, SUMMARY)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_another_users_cache_file_or_folder_is_not_used(
    tmp_path: Path, write_repo: WriteRepo
) -> None:
    root = write_repo({OBJ: BAD})
    home = tmp_path / "shared-cache"  # a /tmp-like XDG_CACHE_HOME
    folder = planted_pass(root, home)
    for name in ("values", "findings"):
        os.chown(folder / name, 54321, 54321)
    assert validate(root, home) == (1, FINDING)
    assert (folder / "findings").stat().st_uid == os.geteuid()  # theirs replaced: the truth
    for name in ("values", "findings"):
        (folder / name).unlink()
    folder.chmod(0o777)
    os.chown(folder, 54321, 54321)
    assert validate(root, home) == (1, FINDING)
    assert list(folder.iterdir()) == []  # nothing written into their folder


def test_cache_folders_are_made_for_the_users_eyes_only(
    tmp_path: Path, write_repo: WriteRepo
) -> None:
    root = write_repo()
    home = tmp_path / "new" / "cache"
    assert validate(root, home) == (0, "")
    (folder,) = (home / "okrctl").iterdir()
    for made in (tmp_path / "new", home, home / "okrctl", folder):
        assert made.stat().st_mode & 0o777 == 0o700
    assert (folder / "values").stat().st_mode & 0o777 == 0o600


@pytest.fixture
def latin1_root(tmp_path: Path) -> Path:
    """A strategy repo in a folder whose name is not UTF-8 (`café` in Latin-1)."""
    return write_files(
        tmp_path / os.fsdecode(b"caf\xe9") / "strat",
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": BASE_CYCLE,
            OBJ: GOOD_OBJECTIVE,
            "cycles/2026-q4/objectives/bad.yaml": BAD.replace("cx-leader", "bad"),
        },
    )


@pytest.mark.parametrize(
    "args", [("validate",), ("status",), ("status", "--format", "json"), ("show", "cx-leader")]
)
def test_a_repo_path_that_is_not_utf8_runs_with_the_cache(
    args: tuple[str, ...], latin1_root: Path, tmp_path: Path
) -> None:
    root = os.fsencode(latin1_root)
    home = tmp_path / "xdg"
    fresh = run(root, "--no-cache", *args, xdg=home)
    assert fresh.returncode in (0, 1, 2) and b"Traceback" not in fresh.stderr
    cold = run(root, *args, xdg=home)  # before: UnicodeEncodeError, exit 3
    warm = run(root, *args, xdg=home)
    for done in (cold, warm):
        assert (done.returncode, done.stdout, done.stderr) == (
            fresh.returncode,
            fresh.stdout,
            fresh.stderr,
        )
    assert (home / "okrctl").is_dir()


def test_an_install_path_that_is_not_utf8_is_fingerprinted(tmp_path: Path) -> None:
    package = tmp_path / os.fsdecode(b"caf\xe9") / "okrctl"
    package.mkdir(parents=True)
    module = package / "rules.py"
    module.write_text("x = 1\n")
    before = code_fingerprint(package)
    assert before is not None and before == code_fingerprint(package)
    module.write_text("x = 12\n")
    assert code_fingerprint(package) not in (None, before)


def test_a_zipped_install_runs_without_the_cache(tmp_path: Path, write_repo: WriteRepo) -> None:
    root = write_repo({OBJ: BAD})
    bundle = tmp_path / "okrctl.pyz"
    with zipfile.ZipFile(bundle, "w") as zipped:
        for path in (SRC / "okrctl").rglob("*"):
            if "__pycache__" not in path.parts and path.is_file():
                zipped.write(path, path.relative_to(SRC))
    assert code_fingerprint(bundle / "okrctl") is None  # scandir: NotADirectoryError
    home = tmp_path / "xdg"
    environ = {**os.environ, "GITHUB_ACTIONS": "", "PYTHONPATH": str(bundle)}
    environ["XDG_CACHE_HOME"] = str(home)
    code = (
        "import sys, okrctl; assert okrctl.__file__.startswith(sys.argv[1]);"
        "from okrctl.cli.app import run; sys.argv[1:] = sys.argv[2:]; run()"
    )
    cmd = [sys.executable, "-c", code, str(bundle), "-C", str(root), "validate"]
    cmd += ["--as-of", "2026-11-28"]
    done = subprocess.run(cmd, capture_output=True, env=environ, cwd=root, timeout=120)
    assert (done.returncode, done.stdout.decode(), done.stderr) == (1, FINDING, SUMMARY)
    assert not home.exists()


def test_no_home_runs_without_the_cache(
    monkeypatch: pytest.MonkeyPatch, write_repo: WriteRepo
) -> None:
    # HOME unset and a uid without a passwd entry (a container's `--user 12345`): the
    # lookup fails as it would there (a real such uid needs a Python it can read).
    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    root = write_repo()
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("OKRCTL_NO_CACHE", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises(RuntimeError):
        Path.home()
    assert cache_file(root) is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # not absolute: ignored too
    assert cache_file(root) is None


def test_the_report_page_cache_is_off_in_a_work_tree_too(
    tmp_path: Path, write_repo: WriteRepo
) -> None:
    # It shares the value cache's place and files (`cache_file`, `read_checked`, `write_atomic`).
    root = write_repo()
    (root / ".git").mkdir()
    for home in (root / ".cache", tmp_path / "xdg"):
        for _ in range(2):
            done = run(root, "report", "--html", "site", xdg=home)
            assert done.returncode == 0, done.stderr
    assert not (root / ".cache").exists()
    (pages,) = (tmp_path / "xdg" / "okrctl").glob("*/pages")  # outside: kept
    assert pages.stat().st_mode & 0o777 == 0o600


def test_the_page_cache_is_off_when_the_repos_cache_is_even_for_a_site_elsewhere(
    tmp_path: Path, write_repo: WriteRepo
) -> None:
    # The cache folder in the repo's work tree (a pull request can fill it), the site
    # outside it: the site's pages are drawn every time, nothing is kept in the repo.
    root = write_repo()
    (root / ".git").mkdir()
    site = tmp_path / "site"
    said = []
    for _ in range(2):
        done = run(root, "report", "--html", str(site), xdg=root / ".cache")
        assert done.returncode == 0, done.stderr
        said.append(done.stderr.decode())
    assert not (root / ".cache").exists()
    assert "known to the page cache" not in said[1]
    assert said[1].startswith("wrote 0 of ")  # the same pages, drawn again, left as they were
