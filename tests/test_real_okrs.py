"""Real OKRs as a real programme writes them (tests/data/real-okrs/: a GitLab-style FY20 Q2):
fiscal cycle names, capitalised roles, 1-2 key results per objective, task and guardrail key
results, links and shared key results validate clean and score as computed by hand. Every
command runs for real on a copy in a temp dir.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import WriteRepo
from okrctl.api.init import quarter
from okrctl.cli.app import app

DATA = Path(__file__).parent / "data" / "real-okrs"
AS_OF = "2019-06-15"  # day 45 of FY20 Q2 (2019-05-01 to 2019-07-31)
ENV: dict[str, str | None] = {"COLUMNS": "80", "FORCE_COLOR": None, "NO_COLOR": None}
OBJ = "cycles/FY20-Q2/objectives"


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["-C", str(root), *args], env=ENV)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "gitlab"
    shutil.copytree(DATA, root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def edit(root: Path, rel: str, change: dict[str, Any]) -> None:
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(change)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def findings(root: Path) -> list[dict[str, Any]]:
    """validate's findings, each file relative to the repo (validate names it from here)."""
    result = run(root, "validate", "--as-of", AS_OF, "--format", "json")
    data: Any = json.loads(result.stdout)
    found: list[dict[str, Any]] = data["diagnostics"] if isinstance(data, dict) else data
    for d in found:
        d["file"] = Path(os.path.relpath(Path.cwd() / d["file"], root)).as_posix()
    return found


def case_sensitive(tmp_path: Path) -> bool:
    (tmp_path / "Probe").write_text("x", encoding="utf-8")
    return not (tmp_path / "probe").exists()


# --- the programme as written ------------------------------------------------------------


