"""`okrctl checkin REF ...`: what is written, what is refused, and git commits."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.api.checkin import CheckinInput, record
from okrctl.cli.app import app
from okrctl.model.errors import OkrctlError

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
LAST_NPS = "      - {date: 2026-10-07, value: 60, confidence: 0.7}\n"
AS_OF = ["--as-of", "2026-10-15"]
MILESTONE = """\
title: Launch the help centre
theme: cx
owner: bo
key_results:
  - id: launch
    title: Help centre is live
    unit: launch
    direction: milestone
    target: 1
"""
KPI = """\
title: Annual recurring revenue
perspective: financial
owner: ana
unit: M EUR
baseline: 18
target: 24
checkins:
  - {date: 2026-10-05, value: 20.1}
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ana Lima",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Lima",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
    "GIT_AUTHOR_DATE": "2026-10-15T09:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-10-15T09:00:00+00:00",
}


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", str(root), "checkin", *args])
    return result.exit_code, result.stdout, result.stderr


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def make_git_repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    return root


def test_checkin_appends_one_line_with_every_field(write_repo: WriteRepo) -> None:
    root = write_repo()
    before = (root / OBJ).read_text()

    code, out, err = run(
        root,
        "cx-leader/nps",
        "--value",
        "66",
        "--confidence",
        "0.7",
        "--note",
        'Survey: "NPS up" \\o/',
        "--blocker",
        "Vendor contract",
        "--blocker",
        "Budget",
        "--date",
        "2026-10-14",
        *AS_OF,
    )

    assert code == 0, err
    line = (
        "      - {date: 2026-10-14, value: 66, confidence: 0.7, "
        'note: "Survey: \\"NPS up\\" \\\\o/", blockers: ["Vendor contract", "Budget"]}\n'
    )
    assert (root / OBJ).read_text() == before.replace(LAST_NPS, LAST_NPS + line)
    shown = os.path.relpath(root / OBJ)
    assert err == f"recorded 2026-q4/cx-leader/nps 60 → 66 (confidence 0.7) in {shown}\n"
    assert out == ""


def test_date_defaults_to_today(write_repo: WriteRepo) -> None:
    root = write_repo()
    code, _, err = run(root, "cx-leader/response", "--value", "20", *AS_OF)
    assert code == 0, err
    assert "      - {date: 2026-10-15, value: 20}\n" in (root / OBJ).read_text()
    assert "recorded 2026-q4/cx-leader/response 24 → 20" in err  # from the baseline


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["cx-leader/nps", "--value", "abc"],
            "the value of cx-leader/nps must be a number, not 'abc'",
        ),
        (
            ["cx-leader/nps", "--value", "66", "--confidence", "70"],
            "confidence must be between 0 and 1",
        ),
        (["cx-leader/nps", "--value", "66", "--confidence", "high"], "confidence must be a number"),
        (["cx-leader/nps", "--value", "66", "--date", "2026-10-16"], "2026-10-16 is in the future"),
        (
            ["cx-leader/nps", "--value", "66", "--date", "2026-10-06"],
            "before the last check-in of cx-leader/nps (2026-10-07)",
        ),
        (
            ["2026-q4/cx-leader/nps", "--value", "66", "--date", "2026-09-30"],
            "outside cycle 2026-q4 (2026-10-01 to 2026-12-31)",
        ),
        (
            ["cx-leader/nsp", "--value", "66"],
            "objective 'cx-leader' has no key result 'nsp' (did you mean 'nps'?)",
        ),
        (
            ["cx-leadr/nps", "--value", "66"],
            "no objective 'cx-leadr' in cycle 2026-q4 (did you mean 'cx-leader'?)",
        ),
        (["arr", "--value", "66"], "no KPI 'arr' in cycle 2026-q4"),
        (
            ["cx-leader", "--value", "66"],
            "'cx-leader' is an objective in cycle 2026-q4, not a key result or KPI: "
            "name one of its key results as cx-leader/KR",
        ),
        (["cx_x/nps", "--value", "66"], "'cx_x/nps' is not a check-in reference"),
        (["cx-leader/nps"], "give the new value with --value"),
        (["cx-leader/nps", "--done"], "cx-leader/nps is not a milestone"),
        (
            ["cx-leader/nps", "--value", "66", "--note", "two\nlines"],
            "the note contains the control character U+000A",
        ),
        (["cx-leader/nps", "--value", "66", "--note", "\x1b[31mred"], "control character U+001B"),
        (["cx-leader/nps", "--value", "66", "--status", "done"], "add --initiative ID"),
        (
            ["cx-leader/nps", "--initiative", "x"],
            "--initiative needs --status, --progress or --note",
        ),
        (
            ["cx-leader/nps", "--initiative", "x", "--status", "done"],
            "cx-leader/nps has no initiative 'x' (it has none)",
        ),
        (
            ["cx-leader/nps", "--initiative", "x", "--value", "1"],
            "--value cannot be combined with --initiative",
        ),
        (["cx-leader/nps", "--value", "66", "--cycle", "2027-q1"], "no cycle '2027-q1'"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    write_repo: WriteRepo, args: list[str], message: str
) -> None:
    root = write_repo()
    before = (root / OBJ).read_bytes()
    code, out, err = run(root, *args, *AS_OF)
    assert code == 2
    assert err.startswith("okrctl: ")
    assert message in err
    assert "Traceback" not in err and out == ""
    assert (root / OBJ).read_bytes() == before


