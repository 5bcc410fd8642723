"""`okrctl cycle list` as a text table, Markdown or JSON."""

from __future__ import annotations

from typing import TextIO

from okrctl.render import document as doc
from okrctl.render.document import Block, Fmt, MarkdownFmt, Para, table
from okrctl.render.escape import dump_json
from okrctl.render.jsondata import json_data
from okrctl.render.style import percent
from okrctl.results.reviews import CycleList, CycleRow


def _scope(r: CycleRow, f: Fmt) -> str:
    if r.scope is None:
        return "–"
    return r.scope if r.team is None else f"{r.scope}: {f.t(r.team)}"


def _blocks(listing: CycleList, f: Fmt) -> list[Block]:
    if not listing.rows:
        return [Para("No cycles yet: create one with `okrctl cycle new`.")]
    rows = []
    for r in listing.rows:
        if r.name is None:
            rows.append((f.code(r.id), "(cycle.yaml does not load)", "", "", "", "", ""))
            continue
        rows.append(
            (
                f.code(r.id),
                f.t(r.name),
                f"{r.start} to {r.end}",
                _scope(r, f),
                r.status or "–",
                percent(r.progress),
                percent(r.rollup),
            )
        )
    headers = ("Cycle", "Name", "Dates", "Scope", "Status", "Progress", "Aligned")
    return [
        table(headers, rows, (5, 6)),
        Para(
            f"Status on {listing.as_of}. Progress: the weighted mean of the cycle's objectives. "
            "Aligned: the mean progress of the objectives (e.g. a quarter's) aligned to the "
            "cycle's objectives."
        ),
    ]


def render_cycle_list(listing: CycleList, fmt: str, out: TextIO) -> None:
    """Write the cycle list as `text`, `markdown` or `json`."""
    if fmt == "json":
        dump_json(json_data(listing), out)
        return
    f = MarkdownFmt() if fmt == "markdown" else Fmt()
    doc.write(_blocks(listing, f), f, out)
