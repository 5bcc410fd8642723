"""Hostile input for every command: no crash, exit 0/1/2, nothing written on failure,
and YAML text escaped in every output format.

Each test copies examples/strategy-repo into a tmp dir and breaks it. A real bug is
written as the correct behaviour under `xfail(strict=True, reason="BUG: ...")`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "strategy-repo"
Q4 = "cycles/2026-q4"
OBJ = f"{Q4}/objectives/platform-trust.yaml"
KPI = f"{Q4}/kpis/nps.yaml"
CYC = f"{Q4}/cycle.yaml"
CFG = "okrctl.yaml"
AS_OF = ["--as-of", "2026-11-25"]
TITLE = "title: Make reliability and security a reason enterprises buy from us"
KR_TITLE = "title: API availability, every week of the quarter"

# A file's content: text, bytes, None (delete), DIR (a folder), or ("link", target).
DIR = "<dir>"
Content = str | bytes | tuple[str, str] | None
Files = Mapping[str, Content]


def cmds(table: str) -> list[list[str]]:
    """Command lines separated by ' | ', each split like a shell would."""
    return [shlex.split(line) for line in table.split(" | ")]


def text(rel: str) -> str:
    return (EXAMPLE / rel).read_text(encoding="utf-8")


def make_repo(tmp_path: Path, files: Files = {}) -> Path:  # noqa: B006 - read only
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    for rel, content in files.items():
        path = root / rel
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == DIR:
            path.mkdir()
        elif isinstance(content, tuple):
            path.symlink_to(content[1])
        else:
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def digest(root: Path) -> dict[str, str]:
    """Every file and link under root (outside .git) with a hash of its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if ".git" in path.parts:
            continue
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def run(root: Path | None, *args: str) -> tuple[int, str, str]:
    """Run okrctl; assert it did not crash; return (exit code, stdout, stderr)."""
    argv = (["-C", str(root)] if root is not None else []) + list(args)
    result = CliRunner().invoke(app, argv, env={"GITHUB_ACTIONS": "", "NO_COLOR": "1"})
    shown = f"okrctl {' '.join(args)}\n{result.output}"
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), shown
    assert "Traceback" not in result.output, shown
    assert "internal error" not in result.output, shown
    assert result.exit_code in (0, 1, 2), shown
    return result.exit_code, result.stdout, result.stderr


def run_keeps_files_on_failure(root: Path, *args: str) -> int:
    """Run a writing command; when it fails, every file must be byte-identical."""
    before = digest(root)
    code, _, err = run(root, *args)
    if code != 0:
        assert digest(root) == before, f"okrctl {' '.join(args)} failed ({err}) but wrote"
    return code


# -- Every file kind broken in every way -------------------------------------------------

_BREAKS: dict[str, Content] = {
    "missing": None,
    "empty": "",
    "list": "- a\n- b\n",
    "scalar": "42\n",
    "null": "~\n",
    "binary": bytes(range(256)) * 4,
    "bad-utf8": b"title: caf\xe9 \xff\n",
    "utf16": "title: x\n".encode("utf-16"),
    "directory": DIR,
    "symlink-loop": ("link", "loop.yaml"),
    "dangling-symlink": ("link", "/nonexistent/x.yaml"),
    "tab-indent": "a:\n\tb: 1\n",
    "anchor-bomb": "a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "deep-nesting": "a: " + "[" * 3000 + "]" * 3000 + "\n",
    "python-tag": "a: !!python/object/apply:os.system ['true']\n",
    "merge-conflict": "<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> x\n",
    "huge": "title: x\nwhy: " + "x" * 3_000_000 + "\n",
}
_EVERY_KIND = ("missing", "empty", "list", "scalar", "binary", "bad-utf8", "directory")
BROKEN_FILES = [
    pytest.param({rel: _BREAKS[name]}, id=f"{kind}-{name}")
    for kind, rel in (("objective", OBJ), ("kpi", KPI), ("cycle", CYC), ("config", CFG))
    for name in _EVERY_KIND
] + [  # the parser-level breaks once, on an objective
    pytest.param({OBJ: content}, id=f"objective-{name}")
    for name, content in _BREAKS.items()
    if name not in _EVERY_KIND
]
BROKEN_TREES = [
    pytest.param({"cycles": "not a folder\n"}, id="cycles-is-a-file"),
    pytest.param({f"{Q4}/objectives": "x\n"}, id="objectives-is-a-file"),
    pytest.param({f"{Q4}/kpis": "x\n"}, id="kpis-is-a-file"),
    pytest.param({"cycles": DIR}, id="no-cycles"),
    pytest.param({f"{Q4}/objectives": ("link", "objectives")}, id="objectives-symlink-loop"),
    pytest.param({f"{Q4}/objectives/up": ("link", "..")}, id="symlink-to-parent"),
    pytest.param({"cycles/2027-q1/objectives/a.yaml": text(OBJ)}, id="cycle-without-cycle-yaml"),
    pytest.param({"cycles/We ird!/cycle.yaml": "name: x\nstart: 2027-01-01\nend: 2027-01-31\n"}),
    pytest.param({f"{Q4}/objectives/README.md": "hi", f"{Q4}/objectives/.x.yaml": "a: ["}),
]

