"""`okrctl measure`: record the values of measured key results and KPIs from their sources."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from okrctl.cli.completion import complete_ref
from okrctl.cli.options import (
    AsOfOpt,
    CycleOpt,
    RepoOpt,
    as_date,
    command_group,
    format_option,
    repo_root,
)
from okrctl.render.formats import OutputFormat

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
def measure(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="REF",
            help="OBJECTIVE/KR, CYCLE/OBJECTIVE/KR, KPI or CYCLE/KPI; default every due item "
            "of the active cycle.",
            autocompletion=complete_ref,
        ),
    ] = None,
    as_of: AsOfOpt = None,
    cycle: CycleOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Measure and print the diff; write nothing.")
    ] = False,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the recorded values (one commit).")
    ] = False,
    fmt: Annotated[
        OutputFormat, format_option(OutputFormat.TEXT, OutputFormat.JSON, help="text or json.")
    ] = OutputFormat.TEXT,
    repo: RepoOpt = None,
) -> None:
    """Measure due key results and KPIs from their sources and record them as check-ins.

    Example: okrctl measure --commit

    Exit codes: 0 all measured, 1 some items failed or a file does not load (findings; the
    others are recorded),
    2 usage error (unknown source, missing environment variable; nothing written).
    """
    from okrctl.api.measure import measure as run_measure
    from okrctl.model.errors import EXIT_FINDINGS

    root = repo_root(ctx, repo)
    result = run_measure(
        root, refs or [], as_of=as_date(as_of), cycle=cycle, dry_run=dry_run, commit=commit
    )
    if fmt is OutputFormat.JSON:
        from okrctl.render.measure import render_json

        render_json(result, root, sys.stdout)
    else:
        from okrctl.render.measure import render_text

        render_text(result, root, sys.stdout, sys.stderr)
    if result.failures or result.broken:
        raise typer.Exit(EXIT_FINDINGS)
