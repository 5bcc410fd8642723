"""`okrctl checklist`: the execution-completion checklist, to gate a cycle's start in CI."""

from __future__ import annotations

import sys

import typer

from okrctl.cli.findings import report_repo_findings
from okrctl.cli.options import ListingFormatOpt, command_group
from okrctl.cli.view import View, view_options
from okrctl.render.formats import OutputFormat

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
@view_options()
def checklist(ctx: typer.Context, *, fmt: ListingFormatOpt = OutputFormat.TEXT, view: View) -> None:
    """The execution-completion checklist, each check ✓ or ✗ with the reason: BSC KPIs in 4
    perspectives, OKR cycle created, OKRs linked to themes, SMART key results, initiatives
    linked, WBR/MBR/QBR cadence planned.

    Exit codes: 0 every check passes, 1 a check fails (or the repo has errors), 2 usage error.
    """
    from okrctl.api.checklist import checklist as run
    from okrctl.model.errors import EXIT_FINDINGS
    from okrctl.render.checklist import render_checklist

    outcome, result = run(view.root, view.moment, view.cycle)
    render_checklist(result, fmt, sys.stdout)
    code = report_repo_findings(outcome)
    raise typer.Exit(EXIT_FINDINGS if not result.ok else code)