_OBJ = text(OBJ)
_KPI = text(KPI)
_KR_NUMBERS = '    unit: "%"\n    baseline: 99.9\n    target: 99.95\n    direction: at-least\n'
_MILESTONE = f"{Q4}/objectives/zero-downtime-deploys.yaml"
SEMANTIC: dict[str, Files] = {
    "zero-krs": {OBJ: _OBJ.split("key_results:")[0] + "key_results: []\n"},
    "no-key-results-key": {OBJ: _OBJ.split("key_results:")[0]},
    "kr-without-baseline-target": {OBJ: _OBJ.replace(_KR_NUMBERS, "")},
    "baseline-equals-target": {OBJ: _OBJ.replace("target: 99.95", "target: 99.9")},
    "milestone-with-numeric-checkins": {
        _MILESTONE: text(_MILESTONE).replace("value: false", "value: 0.5")
    },
    "cycle-end<start": {CYC: "name: X\nstart: 2026-12-31\nend: 2026-10-01\n"},
    "cycle-one-day": {CYC: "name: X\nstart: 2026-11-25\nend: 2026-11-25\n"},
    "cycle-self": {CYC: text(CYC).replace('parent: "2026"', 'parent: "2026-q4"')},
    "cycle-parent-loop": {
        "cycles/2026/cycle.yaml": text("cycles/2026/cycle.yaml") + "parent: 2026-q4\n"
    },
    "objective-own-parent": {
        OBJ: _OBJ.replace("parent: 2026/reliable-platform", "parent: platform-trust")
    },
    "objective-parent-loop": {
        OBJ: _OBJ.replace("parent: 2026/reliable-platform", "parent: zero-downtime-deploys")
    },
    "team-parent-loop": {CFG: text(CFG).replace("lead: maria}", "lead: maria, parent: support}")},
    "kpi-thresholds-no-checkins": {KPI: _KPI.split("checkins:")[0]},
    "kpi-empty-checkins": {KPI: _KPI.split("checkins:")[0] + "checkins: []\n"},
    "infinite-target": {OBJ: _OBJ.replace("target: 99.95", "target: .inf")},
    "overflow-target": {OBJ: _OBJ.replace("target: 99.95", "target: 1e400")},
    "overflow-int-value": {OBJ: _OBJ.replace("value: 99.97", "value: 1" + "0" * 400)},
    "5000-digit-value": {OBJ: _OBJ.replace("value: 99.97", "value: " + "9" * 5000)},
    "year-9999": {OBJ: _OBJ.replace("date: 2026-10-05", "date: 9999-12-31")},
    "bad-date": {OBJ: _OBJ.replace("date: 2026-10-05", "date: '2026-13-45'")},
    "datetime-checkin-date": {OBJ: _OBJ.replace("date: 2026-10-05", "date: 2026-10-05T10:00:00Z")},
    "yes-value": {OBJ: _OBJ.replace("value: 99.97", "value: yes")},
    "confidence-7": {OBJ: _OBJ.replace("confidence: 0.8}", "confidence: 7}")},
    "10k-title": {OBJ: _OBJ.replace(TITLE, "title: " + "W" * 10_000)},
    "unicode-ids": {
        f"{Q4}/objectives/ünï-目标.yaml": _OBJ.replace("id: availability", "id: 可用性")
    },
    "cycle-0001-9999": {CYC: "name: X\nstart: 0001-01-01\nend: 9999-12-31\n"},
}

