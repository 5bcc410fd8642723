"""After a view's output: the strategy repo's own errors, and the exit code they call for."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from okrctl.api.scoring import Workspace


def report_repo_findings(ws: Workspace) -> int:
    """The repo's errors on stderr after the output; the exit code they call for."""
    from okrctl.render.diagnostics import render_diagnostics, summary_line
    from okrctl.render.formats import OutputFormat

    # The view went to stdout first: keep it ahead of the findings when both are a terminal.
    sys.stdout.flush()
    if ws.basis is not None and ws.basis.note:
        typer.echo(f"okrctl: {ws.basis.note}", err=True)
    if ws.errors:
        render_diagnostics(ws.errors, ws.root, OutputFormat.TEXT, sys.stderr)
        files = len({d.file for d in ws.diagnostics})
        typer.echo(summary_line(len(ws.errors), len(ws.warnings), files), err=True)
    elif ws.warnings:
        n = len(ws.warnings)
        typer.echo(f"{n} warning{'s' * (n != 1)}: run `okrctl validate` to see them", err=True)
    return ws.exit_code


def finish(ws: Workspace) -> NoReturn:
    """Report the repo's findings (see `report_repo_findings`) and exit with their code."""
    raise typer.Exit(report_repo_findings(ws))
