"""The views' tables written without Rich's layout engine read exactly as Rich writes them."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich import box
from rich.table import Table

from okrctl.render import style
from okrctl.render.style import console_on, print_table, text

WORDS = st.sampled_from(
    [
        "a",
        "word",
        "longerword",
        "x" * 30,
        "界界界",
        "e\u0301",
        "[b]",
        "\\",
        " ",
        "\xa0",
        "\u3000",
        "\t",
        "a\tb",
        "\u2003",
        "\u202f",
    ]
)
cells = st.one_of(st.text(max_size=40), st.lists(WORDS, max_size=8).map(" ".join))


def _table(rows: list[tuple[str, str, str]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("Objective", ratio=1, overflow="fold")
    table.add_column("Owner", width=16, overflow="fold")
    table.add_column("KRs", justify="right", width=3)
    table.add_column("Flags", width=9)
    for title, owner, flags in rows:
        table.add_row("[green]✓[/]", f"{text(title)}\n[dim]id[/]", text(owner), "12", text(flags))
    return table


def _both(rows: list[tuple[str, str, str]], width: int) -> tuple[str, str]:
    written = []
    for fast in (True, False):
        out = io.StringIO()
        with console_on(out) as console:
            console.width = width
            if fast:
                print_table(console, _table(rows))
            else:
                console.print(_table(rows))
        written.append(out.getvalue())
    return written[0], written[1]


def test_the_table_of_a_plain_row() -> None:
    fast, rich = _both([("Grow revenue", "Ann", "1 stale")], 80)
    assert fast == rich
    # 80 columns: 1, 39 (the rest), 16, 3 and 9, three spaces apart
    assert fast.split("\n")[2] == "✓   Grow revenue" + " " * 30 + "Ann" + " " * 17 + "12   1 stale"


def test_trailing_white_space_other_than_spaces_stays_as_rich_keeps_it() -> None:
    # Found by the test below: U+00A0 and U+3000 are kept at a cell's end, spaces are not.
    for rows in ([("", "\xa0", "")], [("a\xa0", "b\u3000", "\u2003c ")]):
        fast, rich = _both(rows, 60)
        assert fast == rich
    assert "a\xa0" in _both([("a\xa0", "", "")], 60)[0]


def _plain_lines(rows: list[tuple[str, str, str]], width: int) -> list[str]:
    """The fast path's lines, and that it took them (not Rich's layout)."""
    out = io.StringIO()
    with console_on(out) as console:
        console.width = width
        assert style._print_plain(console, _table(rows))
    return out.getvalue().split("\n")


def test_tabs_and_unicode_spaces_are_written_line_by_line_as_rich_writes_them() -> None:
    rows = [("a\tb", "Ann\xa0", "x\u3000")]
    lines = _plain_lines(rows, 60)
    assert "\n".join(lines) == _both(rows, 60)[1]
    # 60 columns: 1, 19 (the rest), 16, 3 and 9. The tab stops at the title's 8th column;
    # the owner's U+00A0 is kept as one cell, then spaces pad the column; the line's end
    # loses its white space (U+3000 too), as console_on strips every line.
    assert lines[2] == "✓   a       b" + " " * 13 + "Ann\xa0" + " " * 16 + "12   x"
    # A combining accent makes a line of 19 cells 20 characters long: Rich cuts one
    # trailing white space character, as it does for a space.
    accented = "e\u0301" + "y" * 17 + "\xa0"
    assert _plain_lines([(accented, "", "")], 60)[2].startswith("✓   " + accented[:-1] + "   ")
    assert _both([(accented, "", "")], 60)[0] == _both([(accented, "", "")], 60)[1]


def test_control_white_space_still_goes_to_rich() -> None:
    out = io.StringIO()
    with console_on(out) as console:
        table = _table([("a", "b", "c")])
        table.add_row("", "a\x0bb", "", "", "")
        assert not style._print_plain(console, table)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=4), st.integers(60, 140))
def test_any_cells_at_any_width_read_as_rich_writes_them(
    rows: list[tuple[str, str, str]], width: int
) -> None:
    fast, rich = _both(rows, width)
    assert fast == rich


def test_a_layout_it_does_not_know_goes_to_rich() -> None:
    table = Table(box=box.ROUNDED)
    table.add_column("a")
    table.add_row("b")
    out = io.StringIO()
    with console_on(out) as console:
        assert not style._print_plain(console, table)
