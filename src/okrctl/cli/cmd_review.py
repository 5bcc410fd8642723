"""`okrctl review weekly|monthly|quarterly`: the WBR, MBR and QBR of a cycle."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from okrctl.cli.options import command_group, format_option
from okrctl.cli.view import View, present, view_options
from okrctl.model.review_kinds import ReviewKind
from okrctl.render.formats import OutputFormat

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
@view_options()
def review(
    ctx: typer.Context,
    *,
    kind: Annotated[
        ReviewKind,
        typer.Argument(
            metavar="KIND",
            help="weekly (WBR), monthly (MBR) or quarterly (QBR).",
        ),
    ],
    fmt: Annotated[
        OutputFormat,
        format_option(
            OutputFormat.MARKDOWN,
            OutputFormat.TEXT,
            OutputFormat.JSON,
            help="markdown, text or json.",
        ),
    ] = OutputFormat.MARKDOWN,
    write: Annotated[
        bool,
        typer.Option("--write", help="Save the Markdown to reviews/CYCLE/KIND-DATE.md."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="With --write: replace an existing file.")
    ] = False,
    view: View,
) -> None:
    """The review of a cycle: WBR (last 7 days), MBR (last month) or QBR (final scores).

    Exit codes: 0 done, 1 done but the repo has errors (listed after the output), 2 usage
    error (unknown cycle, no active cycle, the file to write exists or cannot be written).
    """
    from okrctl.api.review import ReviewResult, review_path, save
    from okrctl.api.review import review as run
    from okrctl.model.errors import OkrctlError
    from okrctl.render.escape import plain
    from okrctl.render.review import render_review, review_markdown

    if force and not write:
        raise OkrctlError("--force only makes sense with --write")
    if write and fmt is not OutputFormat.MARKDOWN:
        raise OkrctlError("--write saves Markdown: leave out --format")
    root = view.root

    def draw(result: ReviewResult, _: object) -> None:
        if not write:
            render_review(result.review, fmt, sys.stdout)
            return
        path = review_path(root, result.review.head)
        save(path, review_markdown(result.review), force, root)
        typer.echo(f"wrote {plain(path.relative_to(root).as_posix())}", err=True)

    present(run(root, kind, view.moment, view.cycle), draw)
