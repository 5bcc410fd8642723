"""Loading the strategy repo at a revision: symlinks as git stores them, the index."""

from __future__ import annotations

import os
from pathlib import Path

from okrctl.history.gitrepo import Special, open_git
from okrctl.history.snapshot import load_at
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
