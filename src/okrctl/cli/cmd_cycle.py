"""`okrctl cycle list|new|close`: create, list and close OKR cycles."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from okrctl.cli.completion import complete_team
from okrctl.cli.findings import finish
from okrctl.cli.options import (
    AsOfOpt,
    ListingFormatOpt,
    RepoOpt,
    as_date,
    command_group,
    date_option,
    repo_root,
)
from okrctl.cli.printing import ask
from okrctl.cli.view import View, view_options
from okrctl.model.errors import EXIT_INTERRUPTED
from okrctl.render.formats import OutputFormat

if TYPE_CHECKING:
    from okrctl.api.cycle_new import Candidate

commands = command_group()  # registered by okrctl.cli.app

cycle_app = typer.Typer(
    name="cycle",
    help="List, create and close OKR cycles.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
commands.add_typer(cycle_app)


@cycle_app.command("list")
@view_options(cycle=False)
def list_cycles(
    ctx: typer.Context, *, fmt: ListingFormatOpt = OutputFormat.TEXT, view: View
) -> None:
    """Every cycle with its dates, scope, status and progress; an annual cycle also shows
    the progress of the objectives aligned to it (its quarters).
    """
    from okrctl.api.cycles import cycle_list
    from okrctl.render.cycles import render_cycle_list

    outcome, listing = cycle_list(view.root, view.moment)
    render_cycle_list(listing, fmt, sys.stdout)
    finish(outcome)


@cycle_app.command("new")
def new(
    ctx: typer.Context,
    cycle_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new cycle's id, e.g. 2027-q1.")
    ],
    start: Annotated[
        dt.datetime,
        date_option("--start", "First day (YYYY-MM-DD)."),
    ],
    end: Annotated[
        dt.datetime,
        date_option("--end", "Last day (YYYY-MM-DD)."),
    ],
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="NAME",
            help="Display name (default from the id: 2027-q1 is 'Q1 2027').",
        ),
    ] = None,
    scope: Annotated[
        str, typer.Option("--scope", metavar="SCOPE", help="company, department or team.")
    ] = "company",
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            metavar="TEAM",
            help="The team of a department or team cycle.",
            autocompletion=complete_team,
        ),
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            metavar="ID",
            help="The cycle containing this one (e.g. the year).",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="PREV",
            help="Copy KPI definitions from this cycle (last value becomes the baseline).",
        ),
    ] = None,
    carry_over: Annotated[
        bool,
        typer.Option(
            "--carry-over",
            help="With --from: also copy unfinished objectives and key results (in a "
            "terminal without --only, asks which).",
        ),
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="REF",
            help="With --carry-over: only these objectives or objective/kr of PREV "
            "(repeat or comma-separate).",
        ),
    ] = None,
    repo: RepoOpt = None,
) -> None:
    """Create cycles/ID/ with its cycle.yaml (and, with --from, KPIs and carried-over OKRs).

    Exit codes: 0 created, 2 nothing written (the cycle exists, bad dates, unknown cycle or
    team, an overlap with a cycle of the same scope).
    """
    from okrctl.api.cycles import NewCycle, new_cycle
    from okrctl.api.status import split_list
    from okrctl.model.dates import today
    from okrctl.render.escape import plain

    chosen = split_list(only)
    # A person at a terminal picks what to carry; a script (no terminal) carries everything.
    ask = carry_over and not chosen and sys.stdin.isatty()
    plan = NewCycle(
        cycle_id,
        start.date(),
        end.date(),
        name,
        scope,
        team,
        parent,
        source,
        carry_over,
        chosen,
        _ask_carry_over if ask else None,
    )
    result = new_cycle(repo_root(ctx, repo), plan, today())
    for rel in result.written:
        typer.echo(f"created {plain(rel)}")
    for note in result.notes:
        typer.echo(f"carried {plain(note)}", err=True)
    if result.findings:
        n = len(result.findings)
        typer.echo(
            f"{n} finding{'s' * (n != 1)} in the new files (e.g. carried objectives with too "
            "few key results): run `okrctl validate` and complete them",
            err=True,
        )


def _ask_carry_over(candidates: Sequence[Candidate]) -> list[str]:
    """The ids of the candidates the person picks: numbers and ranges (`1,3-4`), `all`
    (Enter) or `none`; asked again until the answer reads."""
    from okrctl.render.escape import plain, shorten

    if not candidates:
        return []
    typer.echo("Unfinished objectives (their unfinished key results in brackets):", err=True)
    width = max(len(c.id) for c in candidates)
    for n, c in enumerate(candidates, 1):
        krs = ", ".join(c.key_results) or "no key results"
        line = f"  {n:>3}  {plain(c.id):<{width}}  {shorten(plain(c.title), 60)}  [{plain(krs)}]"
        typer.echo(line, err=True)
    # Asked before anything is written: Ctrl-C here leaves the repo as it was.
    try:
        while True:
            answer = ask("Carry over which? Numbers or ranges (1,3-4), all or none", "all")
            picked = _picked(answer, len(candidates))
            if picked is not None:
                return [candidates[i - 1].id for i in picked]
            typer.echo(f"  not a choice: '{plain(answer)}'", err=True)
    except (typer.Abort, KeyboardInterrupt, EOFError):
        typer.echo("\ninterrupted: nothing written", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _picked(answer: str, count: int) -> list[int] | None:
    """1-based numbers from `1,3-4` (each once, in order), all or none; None when it does not
    read or names a number past `count`."""
    text = answer.strip().lower()
    if text in ("all", "a", "*"):
        return list(range(1, count + 1))
    if text in ("none", "n", "-"):
        return []
    picked: set[int] = set()
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        low, dash, high = part.partition("-")
        if not low.isdecimal() or (dash and not high.isdecimal()):
            return None
        first, last = int(low), int(high) if dash else int(low)
        if not 1 <= first <= last <= count:
            return None
        picked.update(range(first, last + 1))
    return sorted(picked) or None


@cycle_app.command("close")
def close(
    ctx: typer.Context,
    cycle_id: Annotated[str, typer.Argument(metavar="ID", help="The cycle to close.")],
    force: Annotated[
        bool, typer.Option("--force", help="Close before the cycle's last day.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the diff of every file; write nothing.")
    ] = False,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit exactly the files written, in one commit.")
    ] = False,
    grade: Annotated[
        list[str] | None,
        typer.Option(
            "--grade",
            metavar="REF=SCORE",
            help="Grade a key result by hand (0 to 1), e.g. cx-leader/nps=0.8; repeatable, "
            "each with its own --reason.",
        ),
    ] = None,
    reason: Annotated[
        list[str] | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Why: one per --grade, in the same order (stored as score_note).",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Record final_score on every key result and objective, write the retrospective
    template reviews/ID/retrospective.md and set `status: closed` (read-only from then on).

    `--grade cx-leader/nps=0.8 --reason "..."` records the owner's grade instead of the
    computed score, with the reason as `score_note`.

    Exit codes: 0 closed, 2 nothing written (already closed, before its last day without
    --force, files that do not load).
    """
    from okrctl.api.cycles import close_cycle, grades_of
    from okrctl.render.escape import plain
    from okrctl.render.review_qbr import retrospective_markdown

    grades = grades_of(grade or [], reason or [])
    result = close_cycle(
        repo_root(ctx, repo),
        cycle_id,
        as_date(as_of),
        force,
        retrospective_markdown,
        dry_run=dry_run,
        commit=commit,
        grades=grades,
    )
    if dry_run:
        from okrctl.cli.printing import echo_diff

        echo_diff(result.diff)
        typer.echo(f"cycle {plain(cycle_id)}: dry run, nothing written", err=True)
        return
    for rel in result.written:
        typer.echo(f"wrote {plain(rel)}")
    if result.kept:
        typer.echo(f"kept {plain(str(result.kept))} (it already existed)")
    n = len(result.review.objectives())
    typer.echo(f"cycle {plain(cycle_id)} closed: final scores recorded on {n} objectives", err=True)
    if result.commit:
        typer.echo(f"committed {result.commit[:10]}", err=True)
