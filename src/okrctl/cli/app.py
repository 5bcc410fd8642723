"""The `okrctl` command: global options, command registry and the one error handler."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from okrctl import __version__
from okrctl.cli.options import State
from okrctl.model.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_INTERRUPTED

_HINT = "\n(fix the file first"


def _shown(message: str) -> str:
    """An error message, which carries refs, ids and values: on one line, escaped (only
    okrctl's own "(fix the file first ...)" hint keeps a line of its own)."""
    from okrctl.render.escape import plain

    head, hint, tail = message.rpartition(_HINT)
    if not hint:
        return plain(message)
    return plain(head) + hint + plain(tail)


def _written() -> list[Path]:
    """The files written so far (`okrctl.api.files.written`; none when no command that
    writes was imported)."""
    files = sys.modules.get("okrctl.api.files")
    return files.written if files is not None else []


def _interrupted(written: list[Path]) -> str:
    """What a Ctrl-C left behind: nothing, or the files written before it (those still
    there: a new cycle's files are written in a staging folder, removed on the way out)."""
    from okrctl.render.escape import path as shown_path

    written = [p for p in written if os.path.exists(p)]  # False on any error too
    if not written:
        return "interrupted; nothing was written"
    last = shown_path(_relative(written[-1]))
    if len(written) == 1:
        return f"interrupted after writing {last}"
    return f"interrupted after writing {len(written)} files (the last: {last})"


def _relative(path: Path) -> str:
    """`path` from the current folder when it is below it, as the user would type it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or the current folder is gone
        return str(path)


class _Group(TyperGroup):
    """Runs a command; a user error becomes one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:  # click's Context, vendored by typer
        from okrctl.model.errors import OkrctlError

        before = len(_written())
        try:
            return super().invoke(ctx)
        except OkrctlError as exc:
            typer.echo(f"okrctl: {_shown(exc.message)}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            typer.echo(f"okrctl: {_interrupted(_written()[before:])}", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (`okrctl ... | head`): stop quietly, as Unix tools do,
            # with exit 1: the output was cut short.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_FINDINGS) from None
        except Exception as exc:  # the last line of defence: no traceback for users
            state = ctx.find_object(State)
            if state is not None and state.debug:
                raise
            typer.echo(
                f"okrctl: internal error: {type(exc).__name__}: {_shown(str(exc))}\n"
                "Rerun with --debug for the traceback, and please report it.",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


def _new_app() -> typer.Typer:
    return typer.Typer(
        cls=_Group,
        name="okrctl",
        help="Strategy execution as code: OKRs, KPIs and initiatives as YAML in git.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"okrctl {__version__}")
        raise typer.Exit()


def main_options(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "-C",
            "--repo",
            metavar="DIR",
            help="Run as if started in DIR (the strategy repo).",
            file_okay=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Parse every file and draw every report page again: neither read nor write"
            " okrctl's caches (parsed values, findings, report pages).",
        ),
    ] = False,
) -> None:
    if no_cache:  # read by okrctl.load.cache (and so by any child process)
        os.environ["OKRCTL_NO_CACHE"] = "1"
    state = ctx.ensure_object(State)
    state.repo = repo
    state.debug = debug


# Command modules in the order `okrctl --help` lists them; each has a Typer `commands`.
COMMAND_MODULES = (
    "cmd_validate",
    "cmd_status",
    "cmd_checkin",
    "cmd_remind",
    "cmd_adjust",
    "cmd_measure",
    "cmd_history",
    "cmd_review",
    "cmd_cycle",
    "cmd_checklist",
    "cmd_report",
    "cmd_export",
    "cmd_import",
    "cmd_init",
)
# The module of each command (tests/test_startup.py checks it against the modules).
MODULE_OF = {
    "validate": "cmd_validate",
    "rules": "cmd_validate",
    "schema": "cmd_validate",
    "status": "cmd_status",
    "show": "cmd_status",
    "tree": "cmd_status",
    "kpis": "cmd_status",
    "checkin": "cmd_checkin",
    "remind": "cmd_remind",
    "adjust": "cmd_adjust",
    "drop": "cmd_adjust",
    "measure": "cmd_measure",
    "diff": "cmd_history",
    "log": "cmd_history",
    "review": "cmd_review",
    "cycle": "cmd_cycle",
    "checklist": "cmd_checklist",
    "report": "cmd_report",
    "export": "cmd_export",
    "import": "cmd_import",
    "init": "cmd_init",
}
_GLOBAL_FLAGS = ("--debug", "--no-cache")
_GLOBAL_VALUED = ("-C", "--repo")


def build_app(modules: tuple[str, ...] = COMMAND_MODULES) -> typer.Typer:
    """The `okrctl` app with the commands of these modules (each has its own Typer, which
    imports nothing of the app back)."""
    built = _new_app()
    built.callback()(main_options)
    for name in modules:
        built.add_typer(importlib.import_module(f"okrctl.cli.{name}").commands)
    return built


def command_of(args: list[str]) -> str | None:
    """The command these arguments run, when the global options before it are plain ones
    (`-C DIR`, `--debug`, `--no-cache`); None for anything else (`--help`, a typo, none)."""
    rest = iter(args)
    for arg in rest:
        if arg in _GLOBAL_VALUED:
            next(rest, None)
        elif arg.startswith("--repo=") or (arg.startswith("-C") and len(arg) > 2):
            continue
        elif arg not in _GLOBAL_FLAGS:
            return arg if arg in MODULE_OF else None
    return None


app: typer.Typer  # the whole `okrctl` (tests drive it), built on first use by __getattr__


def __getattr__(name: str) -> Any:
    """`app`, built on first use: `main` builds only what the command run needs."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    built = globals()["app"] = build_app()
    return built


def main() -> None:
    """Entry point of the `okrctl` script."""
    # A short-lived process: what it loads (models, node trees, scores) is acyclic and
    # lives until it ends, so the cyclic collector would only rescan it again and again
    # (it doubled the load time of 10,000 objectives). Reference counting frees the rest.
    gc.disable()
    # okrctl's models use no pydantic plugin: skip looking for one in every installed
    # package's metadata (done when the first model class is made).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    # typer turns every command it knows into a click command on each run: running one,
    # let it know only its module's (shell completion and help still see them all).
    command = None if "_OKRCTL_COMPLETE" in os.environ else command_of(sys.argv[1:])
    build_app((MODULE_OF[command],) if command else COMMAND_MODULES)()


def run() -> NoReturn:
    """Entry point of the `okrctl` script and `python -m okrctl`: `main`, then the process
    ends at once. (`main` raises SystemExit as usual for callers that go on after it.)"""
    _stand_in_for_closed_streams()
    ended: SystemExit | None = None
    try:
        main()
    except SystemExit as done:
        # Kept to the end: its traceback holds the run's frames and so everything the run
        # built, which would otherwise be freed object by object here (~10 ms at 1,000).
        ended = done
    code = ended.code if ended is not None else 0
    if code is None:
        code = 0
    if not isinstance(code, int):
        sys.exit(code)  # a message as the code is printed by Python's own exit
    code = _flushed(code)
    if not _nothing_to_tear_down():
        sys.exit(code)
    os._exit(code)


def _stand_in_for_closed_streams() -> None:
    """Give a standard stream that was closed when okrctl started (`okrctl status >&-`:
    Python makes it None) a stand-in, as git does: else the next file opened would take
    its number and a child process would write into it. A closed stdout is a pipe nobody
    reads, so that output written to it ends the run as a reader gone away does (exit 1
    when there was output, the code kept when the run failed); a closed stdin reads as
    empty and a closed stderr is /dev/null (a run keeps its code: the messages are lost)."""
    if sys.stdin is not None and sys.stdout is not None and sys.stderr is not None:
        return
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        if fd == 1:
            reader, writer = os.pipe()
            os.close(reader)
        else:
            writer = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
        if writer != fd:
            os.dup2(writer, fd)
            os.close(writer)
        mode = "r" if fd == 0 else "w"
        setattr(sys, name, open(fd, mode, encoding="utf-8", errors="replace", closefd=False))


def _nothing_to_tear_down() -> bool:
    """Whether ending the process without Python's shutdown loses nothing: no exit handler
    (logging registers one), no other thread, no GitPython (its finalizers end the `git
    cat-file` processes it keeps)."""
    import atexit
    import threading

    return atexit._ncallbacks() == 0 and threading.active_count() == 1 and "git" not in sys.modules


def _flushed(code: int) -> int:
    """`code` once stdout and stderr are flushed. A reader that went away before the last
    write (`okrctl status | head -1`, a closed stdout) ends the run quietly with exit code
    1 (the output was cut short), as a broken pipe during the command does; an output that
    cannot be written (a full disk) says so and ends it with 1 too; a run that failed (2,
    3, 130) keeps its code: the lost output is not what went wrong."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = code or EXIT_FINDINGS
        _discard(sys.stdout, 1)
    except (OSError, ValueError) as exc:  # ValueError: closed by the command
        code = code or EXIT_FINDINGS
        _discard(sys.stdout, 1)
        _say(f"okrctl: the output could not be written: {exc}")
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        _discard(sys.stderr, 2)  # nowhere left to say it
    return code


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _discard(stream: Any, fd: int) -> None:
    """Point `fd` at /dev/null and drop what `stream` holds, so that Python's shutdown
    (when it runs: a thread, an exit handler) does not fail writing it again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
        stream.flush()
    except (OSError, ValueError):
        pass


def end_process(code: int) -> NoReturn:
    """Flush stdout and stderr and end with `code` (a cut output: `_flushed`), skipping the
    interpreter's shutdown: it frees every object the run built one by one (a tenth of a
    warm `status` on 1,000 objectives), which the system does at once."""
    os._exit(_flushed(code))
