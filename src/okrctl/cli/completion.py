"""Dynamic shell completion: cycle ids, objective / key result / KPI refs and owners.

Completers run on every TAB, so they read only what they need (folder names, and the one
YAML file asked about) through the safe parser, and never raise: any problem means no
suggestions. Imports are inside functions to keep `import okrctl.cli.app` fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

Suggestion = tuple[str, str]  # (value, help)


def _root(ctx: Any) -> Path | None:
    """The strategy repo: -C of the command or of `okrctl`, else found upwards."""
    from okrctl.load.repo import find_root

    while ctx is not None:
        given = ctx.params.get("repo") if ctx.params else None
        if given:
            path = Path(given)
            return path if (path / "okrctl.yaml").is_file() else None
        ctx = ctx.parent
    try:
        return find_root(Path.cwd())
    except Exception:
        return None


def _yaml(path: Path) -> Any:
    from okrctl.load.yamlsafe import MAX_FILE_BYTES, decode, parse

    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        return None
    text, _ = decode(data)
    return parse(text)[0] if text is not None else None


def _ids(folder: Path) -> list[str]:
    from okrctl.model.layout import ID_RE

    if not folder.is_dir():
        return []
    return sorted(
        p.name[:-5]
        for p in folder.iterdir()
        if p.name.endswith(".yaml") and ID_RE.match(p.name[:-5])
    )


def _cycles(root: Path) -> list[str]:
    from okrctl.model.layout import ID_RE

    folder = root / "cycles"
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if ID_RE.match(p.name) and (p / "cycle.yaml").is_file()
    )


def _title(data: Any, key: str = "title") -> str:
    """A short help text from YAML: one line, at most 60 characters, escapes made visible."""
    from okrctl.render.escape import plain

    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.strip():
        return ""
    line = plain(value.strip().splitlines()[0])
    return line if len(line) <= 60 else line[:59] + "…"


def _cycle_of(ctx: Any) -> str | None:
    while ctx is not None:
        value = ctx.params.get("cycle") if ctx.params else None
        if isinstance(value, str) and value:
            return value
        ctx = ctx.parent
    return None


def _safely(fn: Any, ctx: typer.Context | None, incomplete: str) -> list[Suggestion]:
    try:
        found: list[Suggestion] = fn(ctx, incomplete)
    except Exception:
        return []
    return [(value, help) for value, help in found if value.startswith(incomplete)]


def _cycle_suggestions(ctx: typer.Context | None, incomplete: str) -> list[Suggestion]:
    root = _root(ctx)
    if root is None:
        return []
    return [
        (c, _title(_yaml(root / "cycles" / c / "cycle.yaml"), "name"))
        for c in _cycles(root)
        if c.startswith(incomplete)
    ]


def _objective_suggestions(
    ctx: typer.Context | None, incomplete: str, with_krs: bool, with_kpis: bool
) -> list[Suggestion]:
    root = _root(ctx)
    if root is None:
        return []
    cycles = _cycles(root)
    home = _cycle_of(ctx)
    searched = [home] if home in cycles else cycles  # --cycle, else every cycle
    first, *rest = incomplete.split("/")
    if not rest:
        return _short_refs(root, searched, cycles, with_kpis)
    if first in cycles and len(rest) == 1:
        return _refs_in_cycle(root, first, with_kpis)
    if not with_krs:
        return []
    # `<objective>/<kr>` (cycle from --cycle, else any) or `<cycle>/<objective>/<kr>`.
    if first in cycles and len(rest) == 2:
        return _key_result_refs(root, [(first, rest[0])], f"{first}/{rest[0]}")
    return _key_result_refs(root, [(c, first) for c in searched], first)


def _short_refs(
    root: Path, searched: list[str], cycles: list[str], with_kpis: bool
) -> list[Suggestion]:
    """A short ref in the cycles searched, or the start of `<cycle>/`."""
    out: list[Suggestion] = []
    for c in searched:
        out += [(o, "objective") for o in _ids(root / "cycles" / c / "objectives")]
        if with_kpis:
            out += [(k, "KPI") for k in _ids(root / "cycles" / c / "kpis")]
    out += [(f"{c}/", "cycle") for c in cycles]
    return sorted(set(out))


def _refs_in_cycle(root: Path, cycle: str, with_kpis: bool) -> list[Suggestion]:
    """`<cycle>/<objective>` (and `<cycle>/<kpi>`)."""
    base = root / "cycles" / cycle
    out = [(f"{cycle}/{o}", "objective") for o in _ids(base / "objectives")]
    if with_kpis:
        out += [(f"{cycle}/{k}", "KPI") for k in _ids(base / "kpis")]
    return out


def _key_result_refs(root: Path, places: list[tuple[str, str]], prefix: str) -> list[Suggestion]:
    """`<prefix>/<kr>` from the first of the (cycle, objective) places that has a file."""
    for cycle, objective in places:
        path = root / "cycles" / cycle / "objectives" / f"{objective}.yaml"
        if path.is_file():
            data = _yaml(path)
            krs = data.get("key_results") if isinstance(data, dict) else None
            return [
                (f"{prefix}/{kr['id']}", _title(kr))
                for kr in (krs if isinstance(krs, list) else ())
                if isinstance(kr, dict) and isinstance(kr.get("id"), str)
            ]
    return []


def complete_cycle(ctx: typer.Context, incomplete: str) -> list[Suggestion]:
    """Cycle ids, with the cycle's name as help."""
    return _safely(_cycle_suggestions, ctx, incomplete)


