"""History is read with plain git processes (`show REF --history`: one rev-parse, two logs,
one cat-file), without importing GitPython, and they read exactly what GitPython reads:
hostile commit messages and author names, a folder name with spaces, renames and merges
included. What git refuses is said as it always was."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import okrctl.history.gitrepo as gitrepo
from imports import run_noting_imports
from okrctl.history.gitrepo import GitError, open_git, open_git_at
from okrctl.history.snapshot import list_files, read_blobs
from okrctl.history.walk import walk
from test_history_support import BO, MALLORY, GitRepo, objective, start_repo

UNDER = "strategy repo/"  # the strategy repo in a sub-folder with a space
OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
RENAMED = "cycles/2026-q4/objectives/cx-lead.yaml"
# A subject with bytes that are not UTF-8, an escape sequence and git's own separators.
SUBJECT = b"target \xff\xfe up \x1b[31m\x1e\x1f red"


def _history(tmp_path: Path) -> GitRepo:
    """Target 75 -> 80 (hostile subject, Mallory), a side branch merged (target 80 -> 85 by
    Bo, on the branch), then a rename of the objective's file."""
    g = start_repo(tmp_path / "r", under=UNDER)
    message = tmp_path / "message"
    message.write_bytes(SUBJECT + b"\n\nbody \xff\n")
    g.write({OBJ: objective(target=80)}, UNDER)
    g.git("add", "-A")
    env = {
        "GIT_AUTHOR_NAME": MALLORY[0] + " \u202e\u00e9",
        "GIT_AUTHOR_EMAIL": MALLORY[1],
        "GIT_AUTHOR_DATE": "2026-10-08T12:00:00+00:00",
        "GIT_COMMITTER_NAME": MALLORY[0],
        "GIT_COMMITTER_EMAIL": MALLORY[1],
        "GIT_COMMITTER_DATE": "2026-10-08T12:00:00+00:00",
    }
    g.git("commit", "-q", "-F", str(message), env=env)
    g.git("checkout", "-q", "-b", "side")
    g.commit("side: target 85", "2026-10-15", BO, {OBJ: objective(target=85)}, UNDER)
    g.git("checkout", "-q", "main")
    g.commit("unrelated", "2026-10-16", files={"notes.txt": "x\n"}, under=UNDER)
    stamp = {**env, "GIT_AUTHOR_DATE": "2026-10-17T12:00:00+00:00"}
    g.git("merge", "-q", "--no-ff", "-m", "merge side", "side", env=stamp)
    g.git("mv", f"{UNDER}{OBJ}", f"{UNDER}{RENAMED}")
    g.commit("rename", "2026-10-20", under=UNDER)
    return g


def test_show_history_runs_four_git_processes_and_never_imports_gitpython(
    tmp_path: Path,
) -> None:
    g = _history(tmp_path)
    trace = tmp_path / "trace"
    script = (
        "import datetime as dt, sys\n"
        "from pathlib import Path\n"
        "from okrctl.api.trends import history\n"
        "h = history(Path(sys.argv[1]), 'cx-lead/nps', dt.date(2026, 12, 31))\n"
        "print([(str(t.date), t.field, t.before, t.after, t.author) for t in h.targets])\n"
        "print('git' in sys.modules, h.git_note)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(g.path / UNDER)],
        env={**g.env, "GIT_TRACE": str(trace)},
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    # Oldest first; the rename commit changes no target. Bo's change came in by the merge.
    assert lines[0] == str(
        [
            ("2026-10-08", "target", "75", "80", MALLORY[0] + " \u202e\u00e9"),
            ("2026-10-15", "target", "80", "85", BO[0]),
        ]
    )
    assert lines[1] == "False None"
    commands = [
        line.split("built-in: git ", 1)[1].split(" ")[0]
        for line in trace.read_text().splitlines()
        if "built-in: git " in line
    ]
    assert commands == ["rev-parse", "log", "cat-file", "log"]


def _gitpython_reader(root: Path, prefix: str) -> gitrepo.GitRepo:
    """The reader okrctl had before: GitPython's `repo.git.<command>`, for comparison."""
    import git

    return gitrepo.GitRepo(git.Repo(root, search_parent_directories=True), root, prefix)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("paths", "follow", "first_parent", "reverse"),
    [
        ([RENAMED], True, False, False),  # the audit of one file, across its rename
        ([RENAMED], False, True, True),  # the main line's replay
        (["cycles/2026-q4"], False, True, True),
        ([""], False, False, False),
    ],
)
def test_plain_git_reads_what_gitpython_reads(
    tmp_path: Path, paths: list[str], follow: bool, first_parent: bool, reverse: bool
) -> None:
    g = _history(tmp_path)
    root = g.path / UNDER
    slow = _gitpython_reader(root, UNDER)
    with open_git(root) as plain, open_git_at(root, "HEAD") as (fast, sha):
        assert (fast.prefix, plain.prefix, sha) == (UNDER, UNDER, slow.commit_sha("HEAD"))
        assert plain.commit_sha("HEAD") == sha
        flags = {"follow": follow, "first_parent": first_parent, "reverse": reverse}
        commits = walk(slow, sha, paths, **flags)
        assert walk(fast, sha, paths, **flags) == commits
        hostile = [c for c in commits if c.subject.startswith("target ")]
        assert not hostile or hostile[0].subject.endswith(" up \x1b[31m\x1e\x1f red")
        shas = {s for c in commits for fc in c.changes for s in (fc.old_sha, fc.new_sha) if s}
        assert read_blobs(fast, shas) == read_blobs(slow, shas)
        assert read_blobs(fast, []) == {}
        assert list_files(fast, sha) == list_files(slow, sha)
        assert list_files(fast, gitrepo.Special.INDEX) == list_files(slow, gitrepo.Special.INDEX)
        assert fast.merge_base(sha, "side") == slow.merge_base(sha, "side")
        assert fast.shallow is slow.shallow is False


