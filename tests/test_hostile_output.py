"""Hostile text from the repo through every command and format (issue 11, items 4-6, 13, 14).

Each file of `tests/hostile/` is an objective whose title, why, key result, unit, initiative
and check-in note carry one class of hostile text (its `# text:` line says which, as a JSON
string). It is committed over a good objective in a real git repo, with a KPI and a commit
subject holding the same text, and then every view is run on it. Whatever the class:

- no output line, stripped, starts with `::` unless it is okrctl's own annotation, and
  those are exactly one per finding; no line carries `##[`;
- nothing from the repo breaks a line, and no ESC, CR, line separator or invisible
  character reaches a text output;
- every JSON output parses with a strict parser, and keeps the text exact;
- Markdown rendered by cmark-gfm (GitHub's renderer) has no link, image or tag from the
  text, and the text has no GitHub mention, issue reference or emoji code left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import BASE_CONFIG, BASE_CYCLE, GOOD_OBJECTIVE, write_files
from okrctl.cli.app import app

HOSTILE = Path(__file__).parent / "hostile"
CLASSES = sorted(p.stem for p in HOSTILE.glob("*.yaml"))
OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
KPI = "cycles/2026-q4/kpis/hostile.yaml"
AS_OF = "2026-10-10"
CMARK = shutil.which("cmark-gfm")

# What a terminal, a CI log or a viewer treats as a line break or hides.
BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
INVISIBLE = "\x1b\x9b\u200b\u200e\u200f\u2061\u2062\u2063\u2064\u061c\u180e\ufeff\u202e\u2066"
ANNOTATION = re.compile(r"::(error|warning) file=[^:]*,title=OKR\d+::")
ANNOTATION_AT = re.compile(r"::(error|warning) file=[^:]*(,line=\d+,col=\d+)?,title=OKR\d+::")


def hostile_text(name: str) -> str:
    first = (HOSTILE / f"{name}.yaml").read_text("ascii").splitlines()[1]
    assert first.startswith("# text: ")
    text = json.loads(first.removeprefix("# text: "))
    assert isinstance(text, str)
    return text


def kpi_yaml(text: str) -> str:
    q = json.dumps(text)
    return (
        f"title: {q}\nperspective: customer\nowner: ana\nunit: {json.dumps(text[:200])}\n"
        "baseline: 8\ntarget: 3\nfrequency: monthly\ncheckins:\n"
        "  - {date: 2026-10-05, value: 6.5}\n"
    )


def git(root: Path, *args: str, date: str = "2026-10-01T12:00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ana",
        "GIT_AUTHOR_EMAIL": "ana@example.com",
        "GIT_COMMITTER_NAME": "Ana",
        "GIT_COMMITTER_EMAIL": "ana@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@dataclass(frozen=True)
class HostileRepo:
    name: str
    text: str
    root: Path
    base: str
    head: str


def make_repo(root: Path, name: str) -> HostileRepo:
    """A good repo committed, then the hostile objective and KPI committed over it."""
    text = hostile_text(name)
    write_files(
        root,
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": BASE_CYCLE,
            OBJ: GOOD_OBJECTIVE,
        },
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "plan Q4")
    base = git(root, "rev-parse", "HEAD")
    write_files(root, {OBJ: (HOSTILE / f"{name}.yaml").read_bytes(), KPI: kpi_yaml(text)})
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", text, date="2026-10-08T12:00:00")
    return HostileRepo(name, text, root, base, git(root, "rev-parse", "HEAD"))


@pytest.fixture(scope="module", params=CLASSES)
def repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> HostileRepo:
    name: str = request.param
    return make_repo(tmp_path_factory.mktemp(name) / "repo", name)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": "", "NO_COLOR": ""})
    return result.exit_code, result.stdout, result.stderr


def strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def assert_safe_text(out: str, annotations: int = 0) -> None:
    """No forged line or command in `out`; exactly `annotations` of okrctl's own."""
    own = 0
    for line in out.split("\n"):
        stripped = line.strip()
        if stripped.startswith("::"):
            assert ANNOTATION_AT.match(stripped), f"forged workflow command: {line!r}"
            own += 1
        assert "##[" not in line, f"a `##[` command: {line!r}"
    assert own == annotations
    for char in BREAKS + INVISIBLE:
        assert char not in out, f"{char!r} reached the output"


def strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def assert_safe_json(out: str, text: str | None = None) -> Any:
    """Strict JSON with no command or separator in its lines; `text` kept exactly."""
    for line in out.split("\n"):
        assert not line.strip().startswith("::")
        assert "##[" not in line
    for char in BREAKS + INVISIBLE:
        assert char not in out  # as \uXXXX escapes: the data is unchanged
    data = strict_json(out)
    if text is not None:
        assert text in set(strings(data))
    return data


TAGS = ("<a ", "<a>", "<img", "<script", "<iframe", "<svg", "<style", "<input", "<object")


def assert_safe_markdown(md: str) -> None:
    assert_safe_text(md)
    # GitHub's own pass over the text (not code blocks): mentions, issue refs, emoji codes.
    prose = re.sub(r"^(`{3,})text\n.*?^\1$", "", md, flags=re.M | re.S)
    assert not re.search(r"@\w", prose), "a mention"
    assert not re.search(r"(?<![\\&\w])#\d|\\#\d", prose), "an issue reference"
    assert not re.search(r"(?i)\bgh\\?-\d", prose), "a GH- reference"
    assert not re.search(r":\w+:", prose), "an emoji code"
    if CMARK is None:
        return
    html = subprocess.run(
        [CMARK, "--extension", "autolink", "--extension", "table", "--extension", "strikethrough"],
        input=md,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for tag in TAGS:
        assert tag not in html, f"{tag} in {html[:2000]}"
    # The markdown-html class's `**bold**`, `~~s~~` and `` `code` `` stay text.
    for markup in ("<strong>bold", "<del>s", "<code>code", "<em>"):
        assert markup not in html


def findings(repo: HostileRepo) -> int:
    code, out, _ = run("-C", str(repo.root), "validate", "--as-of", AS_OF, "--format", "json")
    assert code in (0, 1)
    return len(assert_safe_json(out))


def test_validate_in_every_format(repo: HostileRepo) -> None:
    root = str(repo.root)
    expected = findings(repo)
    code, out, err = run("-C", root, "validate", "--as-of", AS_OF)
    assert code in (0, 1)
    assert_safe_text(out)
    assert_safe_text(err)
    assert len([line for line in out.splitlines() if line]) == expected
    code, out, err = run("-C", root, "validate", "--as-of", AS_OF, "--format", "github")
    assert_safe_text(out, annotations=expected)
    assert_safe_text(err)


VIEWS = [
    ("status",),
    ("show", "cx-leader"),
    ("show", "cx-leader/nps"),
    ("show", "hostile"),
    ("tree",),
    ("kpis",),
    ("checklist",),
    ("review", "weekly"),
    ("review", "monthly"),
    ("review", "quarterly"),
    ("cycle", "list"),
]


def formats(view: tuple[str, ...]) -> tuple[str, ...]:
    if view[0] in ("review", "checklist", "cycle"):
        return ("markdown", "text", "json")
    return ("table", "json", "markdown")


@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_every_view_in_every_format(repo: HostileRepo, view: tuple[str, ...]) -> None:
    for fmt in formats(view):
        code, out, err = run("-C", str(repo.root), *view, "--as-of", AS_OF, "--format", fmt)
        assert code in (0, 1), (fmt, out, err)
        assert_safe_text(err)
        if fmt == "json":
            assert_safe_json(out)
        elif fmt == "markdown":
            assert_safe_markdown(out)
        else:
            assert_safe_text(out)


def test_json_keeps_the_text_exact(repo: HostileRepo) -> None:
    code, out, _ = run("-C", str(repo.root), "status", "--as-of", AS_OF, "--format", "json")
    data = assert_safe_json(out)
    if repo.name in ("ansi-escape", "line-separator", "zero-width"):
        # The loader refuses these characters in YAML (OKR005): the file is an error.
        assert code == 1 and data["errors"]
        return
    assert data["themes"][0]["objectives"][0]["title"] == repo.text


def test_diff_in_every_format(repo: HostileRepo) -> None:
    base = ("-C", str(repo.root), "diff", repo.base, repo.head, "--as-of", AS_OF)
    code, out, err = run(*base)
    assert code in (0, 1), err
    assert_safe_text(out)
    assert_safe_text(err)
    code, md, err = run(*base, "--format", "markdown")
    assert_safe_markdown(md)
    assert_safe_text(err)
    code, out, _ = run(*base, "--format", "json")
    data = assert_safe_json(out)
    code, out, _ = run(*base, "--format", "github")
    assert_safe_text(out, annotations=len(data["violations"]) + len(data["errors"]))


def test_log_in_every_format(repo: HostileRepo) -> None:
    for ref in ("cx-leader", "cx-leader/nps"):
        base = ("-C", str(repo.root), "log", ref)
        code, out, err = run(*base)
        assert code == 0, err
        assert_safe_text(out)
        assert "plan Q4" in out
        code, md, err = run(*base, "--format", "markdown")
        assert_safe_markdown(md)
        code, out, _ = run(*base, "--format", "json")
        assert_safe_json(out, repo.text)  # the commit subject, exact


def test_export_csv_and_json(repo: HostileRepo) -> None:
    base = ("-C", str(repo.root), "export", "--as-of", AS_OF)
    code, out, err = run(*base, "--format", "csv")
    assert code in (0, 1), err
    assert_safe_text(out.replace("\r\n", "\n"))
    assert out.count("\r\n") == len(out.split("\r\n")) - 1  # one row a line
    for row in out.split("\r\n"):
        for cell in row.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "@")), cell
    code, out, _ = run(*base, "--format", "json")
    assert_safe_json(out)


