"""Shared look of the scoring views: a Rich console, status symbols, bars and numbers.

Status is always shown as a symbol and a word as well as a colour, so it survives
monochrome terminals, NO_COLOR and colour-blindness.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from okrctl.render.escape import rich_markup
from okrctl.render.marks import SYMBOL as SYMBOL
from okrctl.render.marks import percent as percent
from okrctl.results.scores import Status, Value

PIPED_WIDTH = 80  # not a terminal and no COLUMNS: stable snapshots and CI logs
NARROW = 60  # below this a table becomes one block per row (see print_table)
COLOR = {
    Status.GREEN: "green",
    Status.YELLOW: "yellow",
    Status.RED: "red",
    Status.NOT_STARTED: "dim",
    Status.DROPPED: "dim",
}
BAR_WIDTH = 10


@contextmanager
def console_on(out: TextIO) -> Iterator[Console]:
    """A console whose output reaches `out` when the block ends, without trailing blanks.

    ANSI codes only on a terminal, none with NO_COLOR. The width is the terminal's (or
    COLUMNS); piped output without COLUMNS is 80 wide. Emoji codes and highlighting are off:
    text from YAML is shown as written.
    """
    probe = Console(file=out)  # Rich reads COLUMNS, then the terminal, else 80
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(probe.width, 20),
        force_terminal=probe.is_terminal,
        color_system=probe.color_system,  # type: ignore[arg-type]
        no_color=probe.no_color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    yield console
    out.write("\n".join(line.rstrip() for line in buffer.getvalue().split("\n")))


def print_table(console: Console, table: Table) -> None:
    """`table`, or below NARROW columns one block per row: the status symbol, then the first
    column and `Header: value` for every other non-empty cell, indented under it. A narrow
    terminal so wraps between words and loses no column (a grid would squeeze one away)."""
    if console.width >= NARROW:
        if not _print_plain(console, table):
            console.print(table)
        return
    columns = list(table.columns)
    cells = [[str(c) for c in column.cells] for column in columns]
    lead = 1 if len(columns) > 1 and not columns[0].header and (columns[0].width or 0) <= 2 else 0
    for row in range(table.row_count):
        if row:
            console.print()
        lines = [cells[lead][row]]
        for i in range(lead + 1, len(columns)):
            value = cells[i][row].strip()
            if value:
                name = str(columns[i].header).replace("\n", " ")
                lines.append(f"[dim]{name}:[/] " + value.replace("\n", ", "))
        block = Table.grid(padding=(0, 1))
        if lead:
            block.add_column(width=1, no_wrap=True)
        block.add_column(ratio=1)
        body = Text.from_markup("\n".join(lines))
        block.add_row(*((cells[0][row], body) if lead else (body,)))
        console.print(block)


def _print_plain(console: Console, table: Table) -> bool:
    """Write `table` as Rich would without colour, line by line, for the one layout the
    views use (SIMPLE_HEAD, no edges, fixed widths and one ratio column); False (nothing
    written) for anything else. Rich's full layout engine took 2.4 s for 10,000 rows; most
    cells fit their column, and only those that do not go through Rich's wrapping."""
    widths = _plain_widths(console, table)
    if widths is None:
        return False
    columns = table.columns
    out = _row_lines(console, [str(c.header) for c in columns], columns, widths, header=True)
    out.append("─" * (sum(widths) + 3 * (len(columns) - 1)))
    for r in range(table.row_count):
        row = [str(c._cells[r]) for c in columns]
        out += _row_lines(console, row, columns, widths, header=False)
    console.file.write("\n".join(out) + "\n")
    return True


def _plain_widths(console: Console, table: Table) -> list[int] | None:
    """The columns' widths as Rich sets them (the ratio column takes the rest), or None
    for a layout `_print_plain` does not know."""
    columns = table.columns
    flexible = [c for c in columns if c.ratio]
    if not _plain_layout(console, table) or len(flexible) != 1:
        return None
    gaps = 3 * (len(columns) - 1)  # right padding, the divider and the next left padding
    rest = console.width - gaps - sum(c.width or 0 for c in columns if not c.ratio)
    if rest < max(flexible[0].width or 1, 1):
        return None  # Rich would squeeze the fixed columns
    return [rest if c.ratio else c.width or 0 for c in columns]