def _refusal(root: Path, rev: str, at: bool) -> str:
    opened = open_git_at(root, rev) if at else open_git(root)
    with pytest.raises(GitError) as caught, opened as found:
        if not at:
            found.commit_sha(rev)  # type: ignore[union-attr]
    return caught.value.message


NO_COMMITS = (
    ": the git repository has no commits yet; commit the strategy repo first "
    "(git add . && git commit)"
)
NOT_GIT = " is not inside a git repository; history needs git (git init && git add . && git commit)"


@pytest.mark.parametrize("rev", ["HEAD", "nope", "-x", "HEAD~9", "HEAD:okrctl.yaml"])
def test_what_git_refuses_is_said_as_before(
    tmp_path: Path, rev: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above
    g = start_repo(tmp_path / "r")
    empty = GitRepo(tmp_path / "empty")
    outside = tmp_path / "outside"
    outside.mkdir()
    bare = tmp_path / "bare.git"
    g.git("clone", "-q", "--bare", str(g.path), str(bare))
    unknown = "'-x' is not a revision" if rev == "-x" else f"unknown revision '{rev}'"
    expected = {
        g.path: unknown,
        empty.path: unknown if rev == "-x" else f"{empty.path}{NO_COMMITS}",
        outside: f"{outside}{NOT_GIT}",
        bare: f"{bare}: a bare git repository has no working tree",
    }
    for root, said in expected.items():
        if root != g.path or rev != "HEAD":  # that one works
            assert _refusal(root, rev, at=True) == _refusal(root, rev, at=False) == said


def test_merge_base_and_upstream_say_what_git_found(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.git("checkout", "-q", "--orphan", "other")
    g.commit("other root", "2026-10-02", files={"notes.txt": "x\n"})
    with open_git(g.path) as repo:
        assert repo.upstream() is None
        main, other = repo.commit_sha("main"), repo.commit_sha("other")
        with pytest.raises(GitError) as caught:
            repo.merge_base(main, other)
    assert caught.value.message == f"{main[:12]} and {other[:12]} have no common ancestor"


@pytest.mark.parametrize(
    "args",
    [
        ["log"],
        ["log", "cx-leader/nps", "-f", "json"],
        ["diff", "HEAD~1", "HEAD", "--as-of", "2026-10-08"],
        ["status", "--rev", "HEAD~1"],
        ["status", "--as-of", "2026-10-03"],
    ],
)
def test_history_commands_never_import_gitpython(tmp_path: Path, args: list[str]) -> None:
    g = start_repo(tmp_path / "r")
    g.commit("w1", "2026-10-07", files={OBJ: objective(target=80)})
    done = run_noting_imports(["-C", str(g.path), *args], ["git", "okrctl.history.gitrepo"])
    assert done.imported == ["okrctl.history.gitrepo"]  # git history read, without GitPython
    assert done.code == 0


def test_show_history_starts_both_logs_before_the_repo_loads(tmp_path: Path) -> None:
    g = _history(tmp_path)
    trace = tmp_path / "trace"
    done = subprocess.run(
        [sys.executable, "-m", "okrctl", "-C", str(g.path / UNDER), "show", "cx-lead/nps"]
        + ["--history", "--as-of", "2026-12-31"],
        env={**g.env, "GIT_TRACE": str(trace), "NO_COLOR": "1", "GITHUB_ACTIONS": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    shas = g.git("log", "--format=%H %s", "--all").splitlines()
    side = next(s.split()[0] for s in shas if s.endswith("side: target 85"))
    first = next(s.split()[0] for s in shas if " target " in s and "side" not in s)
    assert done.stdout.endswith(
        "Target changes (from git):\n"
        f"  2026-10-08  {first[:10]}  target 75 → 80  {MALLORY[0]} \\u202e\u00e9"
        " — no adjustment recorded\n"
        f"  2026-10-15  {side[:10]}  target 80 → 85  {BO[0]} — no adjustment recorded\n"
    )
    commands = [
        line.split("built-in: git ", 1)[1].split(" ")[0]
        for line in trace.read_text().splitlines()
        if "built-in: git " in line
    ]
    # The two logs are started before the files are loaded, the blobs read after them.
    assert commands == ["rev-parse", "log", "log", "cat-file"]


def test_logs_started_for_another_ref_are_not_taken_for_its_history(tmp_path: Path) -> None:
    from okrctl.api.trends import history, start_history

    g = _history(tmp_path)
    other = "cycles/2026-q4/objectives/retention.yaml"

    def retention(target: int) -> str:  # unlike cx-lead's file: git follows no copy of it
        return (
            "title: Keep the customers we win\ntheme: growth\nowner: bo\nkey_results:\n"
            "  - id: logo-retention\n    title: Logos kept after a year\n    unit: percent\n"
            f"    baseline: 10\n    target: {target}\n"
        )

    g.commit("retention", "2026-10-21", BO, {other: retention(30)}, UNDER)
    g.commit("retention up", "2026-10-22", BO, {other: retention(40)}, UNDER)
    root = g.path / UNDER
    day = dt.date(2026, 12, 31)
    started = start_history(root, "cx-lead")
    assert started is not None
    found = history(root, "retention", day, started=started)
    assert found == history(root, "retention", day)
    assert [(t.field, t.before, t.after, t.author) for t in found.targets] == [
        ("target", "30", "40", BO[0])
    ]
    assert started.git.repo.git._started == {}  # the logs of cx-lead were waited for


def test_nothing_is_started_for_what_is_no_objective_or_outside_git(tmp_path: Path) -> None:
    from okrctl.api.trends import start_history

    g = _history(tmp_path)
    root = g.path / UNDER
    assert start_history(root, "2026-q4") is None  # a cycle: history() says why
    assert start_history(root, "no-such-objective") is None
    assert start_history(root, "cx-lead", rev="no-such-rev") is None
    outside = tmp_path / "outside"
    shutil.copytree(root, outside, ignore=shutil.ignore_patterns(".git"))
    assert start_history(outside, "cx-lead") is None


def _git_commands(trace: Path) -> list[str]:
    return [
        line.split("built-in: git ", 1)[1].split(" ")[0]
        for line in trace.read_text().splitlines()
        if "built-in: git " in line
    ]


@pytest.mark.parametrize(
    ("ref", "limit", "reads"),
    [
        ("cx-leader/nps", None, 1),  # every version diffed: one batch
        ("cx-leader/nps", 3, 1),  # the 3 newest commits give the 3 entries
        ("cx-leader/nps", 40, 1),
        # Only the oldest of the 21 commits changes churn: batches of 3, 6 and 12 commits.
        ("cx-leader/churn", 3, 3),
    ],
)
def test_log_reads_the_versions_in_batches(
    tmp_path: Path, ref: str, limit: int | None, reads: int
) -> None:
    g = start_repo(tmp_path / "r")
    for week in range(1, 21):  # 20 check-ins of nps, one commit each
        checkins = [(f"2026-10-{day:02d}", 60 + day) for day in range(1, week + 1)]
        g.commit(f"w{week}", f"2026-10-{week:02d}", files={OBJ: objective(checkins=checkins)})
    trace = tmp_path / "trace"
    args = ["log", ref] + ([] if limit is None else ["-n", str(limit)])
    done = subprocess.run(
        [sys.executable, "-m", "okrctl", "-C", str(g.path), *args],
        env={**g.env, "GIT_TRACE": str(trace)},
        capture_output=True,
        text=True,
        check=True,
    )
    checkins = 0 if ref.endswith("churn") else min(limit or 20, 20)
    assert done.stdout.count("  - check-in ") == checkins
    assert ("Plan Q4" in done.stdout) is (limit is None or checkins < limit)
    # okrctl.yaml's blob is read before the log, the versions after it.
    assert (
        _git_commands(trace) == ["rev-parse", "ls-tree", "cat-file", "log"] + ["cat-file"] * reads
    )


def test_without_git_on_path_history_says_so(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    bare_path = tmp_path / "no-git-here"
    bare_path.mkdir()
    env = {**g.env, "PATH": str(bare_path), "NO_COLOR": "1", "GITHUB_ACTIONS": ""}

    def okrctl(*args: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "okrctl", "-C", str(g.path), *args]
        return subprocess.run(argv, env=env, capture_output=True, text=True, check=False)

    said = "okrctl: history needs git, and there is no `git` on PATH\n"
    for args in (["log"], ["diff", "HEAD"], ["status", "--rev", "HEAD"]):
        done = okrctl(*args)
        assert (done.returncode, done.stderr) == (2, said), args
    done = okrctl("show", "cx-leader", "--history", "--as-of", "2026-10-14")
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(
        "Target changes (from git):\n"
        "  unavailable: history needs git, and there is no `git` on PATH\n"
    )
    before = (g.path / OBJ).read_bytes()
    done = okrctl("checkin", "cx-leader/nps", "--value", "66", "--commit", "--as-of", "2026-10-14")
    assert (done.returncode, done.stderr) == (2, said)  # GitPython's import failed: exit 3
    assert (g.path / OBJ).read_bytes() == before
