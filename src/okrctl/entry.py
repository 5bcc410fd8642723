"""The `okrctl` command's entry point: as light as can be, so that a Ctrl-C during the
imports is caught too."""

from __future__ import annotations


def main() -> None:
    """The `okrctl` command (and `python -m okrctl`). A Ctrl-C while the command's modules
    are still being imported (its first tens of ms) ends it as a later one does: exit 130
    and one line, not a traceback."""
    try:
        from okrctl.cli.app import run
    except KeyboardInterrupt:
        import os
        import sys

        from okrctl.model.errors import EXIT_INTERRUPTED

        sys.stderr.write("okrctl: interrupted; nothing was written\n")
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    run()
