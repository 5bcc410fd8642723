"""`okrctl show`: one objective, key result or KPI in full."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from okrctl.model.diagnostic import Diagnostic
from okrctl.render import jsonout
from okrctl.render.formats import OutputFormat
from okrctl.render.jsondata import json_data
from okrctl.render.sparkline import sparkline
from okrctl.render.style import (
    bar_markup,
    console_on,
    day,
    fenced,
    number,
    percent,
    print_table,
    status_markup,
    symbol_markup,
    text,
)
from okrctl.results.scores import InitiativeScore, KeyResultScore, KpiScore, LinkView, Status
from okrctl.results.views import Detail, DetailKind, Point


def _fields(console: Console, rows: Sequence[tuple[str, str]]) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in rows:
        grid.add_row(name, value)
    console.print(grid)


def _head(console: Console, d: Detail, what: str, title: str) -> None:
    console.print(f"[bold]{what} {text(d.ref)}[/]")
    console.print(f"[bold]{text(title)}[/]")


def _status_line(status: Status, progress: float | None, d: Detail, final: float | None) -> str:
    if final is not None:  # recorded by `okrctl cycle close`: the cycle is over
        return (
            f"{status_markup(status)}  {bar_markup(final, status)}  "
            f"[dim](final score {number(final)}, recorded when {text(d.cycle_name)} closed; "
            f"progress {percent(progress)})[/]"
        )
    return (
        f"{status_markup(status)}  {bar_markup(progress, status)}  "
        f"[dim](expected {percent(d.expected)} on {d.as_of} in {text(d.cycle_name)})[/]"
    )


def _graded(k: KeyResultScore) -> str | None:
    """`graded 0.8 (computed 0.62): reason` for a hand-graded key result, else None."""
    if k.score_note is None or k.final_score is None:
        return None
    return (
        f"graded {number(k.final_score)} (computed {number(k.computed_score)}): "
        f"{text(k.score_note)}"
    )


def _links(console: Console, links: Sequence[LinkView]) -> None:
    """`title <url>`, plain: a terminal makes no link of it, and the text is escaped."""
    if not links:
        return
    console.print()
    console.print("[bold]Links[/]")
    for link in links:
        console.print(f"  {text(link.title)} <{text(link.url)}>")


def _aligned_to_kr(k: KeyResultScore) -> list[tuple[str, str]]:
    """The objectives aligned to a key result, as an objective shows its own (none: no row)."""
    if not k.children:
        return []
    n = len(k.children)
    return [
        (
            "Aligned to it",
            f"{n} objective{'s' * (n != 1)}, mean progress {percent(k.children_progress)}",
        )
    ]


def _path(k: KeyResultScore) -> str:
    unit = f" {text(k.unit)}" if k.unit else ""
    if k.direction == "milestone":
        return number(k.current)
    if k.direction in ("at-least", "at-most"):
        return f"{number(k.current)} ({k.direction} {number(k.target)}){unit}"
    return f"{number(k.baseline)} → {number(k.current)} → {number(k.target)}{unit}"


def _initiatives(console: Console, items: Sequence[InitiativeScore]) -> None:
    if not items:
        return
    console.print()
    console.print("[bold]Initiatives[/]")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in ("Initiative", "Owner", "Due", "Status", ""):
        table.add_column(name, overflow="fold")
    for i in items:
        pct = f" {number(i.progress)}%" if i.progress is not None else ""
        links = "".join(f"\n{text(k.title)} <{text(k.url)}>" for k in i.links)
        table.add_row(
            f"{text(i.title)}\n[dim]{text(i.id)}[/]{links}",
            text(i.who),
            day(i.due),
            f"{text(i.status)}{pct}",
            "[red]✗ overdue[/]" if i.overdue else "",
        )
    console.print(table)


_LOWER_IS_BETTER = ("decrease", "at-most")


def _series(points: Sequence[Point], metric: KeyResultScore | KpiScore) -> str:
    """The check-ins as a sparkline from baseline to target: improving always rises."""
    if not points:
        return "[dim]no check-ins[/]"
    spark = sparkline(
        [p.value for p in points],
        metric.baseline,
        metric.target,
        lower_is_better=metric.direction in _LOWER_IS_BETTER,
    )
    return f"{points[0].date} {spark} {points[-1].date} [dim]({len(points)})[/]"


def _checkins(console: Console, points: Sequence[Point], metric: KeyResultScore | KpiScore) -> None:
    unit = metric.unit
    console.print()
    console.print(f"[bold]Check-ins[/]  {_series(points, metric)}")
    if not points:
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column(f"Value ({text(unit)})" if unit else "Value", justify="right")
    table.add_column("Conf", justify="right")
    table.add_column("Note", overflow="fold")
    for p in points:
        conf = number(p.confidence) if p.confidence is not None else ""
        table.add_row(day(p.date), number(p.value), conf, text(p.note) if p.note else "")
    console.print(table)


def _objective(console: Console, d: Detail) -> None:
    o = d.objective
    assert o is not None
    _head(console, d, "Objective", o.title)
    console.print(_status_line(o.status, o.progress, d, o.final_score))
    aligned = "–"
    if o.children:
        n = len(o.children)
        aligned = f"{n} objective{'s' * (n != 1)}, mean progress {percent(o.children_progress)}"
    _fields(
        console,
        [
            ("Theme", text(o.theme_read)),
            ("Owner", text(o.who)),
            ("Contributors", text(", ".join(o.contributors_read)) if o.contributors else "–"),
            ("Level / team", f"{text(o.level)} / {text(o.team)}"),
            ("Aligns to", text(o.parent)),
            ("Aligned to it", aligned),
            ("Why", text(o.why)),
        ],
    )
    _links(console, o.links)
    console.print()
    console.print("[bold]Key results[/]")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("", width=1)
    table.add_column("Key result", ratio=1, overflow="fold")
    table.add_column("Base → now → target", ratio=1, overflow="fold")
    table.add_column("Prog", justify="right")
    table.add_column("Conf", justify="right")
    table.add_column("Flags")
    for k in o.key_results:
        flags = [f for f, on in (("stale", k.stale), ("overdue", _overdue(k))) if on]
        table.add_row(
            symbol_markup(k.status),
            f"{text(k.title)}\n[dim]{text(k.id)}[/]",
            _path(k),
            percent(k.progress),
            number(k.confidence) if k.confidence is not None else "–",
            "\n".join(flags),
        )
    print_table(console, table)
    for k in o.key_results:
        graded = _graded(k)
        if graded is not None:
            console.print(f"  {text(k.id)} {graded}")
    console.print("[bold]Check-ins[/]")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True)
    for k in o.key_results:
        grid.add_row(f"  {text(k.id)}", _series(d.points(k.id), k))
    console.print(grid)
    _initiatives(console, [i for k in o.key_results for i in k.initiatives])


def _overdue(k: KeyResultScore) -> bool:
    return any(i.overdue for i in k.initiatives)


def _key_result(console: Console, d: Detail) -> None:
    o, k = d.objective, d.key_result
    assert o is not None and k is not None
    _head(console, d, "Key result", k.title)
    console.print(_status_line(k.status, k.progress, d, k.final_score))
    graded = _graded(k)
    if graded is not None:
        console.print(graded)
    _fields(
        console,
        [
            ("Objective", f"{text(o.title)} [dim]({text(o.ref)})[/]"),
            ("Owner", text(k.who)),
            ("Direction", text(k.direction)),
            ("Baseline → current → target", _path(k)),
            ("Attainment", percent(k.attainment)),
            ("Confidence", number(k.confidence) if k.confidence is not None else "–"),
            ("Weight", number(k.weight)),
            ("Last check-in", day(k.last_checkin) + ("  [red]stale[/]" if k.stale else "")),
            *_aligned_to_kr(k),
        ],
    )
    _links(console, k.links)
    _initiatives(console, k.initiatives)
    _checkins(console, d.points(k.id), k)


def _kpi(console: Console, d: Detail) -> None:
    k = d.kpi
    assert k is not None
    _head(console, d, "KPI", k.title)
    console.print(status_markup(k.status))
    bands = "–"
    if k.thresholds:
        bands = f"green {number(k.thresholds[0])}, yellow {number(k.thresholds[1])}"
    _fields(
        console,
        [
            ("Perspective", text(k.perspective)),
            ("Owner", text(k.who)),
            ("Theme", text(k.theme_read)),
            ("Current / target", f"{number(k.current)} / {number(k.target)} {text(k.unit)}"),
            ("Baseline", number(k.baseline)),
            ("Direction", text(k.direction)),
            ("Thresholds", bands),
            ("Frequency", text(k.frequency)),
            ("Last check-in", day(k.last_checkin) + ("  [red]stale[/]" if k.stale else "")),
        ],
    )
    _links(console, k.links)
    _checkins(console, d.points(k.id), k)


def render_show(
    d: Detail,
    fmt: OutputFormat,
    out: TextIO,
    *,
    errors: Sequence[Diagnostic] = (),
    root: Path = Path("."),
) -> None:
    """Write the detail view; JSON carries the repo's errors under "errors"."""
    if fmt is OutputFormat.JSON:
        jsonout.dump(json_data(d), errors, root, out)
        return
    if fmt is OutputFormat.MARKDOWN:
        # The terminal view, plain, in a code block: tables of unequal rows read badly.
        buffer = io.StringIO()
        render_show(d, OutputFormat.TEXT, buffer)
        out.write(fenced(buffer.getvalue()))
        return
    with console_on(out) as console:
        if d.kind is DetailKind.KPI:
            _kpi(console, d)
        elif d.kind is DetailKind.KEY_RESULT:
            _key_result(console, d)
        else:
            _objective(console, d)
