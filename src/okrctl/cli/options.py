"""Options shared by several commands, defined once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument

from okrctl.cli.completion import complete_cycle
from okrctl.render.formats import OLD_SPELLINGS, OutputFormat

try:  # typer 0.29 converts option values through pydantic: okrctl.cli.coercion does without
    import okrctl.cli.coercion  # noqa: F401
except (ImportError, AttributeError):  # another typer has not the internals it replaces
    pass

if TYPE_CHECKING:
    from okrctl.api.scoring import AsOf

RepoOpt = Annotated[
    Path | None,
    typer.Option(
        "-C",
        "--repo",
        metavar="DIR",
        help="The strategy repo (default: found from the current directory upwards, like git).",
        file_okay=False,
    ),
]


def shown_value(text: str) -> str:
    """A value given on the command line as an error message quotes it: at most 40
    characters, control characters as escapes."""
    if len(text) <= 40 and text.isprintable():
        return text
    return repr(text[:40])[1:-1]


def date_parser(flag: str) -> Callable[[str], dt.datetime]:
    """The parser of a date option, with okrctl's wording (click's names strptime formats
    and pydantic says "Value error")."""

    def parse(text: str) -> dt.datetime:
        import re

        from okrctl.model.errors import OkrctlError

        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            try:
                return dt.datetime.fromisoformat(text.strip())
            except ValueError:
                pass
        raise OkrctlError(f"{flag}: expected a date YYYY-MM-DD, got '{shown_value(text)}'")

    return parse


def date_option(flag: str, help: str) -> Any:
    """An option taking a date YYYY-MM-DD, parsed with okrctl's wording for `flag`."""
    return typer.Option(flag, metavar="DATE", parser=date_parser(flag), help=help)


def _plain_argument_type(self: TyperArgument, ctx: Any) -> str | None:
    """An argument with a metavar shows only it (`REF`, not `REF <str>`), as options do."""
    return None if self.metavar is not None else _typer_argument_type(self, ctx)


# typer 0.29 appends the Python type to every argument's help, metavar or not.
_typer_argument_type = TyperArgument.display_type_rich
TyperArgument.display_type_rich = _plain_argument_type  # type: ignore[method-assign,assignment]


AsOfOpt = Annotated[
    dt.datetime | None,
    date_option("--as-of", "Evaluate on this date (YYYY-MM-DD); default today."),
]
RevOpt = Annotated[
    str | None,
    typer.Option(
        "--rev",
        help="Score exactly what this git commit holds (offline, reproducible); "
        "with --as-of, its check-ins up to that day.",
        metavar="REV",
    ),
]
NoHistoryOpt = Annotated[
    bool,
    typer.Option(
        "--no-history",
        help="With a past --as-of: today's files with later check-ins left out, "
        "not the files of that day's last commit.",
    ),
]
CycleOpt = Annotated[
    str | None,
    typer.Option(
        "--cycle",
        metavar="ID",
        help="Cycle id (default: the active one).",
        autocompletion=complete_cycle,
    ),
]


def format_option(*allowed: OutputFormat, help: str) -> Any:
    """The `--format` option of a command that writes the formats `allowed`.

    Case does not matter; `table`, the old name of `text`, is still accepted.
    """
    names = {f.value: f for f in allowed}
    names |= {old: f for old, f in OLD_SPELLINGS.items() if f in allowed}
    listed = ", ".join(f.value for f in allowed[:-1]) + f" or {allowed[-1].value}"

    def parse(text: str) -> OutputFormat:
        found = names.get(text.casefold())
        if found is None:
            from okrctl.model.errors import OkrctlError

            raise OkrctlError(f"--format: expected {listed}, got '{shown_value(text)}'")
        return found

    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=help,
        parser=parse,
        autocompletion=lambda: [f.value for f in allowed],
    )


# The listing commands (`checklist`, `cycle list`).
ListingFormatOpt = Annotated[
    OutputFormat,
    format_option(
        OutputFormat.TEXT, OutputFormat.MARKDOWN, OutputFormat.JSON, help="text, markdown or json."
    ),
]


def command_group() -> typer.Typer:
    """The Typer of one command module; `okrctl.cli.app` merges each into the `okrctl` app
    (so no command module imports the app back)."""
    return typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


class State:
    """Values of the global options, kept on the typer context."""

    def __init__(self) -> None:
        self.repo: Path | None = None
        self.debug = False


def repo_root(ctx: typer.Context, repo: Path | None) -> Path:
    """The strategy repo root: the command's -C, else the global -C, else found upwards."""
    from okrctl.load.repo import find_root

    chosen = repo or (ctx.find_object(State) or State()).repo
    if chosen is not None:
        config = chosen / "okrctl.yaml"
        # A FIFO or device there is the loader's to report (OKR001), not a missing file.
        special = config.is_fifo() or config.is_char_device() or config.is_socket()
        if not (config.is_file() or special or config.is_block_device()):
            from okrctl.model.errors import OkrctlError

            raise OkrctlError(f"{chosen}: not a strategy repo (no okrctl.yaml)")
        return chosen.resolve()
    return find_root(Path.cwd())


def as_date(value: dt.datetime | None) -> dt.date:
    from okrctl.model.dates import today

    return value.date() if value else today()


def moment(as_of: dt.datetime | None, rev: str | None, no_history: bool) -> AsOf:
    """The moment a read view shows (see `okrctl.api.scoring.AsOf`)."""
    from okrctl.api.scoring import AsOf

    return AsOf(as_of.date() if as_of else None, rev, not no_history)
