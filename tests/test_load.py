"""The loader: every file-level and YAML-level finding, with its place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import GOOD_OBJECTIVE, WriteRepo
from okrctl.load.repo import load_repo
from okrctl.model import Diagnostic

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"


def findings(root: Path) -> list[tuple[str, int, int, str]]:
    return [(d.file, d.line, d.col, d.code) for d in load_repo(root).diagnostics]


def only(root: Path) -> Diagnostic:
    diags = load_repo(root).diagnostics
    assert len(diags) == 1, diags
    return diags[0]


def test_clean_repo_loads_every_file(write_repo: WriteRepo) -> None:
    repo = load_repo(write_repo())
    assert repo.diagnostics == []
    assert repo.config is not None and repo.config.model.organization == "Acme"
    objective = repo.cycles["2026-q4"].objectives["cx-leader"].model
    assert [kr.id for kr in objective.key_results] == ["nps", "response", "churn"]
    assert objective.key_results[0].checkins is not None
    assert objective.key_results[0].checkins[0].value == 60
    assert isinstance(objective.key_results[0].target, int)  # 75 stays 75, not 75.0


def test_duplicate_key_is_reported_where_it_repeats(write_repo: WriteRepo) -> None:
    root = write_repo({OBJ: GOOD_OBJECTIVE + "owner: bo\n"})
    d = only(root)
    assert (d.line, d.col, d.code) == (22, 1, "OKR002")
    assert "duplicate key 'owner'" in d.message


def test_anchor_and_alias_are_refused(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("baseline: 58", "baseline: &b 58").replace(
        "target: 75", "target: *b"
    )
    assert findings(write_repo({OBJ: text})) == [
        (OBJ, 8, 15, "OKR003"),
        (OBJ, 9, 13, "OKR003"),
    ]


def test_ampersand_in_text_is_not_an_anchor(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("title: NPS", "title: 'R&D *velocity* & NPS'")
    assert findings(write_repo({OBJ: text})) == []


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "Y", "n", "NO"])
def test_yaml11_booleans_are_refused(word: str, write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("owner: ana", f"owner: {word}")
    d = load_repo(write_repo({OBJ: text})).diagnostics
    assert (d[0].line, d[0].col, d[0].code) == (3, 8, "OKR011")
    assert f"'{word}'" in d[0].message


def test_quoted_yaml11_word_is_a_plain_string(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("title: NPS", 'title: "no"')
    assert findings(write_repo({OBJ: text})) == []


def test_tab_is_refused_with_its_place(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("title: NPS", "title:\tNPS")
    assert findings(write_repo({OBJ: text})) == [(OBJ, 6, 11, "OKR004")]


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u202e", "\x85", "\r"])
def test_control_characters_are_refused(char: str, write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("title: NPS", f"title: N{char}PS")
    assert findings(write_repo({OBJ: text})) == [(OBJ, 6, 13, "OKR005")]


def test_crlf_line_endings_and_bom_are_fine(write_repo: WriteRepo) -> None:
    data = b"\xef\xbb\xbf" + GOOD_OBJECTIVE.replace("\n", "\r\n").encode()
    assert findings(write_repo({OBJ: data})) == []


def test_invalid_utf8_names_line_and_column(write_repo: WriteRepo) -> None:
    data = GOOD_OBJECTIVE.replace("title: NPS", "title: N\udcffPS").encode(
        "utf-8", "surrogateescape"
    )
    d = only(write_repo({OBJ: data}))
    assert (d.line, d.col, d.code) == (6, 13, "OKR006")
    assert "0xff" in d.message


def test_merge_conflict_markers(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace(
        "owner: ana\n", "<<<<<<< HEAD\nowner: ana\n=======\nowner: bo\n>>>>>>> feature\n"
    )
    assert findings(write_repo({OBJ: text})) == [
        (OBJ, 3, 1, "OKR007"),
        (OBJ, 5, 1, "OKR007"),
        (OBJ, 7, 1, "OKR007"),
    ]


def test_file_over_one_mebibyte(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE + "why: " + "x" * (1024 * 1024) + "\n"
    assert findings(write_repo({OBJ: text})) == [(OBJ, 0, 0, "OKR008")]


def test_symlink_leaving_the_repo(write_repo: WriteRepo, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(GOOD_OBJECTIVE)
    root = write_repo()
    link = root / "cycles/2026-q4/objectives/leak.yaml"
    os.symlink(outside, link)
    inside = root / "cycles/2026-q4/objectives/alias.yaml"
    os.symlink(root / OBJ, inside)
    repo = load_repo(root)
    assert findings(root) == [("cycles/2026-q4/objectives/leak.yaml", 0, 0, "OKR009")]
    assert set(repo.cycles["2026-q4"].objectives) == {"alias", "cx-leader"}


@pytest.mark.parametrize(
    ("text", "where"),
    [("- a\n- b\n", (1, 1)), ("just text\n", (1, 1)), ("", (1, 1)), ("# only\n", (1, 1))],
)
def test_top_level_must_be_a_mapping(
    text: str, where: tuple[int, int], write_repo: WriteRepo
) -> None:
    d = only(write_repo({OBJ: text}))
    assert (d.line, d.col, d.code) == (*where, "OKR010")


def test_syntax_error_has_a_place(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("owner: ana", "owner: [ana")
    d = only(write_repo({OBJ: text}))
    assert d.code == "OKR001" and d.line >= 3 and "YAML syntax error" in d.message


def test_two_documents_in_one_file(write_repo: WriteRepo) -> None:
    d = only(write_repo({OBJ: GOOD_OBJECTIVE + "---\ntitle: again\n"}))
    assert (d.line, d.code) == (22, "OKR001")


def test_custom_tags_are_refused(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("title: NPS", "title: !!python/name:os.system NPS")
    d = load_repo(write_repo({OBJ: text})).diagnostics
    assert [(x.line, x.code) for x in d] == [(6, "OKR001")]
    assert "not supported" in d[0].message


def test_bad_ids_in_file_and_folder_names(write_repo: WriteRepo) -> None:
    root = write_repo(
        {
            "cycles/2026-q4/objectives/Bad_Name.yaml": GOOD_OBJECTIVE,
            "cycles/Q1 2027/cycle.yaml": "name: x\nstart: 2027-01-01\nend: 2027-03-31\n",
        }
    )
    assert sorted(findings(root)) == [
        ("cycles/2026-q4/objectives/Bad_Name.yaml", 0, 0, "OKR012"),
        ("cycles/Q1 2027", 0, 0, "OKR012"),
    ]


def test_stray_files_are_warned_about(write_repo: WriteRepo) -> None:
    root = write_repo(
        {
            "cycles/2026-q4/objectives/typo.yml": GOOD_OBJECTIVE,
            "cycles/2026-q4/notes.yaml": "a: 1\n",
            "cycles/2026-q4/objectives/README.md": "hello\n",
        }
    )
    diags = load_repo(root).diagnostics
    assert sorted((d.file, d.code, d.severity.value) for d in diags) == [
        ("cycles/2026-q4/notes.yaml", "OKR013", "warning"),
        ("cycles/2026-q4/objectives/README.md", "OKR013", "warning"),
        ("cycles/2026-q4/objectives/typo.yml", "OKR013", "warning"),
    ]
    assert any("rename to typo.yaml" in d.message for d in diags)


def test_unknown_key_suggests_the_right_one(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("    unit: points", "    unti: points")
    d = only(write_repo({OBJ: text}))
    assert (d.line, d.col, d.code) == (7, 5, "OKR101")
    assert d.message == "unknown key 'unti': did you mean 'unit'?"


def test_unknown_key_without_a_close_match_lists_the_allowed(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("owner: ana", "owner: ana\nbudget: 10")
    d = only(write_repo({OBJ: text}))
    assert d.code == "OKR101" and "allowed: title, theme, owner" in d.message


def test_missing_required_key_points_at_the_mapping(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("    title: NPS\n", "")
    d = only(write_repo({OBJ: text}))
    assert (d.line, d.col, d.code) == (5, 5, "OKR102")
    assert "missing required key 'title' in key_results[0]" in d.message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".nan", "must be a finite number: not NaN or infinity, nor beyond 1.8e308"),
        ("-.inf", "must be a finite number: not NaN or infinity, nor beyond 1.8e308"),
        ('"75"', "expected a number, got '75'"),
        ("true", "expected a number, got True"),
        ("[75]", "expected a number"),
    ],
)
def test_invalid_numbers(value: str, message: str, write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("target: 75", f"target: {value}")
    d = only(write_repo({OBJ: text}))
    assert (d.line, d.col, d.code) == (9, 13, "OKR103")
    assert d.message == f"key_results[0].target: {message}"


def test_invalid_date(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("date: 2026-10-07", "date: 2026-13-07")
    d = only(write_repo({OBJ: text}))
    assert (d.line, d.col, d.code) == (11, 16, "OKR103")
    assert "expected a date (YYYY-MM-DD)" in d.message


def test_enum_value_lists_the_choices(write_repo: WriteRepo) -> None:
    text = GOOD_OBJECTIVE.replace("    unit: points", "    unit: points\n    direction: up")
    d = only(write_repo({OBJ: text}))
    assert d.code == "OKR103" and "'increase'" in d.message and "'up'" in d.message


def test_one_bad_file_does_not_stop_the_others(write_repo: WriteRepo) -> None:
    root = write_repo(
        {
            "cycles/2026-q4/objectives/broken.yaml": "title: [unclosed\n",
            "cycles/2026-q4/objectives/zeta.yaml": GOOD_OBJECTIVE.replace("owner: ana", "onwer: x"),
        }
    )
    repo = load_repo(root)
    assert sorted(d.file for d in repo.diagnostics) == [
        "cycles/2026-q4/objectives/broken.yaml",
        "cycles/2026-q4/objectives/zeta.yaml",
    ]
    assert "cx-leader" in repo.cycles["2026-q4"].objectives


def test_missing_cycle_file_and_config(tmp_path: Path) -> None:
    (tmp_path / "cycles/2026-q4/objectives").mkdir(parents=True)
    assert findings(tmp_path) == [
        ("okrctl.yaml", 0, 0, "OKR102"),
        ("cycles/2026-q4", 0, 0, "OKR102"),
    ]
