"""Loading the strategy repo at a revision: symlinks as git stores them, the index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from okrctl.history.gitrepo import Special, open_git
from okrctl.history.snapshot import load_at
from okrctl.render.jsondata import json_data
from test_history_support import objective, start_repo

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"


def test_symlinks_at_a_commit_behave_as_on_disk(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    os.symlink("cx-leader.yaml", g.path / "cycles/2026-q4/objectives/alias.yaml")
    os.symlink("/etc/passwd", g.path / "cycles/2026-q4/objectives/escape.yaml")
    g.commit("links", "2026-10-02")
    with open_git(g.path) as repo:
        at_head = load_at(repo, repo.commit_sha("HEAD"))
    on_disk = load_at_worktree(g.path)
    for loaded in (at_head, on_disk):
        assert sorted(loaded.cycles["2026-q4"].objectives) == ["alias", "cx-leader"]
        codes = {(d.file, d.code) for d in loaded.diagnostics}
        assert ("cycles/2026-q4/objectives/escape.yaml", "OKR009") in codes


def load_at_worktree(root: Path):  # type: ignore[no-untyped-def]
    with open_git(root) as repo:
        return load_at(repo, Special.WORKTREE)


def test_the_index_is_what_was_staged(tmp_path: Path) -> None:
    g = start_repo(tmp_path / "r")
    g.write({OBJ: objective(title="Staged title")})
    g.git("add", OBJ)
    g.write({OBJ: objective(title="Unstaged title")})
    with open_git(g.path) as repo:
        staged = load_at(repo, Special.INDEX)
        head = load_at(repo, repo.commit_sha("HEAD"))
    assert staged.cycles["2026-q4"].objectives["cx-leader"].model.title == "Staged title"
    assert head.cycles["2026-q4"].objectives["cx-leader"].model.title == "Customer satisfaction"


def _git_children() -> list[str]:
    """Command lines of this process's child processes that run git."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and "git" in cmdline:
            found.append(cmdline)
    return found


def test_no_git_process_outlives_a_command(tmp_path: Path) -> None:
    import datetime as dt

    from okrctl.api.diff import diff
    from okrctl.api.log import log

    g = start_repo(tmp_path / "r")
    g.commit("w1", "2026-10-07", files={OBJ: objective(checkins=[("2026-10-07", 60)])})
    diff(g.path, "HEAD~1", "HEAD", as_of=dt.date(2026, 10, 7))
    assert log(g.path, "cx-leader/nps").entries
    assert _git_children() == []


def test_unchanged_files_are_parsed_once_across_both_sides(tmp_path: Path) -> None:
    from okrctl.history.snapshot import ParseCache

    g = start_repo(tmp_path / "r")
    g.commit("w1", "2026-10-07", files={OBJ: objective(checkins=[("2026-10-07", 60)])})
    cache = ParseCache()
    with open_git(g.path) as repo:
        old = load_at(repo, repo.commit_sha("HEAD~1"), cache)
        new = load_at(repo, Special.WORKTREE, cache)
    # okrctl.yaml did not change: both sides hold the very same parsed model.
    assert old.config is not None and new.config is not None
    assert old.config.model is new.config.model
    before = old.cycles["2026-q4"].objectives["cx-leader"].model
    after = new.cycles["2026-q4"].objectives["cx-leader"].model
    assert before is not after and after.key_results[0].checkins


def test_many_files_at_a_commit_are_read_in_one_batch(tmp_path: Path) -> None:
    from okrctl.history.snapshot import list_files, read_blobs

    g = start_repo(tmp_path / "r")
    g.write(
        {
            f"cycles/2026-q4/objectives/o-{n:02d}.yaml": objective(title=f"Objective o-{n:02d}")
            for n in range(12)
        }
    )
    g.write({"notes/empty.txt": ""})  # a zero-byte blob among them
    g.commit("twelve objectives", "2026-10-02")
    with open_git(g.path) as repo:
        entries = list_files(repo, repo.commit_sha("HEAD"))
        blobs = read_blobs(repo, [sha for _, sha in entries.values()])
        at_head = load_at(repo, repo.commit_sha("HEAD"))
    for rel, (_, sha) in entries.items():
        assert blobs[sha] == (g.path / rel).read_bytes(), rel
    assert len(entries) >= 14
    objectives = at_head.cycles["2026-q4"].objectives
    assert objectives["o-07"].model.title == "Objective o-07"
    assert len(objectives) == 13  # with cx-leader


def test_a_missing_blob_is_a_clear_error(tmp_path: Path) -> None:

    from okrctl.history.gitrepo import GitError
    from okrctl.history.snapshot import list_files, read_blobs

    g = start_repo(tmp_path / "r")
    g.write({f"notes/{n}.txt": f"note {n}" for n in range(10)})
    g.commit("notes", "2026-10-02")
    with open_git(g.path) as repo:
        shas = [sha for _, sha in list_files(repo, repo.commit_sha("HEAD")).values()]
        assert len(shas) > 10
        for asked in (shas[:1], shas):  # one by one, and in a batch
            with pytest.raises(GitError, match="git object 0{40} is missing"):
                read_blobs(repo, [*asked, "0" * 40])


def test_a_large_diff_parses_both_sides_in_one_batch_with_the_same_result(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from okrctl.api.diff import diff

    g = start_repo(tmp_path / "r")
    many = 70
    names = [f"cycles/2026-q4/objectives/o-{n:02d}.yaml" for n in range(many)]
    g.commit("plan", "2026-10-02", files={p: objective(title=f"O {p[-7:-5]}") for p in names})
    changed = {p: objective(checkins=[("2026-10-09", 61)]) for p in names}
    changed[names[1]] = objective(target=80)  # a goal change without an adjustment
    changed[names[3]] = "title: [broken\n"
    g.commit("week 2", "2026-10-09", files=changed)
    day = dt.date(2026, 10, 9)
    aside = json_data(diff(g.path, "HEAD~1", "HEAD", as_of=day, check=True))
    assert aside["summary"]["progress"] == many - 2
    fields = {(c["ref"], c["field"]) for c in aside["changes"]}
    assert ("2026-q4/o-01/nps", "target") in fields
    assert any(e["file"] == names[3] and e["code"] == "OKR001" for e in aside["errors"])