def _row_lines(
    console: Console, row: list[str], columns: list[Column], widths: list[int], header: bool
) -> list[str]:
    cells = [
        _cell_lines(console, cell, column, width)
        for cell, column, width in zip(row, columns, widths, strict=True)
    ]
    height = max(len(lines) for lines in cells)
    # Rich sets the headers on the bottom line, the cells on the top one.
    cells = [
        [" " * w] * (height - len(lines)) + lines
        if header
        else lines + [" " * w] * (height - len(lines))
        for lines, w in zip(cells, widths, strict=True)
    ]
    return ["   ".join(lines[i] for lines in cells) for i in range(height)]


def _plain_layout(console: Console, table: Table) -> bool:
    """Whether `_print_plain` knows the layout: no colour, the views' SIMPLE_HEAD without
    edges, titles, lines or footers, default padding, text cells, widths set (but the ratio
    column's), left or right justified."""
    unknown = (
        console.color_system is not None,
        table.box is not box.SIMPLE_HEAD,
        table.show_edge,
        table.pad_edge,
        not table.show_header,
        table.show_footer,
        table.show_lines,
        table.leading,
        table.title,
        table.caption,
        table.padding != (0, 1, 0, 1),
    )
    return not any(unknown) and all(_plain_column(c) for c in table.columns)


# Control characters that are white space (a vertical tab, a form feed, U+2028...): Rich's
# Text drops some of them and splits on none, so a cell holding one goes to Rich. (The views'
# text() makes them visible first; tabs and Unicode spaces are laid out line by line.)
_CONTROL_SPACE = re.compile("[\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")


def _plain_column(column: Column) -> bool:
    sized = column.width is not None or bool(column.ratio)
    cells = all(isinstance(cell, str) and not _CONTROL_SPACE.search(cell) for cell in column._cells)
    return sized and column.justify in ("left", "right") and cells


def _cell_lines(console: Console, cell: str, column: Column, width: int) -> list[str]:
    """A cell's lines, each `width` cells wide, as Rich's wrap and justify make them."""
    plain = Text.from_markup(cell, emoji=False).plain if "[" in cell else cell
    lines = plain.split("\n")
    # Rich expands tabs (to its 8-column stops) only while wrapping: a tab goes through it.
    if "\t" in plain or any(cell_len(line) > width for line in lines):
        text = Text(plain)
        wrapped = text.wrap(
            console, width, justify=column.justify, overflow=column.overflow, no_wrap=column.no_wrap
        )
        lines = [line.plain for line in wrapped]
    elif not column.no_wrap:
        lines = [_crop_end(line, width) for line in lines]
    right = column.justify == "right"
    out = []
    for line in lines:
        # Right-justified, Rich strips all trailing white space; left-justified, it keeps
        # it (U+00A0 and U+3000 show as cells) and pads with spaces.
        line = line.rstrip() if right else line.rstrip(" ")
        pad = " " * max(width - cell_len(line), 0)
        out.append(pad + line if right else line + pad)
    return out


def _crop_end(line: str, width: int) -> str:
    """Rich's `Text.rstrip_end`: trailing white space past `width` characters (not cells:
    a combining accent counts) is cut, as much of it as the line is too long."""
    excess = len(line) - width
    if excess <= 0:
        return line
    spaces = len(line) - len(line.rstrip())
    return line[: len(line) - min(spaces, excess)]


def label(status: Status | None) -> str:
    """'✓ green' etc.; '–' when there is no status."""
    if status is None:
        return "–"
    return f"{SYMBOL[status]} {status.value}"


def status_markup(status: Status | None) -> str:
    if status is None:
        return "[dim]–[/]"
    return f"[{COLOR[status]}]{label(status)}[/]"


def symbol_markup(status: Status | None) -> str:
    if status is None:
        return "[dim]–[/]"
    return f"[{COLOR[status]}]{SYMBOL[status]}[/]"


def bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    """A progress bar of block characters, e.g. '██████░░░░'."""
    if fraction is None:
        return "·" * width
    full = round(min(1.0, max(0.0, fraction)) * width)
    return "█" * full + "░" * (width - full)


def bar_markup(fraction: float | None, status: Status | None, width: int = BAR_WIDTH) -> str:
    color = COLOR[status] if status is not None else "dim"
    return f"[{color}]{bar(fraction, width)}[/] {percent(fraction):>4}"


def number(value: Value | None) -> str:
    """A metric value as people write it: 75, 0.5, 99.95, done / not done."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "done" if value else "not done"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "–"


def text(value: str | None) -> str:
    """YAML text made safe for Rich markup ('–' when missing)."""
    return "–" if value is None else rich_markup(value)


def fenced(body: str) -> str:
    """`body` as a Markdown code block whose fence no run of backticks inside can close."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{body.rstrip()}\n{fence}\n"
