"""`okrctl log` as text, Markdown or JSON. Commit subjects and YAML text are untrusted."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Protocol, TextIO

from okrctl.render.escape import dump_json, markdown, plain

WIDTH = 80


class LogFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


class CommitView(Protocol):
    @property
    def sha(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def date(self) -> dt.datetime: ...
    @property
    def subject(self) -> str: ...


class ChangeView(Protocol):
    @property
    def ref(self) -> str: ...
    @property
    def text(self) -> str: ...


class WarningView(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def message(self) -> str: ...


class EntryView(Protocol):
    @property
    def commit(self) -> CommitView: ...
    @property
    def changes(self) -> Sequence[ChangeView]: ...
    @property
    def warnings(self) -> Sequence[WarningView]: ...


class LogView(Protocol):
    @property
    def entries(self) -> Sequence[EntryView]: ...
    @property
    def warnings(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...


def _wrap(prefix: str, text: str, out: TextIO) -> None:
    lines = textwrap.wrap(plain(text), WIDTH - len(prefix)) or [""]
    for i, line in enumerate(lines):
        out.write((prefix if i == 0 else " " * len(prefix)) + line + "\n")


def _ref_shown(ref: str, single: bool) -> str:
    return "" if single else f"{ref}: "


def render_log(result: LogView, fmt: LogFormat, out: TextIO) -> None:
    """Write the audit trail, newest commit first."""
    if fmt is LogFormat.JSON:
        dump_json(result.to_dict(), out)
        return
    refs = {c.ref for e in result.entries for c in e.changes}
    single = len(refs) == 1
    if fmt is LogFormat.MARKDOWN:
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
