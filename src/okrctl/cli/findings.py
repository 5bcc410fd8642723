"""After a view's output: the strategy repo's own errors, and the exit code they call for."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from okrctl.api.scoring import Outcome


def report_repo_findings(outcome: Outcome) -> int:
    """The repo's errors on stderr after the output; the exit code they call for."""
    from okrctl.render.diagnostics import render_diagnostics, summary_line
    from okrctl.render.formats import OutputFormat

    # The view went to stdout first: keep it ahead of the findings when both are a terminal.
    sys.stdout.flush()
    if outcome.note:
        typer.echo(f"okrctl: {outcome.note}", err=True)
    if outcome.errors:
        render_diagnostics(outcome.errors, outcome.root, OutputFormat.TEXT, sys.stderr)
        typer.echo(
            summary_line(len(outcome.errors), len(outcome.warnings), outcome.files), err=True
        )
    elif outcome.warnings:
        n = len(outcome.warnings)
        typer.echo(f"{n} warning{'s' * (n != 1)}: run `okrctl validate` to see them", err=True)
    return outcome.exit_code


def finish(outcome: Outcome) -> NoReturn:
    """Report the repo's findings (see `report_repo_findings`) and exit with their code."""
    raise typer.Exit(report_repo_findings(outcome))
