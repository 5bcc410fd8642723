"""`kind: csv`: a column of a CSV file in the repo or at a URL (e.g. a spreadsheet export)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from okrctl.measure.errors import FAILED, NO_VALUE, MeasureFailure
from okrctl.measure.sql import PARAMS
from okrctl.measure.values import Value, to_value
from okrctl.model.measure import Measure, Scalar

MAX_CSV_BYTES = 64 * 1024 * 1024


def read_file(root: Path, rel: str) -> str:
    """A CSV file of the repo; a path leaving the repo is refused."""
    base = root.resolve()
    path = (base / rel).resolve()
    if not path.is_relative_to(base):
        raise MeasureFailure(FAILED, f"{rel} is outside the repository")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise MeasureFailure(FAILED, f"cannot read {rel}: {exc.strerror or exc}") from None
    if len(data) > MAX_CSV_BYTES:
        raise MeasureFailure(FAILED, f"{rel} is larger than 64 MiB")
    return decode(data, rel)


def decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MeasureFailure(FAILED, f"{what} is not UTF-8 text") from None


def _same(cell: str, wanted: object) -> bool:
    if isinstance(wanted, dt.date):  # `where: {week: 2026-11-09}` reads as a date
        return cell.strip() == wanted.isoformat()
    if isinstance(wanted, bool):
        return cell.strip().lower() == str(wanted).lower()
    if isinstance(wanted, int | float):
        try:
            return float(cell) == float(wanted)
        except ValueError:
            return False
    return cell.strip() == str(wanted)


def _table(text: str) -> tuple[Sequence[str], list[dict[str, str]]]:
    """The CSV's header and rows."""
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header: Sequence[str] = reader.fieldnames or []
        return header, list(reader)
    except csv.Error as exc:
        raise MeasureFailure(FAILED, f"the CSV does not parse: {exc}") from None


def _aggregate(how: str, values: list[int | float]) -> Value:
    """`sum`, `mean`, `max` or `min` of the values."""
    if how == "sum":
        return sum(values)
    if how == "mean":
        return sum(values) / len(values)
    return max(values) if how == "max" else min(values)


def _numbers(rows: list[dict[str, str]], column: str) -> list[int | float]:
    """The column's values in `rows`, to aggregate."""
    values: list[int | float] = []
    for r in rows:
        v = to_value(r.get(column) or "")
        if isinstance(v, bool):  # pragma: no cover - text never reads as a boolean
            raise MeasureFailure(FAILED, "cannot aggregate booleans")
        values.append(v)
    return values


# `where: {day: ":as_of"}`: a whole value that names a parameter, as a sql query binds it.
_PARAMETER = re.compile(r":(\w+)")


def _bound(where: Mapping[str, Scalar], params: Mapping[str, dt.date]) -> dict[str, object]:
    """`where` with each `:as_of`, `:cycle_start` or `:cycle_end` replaced by its date (a
    cell matches it as it matches `2026-11-09`); any other `:name` is refused, as sql
    refuses a parameter it does not know. `params` has a date for each of `PARAMS`, as
    for a sql query (the runner's jobs always carry the three)."""
    out: dict[str, object] = {}
    for column, wanted in where.items():
        named = _PARAMETER.fullmatch(wanted) if isinstance(wanted, str) else None
        if named is not None:
            if named.group(1) not in PARAMS:
                known = ", ".join(f":{p}" for p in PARAMS)
                raise MeasureFailure(
                    FAILED, f"where: unknown parameter '{wanted}' (parameters: {known})"
                )
            wanted = params[named.group(1)]
        out[column] = wanted
    return out


def csv_value(text: str, measure: Measure, params: Mapping[str, dt.date]) -> Value:
    """The value `measure` selects: a row (`row`, `where`) or an `aggregate` of the column.
    `params` are the dates a `where` value may name (`:as_of`, `:cycle_start`, `:cycle_end`)."""
    header, rows = _table(text)
    column = measure.column or ""
    where = _bound(measure.where or {}, params)
    missing = [c for c in [column, *where] if c not in header]
    if missing:
        shown = ", ".join(f"'{c}'" for c in missing)
        raise MeasureFailure(FAILED, f"the CSV has no column {shown}")
    chosen = [r for r in rows if all(_same(r.get(k) or "", v) for k, v in where.items())]
    if measure.aggregate == "count":
        return len(chosen)
    if not chosen:
        raise MeasureFailure(NO_VALUE, "no row matches" if where else "the CSV has no rows")
    if measure.aggregate is not None:
        return _aggregate(measure.aggregate, _numbers(chosen, column))
    if measure.row is None and where and len(chosen) > 1:
        raise MeasureFailure(
            NO_VALUE, f"{len(chosen)} rows match; add `row: last` or narrow `where`"
        )
    row = chosen[0] if measure.row == "first" else chosen[-1]
    return to_value(row.get(column) or "")
