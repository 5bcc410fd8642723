"""Hostile file systems: symbolic links out of the repo, FIFOs and devices, other owners,
full / read-only / immutable / unwritable places, and a file changed while okrctl runs.

Real file systems only: tmpfs and bind mounts, `chattr +i`, a process with dropped
privileges. What the machine cannot do is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_CONFIG, BASE_CYCLE, GOOD_OBJECTIVE, write_files
from okrctl.api import files
from okrctl.cli.app import app

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
AS_OF = ["--as-of", "2026-10-15"]
OKRCTL = str(Path(sys.executable).with_name("okrctl"))
NEW_LINE = "      - {date: 2026-10-15, value: 66}\n"
ROOT = os.geteuid() == 0
INIT = ["--theme", "cx:Customer", "--person", "ana:Ana Lima"]


def make_repo(root: Path) -> Path:
    return write_files(
        root,
        {"okrctl.yaml": BASE_CONFIG, "cycles/2026-q4/cycle.yaml": BASE_CYCLE, OBJ: GOOD_OBJECTIVE},
    )


def run(*args: str | Path) -> tuple[int, str, str]:
    """okrctl in this process; it must never crash (exit 3 or a traceback)."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1"})
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.exit_code, result.stdout, result.stderr


def run_process(*args: str | Path, user: bool = False, timeout: float = 60) -> tuple[int, str]:
    """The real `okrctl` executable (optionally as the user `nobody`); (exit code, stderr)."""
    argv = [OKRCTL, *map(str, args)]
    if user:
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
    env = {**os.environ, "NO_COLOR": "1", "HOME": "/tmp"}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done.returncode, done.stderr


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root: a link's target, a file's bytes, or 'dir'."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = path.read_bytes().decode("utf-8", "replace")
    return out


