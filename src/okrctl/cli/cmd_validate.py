"""`okrctl validate`, `okrctl rules` and `okrctl schema`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from okrctl.cli.options import AsOfOpt, RepoOpt, as_date, command_group, format_option, repo_root
from okrctl.render.formats import OutputFormat

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Report only on these files or folders (references still resolve repo-wide).",
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat | None,
        format_option(
            OutputFormat.TEXT,
            OutputFormat.JSON,
            OutputFormat.GITHUB,
            help="text, json or github (default: github when GITHUB_ACTIONS=true, else text).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    as_of: AsOfOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Check the strategy repo against the schema and the rules.

    Exit codes: 0 clean, 1 findings (errors, or warnings with --strict), 2 usage error or no
    strategy repo found.
    """
    from okrctl.api.validate import validate as run
    from okrctl.render.diagnostics import render_diagnostics, summary_line

    root = repo_root(ctx, repo)
    if fmt is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        fmt = OutputFormat.GITHUB if github else OutputFormat.TEXT
    result = run(root, paths or (), as_date(as_of))
    render_diagnostics(result.diagnostics, root, fmt, sys.stdout)
    if fmt is not OutputFormat.JSON:
        typer.echo(summary_line(result.errors, result.warnings, result.files_checked), err=True)
    raise typer.Exit(result.exit_code(strict))


@commands.command("rules")
def rules_command(
    fmt: Annotated[
        OutputFormat,
        format_option(OutputFormat.TEXT, OutputFormat.MARKDOWN, help="text or markdown."),
    ] = OutputFormat.TEXT,
) -> None:
    """List every rule with its code, default severity and summary."""
    from okrctl.api.catalog import rule_catalog
    from okrctl.render.catalog import render_catalog

    render_catalog(rule_catalog(), fmt, sys.stdout)


@commands.command()
def schema(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Folder to write the schemas to (default: schemas/ at the strategy repo's "
            "root, else in the current folder).",
            file_okay=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; exit 1 when the files differ from the models."
        ),
    ] = False,
) -> None:
    """Write the JSON Schemas (draft 2020-12) of every file kind, generated from the models."""
    from okrctl.api.schemas import write_schemas

    if out is None:
        out = _schema_dir(ctx)
    changed = write_schemas(out, dry_run=check)
    for name in changed:
        typer.echo(f"{'stale' if check else 'wrote'} {out / name}", err=True)
    if check and changed:
        raise typer.Exit(1)


def _schema_dir(ctx: typer.Context) -> Path:
    """schemas/ at the root of the strategy repo (-C, else found upwards like every other
    command finds it); outside any strategy repo (okrctl's own source tree), ./schemas."""
    from okrctl.model.errors import OkrctlError

    try:
        root = repo_root(ctx, None)
    except OkrctlError:
        return Path("schemas")
    return root / "schemas"