READ_COMMANDS = cmds(
    "validate -f github | status -f json | show platform-trust | show nps -f json"
    " | tree -f markdown | kpis | review quarterly -f json | checklist | export | cycle list"
)
WRITE_COMMANDS = cmds(
    "checkin platform-trust/availability --value 99.9 --date 2026-11-24"
    " | checkin nps --value 70 --date 2026-11-24 | cycle close 2026-q4 --force"
)


def check_every_command(tmp_path: Path, files: Files) -> None:
    root = make_repo(tmp_path, files)
    for args in READ_COMMANDS:
        before = digest(root)
        code, out, _ = run(root, *args, *AS_OF)
        assert digest(root) == before, args
        if code != 2 and "json" in args:
            json.loads(out)  # complete, parseable JSON even for a broken repo
    site = tmp_path / "site"
    run(root, "report", "--html", str(site), *AS_OF)
    for args in WRITE_COMMANDS:
        if run_keeps_files_on_failure(root, *args, *AS_OF) == 0:
            shutil.rmtree(root)
            root = make_repo(tmp_path, files)


@pytest.mark.parametrize("files", BROKEN_FILES + BROKEN_TREES)
def test_broken_files_never_crash_or_write(tmp_path: Path, files: Files) -> None:
    check_every_command(tmp_path, files)


@pytest.mark.parametrize("files", SEMANTIC.values(), ids=SEMANTIC.keys())
def test_odd_but_parseable_repos_never_crash(tmp_path: Path, files: Files) -> None:
    check_every_command(tmp_path, files)


@pytest.mark.parametrize("number", ["1" + "0" * 400, "0x" + "f" * 300])
def test_an_integer_no_float_holds_is_refused_where_it_stands(tmp_path: Path, number: str) -> None:
    # Scoring computes in floats: such a number used to crash `status` (OverflowError).
    root = make_repo(tmp_path, {OBJ: _OBJ.replace("target: 99.95", f"target: {number}")})
    code, out, _ = run(root, "validate", *AS_OF)
    assert code == 1
    assert f"{OBJ}:16:13: error OKR103 key_results[0].target: must be a finite number" in out
    assert run(root, "status", *AS_OF)[0] == 1


@pytest.mark.parametrize("rel", [OBJ, KPI, CYC, CFG])
def test_a_broken_file_is_named_with_line_and_column(tmp_path: Path, rel: str) -> None:
    root = make_repo(tmp_path, {rel: b"key: [unclosed\n"})
    code, out, _ = run(root, "validate", *AS_OF)
    assert code == 1
    assert f"{rel}:2:1: error OKR001 YAML syntax error" in out


def test_a_yaml_name_that_is_no_file_is_ignored_with_a_grammatical_warning(
    tmp_path: Path,
) -> None:
    root = make_repo(
        tmp_path,
        {f"{Q4}/objectives/loop.yaml": ("link", "loop.yaml"), f"{Q4}/kpis/folder.yaml": DIR},
    )
    _, out, _ = run(root, "validate", *AS_OF)
    assert f"{Q4}/objectives/loop.yaml: warning OKR013 ignored: not an objective file (" in out
    assert f"{Q4}/kpis/folder.yaml: warning OKR013 ignored: not a KPI file (*.yaml)" in out


# -- Control characters ------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["a\x1b[31mred", "a\x00b", "a\u202eb", "a\x07b", "a\x85b"])
def test_raw_control_characters_are_rejected(tmp_path: Path, raw: str) -> None:
    root = make_repo(tmp_path, {OBJ: _OBJ.replace(TITLE, "title: " + raw)})
    code, out, _ = run(root, "validate", *AS_OF)
    assert code == 1 and "OKR005" in out


