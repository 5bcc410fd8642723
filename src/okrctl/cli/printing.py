"""Printing repo text that the CLI shows as it is (diffs), escaped once for the terminal."""

from __future__ import annotations

import typer


def echo_diff(diff: str) -> None:
    """A unified diff on stdout, each line escaped (`plain`) but its line break kept."""
    from okrctl.render.escape import plain

    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        typer.echo(plain(body) + line[len(body) :], nl=False)
