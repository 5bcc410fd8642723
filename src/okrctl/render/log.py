"""`okrctl log` as text, Markdown or JSON. Commit subjects and YAML text are untrusted."""

from __future__ import annotations

import textwrap
from typing import TextIO

from okrctl.render.escape import dump_json, markdown, plain
from okrctl.render.formats import OutputFormat
from okrctl.render.jsondata import json_data
from okrctl.results.log import LogResult

WIDTH = 80


def _wrap(prefix: str, text: str, out: TextIO) -> None:
    lines = textwrap.wrap(plain(text), WIDTH - len(prefix)) or [""]
    for i, line in enumerate(lines):
        out.write((prefix if i == 0 else " " * len(prefix)) + line + "\n")


def _ref_shown(ref: str, single: bool) -> str:
    return "" if single else f"{ref}: "


def _only_the_target(result: LogResult) -> bool:
    """Whether every change shown is to the item the log is of, so that naming it on each
    line says nothing (`log OBJ/KR`). Not from how many items the entries shown happen to
    touch: `log -n 1` of the repo or of an objective still names what changed."""
    return all(c.ref == result.target.ref for e in result.entries for c in e.changes)


def render_log(result: LogResult, fmt: OutputFormat, out: TextIO) -> None:
    """Write the audit trail, newest commit first."""
    if fmt is OutputFormat.JSON:
        dump_json(json_data(result), out)
        return
    single = _only_the_target(result)
    if fmt is OutputFormat.MARKDOWN:
        out.write("| commit | date | author | change |\n|---|---|---|---|\n")
        for e in result.entries:
            c = e.commit
            lines = [markdown(_ref_shown(x.ref, single) + x.text) for x in e.changes]
            lines += [f"⚠ {w.code} {markdown(w.message)}" for w in e.warnings]
            out.write(
                f"| {c.sha[:10]} | {c.date.date()} | {markdown(c.author)} | "
                f"{markdown(c.subject)}<br>{'<br>'.join(lines)} |\n"
            )
        return
    for i, e in enumerate(result.entries):
        c = e.commit
        if i:
            out.write("\n")
        _wrap("", f"{c.sha[:10]}  {c.date.date()}  {c.author} <{c.email}>", out)
        _wrap("    ", c.subject, out)
        for x in e.changes:
            _wrap("  - ", _ref_shown(x.ref, single) + x.text, out)
        for w in e.warnings:
            _wrap("  ! ", f"{w.severity} {w.code} {w.message}", out)
