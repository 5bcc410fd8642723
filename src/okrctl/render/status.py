"""`okrctl status`: the OKR Control Center as a terminal table, Markdown or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from okrctl.model.diagnostic import Diagnostic
from okrctl.render import jsonout
from okrctl.render.escape import markdown, markdown_code
from okrctl.render.formats import OutputFormat
from okrctl.render.jsondata import json_data
from okrctl.results.scores import CycleScore, ObjectiveScore, Status

# Rich and the terminal styles are imported by the text and Markdown renderers only: JSON
# needs neither (about 0.03 s of a warm status on 1,000 objectives).
if TYPE_CHECKING:
    from rich.table import Table


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def summary_text(objectives: Sequence[ObjectiveScore]) -> str:
    """'9 objectives: 4 ✓ green, 3 ! yellow, 2 ✗ red · 5 stale check-ins · 1 overdue ...'."""
    from okrctl.render.style import SYMBOL

    counts = jsonout.summary(objectives)
    parts = [
        f"{counts[s.value]} {SYMBOL[s]} {s.value}"
        for s in Status
        if counts[s.value] or s not in (Status.NOT_STARTED, Status.DROPPED)
    ]
    head = _plural(counts["objectives"], "objective")
    return (
        f"{head}: {', '.join(parts)} · {_plural(counts['stale'], 'stale check-in')} · "
        f"{_plural(counts['overdue'], 'overdue initiative')}"
    )


def scored(score: CycleScore, progress: float | None, final: float | None) -> float | None:
    """What a closed cycle shows: the final score recorded at closing, else the progress."""
    return final if score.closed and final is not None else progress


def timing_text(score: CycleScore) -> str:
    from okrctl.render.style import percent

    if score.closed:
        return f"as of {score.as_of} · closed: the final scores recorded by `okrctl cycle close`"
    if not score.started:
        return f"as of {score.as_of}: not started (starts {score.start})"
    span = (score.end - score.start).days
    elapsed = min(max((score.as_of - score.start).days, 0), span)
    return (
        f"as of {score.as_of} · day {elapsed} of {span} · "
        f"expected progress {percent(score.expected)}"
    )


def _flags(o: ObjectiveScore) -> list[str]:
    flags = []
    if o.stale_count:
        flags.append(f"{o.stale_count} stale")
    if o.overdue_count:
        flags.append(f"{o.overdue_count} overdue")
    return flags


def _objective_table() -> Table:
    from rich import box
    from rich.table import Table

    # Fixed widths keep the columns of every theme's table aligned.
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("Objective", ratio=1, overflow="fold")
    table.add_column("Owner", width=16, overflow="fold")  # a person's name, not an id
    table.add_column("Progress", width=15, no_wrap=True)
    table.add_column("KRs", justify="right", width=3)
    table.add_column("Flags", width=9)
    return table


def render_table(score: CycleScore, filtered: bool, out: TextIO) -> None:
    from okrctl.render.style import (
        bar_markup,
        console_on,
        print_table,
        status_markup,
        symbol_markup,
        text,
    )

    shown = score.objectives()
    with console_on(out) as console:
        console.print(f"[bold]OKR Control Center · {text(score.name)}[/] ({text(score.cycle)})")
        console.print(timing_text(score))
        for theme in score.themes:
            console.print()
            console.print(
                f"[bold]{text(theme.name)}[/]  "
                f"{bar_markup(scored(score, theme.progress, theme.final_score), theme.status)}  "
                f"{status_markup(theme.status)}"
            )
            if not theme.objectives:
                console.print("  [dim]no objectives[/]")
                continue
            table = _objective_table()
            for o in theme.objectives:
                table.add_row(
                    symbol_markup(o.status),
                    f"{text(o.title)}\n[dim]{text(o.id)}[/]",
                    text(o.who),
                    bar_markup(scored(score, o.progress, o.final_score), o.status),
                    str(len(o.key_results)),
                    "\n".join(_flags(o)),
                )
            print_table(console, table)
        console.print()
        if not shown:
            console.print("No objectives match the filters." if filtered else "No objectives.")
        objectives, _, rest = summary_text(shown).partition(" · ")
        console.print(objectives)
        console.print(rest)


def render_markdown(score: CycleScore, out: TextIO) -> None:
    from okrctl.render.style import label, percent

    w = out.write
    w(f"# OKR Control Center: {markdown(score.name)}\n\n")
    w(f"Cycle {markdown_code(score.cycle)} ({score.start} to {score.end}), {timing_text(score)}.\n")
    for theme in score.themes:
        w(
            f"\n## {markdown(theme.name)}: "
            f"{percent(scored(score, theme.progress, theme.final_score))} {label(theme.status)}\n\n"
        )
        if not theme.objectives:
            w("No objectives.\n")
            continue
        w("| Status | Objective | Owner | Progress | KRs | Flags |\n")
        w("|---|---|---|---:|---:|---|\n")
        for o in theme.objectives:
            owner = markdown(o.who) if o.who else "–"
            w(
                f"| {label(o.status)} | {markdown(o.title)} ({markdown_code(o.id)}) | {owner} | "
                f"{percent(scored(score, o.progress, o.final_score))} | "
                f"{len(o.key_results)} | {', '.join(_flags(o))} |\n"
            )
    w(f"\n**Summary:** {summary_text(score.objectives())}\n")


def render_status(
    score: CycleScore,
    fmt: OutputFormat,
    out: TextIO,
    *,
    filtered: bool = False,
    errors: Sequence[Diagnostic] = (),
    root: Path = Path("."),
) -> None:
    """Write the control center; JSON carries the repo's errors under "errors"."""
    if fmt is OutputFormat.JSON:
        data = {
            **json_data(score),
            "summary": jsonout.summary(score.objectives()),
            "themes": json_data(score.themes),
        }
        jsonout.dump(data, errors, root, out)
    elif fmt is OutputFormat.MARKDOWN:
        render_markdown(score, out)
    else:
        render_table(score, filtered, out)
