"""`okrctl import`: objectives and key results from a spreadsheet (export's CSV columns)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from okrctl.cli.options import CycleOpt, RepoOpt, command_group, repo_root

commands = command_group()  # registered by okrctl.cli.app


@commands.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A CSV in the columns `okrctl export --format csv` writes ('-': stdin).",
        ),
    ],
    cycle: CycleOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Create objective files (with their key results) from a CSV, one row per key result.

    Example: okrctl import okrs.csv --cycle 2027-q1

    The cycle is --cycle, else the file's `cycle` column. Existing objective files are never
    overwritten. Exit codes: 0 created, 2 nothing written (bad rows, an objective that
    exists, an unknown cycle).
    """
    from okrctl.api.importer import ImportRowsError, import_csv
    from okrctl.model.dates import today
    from okrctl.model.errors import OkrctlError
    from okrctl.render.escape import plain

    root = repo_root(ctx, repo)
    shown = "stdin" if file == "-" else file
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise OkrctlError(f"{shown}: cannot read it ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OkrctlError(f"{shown}: not UTF-8 text; nothing was written") from None
    try:
        result = import_csv(root, text, cycle, today())
    except ImportRowsError as exc:
        for problem in exc.message.splitlines():
            # "line 3: ..." is shown as FILE:3: like every other finding
            head, _, rest = problem.partition(": ")
            where = f"{shown}:{head[5:]}" if head[5:].isdigit() else f"{shown}: {head}"
            typer.echo(f"okrctl: {plain(where)}: {plain(rest)}", err=True)
        raise OkrctlError(f"{shown}: nothing was written") from None
    for rel in result.written:
        typer.echo(f"created {plain(rel)}")
    if result.findings:
        for d in result.findings:
            where = f"{d.file}:{d.line}:{d.col}"
            typer.echo(f"{plain(where)}: {d.code} {plain(d.message)}", err=True)
        n = len(result.findings)
        typer.echo(
            f"{n} finding{'s' * (n != 1)} in the new files: run `okrctl validate` and "
            "complete them",
            err=True,
        )
