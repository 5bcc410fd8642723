"""`okrctl status`, `show`, `tree` and `kpis`: the views on scores."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from okrctl.cli.completion import complete_owner, complete_ref, complete_team, complete_theme
from okrctl.cli.options import command_group, format_option
from okrctl.cli.view import View, present, view_options
from okrctl.render.formats import OutputFormat

if TYPE_CHECKING:
    from okrctl.api.refs import ShowResult
    from okrctl.api.scoring import Outcome
    from okrctl.api.status import StatusResult

commands = command_group()  # registered by okrctl.cli.app

TEXT, JSON, MARKDOWN = OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN
FormatOpt = Annotated[
    OutputFormat,
    format_option(TEXT, JSON, MARKDOWN, help="text (or table), json or markdown."),
]


@commands.command()
@view_options()
def status(
    ctx: typer.Context,
    *,
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            metavar="THEME",
            help="Only these themes (repeat or comma-separate).",
            autocompletion=complete_theme,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar="PERSON",
            help="My OKRs: the objectives and key results this person owns or contributes to.",
            autocompletion=complete_owner,
        ),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            metavar="TEAM",
            help="Only this team's objectives, sub-teams included.",
            autocompletion=complete_team,
        ),
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option(
            "--level",
            metavar="LEVEL",
            help="company, department, team or individual; repeat for several.",
        ),
    ] = None,
    status_: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Only objectives with these statuses, e.g. red,yellow.",
        ),
    ] = None,
    fmt: FormatOpt = TEXT,
    view: View,
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

    def draw(result: StatusResult, outcome: Outcome) -> None:
        render_status(
            result.score,
            fmt,
            sys.stdout,
            filtered=filters.active,
            errors=outcome.errors,
            root=outcome.root,
        )
        if trend and fmt is TEXT:
            _print_trend(result, outcome.root, filters.active)

    present(run(view.root, view.moment, view.cycle, filters), draw)


def _print_trend(result: StatusResult, root: Path, filtered: bool) -> None:
    from okrctl.cli.cmd_history import print_trend
    from okrctl.model.errors import OkrctlError
    from okrctl.render.escape import plain

    refs = {o.ref for o in result.score.objectives()}
    try:
        print_trend(root, result.score.cycle, refs if filtered else None)
    except OkrctlError as exc:
        # The table stands on its own; only the trend needs git history (as with
        # `show --history`), so its absence is a note, not a failed command.
        typer.echo(f"okrctl: no trend: {plain(exc.message)}", err=True)


@commands.command()
@view_options()
def show(
    ctx: typer.Context,
    *,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="objective, objective/kr, cycle/objective/kr, kpi or cycle/kpi.",
            autocompletion=complete_ref,
        ),
    ],
    fmt: FormatOpt = TEXT,
    view: View,
    history: Annotated[
        bool,
        typer.Option("--history", help="Also weekly progress and target changes from git."),
    ] = False,
) -> None:
    """One objective, key result or KPI in full, with its check-ins as a sparkline."""
    from okrctl.api.refs import show as run
    from okrctl.render.show import render_show

    started = None
    if history and fmt is TEXT:
        from okrctl.cli.cmd_history import print_history, start_history

        started = start_history(view.root, ref)  # git runs while the repo loads

    def draw(result: ShowResult, outcome: Outcome) -> None:
        render_show(result.detail, fmt, sys.stdout, errors=outcome.errors, root=outcome.root)
        if history and fmt is TEXT:
            print_history(outcome.root, result.detail.ref, view.day, started)

    try:
        present(run(view.root, ref, view.moment, view.cycle), draw)
    finally:
        if started is not None:  # the walks a failure before the history never collected
            started.git.repo.git.stop()


@commands.command()
@view_options()
def tree(ctx: typer.Context, *, fmt: FormatOpt = TEXT, view: View) -> None:
    """The alignment cascade company → department → team → individual, with progress."""
    from okrctl.api.tree import tree as run
    from okrctl.render.tree import render_tree

    present(
        run(view.root, view.moment, view.cycle),
        lambda r, outcome: render_tree(
            r.tree, fmt, sys.stdout, errors=outcome.errors, root=outcome.root
        ),
    )


@commands.command()
@view_options()
def kpis(ctx: typer.Context, *, fmt: FormatOpt = TEXT, view: View) -> None:
    """The Balanced Scorecard: every KPI by perspective, current against target."""
    from okrctl.api.kpis import kpis as run
    from okrctl.render.kpis import render_kpis

    present(
        run(view.root, view.moment, view.cycle),
        lambda r, outcome: render_kpis(
            r.score, r.kpis, fmt, sys.stdout, errors=outcome.errors, root=outcome.root
        ),
    )
