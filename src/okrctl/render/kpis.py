"""`okrctl kpis`: the Balanced Scorecard, one table per perspective."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from rich import box
from rich.table import Table

from okrctl.model.diagnostic import Diagnostic
from okrctl.render import jsonout
from okrctl.render.escape import markdown, markdown_code
from okrctl.render.formats import OutputFormat
from okrctl.render.jsondata import json_data
from okrctl.render.style import (
    SYMBOL,
    console_on,
    day,
    label,
    number,
    print_table,
    symbol_markup,
    text,
)
from okrctl.results.scores import CycleScore, KpiScore, Status

PERSPECTIVES = {
    "financial": "Financial",
    "customer": "Customer",
    "internal-process": "Internal Process",
    "learning-growth": "Learning & Growth",
}


def _by_perspective(kpis: Sequence[KpiScore]) -> list[tuple[str, list[KpiScore]]]:
    return [(name, [k for k in kpis if k.perspective == p]) for p, name in PERSPECTIVES.items()]


def _value(k: KpiScore) -> str:
    return f"{number(k.current)} / {number(k.target)}"


def summary_text(kpis: Sequence[KpiScore]) -> str:
    counts = {s: sum(k.status is s for k in kpis) for s in Status}
    quiet = (Status.NOT_STARTED, Status.DROPPED)  # shown only when some KPI has it
    parts = [f"{n} {SYMBOL[s]} {s.value}" for s, n in counts.items() if n or s not in quiet]
    stale = sum(k.stale for k in kpis)
    return f"{len(kpis)} KPI{'s' * (len(kpis) != 1)}: {', '.join(parts)} · {stale} stale"


def _table(kpis: Sequence[KpiScore]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("KPI", ratio=1, overflow="fold")
    table.add_column("Current / target", overflow="fold", max_width=24)
    table.add_column("Updated", width=10, no_wrap=True)
    table.add_column("Flags", width=5)
    for k in kpis:
        table.add_row(
            symbol_markup(k.status),
            f"{text(k.title)}\n[dim]{text(k.id)} · {text(k.frequency)}[/]",
            f"{_value(k)} {text(k.unit)}",
            day(k.last_checkin),
            "[red]stale[/]" if k.stale else "",
        )
    return table


def render_table(score: CycleScore, kpis: Sequence[KpiScore], out: TextIO) -> None:
    with console_on(out) as console:
        console.print(f"[bold]Balanced Scorecard · {text(score.name)}[/] ({text(score.cycle)})")
        console.print(f"as of {score.as_of}")
        for name, items in _by_perspective(kpis):
            console.print()
            console.print(f"[bold]{name}[/]")
            if items:
                print_table(console, _table(items))
            else:
                console.print("  [dim]no KPIs: a balanced scorecard covers all four[/]")
        console.print()
        console.print(summary_text(kpis))


def render_markdown(score: CycleScore, kpis: Sequence[KpiScore], out: TextIO) -> None:
    w = out.write
    w(f"# Balanced Scorecard: {markdown(score.name)}\n\n")
    w(f"Cycle {markdown_code(score.cycle)}, as of {score.as_of}.\n")
    for name, items in _by_perspective(kpis):
        w(f"\n## {name}\n\n")
        if not items:
            w("No KPIs.\n")
            continue
        w("| Status | KPI | Current / target | Unit | Updated | Stale |\n")
        w("|---|---|---:|---|---|---|\n")
        for k in items:
            w(
                f"| {label(k.status)} | {markdown(k.title)} ({markdown_code(k.id)}) | "
                f"{_value(k)} | "
                f"{markdown(k.unit)} | {day(k.last_checkin)} | {'stale' if k.stale else ''} |\n"
            )
    w(f"\n**Summary:** {summary_text(kpis)}\n")


def render_kpis(
    score: CycleScore,
    kpis: Sequence[KpiScore],
    fmt: OutputFormat,
    out: TextIO,
    *,
    errors: Sequence[Diagnostic] = (),
    root: Path = Path("."),
) -> None:
    """Write the scorecard; JSON carries the repo's errors under "errors"."""
    if fmt is OutputFormat.JSON:
        data = {
            **json_data(score),
            "perspectives": [
                {
                    "id": p,
                    "name": name,
                    "kpis": json_data([k for k in kpis if k.perspective == p]),
                }
                for p, name in PERSPECTIVES.items()
            ],
        }
        jsonout.dump(data, errors, root, out)
    elif fmt is OutputFormat.MARKDOWN:
        render_markdown(score, kpis, out)
    else:
        render_table(score, kpis, out)
