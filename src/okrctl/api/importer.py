"""`okrctl import`: objectives and key results from a CSV in `okrctl export`'s columns.

Every file is planned, emitted with `cycle new`'s YAML writer and read back before the first
one is written; an objective file that exists already is never overwritten. The computed
columns (progress, status, ...) are not read; `current`, `last_checkin` and `confidence`
become the key result's one check-in, so exporting the imported cycle gives the same rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from okrctl.api.cycle_yaml import check_roundtrip, header, to_yaml
from okrctl.api.files import inside, locked, make_folder, write_atomic
from okrctl.edit.scalars import check_text, parse_bool, parse_confidence, parse_number
from okrctl.load.repo import StrategyRepo, load_repo
from okrctl.model import Diagnostic, KeyResult, Objective, layout
from okrctl.model.common import Direction
from okrctl.model.errors import OkrctlError
from okrctl.model.layout import ID_RE

REQUIRED = ("objective", "objective_title", "key_result", "title")
READ = (
    *REQUIRED,
    *("cycle", "theme", "owner", "unit", "direction", "baseline", "target"),
    *("current", "confidence", "last_checkin"),
)
# Written by `okrctl export` and computed again from the files: accepted, not read.
COMPUTED = (
    *("as_of", "theme_name", "progress", "attainment", "status", "stale"),
    *("cycle_status", "final_score"),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# One CSV row read: (its line, its cells, its key result's YAML data, its owner).
Row = tuple[int, dict[str, str], dict[str, Any], str | None]


@dataclass(frozen=True)
class ImportResult:
    cycle: str
    written: tuple[str, ...]  # repo paths
    findings: tuple[Diagnostic, ...]  # of `okrctl validate` in the new files


class ImportRowsError(OkrctlError):
    """Bad rows: every problem, by line, and nothing written."""


def _text(value: str) -> str:
    # `okrctl export` puts a ' before a text a spreadsheet would run as a formula.
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def _number(raw: str, what: str, milestone: bool) -> bool | int | float | None:
    if not raw.strip():
        return None
    return parse_bool(raw, what) if milestone else parse_number(raw, what)


def _date(raw: str) -> dt.date | None:
    if not raw.strip():
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise OkrctlError(f"last_checkin: expected a date YYYY-MM-DD, got '{raw[:40]}'") from None


def _key_result(row: dict[str, str]) -> tuple[dict[str, Any], str | None]:
    """The key result's YAML data (owner left out) and its owner."""
    for key, value in row.items():
        check_text(value, key)
    kr_id = row["key_result"].strip()
    if not ID_RE.match(kr_id):
        raise OkrctlError(f"key_result: '{kr_id[:40]}' is not an id (a-z, 0-9 and -)")
    direction = row.get("direction", "").strip() or None
    try:
        wanted = Direction(direction) if direction else None
    except ValueError:
        raise OkrctlError(
            f"direction must be one of {', '.join(d.value for d in Direction)}, "
            f"not '{direction[:40] if direction else ''}'"
        ) from None
    milestone = wanted is Direction.MILESTONE
    data: dict[str, Any] = {
        "id": kr_id,
        "title": _text(row["title"]).strip(),
        "unit": _text(row.get("unit", "")).strip() or None,
        "baseline": _number(row.get("baseline", ""), "baseline", milestone),
        "target": _number(row.get("target", ""), "target", milestone),
    }
    inferred = KeyResult.model_validate({k: v for k, v in data.items() if v is not None})
    if wanted is not None and inferred.effective_direction is not wanted:
        data["direction"] = wanted.value  # only when the numbers do not imply it
    on = _date(row.get("last_checkin", ""))
    current = _number(row.get("current", ""), "current", milestone)
    if on is not None and current is not None:
        checkin: dict[str, Any] = {"date": on, "value": current}
        if row.get("confidence", "").strip():
            checkin["confidence"] = parse_confidence(row["confidence"])
        data["checkins"] = [checkin]
    owner = row.get("owner", "").strip() or None
    return data, owner


def _objective(rows: list[Row]) -> Objective:
    first = rows[0][1]
    owners = Counter(owner for *_, owner in rows if owner)
    main = owners.most_common(1)[0][0] if owners else None
    krs = []
    for _, _, data, owner in rows:
        krs.append(data | ({"owner": owner} if owner and owner != main else {}))
    data = {
        "title": _text(first["objective_title"]).strip(),
        "theme": first.get("theme", "").strip() or None,
        "owner": main,
        "key_results": krs,
    }
    return Objective.model_validate({k: v for k, v in data.items() if v is not None})


def _header(fieldnames: Sequence[str] | None) -> list[str]:
    """The header's column names, stripped; raises unless it has export's columns once each."""
    columns = [c.strip() for c in fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    unknown = [c for c in columns if c not in READ and c not in COMPUTED]
    if missing or unknown or len(set(columns)) != len(columns):
        what = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(unknown)}"
        raise OkrctlError(
            f"line 1: the header needs the columns `okrctl export --format csv` writes "
            f"({what or 'a column twice'})"
        )
    return columns


