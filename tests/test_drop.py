"""Retire, don't delete: `status: dropped` and `okrctl drop`, through the real CLI on real
files (and real git repositories for `diff --check`)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from okrctl.cli.app import app
from okrctl.load.document import load_document
from okrctl.model import Objective
from test_checkin_corpus import CORPUS, git, make_repo

CONFIG = """\
organization: Acme
themes:
  - {id: cx, name: Customer Experience}
people:
  - {id: ana, name: Ana Lima, email: ana@example.com}
"""
CYCLE = "name: Q4 2026\nstart: 2026-10-01\nend: 2026-12-31\n"
# Two key results at 0.2 and 0.8 of the way from 0 to 10, weight 1 each.
CX = """\
title: Delight customers
theme: cx
owner: ana
key_results:
  - id: low
    title: Low
    unit: x
    baseline: 0
    target: 10
    checkins:
      - {date: 2026-11-02, value: 2}
  - id: high
    title: High
    unit: x
    baseline: 0
    target: 10
    checkins:
      - {date: 2026-11-02, value: 8}
  - id: mid
    title: Mid
    unit: x
    baseline: 0
    target: 10
    weight: 0
    checkins:
      - {date: 2026-11-02, value: 5}
"""
# A second objective of the same theme at 0.4.
PORTAL = """\
title: Launch the portal
theme: cx
owner: ana
key_results:
  - {id: a, title: A, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-11-02, value: 4}]}
  - {id: b, title: B, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-11-02, value: 4}]}
  - {id: c, title: C, unit: x, baseline: 0, target: 10, checkins: [{date: 2026-11-02, value: 4}]}
