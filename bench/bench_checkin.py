"""Benchmark one `okrctl checkin` on a synthetic repo (the issue's budget: under 0.5 s).

    python bench/bench_checkin.py [--objectives 10000] [--runs 5] [--repo DIR]

Generates the repo with bench/gen_repo.py (unless --repo names one), then times one
check-in on a key result of the generated quarter: as a user runs it (a subprocess,
start-up included), and in-process through `okrctl.api.checkin.record`. The edited file
is restored after every run, so each run does the same work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OKRCTL = [sys.executable, "-m", "okrctl"]
CYCLE = "2026-q3"
DATE = dt.date(2026, 9, 30)  # the generated quarter's last day, after its last check-in


def first_key_result(repo: Path) -> tuple[Path, str]:
    """(file, REF) of the first key result of the first objective of the quarter."""
    import yaml

    path = sorted((repo / "cycles" / CYCLE / "objectives").glob("*.yaml"))[0]
    kr = yaml.safe_load(path.read_text(encoding="utf-8"))["key_results"][0]["id"]
    return path, f"{CYCLE}/{path.stem}/{kr}"


def best_of(runs: int, action: Callable[[], object], path: Path) -> float:
    """The best wall time of `runs` runs, restoring `path` after each."""
    data = path.read_bytes()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
        path.write_bytes(data)
    return best


def cli(*args: str) -> Callable[[], object]:
    return lambda: subprocess.run([*OKRCTL, *args], capture_output=True, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objectives", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, help="an existing generated repo to use")
    args = parser.parse_args()
    from okrctl.api.checkin import CheckinInput, record

    with tempfile.TemporaryDirectory() as tmp:
        repo = args.repo
        if repo is None:
            repo = Path(tmp) / "repo"
            subprocess.run(
                [sys.executable, str(HERE / "gen_repo.py"), str(repo),
                 "--objectives", str(args.objectives)],
                check=True,
            )  # fmt: skip
        path, ref = first_key_result(repo)
        checkin = ["-C", str(repo), "checkin", ref, "--value", "1", "--as-of", DATE.isoformat()]
        startup = best_of(args.runs, cli("--version"), path)
        wrote = best_of(args.runs, cli(*checkin), path)
        dry = best_of(args.runs, cli(*checkin, "--dry-run"), path)
        api = best_of(args.runs, lambda: record(repo, [CheckinInput(ref, "1")], today=DATE), path)
        print(f"objectives                 {args.objectives}")
        print(f"okrctl --version           {startup:6.3f} s  (interpreter and CLI start-up)")
        print(f"okrctl checkin             {wrote:6.3f} s")
        print(f"okrctl checkin --dry-run   {dry:6.3f} s")
        print(f"api.checkin.record         {api:6.3f} s  (in-process, imports done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