@pytest.mark.parametrize("escaped", [r"\e[31mred", r"\x1b[2J", r"\u202e", r"a\0b", r"\a"])
def test_escaped_control_characters_are_rejected(tmp_path: Path, escaped: str) -> None:
    root = make_repo(tmp_path, {OBJ: _OBJ.replace(TITLE, f'title: "{escaped}"')})
    code, out, _ = run(root, "validate", *AS_OF)
    assert code == 1 and "OKR005" in out


def test_escaped_control_characters_are_placed_at_their_scalar(tmp_path: Path) -> None:
    # A key (line 3) and a flow-mapping value (line 22, col 65) with escapes; a backslash
    # outside double quotes is text, and the escapes of newline and tab are allowed.
    obj = (
        _OBJ.replace(TITLE, 'title: "ok\\n\\t"\n"x\\a": 1')
        .replace('note: "14 minutes of degraded search"', 'note: "\\u2066a"')
        .replace("why: Enterprise buyers", "why: \\e Enterprise buyers")
        .replace('unit: "%"', "unit: '\\x1b%'")
    )
    root = make_repo(tmp_path, {OBJ: obj})
    code, out, _ = run(root, "validate", *AS_OF)
    assert code == 1
    okr005 = [t.split(OBJ, 1)[1] for t in out.splitlines() if "OKR005" in t]
    assert okr005 == [
        ":3:1: error OKR005 control character U+0007 (written as an escape) is not allowed",
        ":22:65: error OKR005 control character U+2066 (written as an escape) is not allowed",
    ]


def test_csv_export_never_emits_terminal_escapes(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {OBJ: _OBJ.replace(KR_TITLE, 'title: "\\e[31mred"')})
    _, out, _ = run(root, "export", *AS_OF)
    assert "red" in out and "\x1b" not in out
    assert ",\\x1b[31mred," in out  # shown, as in the terminal outputs


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_no_output_format_emits_terminal_escapes(tmp_path: Path, fmt: str) -> None:
    root = make_repo(tmp_path, {OBJ: _OBJ.replace(KR_TITLE, 'title: "\\e[31mred"')})
    for cmd in (["status"], ["show", "platform-trust"], ["tree"]):
        _, out, _ = run(root, *cmd, "-f", fmt, *AS_OF)
        assert "\x1b" not in out, cmd


# -- Escaping of untrusted text ------------------------------------------------------------

EVIL = (
    "[bold red]X[/] [link=file:///etc/passwd]L[/link] <script>alert(1)</script> "
    "@org/team ](javascript:alert(1)) ::error::pwned %0A **b** | pipe"
)


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


@pytest.fixture
def evil_repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path,
        {
            OBJ: _OBJ.replace(TITLE, f"title: {_q(EVIL)}")
            .replace(KR_TITLE, f"title: {_q(EVIL)}")
            .replace('note: "14 minutes of degraded search"', f"note: {_q(EVIL)}"),
            KPI: _KPI.replace("title: Net Promoter Score", f"title: {_q(EVIL)}"),
            CYC: text(CYC).replace("name: 2026 Q4", f"name: {_q(EVIL)}"),
            CFG: text(CFG)
            .replace("organization: Northwind Cloud", f"organization: {_q(EVIL)}")
            .replace("name: Operational Excellence", f"name: {_q(EVIL)}"),
        },
    )


@pytest.mark.parametrize(
    "args",
    cmds(
        "status | show platform-trust | show nps | tree | kpis | review weekly -f text"
        " | checklist | cycle list"
    ),
)
def test_rich_markup_from_yaml_is_shown_literally(evil_repo: Path, args: list[str]) -> None:
    code, out, _ = run(evil_repo, *args, *AS_OF)
    assert code in (0, 1)  # the checklist fails a check
    flat = " ".join(out.split())  # undo Rich's line wrapping
    assert "[bold red]X[/]" in flat and "[link=file:///etc/passwd]L[/link]" in flat


