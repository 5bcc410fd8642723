"""Hostile files through the real `okrctl validate`: each class is a finding at its place.

Run as a user runs it (a subprocess of the installed `okrctl`), so the recursion limit is the
CLI's own (hypothesis raises it in-process, which once hid a crash at 500 levels of nesting).
Every case also has a second, merely wrong, file: it must still be checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import GOOD_OBJECTIVE, WriteRepo

OKRCTL = str(Path(sys.executable).parent / "okrctl")
OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
OTHER = "cycles/2026-q4/objectives/other.yaml"
# The other file's finding, which every run must still report.
OTHER_TEXT = GOOD_OBJECTIVE.replace("theme: cx", "theme: cxx")
OTHER_FINDING = f"{OTHER}:2:8: error OKR202 unknown theme 'cxx'"
AS_OF = ("--as-of", "2026-11-28")
END = len(GOOD_OBJECTIVE.splitlines())  # the line after which additions start


def run(root: Path, *args: str, timeout: float = 120) -> tuple[int, str, str]:
    env = {**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run(
        [OKRCTL, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,  # an expanding alias bomb would run for minutes: fail instead
    )
    return done.returncode, done.stdout, done.stderr


def validate(write_repo: WriteRepo, text: str | bytes) -> tuple[int, str, str]:
    root = write_repo({OBJ: text, OTHER: OTHER_TEXT})
    code, out, err = run(root, "validate", *AS_OF)
    assert "Traceback" not in err
    assert code == 1, (out, err)
    assert OTHER_FINDING in out  # one hostile file never stops the others
    return code, out, err


def findings(out: str, path: str = OBJ) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(path + ":")]


def _strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"non-finite number {name} in JSON output")

    return json.loads(text, parse_constant=refuse)


# --- 1. alias bombs ---------------------------------------------------------------------


def _bomb_list(levels: int = 10) -> str:
    lines = ["title: laughs", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def _bomb_map(levels: int = 10) -> str:
    lines = ["title: laughs", "m0: &m0 {a: lol, b: lol, c: lol, d: lol, e: lol}"]
    for i in range(1, levels):
        pairs = ", ".join(f"k{j}: *m{i - 1}" for j in range(10))
        lines.append(f"m{i}: &m{i} {{{pairs}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("text", "first"), [(_bomb_list(), "&l0"), (_bomb_map(), "&m0")])
def test_a_billion_laughs_is_refused_before_anything_expands(
    write_repo: WriteRepo, text: str, first: str
) -> None:
    _, out, _ = validate(write_repo, text)
    mine = findings(out)
    # 10**10 values if expanded: the run finishing at all shows nothing was.
    assert (
        mine[0] == f"{OBJ}:2:5: error OKR003 anchor '{first}' is not allowed: write the value out"
    )
    assert all(" OKR003 " in line for line in mine)  # no schema finding: never converted
    assert len(mine) == 20  # at most 20 of the 100 aliases are named


# --- 2. many findings ---------------------------------------------------------------------


def test_thousands_of_unknown_keys_are_each_a_finding_at_their_line(
    write_repo: WriteRepo,
) -> None:
    keys = 5000
    text = GOOD_OBJECTIVE + "".join(f"x{i}: 1\n" for i in range(keys))
    _, out, _ = validate(write_repo, text)
    mine = findings(out)
    assert len(mine) == keys
    assert mine[0].startswith(f"{OBJ}:{END + 1}:1: error OKR101 unknown key 'x0'")
    assert mine[-1].startswith(f"{OBJ}:{END + keys}:1: error OKR101 unknown key 'x4999'")


# --- 3. deep nesting --------------------------------------------------------------------


@pytest.mark.parametrize("depth", [64, 490, 999, 5000])
def test_flow_nesting_of_any_depth_is_a_finding_at_its_place(
    write_repo: WriteRepo, depth: int
) -> None:
    text = GOOD_OBJECTIVE + "deep: " + "[" * depth + "]" * depth + "\n"
    _, out, _ = validate(write_repo, text)
    mine = findings(out)
    # The 64th '[' is the 65th level under the top mapping; libyaml itself stops a file at
    # its 1000th '[', which is then the place.
    col = 6 + 64 if depth < 1000 else 6 + 1000
    assert f"{OBJ}:{END + 1}:{col}: error OKR001 nesting deeper than 64 levels" in mine


def test_nesting_to_63_levels_is_fine(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE + "deep: " + "[" * 63 + "]" * 63 + "\n"
    _, out, _ = validate(write_repo, text)
    mine = findings(out)
    assert [line.split(" ")[2] for line in mine] == ["OKR101"]  # only: 'deep' is no key


@pytest.mark.parametrize("depth", [200, 990])
def test_block_nesting_is_a_finding_at_its_place(write_repo: WriteRepo, depth: int) -> None:
    # Mappings, one more space of indent a level: the mapping of level d starts on the line
    # `d` below `deep:`, at column d + 1.
    nested = "".join(" " * (i + 1) + "k:\n" for i in range(depth)) + " " * (depth + 1) + "x\n"
    _, out, _ = validate(write_repo, GOOD_OBJECTIVE + "deep:\n" + nested)
    assert f"{OBJ}:{END + 1 + 64}:65: error OKR001 nesting deeper than 64 levels" in findings(out)


def test_compact_sequences_nest_on_one_line(write_repo: WriteRepo) -> None:
    _, out, _ = validate(write_repo, GOOD_OBJECTIVE + "deep:\n  " + "- " * 900 + "x\n")
    # the 64th '- ' (level 65) at column 3 + 2 * 63
    assert f"{OBJ}:{END + 2}:129: error OKR001 nesting deeper than 64 levels" in findings(out)


# --- 4. numbers that would make results non-finite ----------------------------------------

TARGET_AT = f"{OBJ}:9:13: error OKR103 key_results[0].target: numbers are at most 1e15"


@pytest.mark.parametrize(
    "number", ["1.0e-320", "5e-10", "-1e-12", "1.7e308", "-1.7e308", "1e16", "10000000000000001"]
)
def test_a_number_out_of_bounds_is_refused_at_its_place(write_repo: WriteRepo, number: str) -> None:
    _, out, _ = validate(write_repo, GOOD_OBJECTIVE.replace("target: 75", f"target: {number}"))
    assert any(line.startswith(TARGET_AT) for line in findings(out)), out


@pytest.mark.parametrize("number", ["1e15", "1000000000000000", "1e-9", "-1e-9", "0", "0.0"])
def test_the_bounds_themselves_are_numbers(write_repo: WriteRepo, number: str) -> None:
    _, out, _ = validate(write_repo, GOOD_OBJECTIVE.replace("target: 75", f"target: {number}"))
    assert not any(" OKR103 " in line for line in findings(out)), out


def test_a_weight_near_float_max_is_refused(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("    target: 75\n", "    target: 75\n    weight: 1.7e308\n")
    _, out, _ = validate(write_repo, text)
    assert f"{OBJ}:10:13: error OKR103 key_results[0].weight: numbers are at most 1e15" in out


def test_outputs_never_crash_and_json_is_strict(write_repo: WriteRepo) -> None:
    # Within the bounds, the most extreme values: every computed number must stay finite.
    extreme = GOOD_OBJECTIVE.replace("baseline: 58", "baseline: -1e15").replace(
        "target: 75", "target: 1e-9"
    )
    extreme = extreme.replace("value: 60", "value: 1e15").replace(
        "    target: 4\n", "    target: 4\n    weight: 1e15\n"
    )
    refused = GOOD_OBJECTIVE.replace("target: 75", "target: 1.0e-320")
    for text in (extreme, refused):
        root = write_repo({OBJ: text})
        for args in (
            ("status", "--format", "json"),
            ("show", "cx-leader", "--format", "json"),
            ("show", "cx-leader/nps", "--format", "json"),
            ("show", "cx-leader"),
            ("status",),
        ):
            code, out, err = run(root, *args, *AS_OF)
            assert code in (0, 1, 2), (args, err)
            assert "Traceback" not in err
            if "json" in args and code == 0:
                _strict(out)
        if text is extreme:
            assert run(root, "status", "--format", "json", *AS_OF)[0] == 0


def test_checkin_refuses_out_of_bounds_numbers_and_writes_nothing(
    write_repo: WriteRepo,
) -> None:
    text = GOOD_OBJECTIVE.replace(
        "    target: 4\n",
        "    target: 4\n    initiatives:\n      - {id: bot, title: Support bot}\n",
    )
    root = write_repo({OBJ: text})
    before = (root / OBJ).read_bytes()
    for args in (
        ("cx-leader/nps", "--value", "1e-320"),
        ("cx-leader/nps", "--value", "2e15"),
        ("cx-leader/nps", "--value", "61", "--confidence", "1e-12"),
        ("cx-leader/response", "--initiative", "bot", "--progress", "1e-300"),
    ):
        dated = () if "--initiative" in args else ("--date", "2026-11-20")
        code, _, err = run(root, "checkin", *args, *dated)
        assert code == 2, (args, err)
        assert "out of range" in err and "1e15" in err, err
        assert "Traceback" not in err
    assert (root / OBJ).read_bytes() == before


# --- 14. file size, the number grammar, invisible characters ------------------------------


def test_a_large_file_says_it_is_over_the_limit_not_a_made_up_size(
    write_repo: WriteRepo,
) -> None:
    _, out, _ = validate(write_repo, GOOD_OBJECTIVE + "#" * (3 * 1024 * 1024) + "\n")
    assert findings(out) == [f"{OBJ}: error OKR008 file is larger than the limit of 1 MiB"]
    assert "1,048,577" not in out


@pytest.mark.parametrize(
    ("written", "finding"),
    [
        ("017", "OKR011 '017' has a leading zero, which YAML readers read differently"),
        ("0b101", "OKR103 key_results[0].target: expected a number, got '0b101'"),
        ("1_000", "OKR103 key_results[0].target: expected a number, got '1_000'"),
        ("1:30", "OKR103 key_results[0].target: expected a number, got '1:30'"),
        (".nan", "OKR103 key_results[0].target: must be a finite number"),
        ("-.inf", "OKR103 key_results[0].target: must be a finite number"),
    ],
)
def test_numbers_follow_yaml_1_2(write_repo: WriteRepo, written: str, finding: str) -> None:
    _, out, _ = validate(write_repo, GOOD_OBJECTIVE.replace("target: 75", f"target: {written}"))
    assert any(line.startswith(f"{OBJ}:9:13: error {finding}") for line in findings(out)), out


@pytest.mark.parametrize("written", ["1e3", "0o1750", "0x3E8", "1000.", "+1000"])
def test_yaml_1_2_numbers_are_read(write_repo: WriteRepo, written: str) -> None:
    root = write_repo({OBJ: GOOD_OBJECTIVE.replace("target: 75", f"target: {written}")})
    code, out, err = run(root, "show", "cx-leader/nps", "--format", "json", *AS_OF)
    assert code == 0, err
    assert "1000" in json.dumps(_strict(out))  # read as the number 1000


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u200b", "U+200B"),
        ("\u200e", "U+200E"),
        ("\u200f", "U+200F"),
        ("\u2028", "U+2028"),
        ("\u2029", "U+2029"),
        ("\u2060", "U+2060"),
        ("\u2064", "U+2064"),
        ("\u061c", "U+061C"),
        ("\u180e", "U+180E"),
        ("\ufeff", "U+FEFF"),
    ],
)
def test_invisible_characters_are_refused_raw_and_escaped(
    write_repo: WriteRepo, char: str, name: str
) -> None:
    raw = GOOD_OBJECTIVE.replace("owner: ana", f"owner: ana\nwhy: pay{char}pal")
    _, out, _ = validate(write_repo, raw)
    assert findings(out) == [f"{OBJ}:4:9: error OKR005 invisible character {name} is not allowed"]
    escaped = GOOD_OBJECTIVE.replace("owner: ana", f'owner: ana\nwhy: "pay\\u{ord(char):04x}pal"')
    _, out, _ = validate(write_repo, escaped)
    assert findings(out) == [
        f"{OBJ}:4:6: error OKR005 invisible character {name} (written as an escape) is not allowed"
    ]


def test_joiners_and_a_leading_bom_are_allowed(write_repo: WriteRepo) -> None:
    # ZWNJ in Persian (می‌خواهم), ZWJ in an emoji sequence; a BOM before the first line.
    text = "\ufeff" + GOOD_OBJECTIVE.replace(
        "owner: ana",
        'owner: ana\nwhy: "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 '
        '\U0001f469\u200d\U0001f4bb"',
    )
    root = write_repo({OBJ: text.encode("utf-8")})
    code, out, err = run(root, "validate", *AS_OF)
    assert (code, out) == (0, ""), err


def test_checkin_note_refuses_the_same_invisible_characters(write_repo: WriteRepo) -> None:
    root = write_repo()
    before = (root / OBJ).read_bytes()
    for char in ("\u200b", "\u2028", "\u061c", "\u2062"):
        code, _, err = run(
            root, "checkin", "cx-leader/nps", "--value", "61", "--note", f"a{char}b",
            "--date", "2026-11-20",
        )  # fmt: skip
        assert code == 2, err
        assert f"U+{ord(char):04X}" in err
    assert (root / OBJ).read_bytes() == before
    code, _, err = run(
        root, "checkin", "cx-leader/nps", "--value", "61", "--note", "\U0001f469\u200d\U0001f4bb",
        "--date", "2026-11-20",
    )  # fmt: skip
    assert code == 0, err
