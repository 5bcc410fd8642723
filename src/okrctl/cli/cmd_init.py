"""`okrctl init`: scaffold a new strategy repo."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from okrctl.cli.options import State, as_date, command_group, date_option

commands = command_group()  # registered by okrctl.cli.app


def stdin_is_tty() -> bool:
    """Whether to ask for missing answers (a person at a terminal) or require flags."""
    return sys.stdin.isatty()


def _ask_list(what: str, example: str) -> list[str]:
    typer.echo(f"{what} (NAME or ID:NAME, e.g. {example}); an empty line ends the list.")
    answers: list[str] = []
    while True:
        answer = typer.prompt(f"  {what[:-1]} {len(answers) + 1}", default="", show_default=False)
        if not answer.strip():
            return answers
        answers.append(answer)


@commands.command()
def init(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]",
            help="Folder of the new strategy repo (default: -C DIR, else the current one).",
            file_okay=False,
        ),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option("--org", metavar="NAME", help="The organisation's name."),
    ] = None,
    themes: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            metavar="ID:NAME",
            help="A strategic theme (repeat the option); ID: may be left out.",
        ),
    ] = None,
    people: Annotated[
        list[str] | None,
        typer.Option(
            "--person",
            metavar="ID:NAME",
            help="A person who owns goals (repeat); the first owns the examples.",
        ),
    ] = None,
    git: Annotated[
        bool,
        typer.Option("--git/--no-git", help="Run `git init` when DIR is not in a git repo."),
    ] = True,
    as_of: Annotated[
        dt.datetime | None,
        date_option(
            "--as-of", "Create the quarter containing this date (YYYY-MM-DD; default today)."
        ),
    ] = None,
    fiscal_year_start: Annotated[
        int,
        typer.Option(
            "--fiscal-year-start",
            metavar="MONTH",
            help="The month (1-12) the fiscal year starts; not 1: quarters are named "
            "FY2027 Q1 (settings.fiscal_year_start).",
        ),
    ] = 1,
) -> None:
    """Create a strategy repo: okrctl.yaml, this quarter's cycle with an example objective
    and one KPI per Balanced Scorecard perspective, JSON Schemas, a pre-commit config, a
    GitHub Actions workflow, a CODEOWNERS example and a README.

    At a terminal it asks for what the options do not give. It never overwrites a file:
    when any file it would write exists, it writes nothing and exits 2.
    """
    from okrctl.api.init import init_repo, make_spec
    from okrctl.model import layout
    from okrctl.model.errors import OkrctlError

    root = directory or (ctx.find_object(State) or State()).repo or Path(".")
    if stdin_is_tty():
        org = org or typer.prompt("Organisation name")
        themes = themes or _ask_list("Strategic themes", "growth:Profitable Growth")
        people = people or _ask_list("People", "ana:Ana Lima")
    missing = [
        flag
        for flag, value in (("--org", org), ("--theme", themes), ("--person", people))
        if not value
    ]
    if missing:
        raise OkrctlError(f"init needs {', '.join(missing)} (or run it at a terminal to be asked)")
    spec = make_spec(org or "", themes or [], people or [], as_date(as_of), fiscal_year_start)
    result = init_repo(root, spec, git_init=git)
    for rel in result.files:
        typer.echo(f"created {Path(root, rel).as_posix()}", err=True)
    if result.git_initialized:
        typer.echo(f"initialised an empty git repository in {root.as_posix()}", err=True)
    typer.echo(
        f"\nNext: cd {root.as_posix()} && okrctl validate, edit "
        f"{layout.objectives_dir(result.cycle)}/, then git add . && git commit",
        err=True,
    )