@pytest.mark.parametrize(
    "args",
    cmds(
        "status -f markdown | kpis -f markdown | review weekly | review monthly"
        " | review quarterly | checklist -f markdown | cycle list -f markdown"
        " | show platform-trust -f markdown | tree -f markdown"
    ),
)
def test_markdown_output_has_no_live_html_links_or_mentions(
    evil_repo: Path, args: list[str]
) -> None:
    _, out, _ = run(evil_repo, *args, *AS_OF)
    assert "alert" in out
    if out.startswith("```"):  # a fenced block is inert: it only must not close early
        fence = out.split("\n", 1)[0].removesuffix("text")
        assert out.rstrip().endswith(fence) and out.count(fence) == 2
        return
    assert "<script" not in out and "](javascript:" not in out and "@org/team" not in out


def test_html_report_escapes_everything(evil_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run(evil_repo, "report", "--html", str(site), *AS_OF)
    pages = {p.name: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert pages
    for name, page in pages.items():
        assert "<script>alert" not in page and 'href="javascript' not in page, name
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in page for page in pages.values())


def test_github_annotations_cannot_inject_workflow_commands(tmp_path: Path) -> None:
    parent = "x%0A::error::pwned"
    newline = 'parent: "y\\n::error file=a::pwned"'
    root = make_repo(
        tmp_path,
        {
            OBJ: _OBJ.replace("parent: 2026/reliable-platform", f"parent: '{parent}'"),
            _MILESTONE: text(_MILESTONE).replace("parent: platform-trust", newline),
        },
    )
    code, out, _ = run(root, "validate", "-f", "github", *AS_OF)
    assert code == 1
    lines = out.splitlines()
    assert not any(line.startswith("::error::pwned") for line in lines)
    assert not any(line.startswith("::error file=a") for line in lines)
    assert "x%250A" in out  # the % of the YAML text is escaped, so no newline decodes


def test_csv_export_defuses_formulas(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {OBJ: _OBJ.replace(KR_TITLE, "title: '=HYPERLINK(\"x\")'")})
    _, out, _ = run(root, "export", *AS_OF)
    assert "'=HYPERLINK" in out and ",=HYPERLINK" not in out


# -- Command-line arguments ------------------------------------------------------------------

_CK = "checkin platform-trust/availability --date 2026-11-24"
_NEW = "--start 2027-01-01 --end 2027-03-31"
BAD_ARGS = cmds(
    "validate --as-of 2026-02-30 | validate --as-of '' | validate /etc/passwd | validate ../.."
    " | validate no/such/path | status --cycle ../../etc | status --cycle ''"
    " | status --team '[bold]x' | status --level x | show '' | show ../../etc/passwd"
    " | show a/b/c/d | show / | show 目标 | show 2026-q4/ | show nps --cycle ../2026"
    " | kpis --as-of 0001-01-01 | review weekly --cycle ../.. | review weekly --write -f json"
    " | checklist --cycle nope | export -o cycles | export -o no/such/dir/x.csv"
    " | export -o okrctl.yaml/x.csv | report --html . | report --html cycles"
    " | report --html okrctl.yaml | schema -o okrctl.yaml | log -n 0"
    f" | {_CK} --value nan | {_CK} --value inf | {_CK} --value '' | {_CK} --value 0x10"
    f" | {_CK} --value 1_000 | {_CK} --value 1 --confidence 2 | {_CK} --value 1 --note 'a\nb'"
    f" | {_CK} --value 1 --note '\x1b[31m' | {_CK} --value 1 --note '\u202e'"
    f" | {_CK} --value 1 --blocker '' | {_CK} --value 1 --date 2099-01-01 | {_CK} --done"
    f" | {_CK} --value 1 --date yesterday | checkin zero-downtime-deploys/blue-green --value 3"
    " | checkin ../../etc/passwd --value 1 | checkin '' --value 1 | checkin --owner nobody"
    " | checkin platform-trust/enterprise-sso --initiative saml-sso --progress 101"
    " | checkin platform-trust/enterprise-sso --initiative nope --status done"
    + "".join(
        f" | cycle new {cid} {_NEW}"
        for cid in ["../evil", "a/b", "''", ".", "..", "目标", "x" * 300, "CON", "2026-q4"]
    )
    + " | cycle new 2027-q1 --start 2027-03-31 --end 2027-01-01"
    " | cycle new 2027-q1 --start 2026-11-01 --end 2027-03-31"
    f" | cycle new 2027-q1 {_NEW} --from x | cycle new 2027-q1 {_NEW} --name '\x1b'"
    f" | cycle new 2027-q1 {_NEW} --scope x | cycle close nope | cycle close ../x"
    " | cycle close '' | cycle close 2026-q4"
)


@pytest.mark.parametrize("args", BAD_ARGS, ids=lambda a: " ".join(a)[:60])
def test_bad_arguments_are_usage_errors_that_write_nothing(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path)
    monkeypatch.chdir(root)  # relative -o/--html paths land inside the repo
    before = digest(root)
    code, _, _ = run(root, *args, *([] if "--as-of" in args else AS_OF))
    assert code == 2
    assert digest(root) == before


@pytest.mark.parametrize(
    ("cycle_id", "message"),
    [
        ("", "okrctl: name the cycle to close: okrctl cycle close ID (cycles: 2026, 2026-q4)\n"),
        ("  ", "okrctl: name the cycle to close: okrctl cycle close ID (cycles: 2026, 2026-q4)\n"),
        ("../x", "okrctl: '../x' is not a cycle id: ids are lowercase letters, digits and '-'"),
    ],
)
def test_cycle_close_without_a_usable_id_says_what_to_give(
    tmp_path: Path, cycle_id: str, message: str
) -> None:
    root = make_repo(tmp_path, {"cycles/notes": "not a cycle\n"})
    code, _, err = run(root, "cycle", "close", cycle_id, "--force", *AS_OF)
    assert code == 2 and message in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["report", "--html", "okrctl.yaml/site"], "okrctl.yaml"),
        (["schema", "-o", "okrctl.yaml/schemas"], "okrctl.yaml"),
    ],
)
def test_an_output_folder_under_a_file_is_a_usage_error(
    tmp_path: Path, args: list[str], needle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path, {"sub": "a file\n"})
    monkeypatch.chdir(root)
    before = digest(root)
    code, _, err = run(None, *args)
    assert code == 2 and needle in err
    assert digest(root) == before


