"""`okrctl import FILE.csv`: objectives and key results from export's CSV columns."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.cli.app import app

EXAMPLE = Path(__file__).parent.parent / "examples" / "strategy-repo"
HEADER = "cycle,objective,objective_title,theme,key_result,title,owner,unit,baseline,target\n"


def okrctl(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_export_import_export_gives_the_same_rows(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    # A new, empty cycle with the same dates, so that pace and staleness are the same.
    (root / "cycles" / "copy-q4").mkdir()
    shutil.copy(root / "cycles/2026-q4/cycle.yaml", root / "cycles/copy-q4/cycle.yaml")
    code, before, err = okrctl(root, "export", "--cycle", "2026-q4", "--as-of", "2026-11-20")
    assert code == 0, err
    exported = tmp_path / "okrs.csv"
    exported.write_text(before, newline="")
    code, out, err = okrctl(root, "import", str(exported), "--cycle", "copy-q4")
    assert code == 0, err
    objectives = sorted(p.stem for p in (root / "cycles/2026-q4/objectives").iterdir())
    assert out.splitlines() == [
        f"created cycles/copy-q4/objectives/{oid}.yaml" for oid in objectives
    ]
    code, after, err = okrctl(root, "export", "--cycle", "copy-q4", "--as-of", "2026-11-20")
    assert code == 0, err

    def without_cycle(text: str) -> list[str]:
        return [line.split(",", 1)[1] for line in text.splitlines()]

    assert len(after.splitlines()) == len(before.splitlines()) > 20
    assert without_cycle(after) == without_cycle(before)
    assert "copy-q4,2026-11-20,customer-experience," in after


def test_the_files_are_plain_yaml_with_owners_only_where_they_differ(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    root = write_repo()
    rows = tmp_path / "okrs.csv"
    rows.write_text(
        HEADER + "2026-q4,faster,Answer faster,cx,first-reply,First reply time,bo,hours,24,4\n"
        "2026-q4,faster,Answer faster,cx,backlog,Open tickets,bo,,300,100\n"
        "2026-q4,faster,Answer faster,cx,csat,'=CSAT score,ana,%,80,90\n"
    )
    code, out, err = okrctl(root, "import", str(rows))
    assert code == 0, err
    assert out == "created cycles/2026-q4/objectives/faster.yaml\n"
    text = (root / "cycles/2026-q4/objectives/faster.yaml").read_text()
    assert text.endswith(
        "title: Answer faster\n"
        "theme: cx\n"
        "owner: bo\n"
        "key_results:\n"
        "  - id: first-reply\n"
        "    title: First reply time\n"
        "    unit: hours\n"
        "    baseline: 24\n"
        "    target: 4\n"
        "  - id: backlog\n"
        "    title: Open tickets\n"
        "    baseline: 300\n"
        "    target: 100\n"
        "  - id: csat\n"
        '    title: "=CSAT score"\n'
        "    owner: ana\n"
        '    unit: "%"\n'
        "    baseline: 80\n"
        "    target: 90\n"
    )
    # Imported as written; what `validate` finds in the new files is said at once.
    assert err == (
        "cycles/2026-q4/objectives/faster.yaml:12:5: OKR206 key result 'backlog' is not "
        "measurable: no unit\n1 finding in the new files: run `okrctl validate` and complete "
        "them\n"
    )


def test_refuses_to_overwrite_and_writes_nothing(write_repo: WriteRepo, tmp_path: Path) -> None:
    root = write_repo()
    before = (root / "cycles/2026-q4/objectives/cx-leader.yaml").read_bytes()
    rows = tmp_path / "okrs.csv"
    rows.write_text(
        HEADER + "2026-q4,new-one,A new one,cx,a,A,ana,,1,2\n"
        "2026-q4,cx-leader,Taken,cx,nps,NPS,ana,,1,2\n"
    )
    code, out, err = okrctl(root, "import", str(rows))
    assert code == 2
    assert out == ""
    assert f"{rows}:3: cycles/2026-q4/objectives/cx-leader.yaml exists" in err
    assert not (root / "cycles/2026-q4/objectives/new-one.yaml").exists()
    assert (root / "cycles/2026-q4/objectives/cx-leader.yaml").read_bytes() == before


def test_every_bad_row_is_named(write_repo: WriteRepo, tmp_path: Path) -> None:
    root = write_repo()
    rows = tmp_path / "okrs.csv"
    rows.write_text(
        HEADER + "2026-q4,ok,Fine,cx,a,A,ana,,1,2\n"
        "2026-q4,Bad Id,X,cx,a,A,ana,,1,2\n"
        "2026-q4,two,X,cx,a,A,ana,,lots,2\n"
        "2026-q4,three,X,cx,a,bell\x07,ana,,1,2\n"
        "2026-q4,four,X,cx,a\n"
    )
    code, out, err = okrctl(root, "import", str(rows))
    assert code == 2
    assert [line.split(":")[2] for line in err.splitlines()[:4]] == ["3", "4", "5", "6"]
    assert "'Bad Id' is not an id" in err
    assert "baseline must be a number, not 'lots'" in err
    assert "control character U+0007" in err
    assert "5 cells for 10 columns" in err
    assert err.splitlines()[-1] == f"okrctl: {rows}: nothing was written"
    assert sorted(p.name for p in (root / "cycles/2026-q4/objectives").iterdir()) == [
        "cx-leader.yaml"
    ]


def test_unknown_cycle_and_missing_columns(write_repo: WriteRepo, tmp_path: Path) -> None:
    root = write_repo()
    rows = tmp_path / "okrs.csv"
    rows.write_text(HEADER + "2027-q1,ok,Fine,cx,a,A,ana,,1,2\n")
    code, _, err = okrctl(root, "import", str(rows))
    assert code == 2
    assert "no cycle '2027-q1' (create it first: okrctl cycle new 2027-q1 ...)" in err
    rows.write_text("objective,title\nok,Fine\n")
    code, _, err = okrctl(root, "import", str(rows))
    assert code == 2
    assert "missing objective_title, key_result" in err
