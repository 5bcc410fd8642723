"""Benchmark looking back: `status --as-of D` and `status --rev REV` on the 1,000-objective,
260-commit history of bench_history.py, against `status` at HEAD.

    python bench/bench_asof.py [--keep DIR] [--runs 5]

A past `--as-of` reads the definitions of that day's last commit from git (one `git log`
of the first-parent line, one `git ls-tree`, one `git cat-file --batch`) instead of the
working tree; the target (issue 13) is within 2x `status` at HEAD.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_history import CYCLE, build, git  # noqa: E402

OKRCTL = [sys.executable, "-m", "okrctl"]


def timed(root: Path, args: list[str], today: str, runs: int) -> tuple[float, float]:
    """(best, median) wall seconds of `okrctl -C ROOT ARGS`, start-up included."""
    env = {**os.environ, "OKRCTL_TODAY": today}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([*OKRCTL, "-C", str(root), *args], capture_output=True, env=env)
        # The generated history has check-ins past its quarter's end: findings (exit 1).
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr.decode())
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Build the history here and keep it.")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "repo"
        if not (root / ".git").is_dir():
            build(root, 1000, 260, 20)
        head_day = git(root, "log", "-1", "--format=%cs")
        mid = git(root, "rev-list", "--first-parent", "HEAD").split()[130]
        mid_day = git(root, "log", "-1", "--format=%cs", mid)
        today = head_day
        base = ["status", "--cycle", CYCLE, "-f", "json"]
        rows = [
            ("`status` at HEAD (the working tree)", [*base, "--as-of", head_day]),
            (f"`status --as-of {mid_day}` (read from git)", [*base, "--as-of", mid_day]),
            ("`status --rev <commit 130>`", [*base, "--rev", mid]),
            (
                f"`status --as-of {mid_day} --no-history`",
                [*base, "--as-of", mid_day, "--no-history"],
            ),
        ]
        results = [(label, timed(root, argv, today, args.runs)) for label, argv in rows]
        head = results[0][1][1]
        load = os.getloadavg()
        print(f"Measured {dt.date.today()} · nproc {os.cpu_count()} · load {load[0]:.1f}")
        print("| | best | median | median / HEAD |\n|---|---:|---:|---:|")
        for label, (best, median) in results:
            print(f"| {label} | {best:.2f} s | {median:.2f} s | {median / head:.2f} |")


if __name__ == "__main__":
    main()
