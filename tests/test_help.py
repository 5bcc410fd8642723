"""What a user sees of options: okrctl's own wording for a bad --as-of, schema's folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app

OKRCTL = Path(__file__).parent.parent / ".venv" / "bin" / "okrctl"


def test_a_bad_as_of_is_said_in_okrctls_words(write_repo: WriteRepo) -> None:
    root = write_repo()
    for command in ("status", "checkin", "export"):
        result = CliRunner().invoke(app, ["-C", str(root), command, "--as-of", "2026-13-01"])
        assert result.exit_code == 2
        assert result.stderr == "okrctl: --as-of: expected a date YYYY-MM-DD, got '2026-13-01'\n"
    result = CliRunner().invoke(app, ["-C", str(root), "status", "--as-of", "2026-10-20"])
    assert result.exit_code == 0, result.stderr
    assert "as of 2026-10-20" in result.stdout


def test_shared_options_show_plain_metavars() -> None:
    result = CliRunner().invoke(app, ["status", "--help"], env={"COLUMNS": "100"})
    assert "--as-of DATE" in result.stdout
    assert "--cycle ID" in result.stdout
    assert "-C, --repo DIR" in result.stdout
    assert "<%Y-%m-%d>" not in result.stdout
    assert "does not match the formats" not in result.stdout


def test_schema_from_a_sub_folder_writes_to_the_repo_root(write_repo: WriteRepo) -> None:
    root = write_repo()
    where = root / "cycles" / "2026-q4" / "objectives"
    done = subprocess.run(
        [str(OKRCTL), "schema"], cwd=where, capture_output=True, text=True, env=os.environ
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (root / "schemas").iterdir()) == [
        "cycle.schema.json",
        "kpi.schema.json",
        "objective.schema.json",
        "okrctl.schema.json",
    ]
    assert not (where / "schemas").exists()
    other = root / "elsewhere"
    done = subprocess.run(
        [str(OKRCTL), "schema", "-o", str(other)], cwd=where, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert len(list(other.iterdir())) == 4  # -o still wins


def _commands(args: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command, as `okrctl --help` (and each group's) lists them."""
    import re

    out = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100"}).stdout
    if "Commands:" not in out:
        return [args]
    names = re.findall(r"^  ([a-z][a-z-]*)\s", out.split("Commands:", 1)[1], flags=re.M)
    found = [args] if args else []
    for name in names:
        found += _commands((*args, name))
    return found


COMMANDS = _commands()


def test_every_command_is_walked() -> None:
    assert {"validate", "status", "checkin", "remind", "export", "report"} <= {
        c[0] for c in COMMANDS
    }
    assert ("cycle", "new") in COMMANDS and ("cycle", "close") in COMMANDS


def test_no_help_shows_an_internal_metavar_or_pydantic_wording() -> None:
    import re

    for command in COMMANDS:
        for columns in ("80", "200"):
            result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": columns})
            assert result.exit_code == 0, (command, result.output)
            out = result.stdout
            # `<str>`, `<list[str]>`, `<csv|json>`, `<%Y-%m-%d>`, `<dir>`: none at all.
            assert "<" not in out, (command, [ln for ln in out.splitlines() if "<" in ln])
            assert not re.search(r"\[[a-z]+\|[a-z|]+\]", out), command  # no [a|b] either
            assert "Value error" not in out and "does not match the formats" not in out


def test_arguments_show_their_metavar_alone() -> None:
    out = CliRunner().invoke(app, ["show", "--help"], env={"COLUMNS": "100"}).stdout
    assert "\n  REF  objective, objective/kr" in out
    out = CliRunner().invoke(app, ["diff", "--help"], env={"COLUMNS": "100"}).stdout
    assert "[BASE]" in out and "[HEAD]" in out
    out = CliRunner().invoke(app, ["status", "--help"], env={"COLUMNS": "100"}).stdout
    assert "--level LEVEL" in out and "--status STATUS" in out and "-f, --format FORMAT" in out


def test_checkin_help_uses_a_ref_of_the_example_repo(tmp_path: Path) -> None:
    import re
    import shutil

    out = CliRunner().invoke(app, ["checkin", "--help"], env={"COLUMNS": "200"}).stdout
    (example,) = re.findall(r"Example: (okrctl checkin .*?)\n\n", out, flags=re.S)
    example = " ".join(example.split())  # the paragraph may wrap
    ref = example.split()[2]
    assert ref == "customer-satisfaction-leader/nps"
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "strategy-repo", repo)
    args = example.split()[1:]
    args.remove("--commit")  # not a git repo here: the command itself must work
    done = CliRunner().invoke(
        app, ["-C", str(repo), *args, "--date", "2026-11-30"], env={"OKRCTL_TODAY": "2026-11-30"}
    )
    assert done.exit_code == 0, done.output
    text = (repo / "cycles/2026-q4/objectives/customer-satisfaction-leader.yaml").read_text()
    assert "{date: 2026-11-30, value: 66, confidence: 0.7}" in text


def test_every_date_option_says_what_it_expects(write_repo: WriteRepo) -> None:
    root = str(write_repo())
    cases = [
        (["checkin", "x/y", "--value", "1", "--date", "2026-02-30"], "--date"),
        (["adjust", "x/y", "--target", "1", "--reason", "r", "--date", "soon"], "--date"),
        (["cycle", "new", "2027-q1", "--start", "2027-1-1", "--end", "2027-03-31"], "--start"),
        (["cycle", "new", "2027-q1", "--start", "2027-01-01", "--end", "31.3.2027"], "--end"),
    ]
    for args, flag in cases:
        result = CliRunner().invoke(app, ["-C", root, *args])
        assert result.exit_code == 2, (args, result.output)
        bad = args[args.index(flag) + 1]
        assert result.stderr == f"okrctl: {flag}: expected a date YYYY-MM-DD, got '{bad}'\n"
    result = CliRunner().invoke(app, ["init", "--as-of", "someday", "--no-git"])
    assert result.exit_code == 2
    assert result.stderr == "okrctl: --as-of: expected a date YYYY-MM-DD, got 'someday'\n"
