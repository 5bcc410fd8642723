"""`okrctl export`: one row per key result, CSV or JSON."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from okrctl.cli.options import command_group, format_option
from okrctl.cli.view import View, present, view_options
from okrctl.render.formats import OutputFormat

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
@view_options()
def export(
    ctx: typer.Context,
    *,
    fmt: Annotated[
        OutputFormat, format_option(OutputFormat.CSV, OutputFormat.JSON, help="csv or json.")
    ] = OutputFormat.CSV,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (atomically) instead of standard output.",
            dir_okay=False,
        ),
    ] = None,
    view: View,
) -> None:
    """Export every key result of the cycle, one row each: cycle, theme, objective, owner,
    baseline, current, target, progress, status and more.

    CSV cells of text starting with = + - @ get a leading ' so spreadsheets never run them
    as formulas. Exit codes: 0 exported, 1 exported but the repo has errors (listed), 2 usage
    error.
    """
    from okrctl.api.export import ExportData, export_data, write_output
    from okrctl.render.escape import plain
    from okrctl.render.export import render_export

    def draw(data: ExportData, _: object) -> None:
        if output is None:
            render_export(data.score, fmt, sys.stdout)
            return
        buffer = io.StringIO(newline="")
        count = render_export(data.score, fmt, buffer)
        write_output(output, buffer.getvalue())
        typer.echo(f"wrote {count} key results to {plain(output.as_posix())}", err=True)

    present(export_data(view.root, view.moment, view.cycle), draw)
