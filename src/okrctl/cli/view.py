"""The view commands' one way: shared options in, `repo_root → api → render → finish` out.

A view command declares a `view: View` parameter where the shared options go in its help
(`--cycle`, `--as-of`, `--rev`, `--no-history`, `-C`); `view_options` puts those options in
its place, so each command lists them in the same order and words, and hands the command
one `View` of their values.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar

import typer

from okrctl.cli.findings import finish
from okrctl.cli.options import (
    AsOfOpt,
    CycleOpt,
    NoHistoryOpt,
    RepoOpt,
    RevOpt,
    as_date,
    moment,
    repo_root,
)

if TYPE_CHECKING:
    from okrctl.api.scoring import AsOf, Outcome


@dataclass(frozen=True)
class View:
    """The values of a view command's shared options."""

    ctx: typer.Context
    repo: Path | None = None
    cycle: str | None = None
    as_of: dt.datetime | None = None
    rev: str | None = None
    no_history: bool = False

    @cached_property
    def root(self) -> Path:
        """The strategy repo (looked up on first use: a command checks its own options first)."""
        return repo_root(self.ctx, self.repo)

    @property
    def moment(self) -> AsOf:
        return moment(self.as_of, self.rev, self.no_history)

    @property
    def day(self) -> dt.date:
        """`--as-of`, else today."""
        return as_date(self.as_of)


_SHARED: dict[str, tuple[Any, Any]] = {  # name: (annotation, default), in help order
    "cycle": (CycleOpt, None),
    "as_of": (AsOfOpt, None),
    "rev": (RevOpt, None),
    "no_history": (NoHistoryOpt, False),
    "repo": (RepoOpt, None),
}

Command = TypeVar("Command", bound=Callable[..., None])


def view_options(*, cycle: bool = True, history: bool = True) -> Callable[[Command], Command]:
    """Put the shared options in place of the command's `view: View` parameter: `--cycle`
    unless `cycle=False`, `--as-of`, `--rev` and `--no-history` unless `history=False`, `-C`."""
    names = [
        n
        for n in _SHARED
        if (cycle or n != "cycle") and (history or n not in ("rev", "no_history"))
    ]

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        params: list[inspect.Parameter] = []
        for param in signature.parameters.values():
            if param.name != "view":
                params.append(param)
                continue
            for name in names:
                annotation, default = _SHARED[name]
                kind = inspect.Parameter.KEYWORD_ONLY
                params.append(inspect.Parameter(name, kind, default=default, annotation=annotation))

        @functools.wraps(command)
        def run(**given: Any) -> None:
            shared = {name: given.pop(name) for name in names}
            command(**given, view=View(given["ctx"], **shared))

        run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run  # type: ignore[return-value]

    return decorate


class _Viewed(Protocol):
    @property
    def outcome(self) -> Outcome: ...


Result = TypeVar("Result", bound=_Viewed)


def present(result: Result, draw: Callable[[Result, Outcome], object]) -> NoReturn:
    """Draw a result on stdout, then the repo's findings on stderr; exit with their code."""
    draw(result, result.outcome)
    finish(result.outcome)
