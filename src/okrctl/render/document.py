"""A small document model (headings, paragraphs, lists, tables) written as Markdown or as
plain text of at most 80 columns.

Views build their content once per format through a `Fmt`, which escapes text that came
from YAML for that format: Markdown gets `escape.markdown`, the terminal `escape.plain`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from okrctl.render.escape import markdown, markdown_code, plain

WIDTH = 80


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: frozenset[int] = field(default_factory=frozenset)  # right-aligned columns


Block = Heading | Para | Items | Table


class Fmt:
    """How a view writes pieces of text in one output format."""

    markdown = False

    def t(self, value: str | None) -> str:
        """Untrusted text (from YAML), escaped; '–' when missing."""
        return "–" if value is None else plain(value)

    def code(self, value: str) -> str:
        """An id or reference."""
        return plain(value)

    def strong(self, value: str) -> str:
        return value


class MarkdownFmt(Fmt):
    markdown = True

    def t(self, value: str | None) -> str:
        return "–" if value is None else markdown(value)

    def code(self, value: str) -> str:
        # Ids are lowercase-dash; a reference holding other characters is escaped text.
        return markdown_code(value)

    def strong(self, value: str) -> str:
        return f"**{value}**"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> Table:
    return Table(tuple(headers), tuple(tuple(r) for r in rows), frozenset(right))


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * block.level + " " + block.text
    if isinstance(block, Para):
        return block.text
    if isinstance(block, Items):
        return "\n".join(f"- {item}".rstrip() for item in block.items)
    head = "| " + " | ".join(block.headers) + " |"
    rule = "|" + "|".join("---:" if i in block.right else "---" for i in range(len(block.headers)))
    rows = ["| " + " | ".join(cell or " " for cell in row) + " |" for row in block.rows]
    return "\n".join([head, rule + "|", *rows])


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    )


def _text_table(block: Table) -> str:
    widths = [
        max(len(cell) for cell in column) for column in zip(block.headers, *block.rows, strict=True)
    ]
    if sum(widths) + 2 * (len(widths) - 1) <= WIDTH:
        lines = []
        for row in (block.headers, *block.rows):
            cells = [
                cell.rjust(w) if i in block.right else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)
    # Too wide for 80 columns: one wrapped entry per row, the first column leading.
    out = []
    for row in block.rows:
        rest = [f"{h}: {c}" for h, c in zip(block.headers[1:], row[1:], strict=True) if c]
        out.append(_wrap(" · ".join([row[0], *rest]), "- ", "  "))
    return "\n".join(out)


def _text_block(block: Block) -> str:
    if isinstance(block, Heading):
        if block.level == 1:
            return _wrap(block.text) + "\n" + "=" * min(len(block.text), WIDTH)
        if block.level == 2:
            return _wrap(block.text) + "\n" + "-" * min(len(block.text), WIDTH)
        return _wrap(block.text)
    if isinstance(block, Para):
        return "\n".join(_wrap(line) if line else "" for line in block.text.split("\n"))
    if isinstance(block, Items):
        return "\n".join(_wrap(item, "- ", "  ") for item in block.items)
    return _text_table(block)


def write(blocks: Sequence[Block], fmt: Fmt, out: TextIO) -> None:
    """The blocks, separated by blank lines, in the format of `fmt`."""
    render = _md_block if fmt.markdown else _text_block
    out.write("\n\n".join(render(b) for b in blocks) + "\n")


def to_text(blocks: Sequence[Block], fmt: Fmt) -> str:
    """The blocks as one string (for files such as reviews and retrospectives)."""
    render = _md_block if fmt.markdown else _text_block
    return "\n\n".join(render(b) for b in blocks) + "\n"