def complete_objective(ctx: typer.Context, incomplete: str) -> list[Suggestion]:
    """Objective refs: `objective` or `cycle/objective`."""
    return _safely(
        lambda c, i: _objective_suggestions(c, i, with_krs=False, with_kpis=False),
        ctx,
        incomplete,
    )


def complete_key_result(ctx: typer.Context, incomplete: str) -> list[Suggestion]:
    """Objective and key result refs: `objective[/kr]`, `cycle/objective[/kr]`."""
    return _safely(
        lambda c, i: _objective_suggestions(c, i, with_krs=True, with_kpis=False),
        ctx,
        incomplete,
    )


def complete_ref(ctx: typer.Context, incomplete: str) -> list[Suggestion]:
    """Any ref `okrctl show` takes: objectives, key results and KPIs."""
    return _safely(
        lambda c, i: _objective_suggestions(c, i, with_krs=True, with_kpis=True),
        ctx,
        incomplete,
    )


def complete_kpi(ctx: typer.Context, incomplete: str) -> list[Suggestion]:
    """KPI refs: `kpi` or `cycle/kpi`."""

    def kpis(c: typer.Context | None, i: str) -> list[Suggestion]:
        return [
            s
            for s in _objective_suggestions(c, i, with_krs=False, with_kpis=True)
            if s[1] != "objective"
        ]

    return _safely(kpis, ctx, incomplete)


def _owner_suggestions(ctx: typer.Context | None, incomplete: str) -> list[Suggestion]:
    root = _root(ctx)
    data = _yaml(root / "okrctl.yaml") if root else None
    people = data.get("people") if isinstance(data, dict) else None
    out = []
    for person in people or ():
        if isinstance(person, dict) and isinstance(person.get("id"), str):
            out.append((person["id"], _title(person, "name")))
    return out


def complete_owner(ctx: typer.Context, incomplete: str) -> list[Suggestion]:
    """People ids of okrctl.yaml, with their names as help."""
    return _safely(_owner_suggestions, ctx, incomplete)


def _listed(key: str) -> Any:
    """Entries `{id, name}` of a list in okrctl.yaml (teams, themes), as suggestions."""

    def suggestions(ctx: typer.Context | None, incomplete: str) -> list[Suggestion]:
        root = _root(ctx)
        data = _yaml(root / "okrctl.yaml") if root else None
        entries = data.get(key) if isinstance(data, dict) else None
        return [
            (entry["id"], _title(entry, "name"))
            for entry in (entries if isinstance(entries, list) else ())
            if isinstance(entry, dict) and isinstance(entry.get("id"), str)
        ]

    return suggestions


def complete_team(ctx: typer.Context, incomplete: str) -> list[Suggestion]:
    """Team ids of okrctl.yaml, with their names as help."""
    return _safely(_listed("teams"), ctx, incomplete)


def complete_theme(ctx: typer.Context, incomplete: str) -> list[Suggestion]:
    """Theme ids of okrctl.yaml, with their names as help."""
    return _safely(_listed("themes"), ctx, incomplete)
