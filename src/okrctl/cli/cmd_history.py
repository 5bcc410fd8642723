"""`okrctl diff` and `okrctl log`: git as the audit trail of the strategy."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from okrctl.cli.completion import complete_ref
from okrctl.cli.options import AsOfOpt, RepoOpt, as_date, command_group, format_option, repo_root
from okrctl.render.formats import OutputFormat

if TYPE_CHECKING:
    from okrctl.api.trends import StartedHistory

TEXT, MARKDOWN, JSON, GITHUB = (
    OutputFormat.TEXT,
    OutputFormat.MARKDOWN,
    OutputFormat.JSON,
    OutputFormat.GITHUB,
)

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
def diff(
    ctx: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="[BASE]",
            help="Old side: a revision, or BASE...HEAD (merge base of both → HEAD). "
            "Default: the merge base with the current branch's upstream (else HEAD).",
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(metavar="[HEAD]", help="New side (default: the working tree)."),
    ] = None,
    staged: Annotated[
        bool, typer.Option("--staged", "--cached", help="Compare with the index.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1 on a policy violation (OKR7xx) or a validation error the change "
            "brings in (errors already in BASE are listed apart).",
        ),
    ] = False,
    all_errors: Annotated[
        bool,
        typer.Option("--all", help="With --check: fail on every validation error of HEAD."),
    ] = False,
    fmt: Annotated[
        OutputFormat | None,
        format_option(
            TEXT,
            MARKDOWN,
            JSON,
            GITHUB,
            help="text, markdown, json or github (default: github when "
            "GITHUB_ACTIONS=true, else text).",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Show what a change does to the goals: progress, goal changes, history rewrites,
    and the effect on scores.

    Exit codes: 0 done (or --check passed), 1 --check found violations, 2 usage error.
    """
    from okrctl.api.diff import diff as run
    from okrctl.render.diff import render_diff, summary

    root = repo_root(ctx, repo)
    if fmt is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        fmt = GITHUB if github else TEXT
    result = run(
        root, base, head, staged=staged, as_of=as_date(as_of), check=check, all_errors=all_errors
    )
    render_diff(result, root, fmt, sys.stdout)
    if fmt is MARKDOWN:
        typer.echo(f"okrctl diff: {summary(result)}", err=True)
    raise typer.Exit(result.exit_code())


@commands.command("log")
def log_command(
    ctx: typer.Context,
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="REF",
            help="CYCLE, [CYCLE/]OBJECTIVE[/KR] or [CYCLE/]KPI (default: everything).",
            autocompletion=complete_ref,
        ),
    ] = None,
    rev: Annotated[
        str, typer.Option("--rev", metavar="REV", help="Show the history up to this revision.")
    ] = "HEAD",
    limit: Annotated[
        int | None,
        typer.Option(
            "-n", "--max-count", metavar="N", min=1, help="Show at most N commits (N >= 1)."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat, format_option(TEXT, MARKDOWN, JSON, help="text, markdown or json.")
    ] = TEXT,
    repo: RepoOpt = None,
) -> None:
    """Every commit that changed REF, newest first: author, date, subject and the change.

    Warns (OKR705) about check-ins committed more than one check-in period after their
    date, and (OKR706) about check-ins committed by someone other than the owner or a
    contributor. Exit codes: 0 done, 2 usage error (unknown REF or revision, no git).
    """
    from okrctl.api.log import log as run
    from okrctl.render.log import render_log

    result = run(repo_root(ctx, repo), ref, rev, limit)
    render_log(result, fmt, sys.stdout)
    if not result.entries:
        typer.echo("okrctl log: no commit changed it", err=True)


def start_history(root: Path, ref: str) -> StartedHistory | None:
    """Start reading REF's history from git before `show` loads the repo (see print_history)."""
    from okrctl.api.trends import start_history as start

    return start(root, ref)


def print_history(
    root: Path, ref: str, as_of: dt.date, started: StartedHistory | None = None
) -> None:
    """The `--history` part of `okrctl show REF`: weekly progress and target changes."""
    from okrctl.api.trends import history
    from okrctl.render.trend import render_history

    render_history(history(root, ref, as_of, started=started), sys.stdout)


def print_trend(root: Path, cycle: str, refs: set[str] | None = None) -> None:
    """The `--trend` part of `okrctl status`: the cycle's progress week by week from git."""
    from okrctl.api.trends import cycle_trend
    from okrctl.render.trend import render_cycle_trend

    render_cycle_trend(cycle_trend(root, cycle), sys.stdout, refs)
