"""`okrctl report --html OUT_DIR`: the control center as a static site."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from okrctl.cli.findings import finish
from okrctl.cli.options import (
    AsOfOpt,
    CycleOpt,
    NoHistoryOpt,
    RepoOpt,
    RevOpt,
    command_group,
    moment,
    repo_root,
)

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
def report(
    ctx: typer.Context,
    html: Annotated[
        Path,
        typer.Option(
            "--html",
            metavar="OUT_DIR",
            help="Folder to write the site to (new, empty, or an earlier report).",
            file_okay=False,
            show_default=False,
        ),
    ],
    cycle: CycleOpt = None,
    as_of: AsOfOpt = None,
    rev: RevOpt = None,
    no_history: NoHistoryOpt = False,
    repo: RepoOpt = None,
) -> None:
    """Write the control center as a static HTML site that works from file://: index by
    theme, Balanced Scorecard, alignment tree and a page per objective with trend charts.

    Exit codes: 0 written, 1 written but the repo has errors (listed), 2 usage error (the
    folder holds other files or cannot be made, unknown cycle, no strategy repo).
    """
    from okrctl.api.report import report_data, write_site
    from okrctl.render.escape import plain
    from okrctl.render.html import render_site

    data = report_data(repo_root(ctx, repo), moment(as_of, rev, no_history), cycle)
    pages = render_site(data.organization, data.score, data.tree, data.series, data.changes)
    write_site(html, pages)
    typer.echo(
        f"wrote {len(pages)} pages; open {plain((html / 'index.html').as_posix())}", err=True
    )
    finish(data.workspace)