def temp_files(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*.tmp")]


# -- 7. symbolic links -------------------------------------------------------------------


def test_cycles_folder_linked_outside_is_okr009_and_never_written(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    outside = tmp_path / "elsewhere"
    shutil.move(root / "cycles", outside)
    (root / "cycles").symlink_to(outside)
    before = snapshot(outside)

    code, out, _ = run("-C", root, "validate", *AS_OF)
    assert code == 1
    assert "cycles: error OKR009 symbolic link points outside the strategy repo" in out
    assert "cx-leader" not in out  # nothing behind the link was read

    code, _, err = run("-C", root, "checkin", "2026-q4/cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 2
    assert snapshot(outside) == before


def test_a_folder_on_the_way_linked_outside_is_okr009(tmp_path: Path) -> None:
    # Only the objectives folder is a link; the file under it is no link itself.
    root = make_repo(tmp_path / "repo")
    outside = tmp_path / "elsewhere"
    shutil.move(root / "cycles/2026-q4/objectives", outside)
    (root / "cycles/2026-q4/objectives").symlink_to(outside)

    code, out, _ = run("-C", root, "validate", *AS_OF)
    assert code == 1
    assert "cycles/2026-q4/objectives: error OKR009 symbolic link points outside" in out

    before = (outside / "cx-leader.yaml").read_text()
    code, _, err = run("-C", root, "checkin", "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 2
    assert (outside / "cx-leader.yaml").read_text() == before


def test_review_write_into_reviews_linked_outside_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "reviews").symlink_to(outside)

    code, _, err = run("-C", root, "review", "weekly", "--write", *AS_OF)
    assert code == 2
    target = f"{outside}/2026-q4/weekly-2026-10-15.md"
    assert f"{root}/reviews/2026-q4/weekly-2026-10-15.md: it leads outside the strategy repo" in err
    assert f"(to {target}); nothing was written" in err
    assert list(outside.iterdir()) == []


def test_cycle_close_with_reviews_linked_outside_writes_nothing(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    outside = tmp_path / "elsewhere"
    (outside / "2026-q4").mkdir(parents=True)
    (root / "reviews").symlink_to(outside)
    before = snapshot(root)

    code, _, err = run("-C", root, "cycle", "close", "2026-q4", "--force", *AS_OF)
    assert code == 2
    assert "leads outside the strategy repo" in err
    assert snapshot(root) == before  # no final score, not closed
    assert list((outside / "2026-q4").iterdir()) == []


def test_cycle_new_with_cycles_linked_outside_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    outside = tmp_path / "elsewhere"
    shutil.move(root / "cycles", outside)
    (root / "cycles").symlink_to(outside)
    before = snapshot(outside)
    argv = ["cycle", "new", "2027-q1", "--start", "2027-01-01", "--end", "2027-03-31"]
    code, _, err = run("-C", root, *argv)
    assert code == 2
    assert f"cannot create folder {root}/cycles: it leads outside the strategy repo" in err
    assert snapshot(outside) == before


def test_checkin_through_an_in_repo_link_writes_its_target_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    root = make_repo(tmp_path / "repo")
    shared = root / "shared/cx-leader.yaml"
    shared.parent.mkdir()
    shutil.move(root / OBJ, shared)
    (root / OBJ).symlink_to("../../../shared/cx-leader.yaml")

    code, _, err = run("-C", root, "checkin", "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert (root / OBJ).is_symlink()
    assert os.readlink(root / OBJ) == "../../../shared/cx-leader.yaml"
    assert shared.read_text().endswith(NEW_LINE + GOOD_OBJECTIVE.split(LAST_NPS)[1])
    assert temp_files(root) == []


LAST_NPS = "      - {date: 2026-10-07, value: 60, confidence: 0.7}\n"


def test_an_objective_file_linked_outside_is_okr009(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: secret\n")
    (root / "cycles/2026-q4/objectives/leak.yaml").symlink_to(secret)
    code, out, _ = run("-C", root, "validate", *AS_OF)
    assert code == 1
    assert "objectives/leak.yaml: error OKR009" in out
    assert "secret" not in out


# -- 12. FIFOs, devices, sockets ---------------------------------------------------------


def test_a_fifo_in_place_of_okrctl_yaml_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "okrctl.yaml").unlink()
    os.mkfifo(root / "okrctl.yaml")
    # A subprocess with a timeout: a hang fails the test instead of stalling the suite.
    done = subprocess.run(
        [OKRCTL, "-C", str(root), "validate", *AS_OF],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1, done.stderr
    assert "okrctl.yaml: error OKR001 cannot read file: not a regular file (a FIFO)" in done.stdout
    code, err = run_process("-C", root, "checkin", "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 2
    assert "okrctl.yaml" in err


def _device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # like /dev/null
    except (PermissionError, AttributeError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()  # the socket file stays


@pytest.mark.parametrize(
    ("make", "what"), [(os.mkfifo, "a FIFO"), (_device, "a device"), (_socket, "a socket")]
)
def test_special_files_among_objectives_are_named_and_the_rest_is_checked(
    tmp_path: Path, make: Callable[[Path], None], what: str
) -> None:
    root = make_repo(tmp_path / "repo")
    make(root / "cycles/2026-q4/objectives/odd.yaml")
    done = subprocess.run(
        [OKRCTL, "validate", "--format", "json", *AS_OF],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,  # paths in findings are shown relative to here
    )
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)
    problems = [(d["file"], d["code"], d["message"]) for d in found]
    odd = "cycles/2026-q4/objectives/odd.yaml"
    assert (odd, "OKR001", f"cannot read file: not a regular file ({what})") in problems
    assert [p for p in problems if p[0] != odd] == []  # the good objective loaded cleanly


def test_a_fifo_cycle_yaml_does_not_hang_a_checkin(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / "cycles/2026-q4/cycle.yaml").unlink()
    os.mkfifo(root / "cycles/2026-q4/cycle.yaml")
    argv = ["checkin", "cx-leader/nps", "--value", "66", "--cycle", "2026-q4", *AS_OF]
    code, err = run_process("-C", root, *argv)
    assert code == 2
    assert "cycles/2026-q4/cycle.yaml: cannot read: not a regular file (a FIFO)" in err


# -- 9. ownership ------------------------------------------------------------------------


@pytest.mark.skipif(not ROOT, reason="giving a file to another user needs root")
def test_checkin_keeps_the_owner_group_and_mode(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    os.chown(root / OBJ, 1234, 5678)
    os.chmod(root / OBJ, 0o640)
    code, _, err = run("-C", root, "checkin", "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    st = os.stat(root / OBJ)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 5678, 0o640)
    assert NEW_LINE in (root / OBJ).read_text()


# -- 8. lost updates ---------------------------------------------------------------------


@contextlib.contextmanager
def hook(action: Callable[[str], None]) -> Iterator[None]:
    """Run `action` at the last moment before okrctl's rename (the race window, opened
    deterministically instead of hoping a sleep lines up)."""
    files.before_replace = action
    try:
        yield
    finally:
        files.before_replace = None


def _external_edit(real: str) -> None:
    # Another program: a separate process appending a comment to the file.
    script = "import sys; open(sys.argv[1], 'a').write('# edited by someone else\\n')"
    subprocess.run([sys.executable, "-c", script, real], check=True)


def test_a_file_changed_by_another_program_during_a_checkin_is_not_overwritten(
    tmp_path: Path,
) -> None:
    root = make_repo(tmp_path / "repo")
    with hook(_external_edit):
        code, _, err = run("-C", root, "checkin", "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 2
    assert f"cannot write {root / OBJ}: it was changed by another program" in err
    assert (root / OBJ).read_text() == GOOD_OBJECTIVE + "# edited by someone else\n"
    assert temp_files(root) == []
    # Run again, it records on top of the other program's edit.
    code, _, err = run("-C", root, "checkin", "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    text = (root / OBJ).read_text()
    assert NEW_LINE in text and text.endswith("# edited by someone else\n")


def test_a_second_file_changed_before_the_first_write_means_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from okrctl.api.checkin import CheckinInput, record
    from okrctl.edit import repo_files
    from okrctl.model.errors import OkrctlError

    root = make_repo(tmp_path / "repo")
    write_files(root, {"cycles/2026-q4/kpis/arr.yaml": KPI})
    kpi = root / "cycles/2026-q4/kpis/arr.yaml"
    real_read = repo_files.RepoFiles.read

    def read_then_edited(self: repo_files.RepoFiles, rel: str) -> bytes:
        data = real_read(self, rel)
        if rel.endswith("arr.yaml"):
            _external_edit(str(kpi))  # another program, right after okrctl read it
        return data

    monkeypatch.setattr(repo_files.RepoFiles, "read", read_then_edited)
    inputs = [CheckinInput("cx-leader/nps", "66"), CheckinInput("arr", "21")]
    with pytest.raises(OkrctlError) as caught:
        record(root, inputs, today=dt.date(2026, 10, 15))
    assert f"{kpi}: it was changed by another program" in caught.value.message
    assert caught.value.exit_code == 2
    assert (root / OBJ).read_text() == GOOD_OBJECTIVE  # not written either
    assert kpi.read_text() == KPI + "# edited by someone else\n"


KPI = """\
title: Annual recurring revenue
perspective: financial
owner: ana
unit: M EUR
baseline: 18
target: 24
checkins:
  - {date: 2026-10-05, value: 20.1}
"""


# -- 10. write failures ------------------------------------------------------------------

# Each command that writes: (argv, the folder its file goes into), given the repo and a
# folder for outputs, both on the hostile file system.
Command = Callable[[Path, Path], tuple[list[str | Path], Path]]
COMMANDS: dict[str, Command] = {
    "checkin": lambda r, o: (
        ["-C", r, "checkin", "cx-leader/nps", "--value", "66", *AS_OF],
        r / "cycles/2026-q4/objectives",
    ),
    "review": lambda r, o: (
        ["-C", r, "review", "weekly", "--write", *AS_OF],
        r / "reviews/2026-q4",
    ),
    "cycle-close": lambda r, o: (
        ["-C", r, "cycle", "close", "2026-q4", "--force", *AS_OF],
        r / "cycles/2026-q4/objectives",
    ),
    "cycle-new": lambda r, o: (
        ["-C", r, "cycle", "new", "2027-q1", "--start", "2027-01-01", "--end", "2027-03-31"],
        r / "cycles",
    ),
    "init": lambda r, o: (
        ["init", o / "new", "--no-git", "--org", "Acme", *INIT, "--as-of", "2026-10-15"],
        o / "new",
    ),
    "report": lambda r, o: (["-C", r, "report", "--html", o / "site", *AS_OF], o / "site"),
    "export": lambda r, o: (["-C", r, "export", "-o", o / "kr.csv", *AS_OF], o),
    "schema": lambda r, o: (["schema", "-o", o / "schemas"], o / "schemas"),
}


def _prepare(base: Path) -> tuple[Path, Path]:
    repo = make_repo(base / "repo")
    (repo / "reviews/2026-q4").mkdir(parents=True)
    out = base / "out"
    for folder in ("new", "site", "schemas"):
        (out / folder).mkdir(parents=True)
    return repo, out


def _assert_refused(code: int, err: str, base: Path, before: dict[str, str], why: str) -> None:
    assert code == 2, err
    assert "cannot" in err and why in err, err
    assert str(base) in err  # the path is named
    assert snapshot(base) == before  # nothing written, and no temp file left
    assert temp_files(base) == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_works_on_a_normal_disk(tmp_path: Path, command: str) -> None:
    # The baseline for the failures below: the same commands succeed where they can write.
    repo, out = _prepare(tmp_path)
    argv, _ = COMMANDS[command](repo, out)
    code, _, err = run(*argv)
    assert code in (0, 1), err


@contextlib.contextmanager
def mounted(*argv: str, target: Path) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *argv, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def _fill(folder: Path) -> None:
    """Fill the file system holding `folder` until no block is left."""
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()
    with contextlib.suppress(OSError):
        for i in range(1000):  # the last few bytes a small file's tail may still take
            (folder / f"filler{i}").write_bytes(b"\0" * 512)


@pytest.mark.skipif(not ROOT, reason="mounting a tmpfs needs root")
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_full_disk_is_exit_2_naming_the_file(tmp_path: Path, command: str) -> None:
    with mounted("-t", "tmpfs", "-o", "size=256k", "tmpfs", target=tmp_path / "disk") as disk:
        repo, out = _prepare(disk)
        argv, _ = COMMANDS[command](repo, out)
        _fill(disk)
        before = snapshot(disk)
        code, _, err = run(*argv)
        _assert_refused(code, err, disk, before, "No space left on device")


@pytest.mark.skipif(not ROOT, reason="a bind mount needs root")
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_read_only_mount_is_exit_2_naming_the_file(tmp_path: Path, command: str) -> None:
    _prepare(tmp_path / "rw")
    with mounted("--bind", str(tmp_path / "rw"), target=tmp_path / "ro") as ro:
        done = subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only: {done.stderr.decode().strip()}")
        argv, _ = COMMANDS[command](ro / "repo", ro / "out")
        before = snapshot(ro)
        code, _, err = run(*argv)
        _assert_refused(code, err, ro, before, "Read-only file system")


@pytest.mark.skipif(not ROOT, reason="chattr +i needs root")
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_immutable_folder_is_exit_2_naming_the_file(tmp_path: Path, command: str) -> None:
    repo, out = _prepare(tmp_path)
    argv, folder = COMMANDS[command](repo, out)
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {made.stderr.strip()}")
    try:
        before = snapshot(tmp_path)
        code, _, err = run(*argv)
        _assert_refused(code, err, tmp_path, before, "Operation not permitted")
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.skipif(not ROOT, reason="chattr +i needs root")
def test_an_immutable_file_is_exit_2_for_checkin(tmp_path: Path) -> None:
    repo, _ = _prepare(tmp_path)
    made = subprocess.run(["chattr", "+i", str(repo / OBJ)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {made.stderr.strip()}")
    try:
        before = snapshot(tmp_path)
        code, _, err = run("-C", repo, "checkin", "cx-leader/nps", "--value", "66", *AS_OF)
        _assert_refused(code, err, tmp_path, before, "Operation not permitted")
        assert f"cannot write {repo / OBJ}" in err
    finally:
        subprocess.run(["chattr", "-i", str(repo / OBJ)], check=True)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can read (pytest's own tmp folders are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="okrctl-eacces-"))
    os.chmod(base, 0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.skipif(not ROOT, reason="dropping to another user needs root")
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unwritable_folder_is_exit_2_naming_the_file(shared_tmp: Path, command: str) -> None:
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not installed")
    repo, out = _prepare(shared_tmp)
    argv, _ = COMMANDS[command](repo, out)
    before = snapshot(shared_tmp)
    # Everything belongs to root (folders 0755): the user nobody may read but not write.
    code, err = run_process(*argv, user=True)
    _assert_refused(code, err, shared_tmp, before, "Permission denied")