def test_rules_rejects_an_unknown_format() -> None:
    code, out, err = run(None, "rules", "-f", "bogus")
    assert code == 2 and out == ""
    assert err == "okrctl: --format: expected text or markdown, got 'bogus'\n"


@pytest.mark.parametrize("value", ["1e400", "-1e309", "1" + "0" * 400, "9" * 5000])
def test_an_overflowing_value_is_named_in_the_error(tmp_path: Path, value: str) -> None:
    root = make_repo(tmp_path)
    before = digest(root)
    ref = "platform-trust/availability"
    code, _, err = run(root, "checkin", ref, "--value", value, "--date", "2026-11-24", *AS_OF)
    assert code == 2 and "boolean" not in err
    assert f"the value of platform-trust/availability is out of range: {value[:40]} is not" in err
    assert digest(root) == before


@pytest.mark.parametrize(
    ("cycle", "args", "needle"),
    [
        (  # a week to the first day of the calendar has no days before it
            None,
            ["review", "weekly", "--cycle", "2026-q4", "--as-of", "0001-01-01"],
            "no earlier day than 0001-01-01 to look back on",
        ),
        (  # the window starts at the first day of the calendar
            None,
            ["review", "weekly", "--cycle", "2026-q4", "--as-of", "0001-01-05", "-f", "json"],
            '"since": "0001-01-01"',
        ),
        (
            None,
            ["review", "monthly", "--cycle", "2026-q4", "--as-of", "0001-01-20"],
            "compared with 0001-01-01",
        ),
        (
            "start: 9999-12-31\nend: 9999-12-31",
            ["show", "platform-trust", "--history"],
            "(no week of the cycle yet)",
        ),
        (
            "start: 9999-12-20\nend: 9999-12-31",
            ["show", "platform-trust", "--history", "--as-of", "9999-12-31"],
            "(week ends 9999-12-26 to 9999-12-31)",
        ),
    ],
)
def test_extreme_dates_do_not_crash(
    tmp_path: Path, cycle: str | None, args: list[str], needle: str
) -> None:
    root = make_repo(tmp_path, {CYC: f"name: X\n{cycle}\n"} if cycle else {})
    code, out, _ = run(root, *args)
    assert code in (0, 1)  # 1: check-ins "in the future" on such days are findings
    assert needle in out


