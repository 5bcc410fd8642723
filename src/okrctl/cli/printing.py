"""Printing repo text that the CLI shows as it is (diffs), escaped once for the terminal, and
asking on the terminal."""

from __future__ import annotations

import sys

import typer


def echo_diff(diff: str) -> None:
    """A unified diff on stdout, each line escaped (`plain`) but its line break kept."""
    from okrctl.render.escape import plain

    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        typer.echo(plain(body) + line[len(body) :], nl=False)


def ask(text: str, default: str | None = None, *, show_default: bool = True) -> str:
    """typer.prompt's question, all of it on stderr: click writes a prompt's last character
    through `input()`, to stdout, so `okrctl ... > FILE` found a space in FILE per answer.
    An empty answer is `default`, or asked again when there is none; Ctrl-C or the input's
    end is typer.Abort, as with typer.prompt."""
    shown = f"{text} [{default}]: " if default is not None and show_default else f"{text}: "
    while True:
        sys.stderr.write(shown)
        sys.stderr.flush()
        try:
            answer = input()  # no prompt: nothing on stdout
        except (KeyboardInterrupt, EOFError):
            raise typer.Abort() from None
        if answer:
            return answer
        if default is not None:
            return default
