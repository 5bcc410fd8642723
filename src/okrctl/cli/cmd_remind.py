"""`okrctl remind`: everything due, by owner, with the command to run; optionally posted."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from okrctl.cli.findings import report_repo_findings
from okrctl.cli.options import command_group, format_option
from okrctl.cli.view import View, view_options
from okrctl.render.formats import OutputFormat

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
@view_options(history=False)
def remind(
    ctx: typer.Context,
    *,
    fmt: Annotated[
        OutputFormat,
        format_option(
            OutputFormat.MARKDOWN,
            OutputFormat.JSON,
            OutputFormat.SLACK,
            help="markdown (with @-mentions of github handles), json, or slack (a Block Kit "
            "payload).",
        ),
    ] = OutputFormat.MARKDOWN,
    post: Annotated[
        str | None,
        typer.Option(
            "--post",
            metavar="URL",
            help="Also post the Slack payload to this incoming webhook "
            "(default: $OKRCTL_WEBHOOK_URL when set). Nothing is posted when nothing is due.",
        ),
    ] = None,
    view: View,
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

    result = run(view.root, view.moment, view.cycle)
    render_reminders(result.reminders, fmt, sys.stdout)
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
    raise typer.Exit(report_repo_findings(result.outcome))
