"""`okrctl remind`: everything due, by owner, with the command to run; optionally posted."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import Annotated

import typer

from okrctl.cli.findings import report_repo_findings
from okrctl.cli.options import AsOfOpt, CycleOpt, RepoOpt, command_group, moment, repo_root

commands = command_group()  # registered by okrctl.cli.app


class RemindFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    SLACK = "slack"


@commands.command()
def remind(
    ctx: typer.Context,
    fmt: Annotated[
        RemindFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown (with @-mentions of github handles), json, or slack (a Block Kit "
            "payload).",
            case_sensitive=False,
        ),
    ] = RemindFormat.MARKDOWN,
    post: Annotated[
        str | None,
        typer.Option(
            "--post",
            metavar="URL",
            help="Also post the Slack payload to this incoming webhook "
            "(default: $OKRCTL_WEBHOOK_URL when set). Nothing is posted when nothing is due.",
            show_default=False,
        ),
    ] = None,
    cycle: CycleOpt = None,
    as_of: AsOfOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Everything due, grouped by owner: key results and KPIs without a check-in within
    their cadence and overdue initiatives, each with the `okrctl checkin` command to run.

    Exit codes: 0 listed (and posted), 1 the repo has errors, 2 usage error or the webhook
    failed.
    """
    from okrctl.api.remind import WEBHOOK_TIMEOUT, post_webhook
    from okrctl.api.remind import remind as run
    from okrctl.model.errors import OkrctlError
    from okrctl.render.remind import render_reminders, slack_payload

    result = run(repo_root(ctx, repo), moment(as_of, None, False), cycle)
    render_reminders(result.reminders, fmt.value, sys.stdout)
    url = post if post is not None else os.environ.get("OKRCTL_WEBHOOK_URL") or None
    if url is not None:
        sys.stdout.flush()
        if not result.reminders.count:
            typer.echo("okrctl: nothing is due: nothing posted to the webhook", err=True)
        else:
            timeout = WEBHOOK_TIMEOUT
            wanted = os.environ.get("OKRCTL_WEBHOOK_TIMEOUT")
            if wanted:
                try:
                    timeout = float(wanted)
                except ValueError:
                    raise OkrctlError(
                        "OKRCTL_WEBHOOK_TIMEOUT: expected a number of seconds"
                    ) from None
            host = post_webhook(url, slack_payload(result.reminders), timeout)
            n = result.reminders.count
            typer.echo(
                f"okrctl: posted {n} reminder{'s' * (n != 1)} to the webhook at {host}", err=True
            )
    raise typer.Exit(report_repo_findings(result.workspace))
