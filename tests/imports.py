"""Running okrctl in a fresh interpreter and noting which modules it imported: start-up
costs are counted in modules, never in seconds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import NamedTuple


class Run(NamedTuple):
    code: int  # the exit code (a message as the code counts as 1, as Python's exit does)
    stdout: str
    imported: list[str]  # those of the modules asked about, in their order


def run_noting_imports(args: list[str], modules: list[str], cwd: Path | None = None) -> Run:
    """`okrctl ARGS` in a new interpreter (in process: main, not the script's fast exit),
    and which of `modules` it imported."""
    code = (
        "import sys\n"
        "from okrctl.cli.app import main\n"
        f"sys.argv = ['okrctl', *{args!r}]\n"
        "code = 0\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    code = exit.code if isinstance(exit.code, int) else int(exit.code is not None)\n"
        f"found = [m for m in {modules!r} if m in sys.modules]\n"
        "print(f'exit:{code}', file=sys.stderr)\n"
        "print('imported:' + ','.join(found), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    lines = done.stderr.splitlines()
    (ended,) = [ln for ln in lines if ln.startswith("exit:")]
    (found,) = [ln for ln in lines if ln.startswith("imported:")]
    imported = [m for m in found.removeprefix("imported:").split(",") if m]
    return Run(int(ended.removeprefix("exit:")), done.stdout, imported)