def test_init_in_the_last_quarter_of_9999_does_not_crash(tmp_path: Path) -> None:
    args = ["--org", "O", "--theme", "a:A", "--person", "p:P", "--no-git"]
    code, _, _ = run(None, "init", str(tmp_path / "n"), *args, "--as-of", "9999-12-31")
    assert code == 0  # it works: the quarter ends on the calendar's last day
    cycle = (tmp_path / "n/cycles/9999-q4/cycle.yaml").read_text()
    assert "start: 9999-10-01\nend: 9999-12-31\n" in cycle


# -- Writes that fail half-way -----------------------------------------------------------


def test_cycle_close_with_reviews_as_a_file_writes_nothing(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"reviews": "not a folder\n"})
    before = digest(root)
    code, _, err = run(root, "cycle", "close", "2026", "--force", *AS_OF)
    assert code == 2
    assert digest(root) == before
    assert f"{root / 'reviews'} is not a folder; nothing was written" in err


def test_cycle_close_failing_half_way_says_what_it_wrote_and_can_be_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A disk error on cycle.yaml, the last file (root ignores permissions, so it is faked).
    from okrctl.api import cycles

    real = cycles.write_atomic

    def failing(path: Path, data: str | bytes) -> None:
        if path.name == "cycle.yaml":
            raise OSError(28, "No space left on device")
        real(path, data)

    root = make_repo(tmp_path)
    monkeypatch.setattr(cycles, "write_atomic", failing)
    code, _, err = run(root, "cycle", "close", "2026", "--force", *AS_OF)
    assert code == 2
    assert f"cannot write {root / 'cycles/2026/cycle.yaml'}: No space left on device" in err
    assert "(written before: cycles/2026/objectives/customer-experience-edge.yaml, " in err
    assert "reviews/2026/retrospective.md; the cycle is not closed" in err
    assert "status: closed" not in (root / "cycles/2026/cycle.yaml").read_text()
    monkeypatch.setattr(cycles, "write_atomic", real)
    assert run(root, "cycle", "close", "2026", "--force", *AS_OF)[0] == 0
    assert "status: closed" in (root / "cycles/2026/cycle.yaml").read_text()


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"reviews": "file\n"}, "cannot create folder {root}/reviews/2026-q4: {root}/reviews is"),
        (
            {"reviews/2026-q4/weekly-2026-11-25.md": DIR},
            "cannot write {root}/reviews/2026-q4/weekly-2026-11-25.md: it is a folder",
        ),
    ],
)
def test_review_write_to_a_blocked_path_is_a_usage_error(
    tmp_path: Path, block: Files, message: str
) -> None:
    root = make_repo(tmp_path, block)
    before = digest(root)
    code, _, err = run(root, "review", "weekly", "--write", "--force", *AS_OF)
    assert code == 2
    assert digest(root) == before
    assert message.format(root=root) in err


def test_review_write_refused_by_the_os_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from okrctl.api import review

    def refused(path: Path, data: str | bytes) -> None:
        raise PermissionError(13, "Permission denied")

    root = make_repo(tmp_path)
    monkeypatch.setattr(review, "write_atomic", refused)
    code, _, err = run(root, "review", "weekly", "--write", *AS_OF)
    assert code == 2
    assert f"cannot write {root}/reviews/2026-q4/weekly-2026-11-25.md: Permission denied" in err