def _numbered(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str | Any, Any]]]:
    """Each row with the line it starts on (a quoted cell may span lines)."""
    while True:
        line = reader.line_num + 1
        raw = next(reader, None)
        if raw is None:
            return
        yield line, raw


def _cell_count(raw: dict[str | Any, Any]) -> int | None:
    """How many cells a row has when that is not one per column, else None."""
    if None not in raw and all(v is not None for v in raw.values()):
        return None
    cells = sum(v is not None for k, v in raw.items() if k is not None)
    return cells + len(raw.get(None) or [])


def _row(line: int, row: dict[str, str]) -> tuple[str, Row]:
    """(objective id, the row with its key result's data and owner) of one row."""
    oid = row["objective"].strip()
    if not ID_RE.match(oid):
        raise OkrctlError(f"objective: '{oid[:40]}' is not an id (a-z, 0-9 and -)")
    data, owner = _key_result(row)
    return oid, (line, row, data, owner)


def read_rows(text: str, cycle: str | None) -> tuple[str | None, dict[str, list[Row]]]:
    """Rows grouped by objective id; every bad row raises at the end, all named by line."""
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    problems: list[str] = []
    groups: dict[str, list[Row]] = {}
    cycles: set[str] = set()
    try:
        columns = reader.fieldnames = _header(reader.fieldnames)
        for line, raw in _numbered(reader):
            cells = _cell_count(raw)
            if cells is not None:
                problems.append(f"line {line}: {cells} cells for {len(columns)} columns")
                continue
            row = {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}
            try:
                oid, parsed = _row(line, row)
            except OkrctlError as exc:
                problems.append(f"line {line}: {exc.message}")
            except ValidationError as exc:
                problems.append(f"line {line}: {_pydantic(exc)}")
            else:
                if row.get("cycle", "").strip():
                    cycles.add(row["cycle"].strip())
                groups.setdefault(oid, []).append(parsed)
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: not CSV: {exc}")
    if problems:
        raise ImportRowsError("\n".join(problems))
    if not groups:
        raise OkrctlError("no rows to import")
    if cycle is None and len(cycles) > 1:
        raise OkrctlError(f"rows of several cycles ({', '.join(sorted(cycles))}): use --cycle")
    return cycle or (cycles.pop() if cycles else None), groups


def _pydantic(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}: {str(error['msg']).removeprefix('Value error, ')}"


def plan_import(repo: StrategyRepo, text: str, cycle: str | None) -> tuple[str, dict[str, str]]:
    """The cycle and every new file's text, each read back; nothing is written."""
    cycle_id, groups = read_rows(text, cycle)
    if cycle_id is None:
        raise OkrctlError("the rows name no cycle: use --cycle ID")
    if cycle_id not in repo.cycles or repo.cycles[cycle_id].cycle is None:
        raise OkrctlError(
            f"no cycle '{cycle_id}' (create it first: okrctl cycle new {cycle_id} ...)"
        )
    existing = repo.cycles[cycle_id].objectives
    problems = []
    files: dict[str, str] = {}
    for oid, rows in groups.items():
        rel = layout.objective_file(cycle_id, oid)
        lines = ", ".join(str(r[0]) for r in rows)
        if oid in existing or (repo.root / rel).exists():
            problems.append(f"line {rows[0][0]}: {rel} exists: import never overwrites")
            continue
        ids = Counter(r[2]["id"] for r in rows)
        twice = [i for i, n in ids.items() if n > 1]
        if twice:
            problems.append(f"lines {lines}: key result '{twice[0]}' of {oid} twice")
            continue
        titles = {(r[1]["objective_title"], r[1].get("theme", "")) for r in rows}
        if len(titles) > 1:
            problems.append(f"lines {lines}: objective {oid} with different titles or themes")
            continue
        try:
            obj = _objective(rows)
        except ValidationError as exc:
            problems.append(f"lines {lines}: {_pydantic(exc)}")
            continue
        data = obj.model_dump(mode="python", by_alias=True, exclude_defaults=True)
        ordered = {"title": data.pop("title"), **data}
        new = to_yaml(ordered, header(repo, "objective", rel, "Created by `okrctl import`."))
        check_roundtrip(rel, new, obj)
        files[rel] = new
    if problems:
        raise ImportRowsError("\n".join(problems))
    return cycle_id, files


def import_csv(root: Path, text: str, cycle: str | None, today: dt.date) -> ImportResult:
    """Plan every file, then write them (none if any exists by then); report the findings
    `okrctl validate` has in the new files."""
    from okrctl.api.validate import check_repo

    cycle_id, files = plan_import(load_repo(root), text, cycle)
    folder = root / layout.objectives_dir(cycle_id)
    make_folder(folder, root)
    with locked([folder]):
        for rel in files:
            inside(root, root / rel)
            if (root / rel).exists():  # made meanwhile by someone else
                raise OkrctlError(f"{rel} exists: import never overwrites; nothing was written")
        for rel, new in files.items():
            write_atomic(root / rel, new, root=root)
    found = check_repo(load_repo(root), today)
    mine = tuple(d for d in found if d.file in files)
    return ImportResult(cycle_id, tuple(sorted(files)), mine)
