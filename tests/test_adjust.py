"""`okrctl adjust`: a target or baseline changed mid-cycle with its reason, as one minimal
edit, through the real CLI on real files in real git repositories."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app
from okrctl.load.document import load_document
from okrctl.model import Objective
from test_checkin_corpus import CONFIG, CORPUS, CYCLE, VARIANTS, git, make_repo, variant

REL = "cycles/2026-q4/objectives/cx-leader.yaml"
WHEN = ["--date", "2026-10-19", "--as-of", "2026-10-20"]
ADJ = '{date: 2026-10-19, field: target, from: 75, to: 70, reason: "survey vendor changed scale"}'
# Corpus files whose key result `nps` is a block mapping with `target: 75` on its own line.
BLOCK_FILES = sorted(
    p.name
    for p in CORPUS.glob("*.yaml")
    if not p.name.startswith("kpi_")
    and "target: 75\n" in p.read_text()
    and "{id: nps" not in p.read_text()
)


def okrctl(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", str(root), *args], env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def adjust(root: Path, *args: str) -> tuple[int, str, str]:
    return okrctl(root, "adjust", "cx-leader/nps", *args)


def corpus_repo(tmp_path: Path, name: str, how: str = "lf") -> tuple[Path, bytes]:
    data = variant((CORPUS / name).read_bytes(), how)
    return make_repo(tmp_path, REL, data), data


def test_adjust_changes_the_target_line_and_appends_one_entry(tmp_path: Path) -> None:
    root, original = corpus_repo(tmp_path, "block_indented.yaml")

    code, _, err = adjust(root, "--target", "70", "--reason", "survey vendor changed scale", *WHEN)

    assert code == 0, err
    assert git(root, "diff", "--numstat") == f"3\t1\t{REL}\n"
    old = original.decode().split("\n")
    new = (root / REL).read_text().split("\n")
    # target on line 15; the check-ins of nps end on line 20, before its trailing comment
    assert new[14] == "    target: 70"
    assert new[20:22] == ["    adjustments:", f"      - {ADJ}"]
    assert new[:14] + new[15:20] + new[22:] == old[:14] + old[15:]
    loaded = load_document(REL, (root / REL).read_bytes(), Objective)
    assert loaded.model is not None and not loaded.diagnostics
    nps = loaded.model.key_results[0]
    assert nps.target == 70
    assert [(a.field, a.from_, a.to, a.reason) for a in nps.adjustments] == [
        ("target", 75, 70, "survey vendor changed scale")
    ]


def test_adjust_in_a_flow_key_result_stays_on_its_line(tmp_path: Path) -> None:
    root, original = corpus_repo(tmp_path, "flow_kr.yaml")

    code, _, err = adjust(root, "--target", "70", "--reason", "survey vendor changed scale", *WHEN)

    assert code == 0, err
    assert git(root, "diff", "--numstat") == f"1\t1\t{REL}\n"
    lines = (root / REL).read_text().split("\n")
    assert lines[4] == (
        f"  - {{id: nps, title: NPS, unit: points, baseline: 58, target: 70, adjustments: [{ADJ}]}}"
    )


@pytest.mark.parametrize("how", VARIANTS)
@pytest.mark.parametrize("name", BLOCK_FILES)
def test_adjust_keeps_every_other_byte(tmp_path: Path, name: str, how: str) -> None:
    root, original = corpus_repo(tmp_path, name, how)

    code, _, err = adjust(root, "--target", "70", "--reason", "survey vendor changed scale", *WHEN)

    assert code == 0, err
    bom = "\ufeff" if how == "bom" else ""
    nl = "\r\n" if how == "crlf" else "\n"
    new = (root / REL).read_bytes().decode()
    assert new.startswith(bom)
    old_lines = original.decode().removeprefix(bom).split(nl)
    new_lines = new.removeprefix(bom).split(nl)
    if how == "crlf":
        assert "\n" not in new.replace("\r\n", "")
    # Take away the two new lines (the item's dash as the file writes its lists): what is
    # left is the old file with one value changed.
    added = [x for x in new_lines if x.strip().lstrip("-").strip() in (ADJ, "adjustments:")]
    assert len(added) == 2
    rest = [x for x in new_lines if x not in added]
    changed = [i for i, (a, b) in enumerate(zip(old_lines, rest, strict=True)) if a != b]
    assert len(changed) == 1
    assert old_lines[changed[0]].replace("target: 75", "target: 70") == rest[changed[0]]
    loaded = load_document(REL, new.encode(), Objective)
    assert loaded.model is not None and not loaded.diagnostics


def test_adjust_target_and_baseline_records_one_entry_each(tmp_path: Path) -> None:
    root, _ = corpus_repo(tmp_path, "missing_checkins.yaml")

    code, _, err = adjust(
        root, "--target", "70", "--baseline", "57.5", "--reason", "rebased", *WHEN
    )

    assert code == 0, err
    loaded = load_document(REL, (root / REL).read_bytes(), Objective)
    assert loaded.model is not None
    nps = next(k for k in loaded.model.key_results if k.id == "nps")
    assert (nps.target, nps.baseline) == (70, 57.5)
    assert [(a.field, a.from_, a.to) for a in nps.adjustments] == [
        ("target", 75, 70),
        ("baseline", 58, 57.5),
    ]
    assert "adjust(2026-q4): cx-leader/nps target 75 → 70, baseline 58 → 57.5 (rebased)" in err


def test_adjust_commit_passes_diff_check_and_names_the_reason(tmp_path: Path) -> None:
    root, _ = corpus_repo(tmp_path, "block_indented.yaml")

    code, _, err = adjust(
        root, "--target", "70", "--reason", "survey vendor changed scale", "--commit", *WHEN
    )

    assert code == 0, err
    subject = git(root, "log", "-1", "--format=%s").strip()
    assert subject == "adjust(2026-q4): cx-leader/nps target 75 → 70 (survey vendor changed scale)"
    assert git(root, "status", "--porcelain") == ""
    code, out, err = okrctl(root, "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-20")
    assert code == 0, out + err
    assert 'target 75 → 70 (adjustment: "survey vendor changed scale")' in out


def test_a_hand_made_target_change_without_adjustment_still_fails(tmp_path: Path) -> None:
    root, original = corpus_repo(tmp_path, "block_indented.yaml")
    (root / REL).write_bytes(original.replace(b"target: 75", b"target: 70"))
    git(root, "commit", "-qam", "quietly lower the bar")

    code, out, err = okrctl(root, "diff", "HEAD~1", "HEAD", "--check", "--as-of", "2026-10-20")

    assert code == 1
    assert "OKR701" in out + err


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    root, original = corpus_repo(tmp_path, "block_indented.yaml")

    code, out, err = adjust(root, "--target", "70", "--reason", "x", "--dry-run", *WHEN)

    assert code == 0, err
    assert "-    target: 75\n+    target: 70\n" in out
    assert "+    adjustments:\n" in out
    assert "dry run: nothing written" in err
    assert (root / REL).read_bytes() == original


def test_hostile_reason_text_stays_one_escaped_value(tmp_path: Path) -> None:
    root, _ = corpus_repo(tmp_path, "block_indented.yaml")
    reason = '::error file=x::pwned **bold** [link](http://evil) `code` <b>"q"</b> # not a comment'

    code, _, err = adjust(root, "--target", "70", "--reason", reason, *WHEN)

    assert code == 0, err
    lines = (root / REL).read_text().split("\n")
    assert sum("reason:" in line for line in lines) == 1
    loaded = load_document(REL, (root / REL).read_bytes(), Objective)
    assert loaded.model is not None and not loaded.diagnostics
    assert loaded.model.key_results[0].adjustments[0].reason == reason
    assert not any(line.startswith("::") for line in err.splitlines())


def test_every_refusal_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    root, original = corpus_repo(tmp_path, "block_indented.yaml")
    cases = [
        (["--target", "70"], "--reason"),
        (["--target", "70", "--reason", " "], "--reason"),
        (["--reason", "x"], "--target"),
        (["--target", "75", "--reason", "x"], "already 75"),
        (["--target", "seventy", "--reason", "x"], "must be a number"),
        (["--target", "70", "--reason", "a\nb"], "control character"),
        (["--target", "58", "--reason", "x"], "OKR207"),  # target = baseline: a new error
    ]
    for args, message in cases:
        code, _, err = adjust(root, *args, *WHEN)
        assert code == 2, (args, err)
        assert message in err, (args, err)
        assert (root / REL).read_bytes() == original
    code, _, err = okrctl(root, "adjust", "cx-leader/nps", "--target", "70", "--reason", "x",
                          "--date", "2026-10-21", "--as-of", "2026-10-20")  # fmt: skip
    assert code == 2 and "in the future" in err
    assert (root / REL).read_bytes() == original


def test_adjust_refuses_a_dropped_key_result(tmp_path: Path) -> None:
    root, _ = corpus_repo(tmp_path, "block_indented.yaml")
    code, _, err = okrctl(root, "drop", "cx-leader/nps", "--reason", "gone", *WHEN)
    assert code == 0, err
    before = (root / REL).read_bytes()

    code, _, err = adjust(root, "--target", "70", "--reason", "x", *WHEN)

    assert code == 2
    assert "cx-leader/nps was dropped on 2026-10-19: gone" in err
    assert (root / REL).read_bytes() == before


def test_adjust_refuses_a_closed_cycle(tmp_path: Path) -> None:
    data = (CORPUS / "block_indented.yaml").read_bytes()
    root = make_repo(tmp_path, REL, data)
    (root / "cycles/2026-q4/cycle.yaml").write_text(CYCLE + "status: closed\n")

    code, _, err = okrctl(
        root, "adjust", "2026-q4/cx-leader/nps", "--target", "70", "--reason", "x", *WHEN
    )

    assert code == 2
    assert "cycle 2026-q4 is closed" in err
    assert (root / REL).read_bytes() == data
    assert CONFIG  # the corpus repo's okrctl.yaml is the check-in tests' one