def test_validates_clean(repo: Path) -> None:
    result = run(repo, "validate", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "10 files checked, no problems" in result.stderr


def test_scores_as_computed_by_hand(repo: Path) -> None:
    result = run(repo, "status", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cycle"] == "FY20-Q2" and data["name"] == "FY20 Q2"
    objectives = {o["id"]: o for t in data["themes"] for o in t["objectives"]}
    krs = {(o["id"], k["id"]): k["progress"] for o in objectives.values() for k in o["key_results"]}
    assert krs == {
        # (1 050 000 - 1 000 000) / (1 100 000 - 1 000 000)
        ("CEO-grow-iacv", "website-visitors"): 0.5,
        # a task, done
        ("CEO-grow-iacv", "certification"): 1.0,
        # a guardrail without baseline: 104 >= 100 is met
        ("cmo-pipeline", "pipeline-plan"): 1.0,
        # at-least 99.95, at 99.9: not met
        ("vpe-availability", "availability"): 0.0,
        # (45 - 60) / (30 - 60)
        ("vpe-availability", "mttr"): 0.5,
    }
    assert {oid: o["progress"] for oid, o in objectives.items()} == {
        "CEO-grow-iacv": 0.75,
        "cmo-pipeline": 1.0,
        "vpe-availability": 0.25,
    }
    # The two objectives aligned to the CEO's: (1.0 + 0.25) / 2.
    assert objectives["CEO-grow-iacv"]["children_progress"] == 0.625
    themes = {t["id"]: t["progress"] for t in data["themes"]}
    assert themes == {"grow-iacv": 0.875, "popular-next-gen": 0.25}


def test_my_okrs_include_shared_key_results(repo: Path) -> None:
    # CRO owns no objective and no key result here: it contributes to website-visitors.
    result = run(repo, "status", "--as-of", AS_OF, "--owner", "cro", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    shown = [
        (o["id"], [k["id"] for k in o["key_results"]])
        for t in data["themes"]
        for o in t["objectives"]
    ]
    assert shown == [("CEO-grow-iacv", ["website-visitors"])]
    assert data["summary"]["objectives"] == 1


def test_owner_filter_matches_case_insensitively(repo: Path) -> None:
    upper = run(repo, "status", "--as-of", AS_OF, "--owner", "VPE", "--format", "json")
    lower = run(repo, "status", "--as-of", AS_OF, "--owner", "vpe", "--format", "json")
    assert upper.exit_code == lower.exit_code == 0
    assert json.loads(upper.stdout) == json.loads(lower.stdout)
    unknown = run(repo, "status", "--as-of", AS_OF, "--owner", "cfo")
    assert unknown.exit_code == 2 and "--owner: unknown value 'cfo'" in unknown.stderr


def test_checklist_passes_with_task_krs_guardrails_and_a_monthly_rhythm(repo: Path) -> None:
    result = run(repo, "checklist", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout
    assert "6 of 6 checks pass" in result.stdout
    assert "all 5 measurable" in result.stdout
    # The annual cycle's four KPIs are the quarter's too.
    assert "4 KPIs: financial 1, customer 1" in result.stdout


def test_checklist_wants_the_default_reviews_without_the_setting(repo: Path) -> None:
    config = yaml.safe_load((repo / "okrctl.yaml").read_text(encoding="utf-8"))
    del config["settings"]["required_reviews"]
    (repo / "okrctl.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = run(repo, "checklist", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "no weekly review in settings.cadence" in result.stdout


def test_checklist_and_validate_agree_on_smart(repo: Path) -> None:
    # An increase key result without a baseline is neither measurable nor SMART.
    rel = f"{OBJ}/vpe-availability.yaml"
    data = yaml.safe_load((repo / rel).read_text(encoding="utf-8"))
    del data["key_results"][1]["baseline"]
    (repo / rel).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = [d for d in findings(repo) if d["code"] == "OKR206"]
    assert [(d["file"], d["message"]) for d in found] == [
        (rel, "key result 'mttr' is not measurable: no baseline")
    ]
    result = run(repo, "checklist", "--as-of", AS_OF)
    assert "1 of 5 lack: vpe-availability/mttr (no baseline)" in result.stdout


def test_kpis_and_the_html_scorecard_see_the_annual_kpis(repo: Path, tmp_path: Path) -> None:
    result = run(repo, "kpis", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    seen = [(k["cycle"], k["id"]) for p in data["perspectives"] for k in p["kpis"]]
    assert seen == [("FY20", "iacv"), ("FY20", "nps"), ("FY20", "mr-rate"), ("FY20", "certified")]
    out = tmp_path / "site"
    result = run(repo, "report", "--html", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    page = next(p for p in out.glob("*.html") if "Balanced Scorecard" in p.read_text("utf-8"))
    html = page.read_text(encoding="utf-8")
    assert "No KPI in this perspective" not in html
    for title in ("Incremental ACV vs plan", "Net Promoter Score", "Team members certified"):
        assert title in html


def test_refs_match_case_insensitively(repo: Path) -> None:
    result = run(repo, "show", "fy20-q2/ceo-grow-iacv/website-visitors", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "Grow website visitors" in result.stdout
    before = snapshot(repo)
    result = run(
        repo,
        "checkin",
        "fy20-q2/ceo-grow-iacv/website-visitors",
        "--value",
        "1080000",
        "--date",
        AS_OF,
        "--as-of",
        AS_OF,
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    after = snapshot(repo)
    # The check-in lands in the file as it is spelled, and nowhere else.
    assert [k for k in after if after[k] != before.get(k)] == [f"{OBJ}/CEO-grow-iacv.yaml"]
    assert b"{date: 2019-06-15, value: 1080000}" in after[f"{OBJ}/CEO-grow-iacv.yaml"]


def test_lowercase_refs_to_capitalised_ids_validate(repo: Path) -> None:
    # `owner: ceo` is the person CEO; `parent: fy20-q2/ceo-grow-iacv` the CEO's objective.
    edit(repo, f"{OBJ}/vpe-availability.yaml", {"owner": "vpe", "parent": "fy20-q2/ceo-grow-iacv"})
    edit(repo, "cycles/FY20-Q2/cycle.yaml", {"parent": "fy20"})
    assert findings(repo) == []


# --- what is refused, at its place ------------------------------------------------------


def test_a_non_http_link_is_a_finding_at_it(repo: Path) -> None:
    rel = f"{OBJ}/cmo-pipeline.yaml"
    text = (repo / rel).read_text(encoding="utf-8")
    (repo / rel).write_text(
        text.replace("https://about.gitlab.com/events/", "javascript:alert(1)"), encoding="utf-8"
    )
    result = run(repo, "validate", "--as-of", AS_OF)
    assert result.exit_code == 1
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "Event calendar" in t)
    assert f"{rel}:{line}:" in result.stdout
    assert "OKR016" in result.stdout and "only http:// and https:// links" in result.stdout


def test_a_broken_parent_file_is_named_once_per_child(repo: Path) -> None:
    parent = f"{OBJ}/CEO-grow-iacv.yaml"
    text = (repo / parent).read_text(encoding="utf-8")
    (repo / parent).write_text(text.replace("theme: grow-iacv", "theme: [grow-iacv"), "utf-8")
    found = findings(repo)
    knock_on = [(d["file"], d["message"]) for d in found if d["code"] == "OKR301"]
    assert knock_on == [
        (
            f"{OBJ}/cmo-pipeline.yaml",
            f"parent 'CEO-grow-iacv' cannot be checked: its file {parent} has errors "
            "(fix them first)",
        ),
        (
            f"{OBJ}/vpe-availability.yaml",
            f"parent 'FY20-Q2/CEO-grow-iacv' cannot be checked: its file {parent} has errors "
            "(fix them first)",
        ),
    ]
    assert any(d["file"] == parent and d["code"] == "OKR001" for d in found)
    assert not any("does not exist" in d["message"] for d in found)


def test_a_missing_parent_still_does_not_exist(repo: Path) -> None:
    edit(repo, f"{OBJ}/cmo-pipeline.yaml", {"parent": "CEO-grow-arr"})
    found = [(d["file"], d["message"]) for d in findings(repo) if d["code"] == "OKR301"]
    assert found == [
        (f"{OBJ}/cmo-pipeline.yaml", "parent 'CEO-grow-arr' does not exist in cycle FY20-Q2")
    ]


def test_objective_ids_differing_only_by_case_are_an_error_at_both(
    repo: Path, tmp_path: Path
) -> None:
    if not case_sensitive(tmp_path):
        pytest.skip("the file system folds case: the two files cannot both exist")
    shutil.copy(repo / f"{OBJ}/cmo-pipeline.yaml", repo / f"{OBJ}/CMO-pipeline.yaml")
    result = run(repo, "validate", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1
    found = [d for d in findings(repo) if d["code"] == "OKR015"]
    assert sorted(d["file"] for d in found) == [
        f"{OBJ}/CMO-pipeline.yaml",
        f"{OBJ}/cmo-pipeline.yaml",
    ]
    assert all("only by case" in d["message"] and d["severity"] == "error" for d in found)


def test_cycle_ids_differing_only_by_case_are_an_error_at_both(repo: Path, tmp_path: Path) -> None:
    if not case_sensitive(tmp_path):
        pytest.skip("the file system folds case: the two folders cannot both exist")
    (repo / "cycles" / "fy20").mkdir()
    shutil.copy(repo / "cycles/FY20/cycle.yaml", repo / "cycles/fy20/cycle.yaml")
    found = sorted(d["file"] for d in findings(repo) if d["code"] == "OKR015")
    assert found == ["cycles/FY20", "cycles/fy20"]


def test_people_differing_only_by_case_are_duplicates(repo: Path) -> None:
    text = (repo / "okrctl.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: VPE, name: Eric}", "  - {id: VPE, name: Eric}\n  - {id: vpe, name: Eve}"
    )
    (repo / "okrctl.yaml").write_text(text, encoding="utf-8")
    found = [(d["file"], d["message"]) for d in findings(repo) if d["code"] == "OKR212"]
    assert found == [("okrctl.yaml", "duplicate people id 'vpe' (same as 'VPE' but for case)")]


def test_a_contributor_must_be_a_person(repo: Path) -> None:
    rel = f"{OBJ}/CEO-grow-iacv.yaml"
    text = (repo / rel).read_text(encoding="utf-8")
    (repo / rel).write_text(
        text.replace("contributors: [CRO]", "contributors: [CRO, CFO]"), "utf-8"
    )
    found = [(d["file"], d["line"], d["message"]) for d in findings(repo) if d["code"] == "OKR204"]
    assert found == [(rel, 10, "'CFO' is not in people of okrctl.yaml: did you mean 'CRO'?")]


# --- fiscal years -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start_month", "expected"),
    [
        # GitLab: FY20 runs 2019-02-01 to 2020-01-31, named by the year it ends in.
        (
            dt.date(2019, 6, 15),
            2,
            ("fy2020-q2", "FY2020 Q2", dt.date(2019, 5, 1), dt.date(2019, 7, 31)),
        ),
        (
            dt.date(2019, 2, 1),
            2,
            ("fy2020-q1", "FY2020 Q1", dt.date(2019, 2, 1), dt.date(2019, 4, 30)),
        ),
        # Q4 spans the new calendar year.
        (
            dt.date(2020, 1, 31),
            2,
            ("fy2020-q4", "FY2020 Q4", dt.date(2019, 11, 1), dt.date(2020, 1, 31)),
        ),
        (
            dt.date(2026, 10, 1),
            10,
            ("fy2027-q1", "FY2027 Q1", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ),
        (
            dt.date(2026, 9, 30),
            10,
            ("fy2026-q4", "FY2026 Q4", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ),
        # January: calendar quarters, named as before.
        (
            dt.date(2026, 12, 1),
            1,
            ("2026-q4", "2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ),
    ],
)
def test_fiscal_quarter(
    day: dt.date, start_month: int, expected: tuple[str, str, dt.date, dt.date]
) -> None:
    assert quarter(day, start_month) == expected


def test_init_with_a_fiscal_year(tmp_path: Path) -> None:
    root = tmp_path / "new"
    args = ["init", str(root), "--org", "GitLab", "--theme", "grow:Grow", "--person", "CEO:Sid"]
    result = CliRunner().invoke(
        app, [*args, "--as-of", AS_OF, "--fiscal-year-start", "2", "--no-git"], env=ENV
    )
    assert result.exit_code == 0, result.stderr
    cycle = yaml.safe_load((root / "cycles/fy2020-q2/cycle.yaml").read_text(encoding="utf-8"))
    assert (cycle["name"], cycle["start"], cycle["end"]) == (
        "FY2020 Q2",
        dt.date(2019, 5, 1),
        dt.date(2019, 7, 31),
    )
    config = yaml.safe_load((root / "okrctl.yaml").read_text(encoding="utf-8"))
    assert config["settings"]["fiscal_year_start"] == 2
    assert run(root, "validate", "--as-of", AS_OF).exit_code == 0


@pytest.mark.parametrize("month", ["0", "13"])
def test_init_refuses_a_month_that_is_none(tmp_path: Path, month: str) -> None:
    root = tmp_path / "new"
    args = ["init", str(root), "--org", "A", "--theme", "g:G", "--person", "a:A", "--no-git"]
    result = CliRunner().invoke(app, [*args, "--fiscal-year-start", month], env=ENV)
    assert result.exit_code == 2
    assert f"the fiscal year start is a month, 1 to 12 (got {month})" in result.stderr
    assert not root.exists() or not any(root.iterdir())


def test_cycle_new_names_a_fiscal_quarter_from_its_id(repo: Path) -> None:
    result = run(
        repo, "cycle", "new", "FY20-Q3", "--start", "2019-08-01", "--end", "2019-10-31",
        "--parent", "FY20",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    cycle = yaml.safe_load((repo / "cycles/FY20-Q3/cycle.yaml").read_text(encoding="utf-8"))
    assert cycle["name"] == "FY20 Q3"
    assert cycle["parent"] == "FY20"


def test_cycle_new_refuses_an_id_differing_only_by_case(repo: Path) -> None:
    before = snapshot(repo)
    result = run(repo, "cycle", "new", "fy20-q2", "--start", "2019-05-01", "--end", "2019-07-31")
    assert result.exit_code == 2
    assert "cycle 'FY20-Q2' already exists" in result.stderr
    assert snapshot(repo) == before


def test_milestone_kr_without_unit_has_a_valid_schema(write_repo: WriteRepo) -> None:
    # The JSON Schema, like the rules, asks a unit of every key result but a milestone.
    schema = json.loads((Path(__file__).parents[1] / "schemas/objective.schema.json").read_text())
    kr = schema["$defs"]["KeyResult"]
    assert kr["else"] == {"required": ["unit"]}
    assert kr["if"]["properties"]["direction"] == {"const": "milestone"}


def test_a_ref_naming_nothing_says_which_part_in_the_repo_spelling(repo: Path) -> None:
    result = run(repo, "show", "fy20-q2/ceo-grow-iacv/visitors", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "objective 'ceo-grow-iacv' has no key result 'visitors'" in result.stderr
    assert "did you mean 'website-visitors'" in result.stderr
    result = run(repo, "show", "fy20-q2/nope", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "no objective or KPI 'nope' in cycle FY20-Q2" in result.stderr


def test_a_lowercase_parent_names_a_capitalised_objective_for_scoring_too(tmp_path: Path) -> None:
    from okrctl.load.repo import load_repo
    from okrctl.score.cycle import resolve_parent

    root = tmp_path / "r"
    shutil.copytree(DATA, root)
    repo = load_repo(root)
    cycle = next(c for c in repo.cycles if c.upper() == "FY20-Q2")
    parent = next(iter(repo.cycles[cycle].objectives))
    assert resolve_parent(repo, cycle, parent.lower()) == (cycle, parent)
    assert resolve_parent(repo, "x", f"{cycle.lower()}/{parent.lower()}") == (cycle, parent)
