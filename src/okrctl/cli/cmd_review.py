"""`okrctl review weekly|monthly|quarterly`: the WBR, MBR and QBR of a cycle."""

from __future__ import annotations

import sys
from enum import StrEnum
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


class Kind(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class ReviewFormat(StrEnum):
    MARKDOWN = "markdown"
    TEXT = "text"
    JSON = "json"


@commands.command()
def review(
    ctx: typer.Context,
    kind: Annotated[
        Kind,
        typer.Argument(
            metavar="KIND",
            help="weekly (WBR), monthly (MBR) or quarterly (QBR).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ReviewFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="markdown, text or json.", case_sensitive=False
        ),
    ] = ReviewFormat.MARKDOWN,
    write: Annotated[
        bool,
        typer.Option("--write", help="Save the Markdown to reviews/CYCLE/KIND-DATE.md."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="With --write: replace an existing file.")
    ] = False,
    cycle: CycleOpt = None,
    as_of: AsOfOpt = None,
    rev: RevOpt = None,
    no_history: NoHistoryOpt = False,
    repo: RepoOpt = None,
) -> None:
    """The review of a cycle: WBR (last 7 days), MBR (last month) or QBR (final scores).

    Exit codes: 0 done, 1 done but the repo has errors (listed after the output), 2 usage
    error (unknown cycle, no active cycle, the file to write exists or cannot be written).
    """
    from okrctl.api.review import review as run
    from okrctl.api.review import review_path, save
    from okrctl.model.errors import OkrctlError
    from okrctl.render.escape import plain
    from okrctl.render.review import render_review, review_markdown
    from okrctl.results.reviews import ReviewKind

    if force and not write:
        raise OkrctlError("--force only makes sense with --write")
    if write and fmt is not ReviewFormat.MARKDOWN:
        raise OkrctlError("--write saves Markdown: leave out --format")
    root = repo_root(ctx, repo)
    result = run(root, ReviewKind(kind.value), moment(as_of, rev, no_history), cycle)
    if write:
        path = review_path(root, result.review.head)
        save(path, review_markdown(result.review), force, root)
        typer.echo(f"wrote {plain(path.relative_to(root).as_posix())}", err=True)
    else:
        render_review(result.review, fmt.value, sys.stdout)
    finish(result.workspace)
