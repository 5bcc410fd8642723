"""The example strategy repo: clean under okrctl, usable by editors and third-party tools."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from okrctl.cli.app import app
from okrctl.load.repo import load_repo
from okrctl.model.common import Direction, Level
from okrctl.model.kpi import Perspective
from okrctl.model.objective import InitiativeStatus

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "strategy-repo"
SCHEMAS = ROOT / "schemas"
AS_OF = "2026-11-28"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def kind_of(path: Path) -> str:
    """The schema a file of the example must follow, from where it lives."""
    rel = path.relative_to(EXAMPLE).parts
    if rel == ("okrctl.yaml",):
        return "okrctl"
    if len(rel) == 3 and rel[0] == "cycles" and rel[2] == "cycle.yaml":
        return "cycle"
    if len(rel) == 4 and rel[0] == "cycles" and rel[2] in ("objectives", "kpis"):
        return {"objectives": "objective", "kpis": "kpi"}[rel[2]]
    raise AssertionError(f"unexpected file in the example: {path}")


EXAMPLE_FILES = sorted(EXAMPLE.rglob("*.yaml"))


class _Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as editors and JSON Schema tools do: dates stay strings (YAML 1.2 core)."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_example_has_every_kind_of_file() -> None:
    kinds = [kind_of(p) for p in EXAMPLE_FILES]
    assert kinds.count("okrctl") == 1
    assert kinds.count("cycle") == 2
    assert 8 <= kinds.count("objective") <= 12
    assert kinds.count("kpi") >= 8


def test_example_validates_clean_in_strict_mode() -> None:
    result = CliRunner().invoke(app, ["-C", str(EXAMPLE), "validate", "--strict", "--as-of", AS_OF])
    assert result.stdout == ""
    assert result.exit_code == 0, result.output


def test_example_json_output_has_no_findings() -> None:
    result = CliRunner().invoke(
        app, ["-C", str(EXAMPLE), "validate", "--format", "json", "--as-of", AS_OF]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_seed_objective_is_in_the_quarter() -> None:
    repo = load_repo(EXAMPLE)
    assert repo.config is not None
    themes = {t.id: t.name for t in repo.config.model.themes}
    quarter = repo.cycles["2026-q4"]
    [doc] = [
        d
        for d in quarter.objectives.values()
        if d.model.title == "Become the industry leader in customer satisfaction"
    ]
    obj = doc.model
    assert obj.theme is not None
    assert themes[obj.theme] == "Customer Experience Transformation"
    krs = {kr.id: kr for kr in obj.key_results}
    seen = {k: (kr.baseline, kr.target, kr.effective_direction, kr.unit) for k, kr in krs.items()}
    assert seen == {
        "nps": (58, 75, Direction.INCREASE, "points"),
        "response-time": (24, 4, Direction.DECREASE, "hours"),
        "churn": (8, 3, Direction.DECREASE, "%"),
    }


def test_example_shows_the_format_features() -> None:
    """The example is the format's tour: each feature the README points to is in it."""
    repo = load_repo(EXAMPLE)
    year, quarter = repo.cycles["2026"], repo.cycles["2026-q4"]
    assert year.cycle is not None and quarter.cycle is not None
    assert quarter.cycle.model.parent == "2026"
    assert (quarter.cycle.model.start, quarter.cycle.model.end) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    objectives = [d.model for d in quarter.objectives.values()]
    levels = {o.level or Level.COMPANY for o in objectives}
    assert levels == set(Level)
    # Quarterly company objectives align to the annual plan by `<cycle>/<id>` references.
    assert any(o.parent and o.parent.startswith("2026/") for o in objectives)
    krs = [kr for o in objectives for kr in o.key_results]
    milestones = [kr for kr in krs if kr.direction is Direction.MILESTONE]
    assert milestones
    assert all(isinstance(c.value, bool) for kr in milestones for c in kr.checkins or [])
    adjusted = [kr for kr in krs if kr.adjustments]
    assert adjusted
    for kr in adjusted:
        last = kr.adjustments[-1]
        assert getattr(kr, last.field) == last.to
    statuses = {i.status for kr in krs for i in kr.initiatives}
    assert {InitiativeStatus.DONE, InitiativeStatus.BLOCKED} <= statuses
    overdue = [
        i
        for kr in krs
        for i in kr.initiatives
        if i.due is not None
        and i.due < dt.date(2026, 11, 20)
        and i.status not in (InitiativeStatus.DONE, InitiativeStatus.DROPPED)
    ]
    assert overdue
    assert any(c.blockers for kr in krs for c in kr.checkins or [])
    per_perspective = dict.fromkeys(Perspective, 0)
    for kdoc in quarter.kpis.values():
        per_perspective[kdoc.model.perspective] += 1
    assert min(per_perspective.values()) >= 2


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(EXAMPLE).as_posix())
def test_modeline_points_at_the_matching_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"first line is not a yaml-language-server modeline: {first!r}"
    target = (path.parent / match.group(1)).resolve()
    assert target == SCHEMAS / f"{kind_of(path)}.schema.json"
    assert target.is_file()


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(EXAMPLE).as_posix())
def test_file_validates_against_its_json_schema(path: Path) -> None:
    """The committed schemas work in a third-party validator, as editors would use them."""
    schema = json.loads((SCHEMAS / f"{kind_of(path)}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_json_schema_rejects_a_broken_objective() -> None:
    """The check above can fail: a typo'd key, a quoted number and a bad date are caught."""
    schema = json.loads((SCHEMAS / "objective.schema.json").read_text(encoding="utf-8"))
    path = EXAMPLE / "cycles" / "2026-q4" / "objectives" / "customer-satisfaction-leader.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)
    data["titel"] = data.pop("title")
    data["key_results"][0]["target"] = "75"
    data["key_results"][1]["checkins"][0]["date"] = "2026-13-45"
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    found = {(tuple(e.absolute_path), e.message.split(" ")[0]) for e in validator.iter_errors(data)}
    assert found == {
        ((), "Additional"),  # Additional properties are not allowed ('titel' was unexpected)
        ((), "'title'"),  # 'title' is a required property
        (("key_results", 0, "target"), "'75'"),
        (("key_results", 1, "checkins"), "[{'date':"),
    }
