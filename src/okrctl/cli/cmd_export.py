"""`okrctl export`: one row per key result, CSV or JSON."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from okrctl.cli.findings import finish
from okrctl.cli.options import (
    AsOfOpt,
    CycleOpt,
    NoHistoryOpt,
    RepoOpt,
    RevOpt,
    command_group,
    moment,
    repo_root,
)
from okrctl.render.export import ExportFormat

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="csv or json.", case_sensitive=False),
    ] = ExportFormat.CSV,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (atomically) instead of standard output.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    cycle: CycleOpt = None,
    as_of: AsOfOpt = None,
    rev: RevOpt = None,
    no_history: NoHistoryOpt = False,
    repo: RepoOpt = None,
) -> None:
    """Export every key result of the cycle, one row each: cycle, theme, objective, owner,
    baseline, current, target, progress, status and more.

    CSV cells of text starting with = + - @ get a leading ' so spreadsheets never run them
    as formulas. Exit codes: 0 exported, 1 exported but the repo has errors (listed), 2 usage
    error.
    """
    from okrctl.api.export import export_data, write_output
    from okrctl.render.escape import plain
    from okrctl.render.export import render_export

    data = export_data(repo_root(ctx, repo), moment(as_of, rev, no_history), cycle)
    if output is None:
        render_export(data.score, fmt, sys.stdout)
    else:
        buffer = io.StringIO(newline="")
        count = render_export(data.score, fmt, buffer)
        write_output(output, buffer.getvalue())
        typer.echo(f"wrote {count} key results to {plain(output.as_posix())}", err=True)
    finish(data.workspace)
