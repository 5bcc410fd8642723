"""`okrctl diff` as text, Markdown (a PR comment or step summary), JSON or GitHub annotations.

Every string from the YAML files or from git (titles, notes, branch names) is untrusted and
goes through `render.escape` for its output.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from okrctl.render.diagnostics import render_diagnostics
from okrctl.render.escape import LONG_VALUE, dump_json, markdown, plain, shorten
from okrctl.render.formats import OutputFormat
from okrctl.render.jsondata import json_data
from okrctl.render.marks import percent as _percent
from okrctl.results.diff import DiffResult

if TYPE_CHECKING:
    from okrctl.model.diagnostic import Diagnostic

# GitHub refuses comments and step summaries over 1 MiB (65,536 characters for a comment).
MARKDOWN_LIMIT = 60_000
WIDTH = 80
SECTIONS = (
    ("goal", "Goal changes"),
    ("measurement", "Measurement changes"),  # the definition of a number moved
    ("rewrite", "History rewrites"),
    ("progress", "Progress"),
    ("other", "Other edits"),
)


def percent(value: float | None) -> str:
    shown = _percent(value)
    return "—" if shown == "–" else shown


def score_cell(progress: float | None, status: str | None) -> str:
    if progress is None:
        return "—"
    return f"{percent(progress)} {status}" if status else percent(progress)


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary(result: DiffResult) -> str:
    """`1 goal change, 2 progress updates, 0 history rewrites, 0 other edits; ...`."""
    parts = [
        _n(result.count("goal"), "goal change", "goal changes"),
        _n(result.count("progress"), "progress update", "progress updates"),
        _n(result.count("rewrite"), "history rewrite", "history rewrites"),
        _n(result.count("other"), "other edit", "other edits"),
    ]
    if result.count("measurement"):  # shown only when there are some: rare, and telling
        parts.insert(
            1, _n(result.count("measurement"), "measurement change", "measurement changes")
        )
    violations = _n(len(result.violations), "policy violation", "policy violations")
    return ", ".join(parts) + "; " + violations


def render_diff(result: DiffResult, root: Path, fmt: OutputFormat, out: TextIO) -> None:
    """Write the result in `fmt`."""
    if fmt is OutputFormat.JSON:
        dump_json(json_data(result), out)
    elif fmt is OutputFormat.MARKDOWN:
        out.write(render_markdown(result, root))
    elif fmt is OutputFormat.GITHUB:
        found = [*result.violations, *result.errors]
        render_diagnostics(found, root, OutputFormat.GITHUB, out)
        out.write(f"okrctl diff: {plain(summary(result))}\n")
    else:
        _text(result, root, out)


def _wrapped(prefix: str, text: str, out: TextIO) -> None:
    lines = textwrap.wrap(plain(text), WIDTH - len(prefix)) or [""]
    out.write(prefix + lines[0] + "\n")
    for line in lines[1:]:
        out.write(" " * len(prefix) + line + "\n")


def _text(result: DiffResult, root: Path, out: TextIO) -> None:
    out.write(f"{plain(result.base)} → {plain(result.head)}\n")
    _wrapped("", summary(result), out)
    if not result.changes:
        out.write("no changes to the strategy\n")
    for kind, title in SECTIONS:
        items = [c for c in result.changes if c.kind == kind]
        if not items:
            continue
        out.write(f"\n{title}:\n")
        by_ref: dict[str, list[str]] = {}
        for c in items:
            by_ref.setdefault(c.ref, []).append(c.text)
        for ref, texts in by_ref.items():
            out.write(f"  {plain(ref)}\n")
            for text in texts:
                _wrapped("    ", text, out)
    if result.scores:
        out.write("\nEffect on scores:\n")
        for s in result.scores:
            before = score_cell(s.before, s.before_status)
            after = score_cell(s.after, s.after_status)
            _wrapped("  ", f"{s.kind} {s.ref}: {before} → {after}", out)
    if result.violations:
        out.write("\nPolicy:\n")
        render_diagnostics(result.violations, root, OutputFormat.TEXT, out)
    if result.errors:
        out.write("\nValidation errors this change brings in:\n")
        render_diagnostics(result.errors, root, OutputFormat.TEXT, out)
    if result.preexisting:
        out.write("\nValidation errors already in the base (context):\n")
        render_diagnostics(result.preexisting, root, OutputFormat.TEXT, out)


def _cost(lines: Sequence[str]) -> int:
    return sum(len(line.encode()) + 1 for line in lines)


class _Budget:
    """Collects Markdown lines up to a size, so the comment never exceeds GitHub's limit.

    Within a section, lines stop at the first that does not fit (no holes in a list); the
    next section starts afresh, and `kept` bytes can be set aside for a later section.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines: list[str] = []
        self.size = 0
        self.kept = 0
        self.dropped = 0
        self.full = False

    def add(self, line: str, reserve: int = 0) -> bool:
        if line.startswith("::"):  # never a workflow command, even by accident
            line = "\\" + line
        cost = len(line.encode()) + 1
        if self.full or self.size + self.kept + cost + reserve > self.limit:
            self.full = True
            self.dropped += 1
            return False
        self.lines.append(line)
        self.size += cost
        return True

    def section(self, lines: Sequence[str], closing: Sequence[str] = ()) -> None:
        """`lines` as far as they fit; then `closing` (end tags, room kept for them) when
        the opening tag, `lines[1]`, made it."""
        self.full = False
        reserve = _cost(closing)
        before = len(self.lines)
        for line in lines:
            self.add(line, reserve)
        if closing and len(self.lines) - before >= 2:
            self.lines += closing
            self.size += reserve


