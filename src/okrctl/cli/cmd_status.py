"""`okrctl status`, `show`, `tree` and `kpis`: the views on scores."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from okrctl.cli.completion import complete_owner, complete_ref, complete_team, complete_theme
from okrctl.cli.findings import finish
from okrctl.cli.options import (
    AsOfOpt,
    CycleOpt,
    NoHistoryOpt,
    RepoOpt,
    RevOpt,
    as_date,
    command_group,
    moment,
    repo_root,
)
from okrctl.render.formats import ViewFormat

commands = command_group()  # registered by okrctl.cli.app

FormatOpt = Annotated[
    ViewFormat,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="table, json or markdown.", case_sensitive=False
    ),
]


@commands.command()
def status(
    ctx: typer.Context,
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            metavar="THEME",
            help="Only these themes (repeat or comma-separate).",
            show_default=False,
            autocompletion=complete_theme,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar="PERSON",
            help="My OKRs: the objectives and key results this person owns or contributes to.",
            show_default=False,
            autocompletion=complete_owner,
        ),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            metavar="TEAM",
            help="Only this team's objectives, sub-teams included.",
            show_default=False,
            autocompletion=complete_team,
        ),
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option(
            "--level",
            metavar="LEVEL",
            help="company, department, team or individual; repeat for several.",
            show_default=False,
        ),
    ] = None,
    status_: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Only objectives with these statuses, e.g. red,yellow.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = ViewFormat.TABLE,
    cycle: CycleOpt = None,
    as_of: AsOfOpt = None,
    rev: RevOpt = None,
    no_history: NoHistoryOpt = False,
    repo: RepoOpt = None,
    trend: Annotated[
        bool, typer.Option("--trend", help="Also the weekly progress trend from git.")
    ] = False,
) -> None:
    """The OKR Control Center: every objective of the cycle by theme, with progress and status.

    Exit codes: 0 shown, 1 shown but the repo has errors (listed after the output), 2 usage
    error (unknown filter value or cycle, no active cycle, no strategy repo).
    """
    from okrctl.api.status import StatusFilters, split_list
    from okrctl.api.status import status as run
    from okrctl.render.status import render_status

    filters = StatusFilters(
        themes=split_list(theme),
        owner=owner,
        team=team,
        levels=split_list(level),
        statuses=split_list(status_),
    )
    result = run(repo_root(ctx, repo), moment(as_of, rev, no_history), cycle, filters)
    ws = result.workspace
    render_status(
        result.score, fmt, sys.stdout, filtered=filters.active, errors=ws.errors, root=ws.root
    )
    if trend and fmt is ViewFormat.TABLE:
        from okrctl.cli.cmd_history import print_trend
        from okrctl.model.errors import OkrctlError
        from okrctl.render.escape import plain

        refs = {o.ref for o in result.score.objectives()}
        try:
            print_trend(ws.root, result.score.cycle, refs if filters.active else None)
        except OkrctlError as exc:
            # The table stands on its own; only the trend needs git history (as with
            # `show --history`), so its absence is a note, not a failed command.
            typer.echo(f"okrctl: no trend: {plain(exc.message)}", err=True)
    finish(ws)


@commands.command()
def show(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="objective, objective/kr, cycle/objective/kr, kpi or cycle/kpi.",
            show_default=False,
            autocompletion=complete_ref,
        ),
    ],
    fmt: FormatOpt = ViewFormat.TABLE,
    cycle: CycleOpt = None,
    as_of: AsOfOpt = None,
    rev: RevOpt = None,
    no_history: NoHistoryOpt = False,
    repo: RepoOpt = None,
    history: Annotated[
        bool,
        typer.Option("--history", help="Also weekly progress and target changes from git."),
    ] = False,
) -> None:
    """One objective, key result or KPI in full, with its check-ins as a sparkline."""
    from okrctl.api.refs import show as run
    from okrctl.render.show import render_show

    result = run(repo_root(ctx, repo), ref, moment(as_of, rev, no_history), cycle)
    ws = result.workspace
    render_show(result.detail, fmt, sys.stdout, errors=ws.errors, root=ws.root)
    if history and fmt is ViewFormat.TABLE:
        from okrctl.cli.cmd_history import print_history

        print_history(ws.root, result.detail.ref, as_date(as_of))
    finish(ws)


@commands.command()
def tree(
    ctx: typer.Context,
    fmt: FormatOpt = ViewFormat.TABLE,
    cycle: CycleOpt = None,
    as_of: AsOfOpt = None,
    rev: RevOpt = None,
    no_history: NoHistoryOpt = False,
    repo: RepoOpt = None,
) -> None:
    """The alignment cascade company → department → team → individual, with progress."""
    from okrctl.api.tree import tree as run
    from okrctl.render.tree import render_tree

    result = run(repo_root(ctx, repo), moment(as_of, rev, no_history), cycle)
    ws = result.workspace
    render_tree(result.tree, fmt, sys.stdout, errors=ws.errors, root=ws.root)
    finish(ws)


@commands.command()
def kpis(
    ctx: typer.Context,
    fmt: FormatOpt = ViewFormat.TABLE,
    cycle: CycleOpt = None,
    as_of: AsOfOpt = None,
    rev: RevOpt = None,
    no_history: NoHistoryOpt = False,
    repo: RepoOpt = None,
) -> None:
    """The Balanced Scorecard: every KPI by perspective, current against target."""
    from okrctl.api.kpis import kpis as run
    from okrctl.render.kpis import render_kpis

    result = run(repo_root(ctx, repo), moment(as_of, rev, no_history), cycle)
    ws = result.workspace
    render_kpis(result.score, result.kpis, fmt, sys.stdout, errors=ws.errors, root=ws.root)
    finish(ws)
