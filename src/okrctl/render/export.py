"""`okrctl export`: one row per key result, as CSV for spreadsheets or JSON for tools.

CSV cells holding text from YAML that start with `=`, `+`, `-`, `@`, a tab or a carriage
return get a leading `'`, so that a spreadsheet shows them as text instead of running them
as a formula (CSV/formula injection), and their line breaks, control and invisible characters
are made visible (`\\n`, `\\x1b`, `\\u200b`) as in terminal output, since a CSV file is often
looked at with `cat` or in a CI log. Numbers are written as numbers and never changed; a
non-finite one is an empty cell, never `nan`. JSON keeps every value exact.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, TextIO

from okrctl.render.escape import dump_json, finite, plain
from okrctl.render.formats import OutputFormat

if TYPE_CHECKING:
    from okrctl.results.scores import CycleScore

COLUMNS = (
    "cycle",
    "as_of",
    "theme",
    "theme_name",
    "objective",
    "objective_title",
    "key_result",
    "title",
    "owner",
    "unit",
    "direction",
    "baseline",
    "current",
    "target",
    "progress",
    "attainment",
    "status",
    "stale",
    "confidence",
    "last_checkin",
    "cycle_status",
    "final_score",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | None


def rows(score: CycleScore) -> list[dict[str, Cell]]:
    """One dict per key result, theme by theme, keyed by COLUMNS."""
    out: list[dict[str, Cell]] = []
    for theme in score.themes:
        for obj in theme.objectives:
            for kr in obj.key_results:
                out.append(
                    {
                        "cycle": score.cycle,
                        "as_of": score.as_of.isoformat(),
                        "theme": obj.theme,
                        "theme_name": theme.name if obj.theme else None,
                        "objective": obj.id,
                        "objective_title": obj.title,
                        "key_result": kr.id,
                        "title": kr.title,
                        "owner": kr.owner,
                        "unit": kr.unit,
                        "direction": kr.direction,
                        "baseline": kr.baseline,
                        "current": kr.current,
                        "target": kr.target,
                        "progress": round(kr.progress, 4),
                        "attainment": None if kr.attainment is None else round(kr.attainment, 4),
                        "status": kr.status.value,
                        "stale": kr.stale,
                        "confidence": kr.confidence,
                        "last_checkin": kr.last_checkin.isoformat() if kr.last_checkin else None,
                        "cycle_status": score.state,
                        "final_score": kr.final_score,
                    }
                )
    return out


def csv_cell(value: Cell) -> str:
    """A CSV cell: empty for none, true/false, numbers as written, text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = finite(value)  # a spreadsheet would read 'nan' or 'inf' as text
        return "" if number is None else repr(number)
    value = plain(value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render_export(score: CycleScore, fmt: OutputFormat, out: TextIO) -> int:
    """Write the rows to `out`; return how many."""
    data = rows(score)
    if fmt is OutputFormat.JSON:
        dump_json(data, out)
        return len(data)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([csv_cell(row[c]) for c in COLUMNS])
    return len(data)