def _where(root: Path, d: Diagnostic) -> str:
    where = shorten(d.file) + (f":{d.line}" if d.line else "")
    return markdown(where)


def _md(text: str) -> str:
    """A value in the summary: escaped, and cut at LONG_VALUE characters so that one long
    title cannot push the goal changes out of GitHub's size limit."""
    return markdown(shorten(text, LONG_VALUE))


def _details(result: DiffResult, kind: str, title: str) -> list[str]:
    items = [c for c in result.changes if c.kind == kind]
    if not items:
        return []
    lines = ["", f"<details><summary>{title} ({len(items)})</summary>", ""]
    return lines + [f"- {_md(c.ref)}: {_md(c.text)}" for c in items]


def render_markdown(result: DiffResult, root: Path, limit: int = MARKDOWN_LIMIT) -> str:
    """A PR comment: a summary table, then details in `<details>` blocks, within `limit`."""
    head = [
        "### okrctl diff",
        "",
        f"{markdown(result.base)} → {markdown(result.head)}",
        "",
        "| change | count |",
        "|---|---:|",
        *(f"| {title} | {result.count(kind)} |" for kind, title in SECTIONS),
        f"| policy violations | {len(result.violations)} |",
    ]
    if result.checked:
        head.append(f"| validation errors | {len(result.errors)} |")
        if result.preexisting:
            head.append(f"| errors already in the base | {len(result.preexisting)} |")
    budget = _Budget(limit - 200)  # room for the truncation note
    for line in head:
        budget.add(line)
    # The goal changes are what a reviewer must see: room for them (up to half the budget)
    # is set aside while problems and scores are added, and every value is cut short.
    goals = _details(result, "goal", "Goal changes")
    budget.kept = min(_cost(goals), budget.limit // 2)
    problems = [*result.violations, *result.errors]
    if problems:
        lines = ["", "#### Problems", ""]
        lines += [f"- **{d.code}** {_where(root, d)}: {_md(d.message)}" for d in problems]
        budget.section(lines)
    if result.preexisting:
        lines = ["", "#### Already in the base (context, not counted)", ""]
        lines += [f"- **{d.code}** {_where(root, d)}: {_md(d.message)}" for d in result.preexisting]
        budget.section(lines)
    if result.scores:
        lines = ["", "#### Effect on scores", "", "| | | before | after |", "|---|---|---:|---:|"]
        for s in result.scores:
            before = score_cell(s.before, s.before_status)
            after = score_cell(s.after, s.after_status)
            lines.append(f"| {s.kind} | {_md(s.ref)} {_md(s.title)} | {before} | {after} |")
        budget.section(lines)
    budget.kept = 0
    for kind, title in SECTIONS:
        section = goals if kind == "goal" else _details(result, kind, title)
        if section:
            budget.section(section, closing=("", "</details>"))
    lines = budget.lines
    if budget.dropped:
        lines += [
            "",
            f"*Truncated: {budget.dropped} more line(s) not shown; "
            "run `okrctl diff` locally for the full list.*",
        ]
    return "\n".join(lines) + "\n"
