"""Lone surrogates (bytes that are not UTF-8, in a file name on disk or a commit, decoded
with `surrogateescape`) are shown as the byte in every output: a strict UTF-8 stdout
never refuses okrctl's output, and JSON stays valid UTF-8 and valid JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, BASE_CYCLE, GOOD_OBJECTIVE, write_files
from okrctl.load.cache import findings_file
from okrctl.render import escape
from okrctl.render.export import csv_cell

OKRCTL = str(Path(sys.executable).with_name("okrctl"))
OBJECTIVES = "cycles/2026-q4/objectives"
# What `b"bad\xff"` decodes to with surrogateescape (file names, git's output).
BAD = b"bad\xff".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("escaper", "shown"),
    [
        (escape.plain, "bad\\xff"),
        (escape.path, "bad\\xff"),
        (escape.rich_markup, "bad\\xff"),
        (escape.github_data, "bad\\xff"),
        (escape.github_property, "bad\\xff"),
        (escape.markdown, "bad\\\\xff"),  # the backslash escaped for Markdown: shows `\xff`
        (escape.html_text, "bad\\xff"),
        (csv_cell, "bad\\xff"),
    ],
)
def test_every_escaper_shows_the_byte(escaper: object, shown: str) -> None:
    assert callable(escaper)
    out = escaper(BAD)
    assert out == shown
    out.encode("utf-8")  # strict: no surrogate left


def test_a_surrogate_that_stands_for_no_byte_is_shown_by_its_code() -> None:
    assert escape.plain("a\ud800b\udc7fc") == "a\\ud800b\\udc7fc"


def test_json_shows_the_byte_as_text_and_stays_valid_utf8_json() -> None:
    data = {"title": BAD, "path": f"{OBJECTIVES}/{BAD}.yaml", "list": [BAD]}
    for indent in (2, None):
        text = escape.json_text(data, indent)
        raw = text.encode("utf-8")  # strict
        assert json.loads(raw) == {
            "title": "bad\\xff",
            "path": f"{OBJECTIVES}/bad\\xff.yaml",
            "list": ["bad\\xff"],
        }

    # The streamed writer (one line, piece by piece) gives the same text.
    class Out:
        parts: list[str] = []

        def write(self, part: str) -> None:
            self.parts.append(part)

    out = Out()
    escape.write_json(data, out, None)  # type: ignore[arg-type]
    assert "".join(out.parts) == escape.json_text(data, None)


def git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True)
    return done.stdout.decode().strip()


@pytest.fixture
def hostile_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repo with an objective whose file name holds the byte 0xff, and a last commit whose
    author and subject hold bytes that are not UTF-8 (written as a raw commit object:
    `git commit` would convert them)."""
    home = tmp_path / "home"
    home.mkdir()
    for key, value in {
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ana Lima",
        "GIT_AUTHOR_EMAIL": "ana@example.com",
        "GIT_COMMITTER_NAME": "Ana Lima",
        "GIT_COMMITTER_EMAIL": "ana@example.com",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONIOENCODING": "utf-8:strict",
        "GITHUB_ACTIONS": "",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("OKRCTL_NO_CACHE", raising=False)
    root = tmp_path / "repo"
    objective = f"{OBJECTIVES}/cx-leader.yaml"
    write_files(
        root,
        {"okrctl.yaml": BASE_CONFIG, "cycles/2026-q4/cycle.yaml": BASE_CYCLE, objective: ""},
    )
    (root / objective).write_text(GOOD_OBJECTIVE, encoding="utf-8")
    with open(os.fsencode(root) + b"/" + OBJECTIVES.encode() + b"/bad\xff.yaml", "wb") as f:
        f.write(GOOD_OBJECTIVE.encode())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    (root / objective).write_text(
        GOOD_OBJECTIVE.replace("title: Become", "title: Be"), encoding="utf-8"
    )
    git(root, "add", ".")
    raw = (
        f"tree {git(root, 'write-tree')}\nparent {git(root, 'rev-parse', 'HEAD')}\n".encode()
        + b"author Bo \xffChen <bo@example.com> 1760400000 +0000\n"
        + b"committer Bo Chen <bo@example.com> 1760400000 +0000\n\n"
        + b"retitle \xfe the objective\n"
    )
    commit = git(root, "hash-object", "-t", "commit", "-w", "--stdin", stdin=raw)
    git(root, "update-ref", "HEAD", commit)
    return root


def okrctl(root: Path, *args: str) -> tuple[int, str, str]:
    done = subprocess.run([OKRCTL, *args], cwd=root, capture_output=True)
    # What okrctl wrote is UTF-8 (strict), whatever it read.
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


FINDING = (
    f"{OBJECTIVES}/bad\\xff.yaml: error OKR012 objective id 'bad\\xff' must be letters, "
    "digits and '-'"
)


def test_the_findings_cache_keeps_the_file_names_byte(hostile_repo: Path) -> None:
    first = okrctl(hostile_repo, "validate", "--as-of", "2026-10-15")
    written = findings_file(hostile_repo)
    assert written is not None and written.is_file()
    # The second run reads the findings (a file name with a lone surrogate) back.
    assert okrctl(hostile_repo, "validate", "--as-of", "2026-10-15") == first
    assert first[0] == 1 and FINDING in first[1]


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_validate_shows_the_file_names_byte(hostile_repo: Path, fmt: str) -> None:
    code, out, err = okrctl(hostile_repo, "validate", "--format", fmt, "--as-of", "2026-10-15")
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    if fmt == "text":
        assert FINDING in out
    else:
        assert f"::error file={OBJECTIVES}/bad\\xff.yaml,title=OKR012::OKR012" in out


def test_status_shows_the_byte_and_its_json_is_valid(hostile_repo: Path) -> None:
    code, out, err = okrctl(hostile_repo, "status", "--as-of", "2026-10-15")
    assert code == 1
    assert FINDING in err and "Traceback" not in err
    code, out, err = okrctl(hostile_repo, "status", "--format", "json", "--as-of", "2026-10-15")
    assert code == 1, err
    errors = json.loads(out)["errors"]
    assert [(e["file"], e["code"]) for e in errors] == [(f"{OBJECTIVES}/bad\\xff.yaml", "OKR012")]


def test_log_shows_the_commits_bytes(hostile_repo: Path) -> None:
    code, out, err = okrctl(hostile_repo, "log")
    assert code == 0, err
    assert "Traceback" not in err
    assert "2025-10-14  Bo \\xffChen <bo@example.com>\n    retitle \\xfe the objective\n" in out
    code, out, err = okrctl(hostile_repo, "log", "--format", "json")
    assert code == 0, err
    newest = json.loads(out)["commits"][0]
    assert (newest["author"], newest["subject"]) == ("Bo \\xffChen", "retitle \\xfe the objective")
