"""The diff is the product: on every corpus layout a check-in adds exactly its line(s).

Each case runs the real command in a real git repository and checks `git diff --numstat`,
the exact new text, and that every other byte of the file is unchanged. Each corpus file
also runs as CRLF, with a UTF-8 BOM, and without its final newline.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app
from okrctl.load.document import load_document
from okrctl.model import Kpi, Objective

CORPUS = Path(__file__).parent / "data" / "checkin_corpus"
CHECKIN = "{date: 2026-10-19, value: 66, confidence: 0.7}"
ARGS = ["--value", "66", "--confidence", "0.7", "--date", "2026-10-19", "--as-of", "2026-10-20"]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ana Lima",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Lima",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
    "GIT_AUTHOR_DATE": "2026-10-20T09:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-10-20T09:00:00+00:00",
}
CONFIG = """\
organization: Acme
themes:
  - {id: cx, name: Customer Experience}
people:
  - {id: ana, name: Ana Lima, email: ana@example.com}
  - {id: bo, name: Bo Chen}
"""
CYCLE = "name: Q4 2026\nstart: 2026-10-01\nend: 2026-12-31\n"


@dataclass(frozen=True)
class Case:
    file: str
    numstat: str  # `git diff --numstat`'s "added<TAB>deleted"
    old: list[str]  # the lines (without line breaks) that go away
    new: list[str]  # the lines that come in their place
    at: int  # 0-based line where the change starts
    eof_numstat: str | None = None  # when the file lacks its final newline (None: same)


CASES = [
    Case("block_indented.yaml", "1\t0", [], [f"      - {CHECKIN}"], 20),
    Case("block_indentless.yaml", "1\t0", [], [f"  - {CHECKIN}"], 12),
    Case("wide_dash.yaml", "1\t0", [], [f"        -   {CHECKIN}"], 17, "2\t1"),
    Case("block_mapping_items.yaml", "1\t0", [], [f"      - {CHECKIN}"], 17),
    Case("keep_chomping.yaml", "1\t0", [], [f"      - {CHECKIN}"], 15),
    Case(
        "flow_empty.yaml",
        "2\t1",
        ["    checkins: []   # none yet"],
        ["    checkins:    # none yet", f"      - {CHECKIN}"],
        9,
    ),
    Case(
        "flow_inline.yaml",
        "1\t1",
        ["    checkins: [{date: 2026-10-05, value: 59}, {date: 2026-10-12, value: 60}]"],
        [
            "    checkins: [{date: 2026-10-05, value: 59}, {date: 2026-10-12, value: 60}, "
            + CHECKIN
            + "]"
        ],
        9,
    ),
    Case("flow_multiline.yaml", "1\t0", [], [f"      {CHECKIN},"], 12),
    Case("null_checkins.yaml", "1\t0", [], [f"      - {CHECKIN}"], 10),
    Case(
        "tilde_checkins.yaml",
        "2\t1",
        ["    checkins: ~"],
        ["    checkins:", f"      - {CHECKIN}"],
        9,
    ),
    Case("missing_checkins.yaml", "2\t0", [], ["  checkins:", f"  -   {CHECKIN}"], 14),
    Case(
        "flow_kr.yaml",
        "1\t1",
        ["  - {id: nps, title: NPS, unit: points, baseline: 58, target: 75}"],
        [
            "  - {id: nps, title: NPS, unit: points, baseline: 58, target: 75, "
            f"checkins: [{CHECKIN}]}}"
        ],
        4,
    ),
    Case("last_in_file.yaml", "1\t0", [], [f"      - {CHECKIN}"], 17, "2\t1"),
    Case("kpi_block.yaml", "1\t0", [], [f"  - {CHECKIN}"], 11),
    Case("kpi_missing.yaml", "2\t0", [], ["checkins:", f"  - {CHECKIN}"], 6, "3\t1"),
]
VARIANTS = ["lf", "crlf", "bom", "no-final-newline"]


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def variant(data: bytes, name: str) -> bytes:
    if name == "crlf":
        return data.replace(b"\n", b"\r\n")
    if name == "bom":
        return b"\xef\xbb\xbf" + data
    if name == "no-final-newline":
        return data.rstrip(b"\n")
    return data


def make_repo(root: Path, rel: str, data: bytes) -> Path:
    for path, content in {
        "okrctl.yaml": CONFIG.encode(),
        "cycles/2026-q4/cycle.yaml": CYCLE.encode(),
        rel: data,
    }.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    return root


def place(case_file: str) -> tuple[str, str, type[Objective] | type[Kpi]]:
    """(repo path, REF, model) of a corpus file."""
    if case_file.startswith("kpi_"):
        return "cycles/2026-q4/kpis/arr.yaml", "arr", Kpi
    return "cycles/2026-q4/objectives/cx-leader.yaml", "cx-leader/nps", Objective


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(root), "checkin", *args])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("name", VARIANTS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_checkin_adds_only_its_lines(tmp_path: Path, case: Case, name: str) -> None:
    rel, ref, model = place(case.file)
    original = variant((CORPUS / case.file).read_bytes(), name)
    root = make_repo(tmp_path, rel, original)

    code, err = run(root, ref, *ARGS)

    assert code == 0, err
    expected_numstat = case.numstat
    if name == "no-final-newline" and case.eof_numstat:
        expected_numstat = case.eof_numstat
    assert git(root, "diff", "--numstat") == f"{expected_numstat}\t{rel}\n"
    new = (root / rel).read_bytes()
    nl = "\r\n" if name == "crlf" else "\n"
    bom = "\ufeff" if name == "bom" else ""
    old_lines = original.decode("utf-8").removeprefix(bom).split(nl)
    want = old_lines[: case.at] + case.new + old_lines[case.at + len(case.old) :]
    assert old_lines[case.at : case.at + len(case.old)] == case.old
    assert new == (bom + nl.join(want)).encode("utf-8")
    loaded = load_document(rel, new, model)
    assert loaded.model is not None and not loaded.diagnostics
    owner = loaded.model if isinstance(loaded.model, Kpi) else loaded.model.key_results[-1]
    if isinstance(loaded.model, Objective):
        owner = next(k for k in loaded.model.key_results if k.id == "nps")
    assert owner.checkins is not None
    last = owner.checkins[-1]
    assert (str(last.date), last.value, last.confidence) == ("2026-10-19", 66, 0.7)


INITIATIVE_CASES = [
    (
        "initiative_block.yaml",
        ["--status", "in-progress", "--progress", "60", "--note", "Sent to 1,200 admins"],
        "3\t4",
        [
            "        status: in-progress    # not started",
            '        notes: "Sent to 1,200 admins"',
            "        progress: 60",
        ],
        (14, 18),
    ),
    (
        "initiative_block.yaml",
        ["--status", "blocked"],
        "1\t1",
        ["        status: blocked    # not started"],
        (14, 15),
    ),
    (
        "initiative_flow.yaml",
        ["--status", "done", "--progress", "100"],
        "1\t1",
        [
            "      - {id: survey, title: Relationship survey, owner: ana, due: 2026-11-30, "
            "status: done, progress: 100}"
        ],
        (10, 11),
    ),
]


@pytest.mark.parametrize("name", ["lf", "crlf"])
@pytest.mark.parametrize(("file", "args", "numstat", "new", "span"), INITIATIVE_CASES)
def test_initiative_update_changes_only_its_fields(
    tmp_path: Path,
    file: str,
    args: list[str],
    numstat: str,
    new: list[str],
    span: tuple[int, int],
    name: str,
) -> None:
    rel = "cycles/2026-q4/objectives/cx-leader.yaml"
    original = variant((CORPUS / file).read_bytes(), name)
    root = make_repo(tmp_path, rel, original)

    code, err = run(root, "cx-leader/nps", "--initiative", "survey", *args, "--as-of", "2026-10-20")

    assert code == 0, err
    assert git(root, "diff", "--numstat") == f"{numstat}\t{rel}\n"
    nl = "\r\n" if name == "crlf" else "\n"
    old_lines = original.decode().split(nl)
    want = old_lines[: span[0]] + new + old_lines[span[1] :]
    assert (root / rel).read_bytes() == nl.join(want).encode()
