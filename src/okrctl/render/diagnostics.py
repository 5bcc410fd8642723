"""Validation findings as text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from okrctl.render.escape import dump_json, github_data, github_property, path, plain
from okrctl.render.formats import OutputFormat

if TYPE_CHECKING:
    from okrctl.model.diagnostic import Diagnostic


def display_path(root: Path, file: str) -> str:
    """A repo-relative path as the user can open it from the current directory."""
    path = os.path.relpath(root / file)
    return Path(path).as_posix()


def render_diagnostics(
    diagnostics: Sequence[Diagnostic], root: Path, fmt: OutputFormat, out: TextIO
) -> None:
    shown: dict[str, str] = {}  # findings repeat files; `relpath` asks the OS each time

    def display(file: str) -> str:
        found = shown.get(file)
        if found is None:
            found = shown[file] = display_path(root, file)
        return found

    if fmt is OutputFormat.JSON:
        # Here, not at the top: `checkin` and the findings after a view import this module,
        # and the encoder brings every result module with it.
        from okrctl.render.jsondata import json_data

        items = [{**json_data(d), "file": display(d.file)} for d in diagnostics]
        dump_json(items, out)
        return
    for d in diagnostics:
        if fmt is OutputFormat.GITHUB:
            props = f"file={github_property(display(d.file))}"
            if d.line:
                props += f",line={d.line},col={d.col}"
            props += f",title={github_property(d.code)}"
            level = "error" if d.severity == "error" else "warning"
            out.write(f"::{level} {props}::{github_data(f'{d.code} {d.message}')}\n")
        else:
            where = path(display(d.file)) + (f":{d.line}:{d.col}" if d.line else "")
            out.write(f"{where}: {d.severity} {d.code} {plain(d.message)}\n")


def summary_line(errors: int, warnings: int, files: int) -> str:
    if not errors and not warnings:
        return f"✓ {files} file{'s' * (files != 1)} checked, no problems"
    return (
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {files} file{'s' * (files != 1)}"
    )
