"""An objective aligned to a key result (`parent: ceo-grow/visitors`): one resolver, the
tree shows it under that key result, the key result shows its aligned children's progress,
and OKR301/302/303 handle key-result parents. Hand-computed numbers on real files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import BASE_CONFIG, WriteRepo
from okrctl.cli.app import app
from okrctl.load.repo import load_repo
from okrctl.score.cycle import Scorer

ENV: dict[str, str | None] = {"COLUMNS": "120", "FORCE_COLOR": None, "NO_COLOR": None}
AS_OF = "2026-11-02"
CONFIG = BASE_CONFIG + "settings:\n  key_results: {min: 1}\n"


def objective(title: str, krs: list[tuple[str, int, int]], parent: str | None = None) -> str:
    """An objective whose key results go 0 -> target, checked in at `value` on 2026-11-01."""
    lines = [f"title: {title}", "theme: cx", "owner: ana"]
    if parent:
        lines.append(f"parent: {parent}")
    lines.append("key_results:")
    for kr_id, target, value in krs:
        lines.append(
            f"  - {{id: {kr_id}, title: {kr_id.title()} count, unit: things, baseline: 0, "
            f"target: {target}, checkins: [{{date: 2026-11-01, value: {value}}}]}}"
        )
    return "\n".join(lines) + "\n"


OBJS = "cycles/2026-q4/objectives/"
FILES = {
    "okrctl.yaml": CONFIG,
    # Own progress: visitors 50/100 = 0.5, iacv 2/10 = 0.2; mean 0.35.
    OBJS + "ceo-grow.yaml": objective("Grow IACV", [("visitors", 100, 50), ("iacv", 10, 2)]),
    # 3/4 = 0.75 and 9/20 = 0.45, both aligned to the visitors key result.
    OBJS + "web-traffic.yaml": objective(
        "More visits from the web", [("sessions", 4, 3)], "ceo-grow/visitors"
    ),
    OBJS + "seo.yaml": objective(
        "Rank for our words", [("rank", 20, 9)], "2026-q4/ceo-grow/visitors"
    ),
    # 1/4 = 0.25, aligned to the objective itself.
    OBJS + "sales.yaml": objective("Close more deals", [("deals", 4, 1)], "ceo-grow"),
}


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["-C", str(root), *args], env=ENV)


def test_a_key_result_shows_its_aligned_objectives_progress(write_repo: WriteRepo) -> None:
    root = write_repo(FILES)
    valid = run(root, "validate", "--as-of", AS_OF)
    assert valid.exit_code == 0, valid.stdout + valid.stderr
    scorer = Scorer(load_repo(root), dt.date(2026, 11, 2))
    ceo = scorer.objective("2026-q4", "ceo-grow")
    assert round(ceo.progress, 4) == 0.35
    visitors, iacv = ceo.key_results
    assert sorted(visitors.children) == ["2026-q4/seo", "2026-q4/web-traffic"]
    assert round(visitors.children_progress or 0, 4) == 0.6  # (0.75 + 0.45) / 2
    assert iacv.children == () and iacv.children_progress is None
    # The objective counts every objective aligned to it or to one of its key results:
    # (0.75 + 0.45 + 0.25) / 3 = 0.4833.
    assert round(ceo.children_progress or 0, 4) == 0.4833
    assert sorted(ceo.children) == ["2026-q4/sales", "2026-q4/seo", "2026-q4/web-traffic"]
    show = run(root, "show", "ceo-grow/visitors", "--as-of", AS_OF)
    row = next(line for line in show.stdout.splitlines() if line.startswith("Aligned to it"))
    assert row.split(None, 3)[-1] == "2 objectives, mean progress 60%"


def test_the_tree_shows_kr_aligned_objectives_under_the_key_result(write_repo: WriteRepo) -> None:
    root = write_repo(FILES)
    tree = run(root, "tree", "--as-of", AS_OF)
    assert tree.exit_code == 0, tree.stderr
    lines = tree.stdout.splitlines()
    kr = next(i for i, line in enumerate(lines) if "key result Visitors count" in line)
    assert "↳60%" in lines[kr] and "visitors" in lines[kr]
    # The two aligned to the key result sit one level below it; sales directly under the
    # objective, at the key result's level.
    indent = len(lines[kr]) - len(lines[kr].lstrip("│ ├└─"))
    below = [line for line in lines[kr + 1 :] if "More visits" in line or "Rank for" in line]
    assert len(below) == 2
    assert all(len(line) - len(line.lstrip("│ ├└─")) > indent for line in below)
    sales = next(line for line in lines if "Close more deals" in line)
    assert len(sales) - len(sales.lstrip("│ ├└─")) == indent
    data = json.loads(run(root, "tree", "--as-of", AS_OF, "--format", "json").stdout)
    kids = {c["ref"]: c["aligned_to_key_result"] for c in data["roots"][0]["children"]}
    assert kids == {
        "2026-q4/web-traffic": "visitors",
        "2026-q4/seo": "visitors",
        "2026-q4/sales": None,
    }


def test_rules_handle_key_result_parents(write_repo: WriteRepo) -> None:
    root = write_repo(
        {
            **FILES,
            OBJS + "web-traffic.yaml": objective("Web", [("sessions", 4, 3)], "ceo-grow/nope"),
            # a -> b/k -> a: a loop through a key result.
            OBJS + "a.yaml": objective("A", [("k", 4, 1)], "b/k"),
            OBJS + "b.yaml": objective("B", [("k", 4, 1)], "a/k"),
            "cycles/2027-q1/cycle.yaml": "name: Q1 2027\nstart: 2027-01-01\nend: 2027-03-31\n",
            "cycles/2027-q1/objectives/later.yaml": objective("Later", [("x", 4, 0)]),
            OBJS + "seo.yaml": objective("Rank", [("rank", 20, 9)], "2027-q1/later/x"),
        }
    )
    result = run(root, "validate", "--as-of", AS_OF, "--format", "json")
    found = {(f["code"], Path(f["file"]).name) for f in json.loads(result.stdout)}
    assert ("OKR301", "web-traffic.yaml") in found
    assert ("OKR303", "a.yaml") in found and ("OKR303", "b.yaml") in found
    assert ("OKR302", "seo.yaml") in found
    text = run(root, "validate", "--as-of", AS_OF).stdout
    assert "parent 'ceo-grow/nope' does not exist" in text


def test_a_key_result_parent_in_a_broken_file_names_that_file(write_repo: WriteRepo) -> None:
    root = write_repo({**FILES, OBJS + "ceo-grow.yaml": "title: [\n"})
    text = run(root, "validate", "--as-of", AS_OF).stdout
    assert "parent 'ceo-grow/visitors' cannot be checked: its file" in text
    assert "ceo-grow.yaml has errors" in text
    assert "parent 'ceo-grow/visitors' does not exist" not in text


def test_status_json_carries_a_key_results_aligned_objectives(write_repo: WriteRepo) -> None:
    root = write_repo(FILES)
    out = run(root, "status", "-f", "json", "--as-of", AS_OF)
    krs = {
        f"{o['id']}/{k['id']}": k
        for t in json.loads(out.stdout)["themes"]
        for o in t["objectives"]
        for k in o["key_results"]
    }
    visitors = krs["ceo-grow/visitors"]
    assert visitors["children_progress"] == 0.6  # (0.75 + 0.45) / 2
    assert sorted(visitors["children"]) == ["2026-q4/seo", "2026-q4/web-traffic"]
    assert krs["ceo-grow/iacv"]["children"] == []