# -- Git -------------------------------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Raj Patel",
    "GIT_AUTHOR_EMAIL": "raj@example.com",
    "GIT_COMMITTER_NAME": "Raj Patel",
    "GIT_COMMITTER_EMAIL": "raj@example.com",
    "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+00:00",
}


def git(root: Path, *args: str) -> None:
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def git_repo(tmp_path: Path, kind: str) -> Path:
    root = make_repo(tmp_path)
    if kind == "not-git":
        return root
    git(root, "init", "-q", "-b", "main")
    if kind == "no-commits":
        return root
    git(root, "add", ".")
    git(root, "commit", "-qm", "Q4 plan")
    if kind == "detached":
        git(root, "checkout", "-q", "--detach")
    elif kind == "orphan-branch":
        git(root, "checkout", "-q", "--orphan", "fresh")
    elif kind == "head-to-missing-branch":
        (root / ".git" / "HEAD").write_text("ref: refs/heads/gone\n")
    return root


GIT_COMMANDS = cmds(
    "diff | diff HEAD -f markdown | diff --staged --check -f github | diff nope | diff HEAD~5"
    " | diff HEAD...nope | diff '' '' | diff -- -x | diff HEAD:okrctl.yaml | log | log --rev nope"
    " | log --rev '' | log --rev --all | log ../../etc/passwd | log a/b/c/d | log 目标"
    " | log platform-trust/availability -f json | status --trend --as-of 2026-11-25"
    " | show platform-trust --history --as-of 2026-11-25"
    " | checkin nps --value 70 --date 2026-11-24 --commit --as-of 2026-11-25"
)
GIT_KINDS = ["not-git", "no-commits", "detached", "orphan-branch", "head-to-missing-branch"]


@pytest.mark.parametrize("kind", GIT_KINDS + ["normal"])
def test_git_commands_on_odd_repositories(tmp_path: Path, kind: str) -> None:
    for i, args in enumerate(GIT_COMMANDS):
        root = git_repo(tmp_path / str(i), kind)
        before = digest(root)
        code, _, err = run(root, *args)
        if code != 0:
            assert digest(root) == before, (args, err)
        if kind == "not-git" and args[0] in ("diff", "log"):
            assert code == 2 and "not inside a git repository" in err


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ("not-git", "is not inside a git repository; history needs git"),
        ("no-commits", "the git repository has no commits yet"),
    ],
)
def test_trend_and_history_without_git_history_show_the_rest_with_a_note(
    tmp_path: Path, kind: str, why: str
) -> None:
    root = git_repo(tmp_path, kind)
    code, out, err = run(root, "status", "--trend", *AS_OF)
    assert code == 0
    assert "9 objectives: 7 ✓ green, 1 ! yellow, 1 ✗ red" in out
    assert "okrctl: no trend: " in err and why in err
    code, out, _ = run(root, "show", "platform-trust", "--history", *AS_OF)
    assert code == 0
    assert "Weekly progress of 2026-q4/platform-trust" in out and why in out


# -- The real executable -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["-C", "/etc/passwd", "validate"], "is a file"),
        (["-C", "/nonexistent/dir", "status"], "not a strategy repo"),
        (["-C", str(EXAMPLE), "show", "../../etc/passwd"], "is not a reference"),
        (["-C", str(EXAMPLE), "log", "--rev", "nope"], ""),
    ],
)
def test_subprocess_errors_are_one_line_and_exit_2(argv: list[str], needle: str) -> None:
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    proc = subprocess.run(
        [sys.executable, "-m", "okrctl", *argv], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and needle in proc.stderr


def test_subprocess_output_to_a_pipe_has_no_ansi(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {OBJ: _OBJ.replace(TITLE, "title: '[bold red]X[/]'")})
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.run(
        [sys.executable, "-m", "okrctl", "-C", str(root), "show", "platform-trust", *AS_OF],
        capture_output=True,
        text=True,
        env={**env, "GITHUB_ACTIONS": ""},
    )
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "[bold red]X[/]" in proc.stdout
