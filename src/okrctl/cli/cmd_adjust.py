"""`okrctl adjust` and `okrctl drop`: change or retire a goal mid-cycle, with its reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from okrctl.cli.completion import complete_key_result
from okrctl.cli.options import (
    AsOfOpt,
    CycleOpt,
    RepoOpt,
    as_date,
    command_group,
    date_option,
    repo_root,
)

commands = command_group()  # registered by okrctl.cli.app

if TYPE_CHECKING:
    from okrctl.api.adjust import AdjustResult

ReasonOpt = Annotated[
    str | None,
    typer.Option(
        "--reason",
        metavar="TEXT",
        help="Why (required): kept in the file's `adjustments` entry.",
    ),
]
DateOpt = Annotated[
    dt.datetime | None,
    date_option("--date", "The adjustment's date (YYYY-MM-DD); default today."),
]
CommitOpt = Annotated[
    bool, typer.Option("--commit", help="Commit the changed file (one commit, as you).")
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print the diff it would make; write nothing.")
]


@commands.command()
def adjust(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="OBJECTIVE/KR (in the active cycle) or CYCLE/OBJECTIVE/KR.",
            autocompletion=complete_key_result,
        ),
    ],
    target: Annotated[
        str | None,
        typer.Option("--target", metavar="NUMBER", help="The new target."),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", metavar="NUMBER", help="The new baseline."),
    ] = None,
    reason: ReasonOpt = None,
    date: DateOpt = None,
    cycle: CycleOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Change a key result's target or baseline mid-cycle, recording the adjustment.

    Example: okrctl adjust customer-satisfaction-leader/nps --target 70 --reason "new scale"

    Exit codes: 0 adjusted, 2 bad input (nothing written).
    """
    from okrctl.api.adjust import adjust as run

    root = repo_root(ctx, repo)
    result = run(
        root,
        ref,
        target=target,
        baseline=baseline,
        reason=reason,
        date=date.date() if date else None,
        cycle=cycle,
        today=as_date(as_of),
        dry_run=dry_run,
        commit=commit,
    )
    _report(result, root)


@commands.command()
def drop(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="OBJECTIVE or OBJECTIVE/KR (in the active cycle), CYCLE/OBJECTIVE or "
            "CYCLE/OBJECTIVE/KR.",
            autocompletion=complete_key_result,
        ),
    ],
    reason: ReasonOpt = None,
    date: DateOpt = None,
    cycle: CycleOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Retire an objective or key result mid-cycle: it stays visible, leaves the roll-ups.

    Example: okrctl drop customer-satisfaction-leader/churn --reason "moved to the retention team"

    Exit codes: 0 dropped, 2 bad input (nothing written).
    """
    from okrctl.api.adjust import drop as run

    root = repo_root(ctx, repo)
    result = run(
        root,
        ref,
        reason=reason,
        date=date.date() if date else None,
        cycle=cycle,
        today=as_date(as_of),
        dry_run=dry_run,
        commit=commit,
    )
    _report(result, root)


def _report(result: AdjustResult, root: Path) -> None:
    from okrctl.cli.printing import echo_diff
    from okrctl.render.diagnostics import display_path
    from okrctl.render.escape import plain

    if not result.written:
        echo_diff(result.diff)
        typer.echo("dry run: nothing written", err=True)
        return
    subject = result.message.splitlines()[0]
    typer.echo(f"{plain(subject)} in {plain(display_path(root, result.path))}", err=True)
    if result.commit:
        typer.echo(f"committed {result.commit[:7]}", err=True)