"""
CX_FILE = "cycles/2026-q4/objectives/cx-leader.yaml"
PORTAL_FILE = "cycles/2026-q4/objectives/portal.yaml"
AS_OF = ["--as-of", "2026-11-04"]


def okrctl(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", str(root), *args], env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def repo(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    files = {
        "okrctl.yaml": CONFIG,
        "cycles/2026-q4/cycle.yaml": CYCLE,
        CX_FILE: CX,
        PORTAL_FILE: PORTAL,
    }
    for rel, text in {**files, **(extra or {})}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    return tmp_path


def status(root: Path) -> dict:  # type: ignore[type-arg]
    code, out, err = okrctl(root, "status", "--format", "json", "--no-history", *AS_OF)
    assert code == 0, err
    data: dict = json.loads(out)  # type: ignore[type-arg]
    return data


def objective(data: dict, oid: str) -> dict:  # type: ignore[type-arg]
    found: dict = next(o for t in data["themes"] for o in t["objectives"] if o["id"] == oid)  # type: ignore[type-arg]
    return found


def test_a_dropped_key_result_leaves_its_objective_s_progress(tmp_path: Path) -> None:
    root = repo(tmp_path)
    before = objective(status(root), "cx-leader")
    # (0.2 x 1 + 0.8 x 1 + 0.5 x 0) / 2 = 0.5
    assert before["progress"] == 0.5

    code, _, err = okrctl(
        root, "drop", "cx-leader/low", "--reason", "metric retired", "--date", "2026-11-03", *AS_OF
    )

    assert code == 0, err
    assert "drop(2026-q4): cx-leader/low (metric retired)" in err
    after = objective(status(root), "cx-leader")
    # only `high` counts now: 0.8 x 1 / 1 = 0.8
    assert after["progress"] == 0.8
    low = next(k for k in after["key_results"] if k["id"] == "low")
    assert (low["status"], low["progress"], low["stale"]) == ("dropped", 0.2, False)
    assert after["status"] != "dropped"  # the objective itself goes on


def test_a_dropped_objective_leaves_the_theme_and_the_summary_counts(tmp_path: Path) -> None:
    root = repo(tmp_path)
    data = status(root)
    # theme: (0.5 + 0.4) / 2 = 0.45
    assert data["themes"][0]["progress"] == 0.45
    assert data["summary"]["objectives"] == 2

    code, _, err = okrctl(root, "drop", "portal", "--reason", "customer cancelled", *AS_OF)

    assert code == 0, err
    data = status(root)
    assert data["themes"][0]["progress"] == 0.5  # cx-leader alone
    assert objective(data, "portal")["status"] == "dropped"  # still listed
    assert all(k["status"] == "dropped" for k in objective(data, "portal")["key_results"])
    summary = data["summary"]
    assert (summary["objectives"], summary["dropped"]) == (1, 1)
    code, out, _ = okrctl(root, "status", "--no-history", *AS_OF)
    assert "1 objective: " in out and "1 ⊘ dropped" in out


def test_drop_writes_status_and_the_adjustment_only(tmp_path: Path) -> None:
    root = repo(tmp_path)

    code, _, err = okrctl(
        root, "drop", "cx-leader/high", "--reason", "vendor gone", "--date", "2026-11-03", *AS_OF
    )

    assert code == 0, err
    assert git(root, "diff", "--numstat") == f"3\t0\t{CX_FILE}\n"
    lines = (root / CX_FILE).read_text().splitlines()
    assert lines[18:21] == [
        "    status: dropped",
        "    adjustments:",
        "      - {date: 2026-11-03, field: status, from: active, to: dropped, "
        'reason: "vendor gone"}',
    ]


def test_drop_an_objective_writes_status_and_adjustment_before_its_key_results(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path)

    code, _, err = okrctl(root, "drop", "2026-q4/portal", "--reason", "merged", *AS_OF)

    assert code == 0, err
    assert git(root, "diff", "--numstat") == f"3\t0\t{PORTAL_FILE}\n"
    lines = (root / PORTAL_FILE).read_text().splitlines()
    # with the objective's own fields, before its key results
    assert lines[3:6] == [
        "status: dropped",
        "adjustments:",
        '  - {date: 2026-11-04, field: status, from: active, to: dropped, reason: "merged"}',
    ]


def test_drop_keeps_every_other_byte_of_a_crlf_file_with_bom(tmp_path: Path) -> None:
    original = (CORPUS / "block_indented.yaml").read_bytes()
    data = b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")
    root = make_repo(tmp_path, CX_FILE, data)

    code, _, err = okrctl(
        root,
        "drop",
        "cx-leader/nps",
        "--reason",
        "x",
        "--date",
        "2026-10-19",
        "--as-of",
        "2026-10-20",
    )

    assert code == 0, err
    new = (root / CX_FILE).read_bytes()
    assert new.startswith(b"\xef\xbb\xbf")
    old_lines = original.decode().split("\n")
    new_lines = new.decode().removeprefix("\ufeff").split("\r\n")
    added = [line for line in new_lines if line not in old_lines]
    assert added == [
        "    status: dropped",
        "    adjustments:",
        '      - {date: 2026-10-19, field: status, from: active, to: dropped, reason: "x"}',
    ]
    assert [line for line in new_lines if line not in added] == old_lines
    loaded = load_document(CX_FILE, new, Objective)
    assert loaded.model is not None and not loaded.diagnostics


def test_checkin_on_a_dropped_key_result_says_when_and_why(tmp_path: Path) -> None:
    root = repo(tmp_path)
    okrctl(
        root, "drop", "cx-leader/low", "--reason", "metric retired", "--date", "2026-11-03", *AS_OF
    )
    before = (root / CX_FILE).read_bytes()

    code, _, err = okrctl(root, "checkin", "cx-leader/low", "--value", "3", *AS_OF)

    assert code == 2
    assert "cx-leader/low was dropped on 2026-11-03: metric retired" in err
    assert (root / CX_FILE).read_bytes() == before


def test_drop_refusals_write_nothing(tmp_path: Path) -> None:
    root = repo(tmp_path)
    okrctl(root, "drop", "cx-leader/low", "--reason", "gone", *AS_OF)
    before = (root / CX_FILE).read_bytes()
    cases = [
        (["cx-leader/high"], "--reason"),
        (["cx-leader/high", "--reason", "  "], "--reason"),
        (["cx-leader/low", "--reason", "again"], "was dropped on 2026-11-04: gone already"),
        (["cx-leader/nope", "--reason", "x"], "nope"),
        (["cx-leader/high", "--reason", "x", "--date", "2026-11-09"], "in the future"),
        (["cx-leader/high", "--reason", "line\nbreak"], "control character"),
    ]
    for args, message in cases:
        code, _, err = okrctl(root, "drop", *args, *AS_OF)
        assert code == 2, (args, err)
        assert message in err, (args, err)
        assert "Traceback" not in err
        assert (root / CX_FILE).read_bytes() == before


def test_diff_check_accepts_a_drop_with_its_reason_and_refuses_a_deletion(tmp_path: Path) -> None:
    root = repo(tmp_path)

    code, _, err = okrctl(root, "drop", "portal", "--reason", "pilot cancelled", "--commit", *AS_OF)

    assert code == 0, err
    assert git(root, "log", "-1", "--format=%s") == "drop(2026-q4): portal (pilot cancelled)\n"
    code, out, err = okrctl(root, "diff", "HEAD~1", "HEAD", "--check", *AS_OF)
    assert code == 0, out + err
    assert 'dropped: "pilot cancelled"' in out

    git(root, "rm", "-q", CX_FILE)
    git(root, "commit", "-q", "-m", "delete")
    code, out, err = okrctl(root, "diff", "HEAD~1", "HEAD", "--check", *AS_OF)
    assert code == 1
    assert "OKR704" in out + err
    assert "okrctl drop 2026-q4/cx-leader --reason" in out + err


def test_status_dropped_without_its_adjustment_is_an_error(tmp_path: Path) -> None:
    root = repo(tmp_path)
    text = PORTAL.replace("owner: ana\n", "owner: ana\nstatus: dropped\n")
    (root / PORTAL_FILE).write_text(text, encoding="utf-8")

    code, out, err = okrctl(root, "validate", *AS_OF)

    assert code == 1
    assert f"{PORTAL_FILE}:4:9" in out + err and "OKR214" in out + err
    git(root, "commit", "-qam", "drop without reason")
    code, out, err = okrctl(root, "diff", "HEAD~1", "HEAD", "--check", *AS_OF)
    assert code == 1 and "OKR214" in out + err


def test_the_qbr_lists_dropped_items_as_dropped_outside_the_average(tmp_path: Path) -> None:
    root = repo(tmp_path)
    okrctl(root, "drop", "cx-leader/low", "--reason", "metric retired", *AS_OF)
    okrctl(root, "drop", "portal", "--reason", "cancelled", *AS_OF)

    code, out, err = okrctl(root, "review", "quarterly", "--format", "json", "--no-history", *AS_OF)

    assert code == 0, err
    data = json.loads(out)
    text = json.dumps(data)
    assert '"dropped"' in text
    # average over the key results still counted: high 0.8 and mid 0.5 -> 0.65
    assert data["average"] == 0.65
    assert sum(b["count"] for b in data["distribution"]) == 2


def test_dropped_goals_are_never_due_in_the_walk_through(tmp_path: Path) -> None:
    root = repo(tmp_path)
    later = ["--as-of", "2026-11-20"]
    skip_all = "-\n" * 6

    result = CliRunner().invoke(app, ["-C", str(root), "checkin", "--owner", "ana", *later],
                                input=skip_all)  # fmt: skip
    assert "6 due for ana" in result.stderr
    okrctl(root, "drop", "portal", "--reason", "cancelled", *later)
    okrctl(root, "drop", "cx-leader/low", "--reason", "retired", *later)

    result = CliRunner().invoke(app, ["-C", str(root), "checkin", "--owner", "ana", *later],
                                input=skip_all)  # fmt: skip
    assert "2 due for ana" in result.stderr
    assert "cx-leader/low" not in result.stderr and "portal/" not in result.stderr