def test_no_active_cycle_asks_for_one(write_repo: WriteRepo) -> None:
    root = write_repo()
    code, _, err = run(root, "cx-leader/nps", "--value", "66", "--as-of", "2027-02-01")
    assert code == 2
    assert "no active cycle on 2027-02-01: name one with --cycle" in err
    code, _, err = run(
        root, "cx-leader/nps", "--value", "66", "--date", "2026-12-30", "--as-of", "2027-02-01"
    )
    assert code == 0, err  # the check-in's date picks the cycle


def test_reference_forms_and_kpis(write_repo: WriteRepo) -> None:
    root = write_repo({"cycles/2026-q4/kpis/arr.yaml": KPI})
    kpi = root / "cycles/2026-q4/kpis/arr.yaml"

    assert run(root, "2026-q4/cx-leader/nps", "--value", "61", *AS_OF)[0] == 0
    assert run(root, "arr", "--value", "20.5", "--date", "2026-10-10", *AS_OF)[0] == 0
    assert run(root, "2026-q4/arr", "--value", "21", "--cycle", "2026-q4", *AS_OF)[0] == 0

    assert "      - {date: 2026-10-15, value: 61}\n" in (root / OBJ).read_text()
    assert kpi.read_text() == KPI + (
        "  - {date: 2026-10-10, value: 20.5}\n  - {date: 2026-10-15, value: 21}\n"
    )


def test_a_full_reading_wins_over_a_short_one(write_repo: WriteRepo) -> None:
    # `2026-q4/nps` is KPI nps of cycle 2026-q4 as written in full; objective 2026-q4's KR
    # nps is `2026-q4/2026-q4/nps` (okrctl.model.refs: one rule for every command).
    objective = "title: T\ntheme: cx\nowner: ana\nkey_results:\n  - {id: nps, title: N, unit: x}\n"
    root = write_repo(
        {
            "cycles/2026-q4/objectives/2026-q4.yaml": objective,
            "cycles/2026-q4/kpis/nps.yaml": KPI,
        }
    )
    code, _, err = run(root, "2026-q4/nps", "--value", "1", *AS_OF)
    assert code == 0, err
    assert "{date: 2026-10-15, value: 1}" in (root / "cycles/2026-q4/kpis/nps.yaml").read_text()
    assert "checkins" not in (root / "cycles/2026-q4/objectives/2026-q4.yaml").read_text()


def test_milestones_take_done_or_true_false(write_repo: WriteRepo) -> None:
    root = write_repo({"cycles/2026-q4/objectives/help-centre.yaml": MILESTONE})
    path = root / "cycles/2026-q4/objectives/help-centre.yaml"

    assert run(root, "help-centre/launch", "--not-done", "--date", "2026-10-08", *AS_OF)[0] == 0
    code, _, err = run(root, "help-centre/launch", "--value", "3", *AS_OF)
    assert code == 2 and "must be true or false for a milestone, not '3'" in err
    code, _, err = run(root, "help-centre/launch", "--done", *AS_OF)
    assert code == 0
    assert "recorded 2026-q4/help-centre/launch not done → done" in err
    assert path.read_text() == MILESTONE + (
        "    checkins:\n"
        "      - {date: 2026-10-08, value: false}\n"
        "      - {date: 2026-10-15, value: true}\n"
    )


