"""Builders of small strategy repos on disk for the scoring and control-center tests.

(Named test_* so that it sits with the tests it serves; it holds no tests itself.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG: dict[str, Any] = {
    "organization": "Acme",
    "themes": [
        {"id": "growth", "name": "Growth"},
        {"id": "customer", "name": "Customer Experience"},
    ],
    "people": [
        {"id": "ana", "name": "Ana", "team": "sales"},
        {"id": "bo", "name": "Bo", "team": "support"},
        {"id": "cy", "name": "Cy", "team": "platform"},
        {"id": "dee", "name": "Dee", "team": "exec"},
    ],
    "teams": [
        {"id": "exec", "name": "Executive"},
        {"id": "sales", "name": "Sales", "parent": "exec"},
        {"id": "support", "name": "Support", "parent": "exec"},
        {"id": "platform", "name": "Platform", "parent": "support"},
    ],
}

Q4 = {"name": "2026 Q4", "start": "2026-10-01", "end": "2026-12-31"}


def kr(
    ident: str,
    baseline: float | None = 0,
    target: float | None = 100,
    checkins: list[tuple[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A key result; check-ins as (date, value) pairs."""
    out: dict[str, Any] = {"id": ident, "title": f"KR {ident}", "unit": "points"}
    if baseline is not None:
        out["baseline"] = baseline
    if target is not None:
        out["target"] = target
    if checkins is not None:
        out["checkins"] = [{"date": d, "value": v} for d, v in checkins]
    out.update(extra)
    return out


def objective(
    title: str,
    key_results: list[dict[str, Any]],
    theme: str = "growth",
    owner: str = "ana",
    **extra: Any,
) -> dict[str, Any]:
    return {"title": title, "theme": theme, "owner": owner, "key_results": key_results, **extra}


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def make_repo(
    root: Path,
    cycles: dict[str, dict[str, Any]] | None = None,
    objectives: dict[str, dict[str, dict[str, Any]]] | None = None,
    kpis: dict[str, dict[str, dict[str, Any]]] | None = None,
    config: dict[str, Any] | None = None,
) -> Path:
    """Write okrctl.yaml, cycles/<id>/cycle.yaml, objectives/*.yaml and kpis/*.yaml."""
    write_yaml(root / "okrctl.yaml", config if config is not None else DEFAULT_CONFIG)
    for cycle_id, cycle in (cycles if cycles is not None else {"2026-q4": Q4}).items():
        write_yaml(root / "cycles" / cycle_id / "cycle.yaml", cycle)
    for cycle_id, objs in (objectives or {}).items():
        for ident, obj in objs.items():
            write_yaml(root / "cycles" / cycle_id / "objectives" / f"{ident}.yaml", obj)
    for cycle_id, items in (kpis or {}).items():
        for ident, kpi in items.items():
            write_yaml(root / "cycles" / cycle_id / "kpis" / f"{ident}.yaml", kpi)
    return root
