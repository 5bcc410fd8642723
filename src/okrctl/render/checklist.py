"""`okrctl checklist`: one line per check, ✓ or ✗ with the reason."""

from __future__ import annotations

import textwrap
from typing import TextIO

from okrctl.render.escape import dump_json, markdown, markdown_code, plain
from okrctl.render.jsondata import json_data
from okrctl.results.reviews import Checklist

WIDTH = 80


def render_checklist(result: Checklist, fmt: str, out: TextIO) -> None:
    """Write the checklist as `text`, `markdown` or `json`."""
    if fmt == "json":
        dump_json(json_data(result), out)
        return
    passed = sum(i.ok for i in result.items)
    summary = f"{passed} of {len(result.items)} checks pass"
    if fmt == "markdown":
        cycle = f" (cycle {markdown_code(result.cycle)})" if result.cycle else ""
        out.write(
            f"# Execution-completion checklist{cycle}\n\n| | Check | Reason |\n|---|---|---|\n"
        )
        for i in result.items:
            out.write(f"| {'✓' if i.ok else '✗'} | {i.label} | {markdown(i.reason)} |\n")
        out.write(f"\n{summary}.\n")
        return
    cycle = f" · cycle {plain(result.cycle)}" if result.cycle else ""
    out.write(f"Execution-completion checklist{cycle}\n")
    for i in result.items:
        line = f"{'✓' if i.ok else '✗'} {i.label}: {plain(i.reason)}"
        out.write(textwrap.fill(line, WIDTH, subsequent_indent="  ", break_on_hyphens=False) + "\n")
    out.write(f"{summary}\n")