def test_dry_run_prints_the_diff_and_writes_nothing(write_repo: WriteRepo) -> None:
    root = write_repo()
    before = (root / OBJ).read_bytes()

    code, out, err = run(root, "cx-leader/nps", "--value", "66", "--dry-run", *AS_OF)

    assert code == 0
    assert out == (
        f"--- a/{OBJ}\n"
        f"+++ b/{OBJ}\n"
        "@@ -9,6 +9,7 @@\n"
        "     target: 75\n"
        "     checkins:\n"
        "       - {date: 2026-10-07, value: 60, confidence: 0.7}\n"
        "+      - {date: 2026-10-15, value: 66}\n"
        "   - id: response\n"
        "     title: Average support response time\n"
        "     unit: hours\n"
    )
    assert err == "dry run: nothing written\n"
    assert (root / OBJ).read_bytes() == before


def test_a_broken_file_is_named_and_left_alone(write_repo: WriteRepo) -> None:
    root = write_repo()
    broken = (root / OBJ).read_text().replace("target: 75", "target: [75")
    (root / OBJ).write_text(broken)
    code, _, err = run(root, "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 2
    assert f"{OBJ}:" in err and "OKR001 YAML syntax error" in err
    assert (root / OBJ).read_text() == broken


def test_initiative_update(write_repo: WriteRepo) -> None:
    objective = (
        "title: T\ntheme: cx\nowner: ana\nkey_results:\n"
        "  - id: nps\n    title: NPS\n    unit: points\n"
        "    initiatives:\n"
        "      - id: survey\n        title: Survey\n        status: planned\n        progress: 10\n"
    )
    root = write_repo({OBJ: objective})

    code, _, err = run(
        root,
        "cx-leader/nps",
        "--initiative",
        "survey",
        "--status",
        "in-progress",
        "--progress",
        "60%",
        "--note",
        "yes",
        *AS_OF,
    )

    assert code == 0, err
    assert (root / OBJ).read_text() == objective.replace(
        "status: planned\n        progress: 10\n",
        'status: in-progress\n        progress: 60\n        notes: "yes"\n',
    )
    assert "initiative survey: status planned → in-progress, progress 10% → 60%, notes" in err
    code, _, err = run(
        root, "cx-leader/nps", "--initiative", "survey", "--status", "finished", *AS_OF
    )
    assert (
        code == 2 and "--status must be one of planned, in-progress, done, blocked, dropped" in err
    )
    code, _, err = run(root, "cx-leader/nps", "--initiative", "survey", "--progress", "150", *AS_OF)
    assert code == 2 and "--progress must be between 0 and 100" in err


def test_commit_makes_one_commit_of_exactly_the_file(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = make_git_repo(write_repo({"notes.txt": "a\n"}))
    (root / "notes.txt").write_text("b\n")
    git(root, "add", "notes.txt")  # staged by the user: must stay out of the commit

    code, _, err = run(
        root,
        "cx-leader/nps",
        "--value",
        "66",
        "--confidence",
        "0.7",
        "--date",
        "2026-10-14",
        "--commit",
        *AS_OF,
    )

    assert code == 0, err
    assert git(root, "log", "-1", "--format=%an <%ae>%n%s%n%b") == (
        "Ana Lima <ana@example.com>\ncheckin(2026-q4): cx-leader/nps 60 → 66 (confidence 0.7)\n\n"
    )
    assert git(root, "show", "--numstat", "--format=", "HEAD") == f"1\t0\t{OBJ}\n"
    assert git(root, "status", "--porcelain") == "M  notes.txt\n"
    sha = git(root, "rev-parse", "--short=7", "HEAD").strip()
    assert f"committed {sha} checkin(2026-q4): cx-leader/nps 60 → 66 (confidence 0.7)" in err


def test_commit_of_several_updates_lists_them(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = make_git_repo(write_repo({"cycles/2026-q4/kpis/arr.yaml": KPI}))
    result = record(
        root,
        [
            CheckinInput("cx-leader/nps", "66"),
            CheckinInput("cx-leader/churn", "7"),
            CheckinInput("arr", "21"),
        ],
        today=dt.date(2026, 10, 15),
        commit=True,
    )
    assert result.commit is not None
    assert git(root, "log", "-1", "--format=%B") == (
        "checkin(2026-q4): 3 updates\n\n"
        "- cx-leader/nps 60 → 66\n- cx-leader/churn 8 → 7\n- arr 20.1 → 21\n\n"
    )
    assert sorted(git(root, "show", "--numstat", "--format=", "HEAD").splitlines()) == [
        "1\t0\tcycles/2026-q4/kpis/arr.yaml",
        f"3\t0\t{OBJ}",  # nps: one line; churn had none: `checkins:` and the item
    ]


def test_commit_outside_git_is_refused_before_writing(write_repo: WriteRepo) -> None:
    root = write_repo()
    before = (root / OBJ).read_bytes()
    code, _, err = run(root, "cx-leader/nps", "--value", "66", "--commit", *AS_OF)
    assert code == 2
    assert "is not inside a git repository" in err
    assert (root / OBJ).read_bytes() == before


def test_commit_without_identity_is_refused_before_writing(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_git_repo(write_repo())
    for key in [*GIT_ENV, "EMAIL"]:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.gitconfig
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    before = (root / OBJ).read_bytes()
    code, _, err = run(root, "cx-leader/nps", "--value", "66", "--commit", *AS_OF)
    assert code == 2
    assert "git does not know who you are" in err and "git config --global user.email" in err
    assert (root / OBJ).read_bytes() == before


def test_commit_refuses_a_file_with_other_uncommitted_changes(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = make_git_repo(write_repo())
    (root / OBJ).write_text(
        (root / OBJ).read_text().replace("title: NPS", "title: Net Promoter Score")
    )
    before = (root / OBJ).read_bytes()
    code, _, err = run(root, "cx-leader/nps", "--value", "66", "--commit", *AS_OF)
    assert code == 2
    assert f"{OBJ} has changes that are not committed" in err
    assert (root / OBJ).read_bytes() == before


def test_reads_only_the_files_it_needs(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from okrctl.load.tree import FsTree

    broken = "title: [unclosed\n"  # another objective that does not even parse
    root = write_repo({"cycles/2026-q4/objectives/other.yaml": broken})
    read: list[str] = []
    original = FsTree.read

    def spy(self: FsTree, rel: str, limit: int) -> bytes:
        read.append(rel)
        return original(self, rel, limit)

    monkeypatch.setattr(FsTree, "read", spy)
    code, _, err = run(root, "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert sorted(set(read)) == ["cycles/2026-q4/cycle.yaml", OBJ, "okrctl.yaml"]


def test_settings_come_from_their_block_alone() -> None:
    from okrctl.edit.repo_files import settings_block

    text = (
        "# org\norganization: Acme\nthemes:\n- {id: cx, name: CX}\n"
        "settings:\n  checkin_cadence: biweekly\n\n  # note\n  rules: {OKR401: off}\n"
        "people: []\n"
    )
    assert settings_block(text) == (
        "settings:\n  checkin_cadence: biweekly\n\n  # note\n  rules: {OKR401: off}\n"
    )
    assert settings_block("organization: Acme\nthemes: []\n") == ""
    # A multi-line quoted string reaching column 0: only a full parse is reliable.
    assert settings_block('vision: "one\ntwo"\nsettings: {}\n') is None
    assert settings_block("---\norganization: Acme\n") is None


def test_the_file_keeps_its_mode(write_repo: WriteRepo) -> None:
    root = write_repo()
    (root / OBJ).chmod(0o640)
    code, _, err = run(root, "cx-leader/nps", "--value", "66", *AS_OF)
    assert code == 0, err
    assert (root / OBJ).stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in (root / OBJ).parent.iterdir()) == ["cx-leader.yaml"]


def test_a_value_given_parsed_is_recorded_as_the_same_value_typed(write_repo: WriteRepo) -> None:
    root = write_repo({"cycles/2026-q4/objectives/help-centre.yaml": MILESTONE})
    today = dt.date(2026, 10, 15)
    typed = CheckinInput("cx-leader/nps", "66.5", confidence="0.8")
    parsed = CheckinInput("cx-leader/nps", 66.5, confidence=0.8)
    assert record(root, [parsed], today=today, dry_run=True) == record(
        root, [typed], today=today, dry_run=True
    )
    done = record(root, [CheckinInput("help-centre/launch", True)], today=today, dry_run=True)
    assert done.files[0].recorded[0].summary == "→ done"
    # The wrong kind is refused with the message the typed text gets.
    for ref, value, message in (
        ("cx-leader/nps", True, "the value of cx-leader/nps must be a number, not 'true'"),
        (
            "help-centre/launch",
            3,
            "the value of help-centre/launch must be true or false for a milestone, not '3'",
        ),
    ):
        with pytest.raises(OkrctlError) as refused:
            record(root, [CheckinInput(ref, value)], today=today, dry_run=True)
        assert refused.value.message == message
    with pytest.raises(OkrctlError) as refused:
        record(root, [CheckinInput("cx-leader/nps", 66, confidence=1.5)], today=today)
    assert refused.value.message == "confidence must be between 0 and 1, not 1.5"
