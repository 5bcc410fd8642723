"""`okrctl init`: a new strategy repo that validates clean, and never a clobbered file."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from okrctl.api.init import quarter, scalar, slug
from okrctl.cli import cmd_init
from okrctl.cli.app import app
from okrctl.load.yamlsafe import parse
from okrctl.model.schema import schema_texts

FLAGS = [
    "--org",
    "Acme: Analytics",
    "--theme",
    "cx:Customer Experience",
    "--theme",
    "Profitable Growth",
    "--person",
    "ana:Ana Lima",
    "--person",
    "Tomás Lindqvist",
    "--as-of",
    "2026-11-28",
]
EXPECTED = {
    "okrctl.yaml",
    "cycles/2026-q4/cycle.yaml",
    "cycles/2026-q4/objectives/delight-customers.yaml",
    "cycles/2026-q4/kpis/revenue-growth.yaml",
    "cycles/2026-q4/kpis/customer-retention.yaml",
    "cycles/2026-q4/kpis/lead-time.yaml",
    "cycles/2026-q4/kpis/training-hours.yaml",
    "schemas/okrctl.schema.json",
    "schemas/cycle.schema.json",
    "schemas/objective.schema.json",
    "schemas/kpi.schema.json",
    "README.md",
    ".pre-commit-config.yaml",
    ".github/workflows/okrctl.yml",
    ".github/CODEOWNERS",
}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def files_under(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@pytest.fixture
def created(tmp_path: Path) -> Path:
    root = tmp_path / "strategy"
    code, _, err = run("init", str(root), *FLAGS)
    assert code == 0, err
    return root


def test_init_writes_every_file_and_they_validate_strictly(created: Path) -> None:
    assert files_under(created) == EXPECTED
    code, out, err = run("validate", "--strict", "--as-of", "2026-11-28", "-C", str(created))
    assert (code, out) == (0, ""), err
    assert "no problems" in err


def test_init_content_reflects_the_answers(created: Path) -> None:
    config = yaml.safe_load((created / "okrctl.yaml").read_text(encoding="utf-8"))
    assert config["organization"] == "Acme: Analytics"
    assert config["themes"] == [
        {"id": "cx", "name": "Customer Experience"},
        {"id": "profitable-growth", "name": "Profitable Growth"},
    ]
    assert config["people"] == [
        {"id": "ana", "name": "Ana Lima"},
        {"id": "tomas-lindqvist", "name": "Tomás Lindqvist"},
    ]
    cycle = yaml.safe_load((created / "cycles/2026-q4/cycle.yaml").read_text(encoding="utf-8"))
    assert (cycle["name"], cycle["start"], cycle["end"]) == (
        "2026 Q4",
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    objective = yaml.safe_load(
        (created / "cycles/2026-q4/objectives/delight-customers.yaml").read_text(encoding="utf-8")
    )
    assert (objective["theme"], objective["owner"]) == ("cx", "ana")
    assert [kr["id"] for kr in objective["key_results"]] == ["nps", "churn", "first-response"]
    perspectives = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["perspective"]
        for p in (created / "cycles/2026-q4/kpis").iterdir()
    }
    assert perspectives == {"financial", "customer", "internal-process", "learning-growth"}
    readme = (created / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Acme: Analytics: strategy")
    assert "cycles/2026-q4/objectives/delight-customers.yaml" in readme
    assert "${" not in readme


def test_schemas_and_modelines_let_editors_validate(created: Path) -> None:
    for name, text in schema_texts().items():
        assert (created / "schemas" / name).read_text(encoding="utf-8") == text
    kinds = {"okrctl.yaml": "okrctl", "cycle.yaml": "cycle"}
    for path in created.rglob("*.yaml"):
        rel = path.relative_to(created)
        if rel.parts[0] not in ("okrctl.yaml", "cycles"):
            continue
        kind = kinds.get(rel.name) or {"objectives": "objective", "kpis": "kpi"}[rel.parts[2]]
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = MODELINE.match(first)
        assert match, rel
        schema_path = (path.parent / match.group(1)).resolve()
        assert schema_path == (created / "schemas" / f"{kind}.schema.json").resolve()
        # Third-party validators read dates as strings (YAML 1.2): dump through JSON.
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        assert list(Draft202012Validator(schema).iter_errors(data)) == [], rel


def test_init_runs_git_init_on_branch_main(created: Path) -> None:
    head = subprocess.run(
        ["git", "symbolic-ref", "HEAD"], cwd=created, capture_output=True, text=True, check=True
    )
    assert head.stdout.strip() == "refs/heads/main"


def test_init_inside_an_existing_git_repo_does_not_nest_one(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    code, _, err = run("init", str(tmp_path / "goals"), *FLAGS)
    assert code == 0, err
    assert not (tmp_path / "goals" / ".git").exists()
    assert "initialised" not in err


def test_no_git_skips_git_init(tmp_path: Path) -> None:
    code, _, _ = run("init", str(tmp_path / "s"), *FLAGS, "--no-git")
    assert code == 0
    assert not (tmp_path / "s" / ".git").exists()


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "strategy"
    (root / ".github").mkdir(parents=True)
    (root / "README.md").write_text("our own readme\n", encoding="utf-8")
    (root / ".github" / "CODEOWNERS").write_text("* @us\n", encoding="utf-8")
    code, out, err = run("init", str(root), *FLAGS)
    assert code == 2
    assert "refusing to overwrite" in err
    assert "README.md" in err and ".github/CODEOWNERS" in err
    assert files_under(root) == {"README.md", ".github/CODEOWNERS"}
    assert (root / "README.md").read_text(encoding="utf-8") == "our own readme\n"
    assert not (root / ".git").exists()


def test_init_twice_is_refused(created: Path) -> None:
    before = {p: (created / p).read_bytes() for p in EXPECTED}
    code, _, err = run("init", str(created), *FLAGS)
    assert code == 2 and "okrctl.yaml" in err
    assert {p: (created / p).read_bytes() for p in EXPECTED} == before


def test_without_a_terminal_the_flags_are_required(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "s"), "--org", "Acme")
    assert code == 2
    assert "--theme, --person" in err
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--theme", "cx:A", "--theme", "cx:B"], "theme id 'cx' is given twice"),
        (["--theme", "!!!"], "cannot derive an id"),
        (["--theme", "cx:"], "the name is empty"),
        (["--org", "Acme\x1b[31m"], "control character U+001B"),
        (["--org", "Ac\u200bme"], "invisible character U+200B"),
        (["--person", "ana:Ana\u202eLima"], "control character U+202E"),
    ],
)
def test_bad_answers_are_usage_errors(tmp_path: Path, flags: list[str], message: str) -> None:
    base = {"--org": "Acme", "--theme": "cx:CX", "--person": "ana:Ana"}
    args = [a for k, v in base.items() if k not in flags for a in (k, v)] + flags
    code, _, err = run("init", str(tmp_path / "s"), *args)
    assert code == 2
    assert message in err
    assert not (tmp_path / "s").exists()


def test_names_take_what_the_loader_takes(tmp_path: Path) -> None:
    """One set of refused characters: a zero-width joiner (emoji, Indic scripts) and a soft
    hyphen are kept in names, and the repo written validates."""
    org, person = "Acme \U0001f469\u200d\U0001f4bb", "ana:Ana Li\u00adma"
    code, _, err = run("init", str(tmp_path / "s"), "--org", org, "--theme", "cx:CX",
                       "--person", person)  # fmt: skip
    assert code == 0, err
    config = yaml.safe_load((tmp_path / "s" / "okrctl.yaml").read_text(encoding="utf-8"))
    assert config["organization"] == org
    assert config["people"][0]["name"] == "Ana Li\u00adma"
    assert run("-C", str(tmp_path / "s"), "validate")[0] == 0


def test_at_a_terminal_it_asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cmd_init, "stdin_is_tty", lambda: True)
    answers = "Acme Analytics\ncx:Customer Experience\ngrowth:Growth\n\nana:Ana Lima\n\n"
    code, out, err = run("init", str(tmp_path / "s"), "--as-of", "2026-02-15", input=answers)
    assert code == 0, err
    assert "Organisation name" in out
    config = yaml.safe_load((tmp_path / "s" / "okrctl.yaml").read_text(encoding="utf-8"))
    assert config["organization"] == "Acme Analytics"
    assert [t["id"] for t in config["themes"]] == ["cx", "growth"]
    assert config["people"] == [{"id": "ana", "name": "Ana Lima"}]
    assert (tmp_path / "s" / "cycles" / "2026-q1" / "cycle.yaml").is_file()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 1), ("2026-q1", "2026 Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
        (dt.date(2024, 3, 31), ("2024-q1", "2024 Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31))),
        (dt.date(2026, 4, 1), ("2026-q2", "2026 Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))),
        (dt.date(2026, 9, 30), ("2026-q3", "2026 Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))),
        (
            dt.date(2026, 12, 31),
            ("2026-q4", "2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ),
    ],
)
def test_quarter(day: dt.date, expected: tuple[str, str, dt.date, dt.date]) -> None:
    assert quarter(day) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Customer Experience", "customer-experience"), ("Tomás  O'Neil", "tomas-o-neil")],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    "text", ["yes", "No", "null", "Acme: Inc", "#1 team", "O'Brien", "a, b", "[x]", "12", "-x"]
)
def test_scalar_quotes_what_yaml_would_misread(text: str) -> None:
    assert yaml.safe_load(f"k: {scalar(text)}") == {"k": text}


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), min_size=1
)


@given(_TEXT)
def test_scalar_round_trips_through_the_safe_loader(text: str) -> None:
    value, problems = parse(f"k: {scalar(text)}\n")
    assert problems == []
    assert value == {"k": text}
