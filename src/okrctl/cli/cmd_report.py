"""`okrctl report --html OUT_DIR`: the control center as a static site."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from okrctl.cli.options import command_group
from okrctl.cli.view import View, present, view_options

commands = command_group()  # registered by okrctl.cli.app


@commands.command()
@view_options()
def report(
    ctx: typer.Context,
    *,
    html: Annotated[
        Path,
        typer.Option(
            "--html",
            metavar="OUT_DIR",
            help="Folder to write the site to (new, empty, or an earlier report).",
            file_okay=False,
        ),
    ],
    view: View,
) -> None:
    """Write the control center as a static HTML site that works from file://: index by
    theme, Balanced Scorecard, alignment tree and a page per objective with trend charts.

    Exit codes: 0 written, 1 written but the repo has errors (listed), 2 usage error (the
    folder holds other files or cannot be made, unknown cycle, no strategy repo).
    """
    from okrctl.api.report import KeptSite, ReportData, report_site, write_site
    from okrctl.render.escape import plain

    def draw(data: ReportData | KeptSite, _: object) -> None:
        if isinstance(data, KeptSite):  # nothing to draw or write (nor the renderer imported)
            pages, changed, drawn = data.pages, 0, 0
        else:
            from okrctl.render.html import page_names, site_sources

            made = site_sources(data.organization, data.score, data.tree, data.series, data.changes)
            pages, changed, drawn = write_site(
                html, made, page_names(data.score), data.site, data.outcome.root
            )
        shown = plain((html / "index.html").as_posix())
        count = len(pages)
        unchanged = count - changed
        kept = f" ({unchanged} unchanged, left as they were)" if unchanged else ""
        # Said only when the page cache spared some (a new folder draws every page).
        known = count - drawn
        cached = f"; {known} known to the page cache, not drawn again" if known else ""
        typer.echo(f"wrote {changed} of {count} pages{kept}{cached}; open {shown}", err=True)

    present(report_site(view.root, view.moment, html, view.cycle), draw)