def test_html_report(repo: HostileRepo, tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, _, err = run("-C", str(repo.root), "report", "--html", str(site), "--as-of", AS_OF)
    assert code in (0, 1), err
    assert_safe_text(err)
    pages = sorted(site.glob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text("utf-8")
        assert_safe_text(html)
        assert "<script" not in html.lower()  # the page has no script of its own either
        # Every link is okrctl's own, to a page of the site.
        for href in re.findall(r"<a\b[^>]*href=\"([^\"]*)\"", html):
            assert re.fullmatch(r"[a-z0-9.#-]+\.html(#[a-z0-9-]+)?|#[a-z0-9-]+", href), href
        assert "<img" not in html
        assert 'y="nan"' not in html and "NaN" not in html


def test_checkin_dry_run_diff(repo: HostileRepo) -> None:
    code, out, err = run(
        "-C", str(repo.root), "checkin", "cx-leader/nps", "--value", "61",
        "--date", AS_OF, "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert_safe_text(out)
    assert_safe_text(err)
    assert "+      - {date: 2026-10-10, value: 61}" in out


@pytest.mark.skipif(CMARK is None, reason="cmark-gfm is not installed (.ci/run installs it)")
@pytest.mark.parametrize("name", ["urls", "mentions", "markdown-html"])
def test_no_link_in_cmark_gfm_html(name: str, tmp_path: Path) -> None:
    """The classes aimed at Markdown, through GitHub's renderer, in each Markdown output."""
    repo = make_repo(tmp_path / "repo", name)
    root = str(repo.root)
    for args in (
        ("status", "--as-of", AS_OF),
        ("kpis", "--as-of", AS_OF),
        ("review", "weekly", "--as-of", AS_OF),
        ("diff", repo.base, repo.head, "--as-of", AS_OF),
        ("log", "cx-leader"),
    ):
        _, md, _ = run("-C", root, *args, "--format", "markdown")
        # The text is still there to read, only inert.
        assert {"urls": "evil%2Eexample/login", "mentions": "@\u200duser"}.get(name, "") in md
        assert_safe_markdown(md)


@pytest.fixture(scope="module")
def newline_repo(tmp_path_factory: pytest.TempPathFactory) -> HostileRepo:
    return make_repo(tmp_path_factory.mktemp("nl") / "repo", "newline-error")


def test_show_writes_the_newline_as_backslash_n(newline_repo: HostileRepo) -> None:
    code, out, _ = run("-C", str(newline_repo.root), "show", "cx-leader", "--as-of", AS_OF)
    assert code == 0
    assert out.splitlines()[1] == "t\\n:\u2060:error file=x,line=1:\u2060:FORGED"


def test_a_long_title_keeps_the_goal_changes_in_the_pr_summary(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", "long-title")
    code, md, _ = run(
        "-C", str(repo.root), "diff", repo.base, repo.head, "--as-of", AS_OF, "-f", "markdown"
    )
    assert code in (0, 1)
    assert "Truncated" not in md
    assert "<details><summary>Goal changes" in md
    assert len(md.encode()) < 60_000
    # Every value is cut at 200 characters, ending in an ellipsis.
    cut = "long " * 39 + "long…"
    assert cut in md


# File and folder names and typed arguments bypass the loader: the outputs must hold alone.
NAMES = {
    "esc": "x\x1b[31mred",
    "newline": "x\n::error file=a,line=1::FORGED",
    "zero-width": "ad\u200bmin",
    "group": "x##[group]y",
    "separator": "a\u2028::warning::b",
}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_hostile_file_name_is_escaped_in_every_validate_format(name: str, tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "repo",
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": BASE_CYCLE,
            f"cycles/2026-q4/objectives/{name}.yaml": GOOD_OBJECTIVE,
        },
    )
    code, out, err = run("-C", str(root), "validate", "--as-of", AS_OF)
    assert code == 1  # the file name is not an id (OKR012)
    assert_safe_text(out)
    assert_safe_text(err)
    assert "OKR012" in out
    code, out, _ = run("-C", str(root), "validate", "--as-of", AS_OF, "-f", "json")
    data = assert_safe_json(out)
    assert any(name in d["file"] for d in data)  # JSON keeps the name exact
    code, out, _ = run("-C", str(root), "validate", "--as-of", AS_OF, "-f", "github")
    assert_safe_text(out, annotations=len(data))
    code, out, err = run("-C", str(root), "status", "--as-of", AS_OF)
    assert_safe_text(out)
    assert_safe_text(err)


def test_the_esc_of_a_file_name_is_shown_as_an_escape(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "repo",
        {
            "okrctl.yaml": BASE_CONFIG,
            "cycles/2026-q4/cycle.yaml": BASE_CYCLE,
            "cycles/2026-q4/objectives/x\x1b[31mred.yaml": GOOD_OBJECTIVE,
        },
    )
    _, out, _ = run("-C", str(root), "validate", "--as-of", AS_OF)
    assert "objectives/x\\x1b[31mred.yaml" in out


@pytest.mark.parametrize("arg", NAMES.values(), ids=NAMES.keys())
def test_a_hostile_argument_in_an_error_message_is_escaped(arg: str, tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "repo",
        {"okrctl.yaml": BASE_CONFIG, "cycles/2026-q4/cycle.yaml": BASE_CYCLE, OBJ: GOOD_OBJECTIVE},
    )
    for args in (("show", arg), ("status", "--cycle", arg), ("log", arg)):
        code, out, err = run("-C", str(root), *args)
        assert code == 2, (args, out, err)
        assert err.startswith("okrctl: ")
        assert err.count("\n") == 1, err  # one line
        assert_safe_text(err)
