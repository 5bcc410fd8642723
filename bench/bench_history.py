"""Benchmark git history: 260 weekly commits over the 1,000-objective repo.

    python bench/bench_history.py [--objectives 1000] [--weeks 260] [--per-week 20] [--keep DIR]

Builds the repo with bench/gen_repo.py, commits it, then commits one week at a time: each
week 20 objectives get one more check-in on their first key result. Then it measures

- `okrctl log OBJECTIVE/KR` of one key result (a subprocess, start-up included),
- `okrctl diff FIRST LAST` between the first and the last commit, and `okrctl diff
  HEAD~1 HEAD` (one week, the size of a pull request) (subprocesses),
- the whole-cycle trend over every commit (`api.trends.cycle_trend`), against the floor:
  one `git log --raw` plus parsing each changed blob once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OKRCTL = [sys.executable, "-m", "okrctl"]
CYCLE = "2026-q3"


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _env(day: dt.date) -> dict[str, str]:
    stamp = f"{day.isoformat()}T12:00:00+00:00"
    return {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.test",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.test",
        "GIT_COMMITTER_DATE": stamp,
    }


def append_checkin(path: Path, day: dt.date, value: float) -> None:
    """One more flow-style check-in line after the first key result's last one."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "checkins:")
    end = start + 1
    while end < len(lines) and lines[end].lstrip().startswith("- {date:"):
        end += 1
    indent = lines[start + 1][: len(lines[start + 1]) - len(lines[start + 1].lstrip())]
    lines.insert(end, f"{indent}- {{date: {day.isoformat()}, value: {value}}}\n")
    path.write_text("".join(lines), encoding="utf-8")


def build(root: Path, objectives: int, weeks: int, per_week: int) -> tuple[str, str]:
    subprocess.run(
        [sys.executable, str(HERE / "gen_repo.py"), str(root), "--objectives", str(objectives)],
        check=True,
        capture_output=True,
    )
    git(root, "init", "-q", "-b", "main")
    start = dt.date(2026, 10, 5)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Generated repo", env=_env(start - dt.timedelta(days=7)))
    first = git(root, "rev-parse", "HEAD")
    files = sorted((root / "cycles" / CYCLE / "objectives").glob("*.yaml"))
    rng = random.Random(7)
    for week in range(weeks):
        day = start + dt.timedelta(weeks=week)
        for path in rng.sample(files, per_week):
            append_checkin(path, day, round(rng.uniform(0, 200), 1))
        git(root, "commit", "-q", "-a", "-m", f"Week {week + 1} check-ins", env=_env(day))
    return first, git(root, "rev-parse", "HEAD")


def timed(args: list[str], root: Path, runs: int = 7) -> tuple[float, float]:
    """(best, median) wall seconds of `okrctl ARGS` as a subprocess, start-up included."""
    env = {**os.environ, "OKRCTL_NO_CACHE": "1"}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([*OKRCTL, "-C", str(root), *args], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def cpu_seconds() -> float:
    """CPU time of this process plus its reaped children: the forked parser and git."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def floor(root: Path) -> tuple[float, float]:
    """One `git log --raw` pass plus parsing each changed blob once: the least any
    history-wide computation can cost. (wall, CPU) seconds."""
    from okrctl.history.gitrepo import open_git
    from okrctl.history.walk import MODEL_OF, BlobModels, walk
    from okrctl.model.layout import classify

    t0, c0 = time.perf_counter(), cpu_seconds()
    with open_git(root) as g:
        commits = walk(g, "HEAD", [f"cycles/{CYCLE}"], first_parent=True, reverse=True)
        BlobModels(g).parse_many(
            (fc.new_sha, fc.path, MODEL_OF[ref.kind])
            for c in commits
            for fc in c.changes
            if (ref := classify(fc.path)) is not None
        )
    return time.perf_counter() - t0, cpu_seconds() - c0


def trend(root: Path) -> tuple[float, float, int]:
    from okrctl.api.trends import cycle_trend

    t0, c0 = time.perf_counter(), cpu_seconds()
    result = cycle_trend(root, CYCLE)
    return time.perf_counter() - t0, cpu_seconds() - c0, result.commits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objectives", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--per-week", type=int, default=20)
    parser.add_argument(
        "--keep", type=Path, help="Build the repo here and keep it (reused when it exists)."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "repo"
        t0 = time.perf_counter()
        if (root / ".git").is_dir():  # built by an earlier run with --keep
            first = git(root, "rev-list", "--max-parents=0", "HEAD")
            print(f"reusing the history in {root}", flush=True)
        else:
            first, _ = build(root, args.objectives, args.weeks, args.per_week)
            print(f"built {args.weeks} commits in {time.perf_counter() - t0:.1f} s", flush=True)
        last = git(root, "rev-parse", "HEAD")
        kr = sorted((root / "cycles" / CYCLE / "objectives").glob("*.yaml"))[0].stem
        log_s = timed(["log", f"{CYCLE}/{kr}/kr-1"], root)
        diff_s = timed(["diff", first, last, "--as-of", "2026-09-30"], root)
        week_s = timed(["diff", "HEAD~1", "HEAD", "--as-of", "2026-09-30"], root)
        floors = [floor(root) for _ in range(3)]
        trends = [trend(root) for _ in range(3)]
        floor_wall, floor_cpu = min(f[0] for f in floors), min(f[1] for f in floors)
        trend_wall, trend_cpu = min(t[0] for t in trends), min(t[1] for t in trends)
        print(f"load average: {os.getloadavg()[0]:.2f}; wall seconds, best / median of 7")
        print(f"okrctl log {CYCLE}/{kr}/kr-1:  {log_s[0]:.2f} / {log_s[1]:.2f} s (target < 1 s)")
        print(f"okrctl diff first last:        {diff_s[0]:.2f} / {diff_s[1]:.2f} s (target < 3 s)")
        print(f"okrctl diff HEAD~1 HEAD:       {week_s[0]:.2f} / {week_s[1]:.2f} s (one week)")
        print(f"floor (log --raw + parse):     {floor_wall:.2f} s wall, {floor_cpu:.2f} s CPU")
        print(
            f"cycle trend over {trends[0][2]} commits: {trend_wall:.2f} s wall = "
            f"{trend_wall / floor_wall:.2f}x the floor (target < 1.5x); {trend_cpu:.2f} s CPU "
            f"= {trend_cpu / floor_cpu:.2f}x"
        )


if __name__ == "__main__":
    main()
