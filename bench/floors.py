"""okrctl's figures beside their floors, in one run: a scaling table.

    python bench/floors.py [--sizes 1000 3000 10000] [--runs 3]

For each size (repos from gen_repo.py, into bench/out/, reused while they match) it times
whole processes, one after the other, start-up included:

- read: a Python process that reads every objective file, and nothing else;
- libyaml events: the same, plus `yaml.parse` (C parser) of each file, nothing built;
- fast path: the same, through okrctl's `parse_fast` (values straight from the events);
- json: `json.loads` (and orjson's, when installed) of the same data written as JSON;
- `okrctl validate` cold (`--no-cache`) and warm (the caches filled by a run before);
- warm: `status --format json`, `status` (table), `report --html` (into a new folder, and a
  rerun into the first), `show REF`,
  `show REF --history`, and one `checkin` (the file restored after each run);
- once: `okrctl --help` and `okrctl status --help` (start-up).

Each cell: median wall clock (median CPU time, user + system) and, for okrctl, the peak
resident memory. Then every target of issue 17 beside its figure (wall and CPU ratios).
The load average before and after is printed: this machine has 2 cores and other
people's jobs share them. The caches go to a fresh temporary `XDG_CACHE_HOME`; "today" is
the generated quarter's last day (`OKRCTL_TODAY`), so that no view reads git history.

    python bench/floors.py                      # 1k, 3k and 10k, 3 runs each
    python bench/floors.py --with-30k --runs 3  # and 30k (generated first: minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gen_repo import MARKER, generate

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
BIN = Path(sys.executable).parent
AS_OF = "2026-10-01"  # validate's --as-of (as in earlier figures)
TODAY = "2026-09-30"  # the generated quarter's last day: the views score the quarter
# The machine's speed drifts from day to day (the same box parsed 1.6x slower one morning):
# libyaml's event parse on the quiet machine where the absolute targets (0.6 s, 0.25 s) were
# last measured, 2026-12-02 01:52 UTC. The targets table also shows the absolute figures
# scaled by it, so that they can be compared across days.
LIBYAML_REFERENCE = {1000: 0.36, 3000: 1.07, 10000: 3.75, 30000: 9.91}
CYCLE = "2026-q3"

READ = """
import sys
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    open(path, encoding="utf-8").read()
"""
EVENTS = """
import sys, yaml
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    for _ in yaml.parse(open(path, encoding="utf-8").read(), Loader=yaml.CSafeLoader):
        pass
"""
FAST = """
import sys
from okrctl.load.yamlsafe import parse_fast
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    assert parse_fast(open(path, encoding="utf-8").read()) is not None
"""
JSON = """
import sys, json
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)
"""
ORJSON = """
import sys, orjson
for line in open(sys.argv[1], "rb"):
    orjson.loads(line)
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed with exit code {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


Cell = tuple[float, float, int]  # median wall, median CPU, peak RSS (KiB)


def median(
    cmd: list[str], runs: int, env: dict[str, str] | None = None, restore: Path | None = None
) -> Cell:
    """Median of `runs` runs; `restore` is a file put back after each (a check-in)."""
    saved = restore.read_bytes() if restore is not None else b""
    results = []
    for _ in range(runs):
        results.append(timed(cmd, env))
        if restore is not None:
            restore.write_bytes(saved)
    return cell(results)


def cell(results: list[tuple[float, float, int]]) -> Cell:
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        max(r[2] for r in results),
    )


def repo(size: int) -> Path:
    path = OUT / f"repo-{size}"
    if not (path / MARKER).is_file():
        generate(path, size)
    return path


def first_key_result(root: Path) -> tuple[Path, str, str]:
    """(file, objective REF, key result REF) of the quarter's first objective."""
    import yaml

    path = sorted((root / "cycles" / CYCLE / "objectives").glob("*.yaml"))[0]
    kr = yaml.safe_load(path.read_text(encoding="utf-8"))["key_results"][0]["id"]
    return path, f"{CYCLE}/{path.stem}", f"{CYCLE}/{path.stem}/{kr}"


def floors(size: int, root: Path, tmp: str, runs: int, env: dict[str, str]) -> dict[str, Cell]:
    """The floors: reading, libyaml's events, the fast path and JSON of the same data."""
    from okrctl.load.yamlsafe import parse

    py = sys.executable
    files = sorted(str(p) for p in (root / "cycles").glob("*/objectives/*.yaml"))
    listing = Path(tmp) / f"files-{size}"
    listing.write_text("\n".join(files), encoding="utf-8")
    data = Path(tmp) / f"data-{size}.jsonl"
    with data.open("w", encoding="utf-8") as out:
        for f in files:
            value, _ = parse(Path(f).read_text(encoding="utf-8"))
            out.write(json.dumps(value, default=str) + "\n")
    cases = {
        "read": [py, "-c", READ, str(listing)],
        "libyaml events": [py, "-c", EVENTS, str(listing)],
        "fast path (parse_fast)": [py, "-c", FAST, str(listing)],
        "json.loads": [py, "-c", JSON, str(data)],
    }
    try:
        import orjson  # noqa: F401

        cases["orjson.loads"] = [py, "-c", ORJSON, str(data)]
    except ImportError:
        pass
    return {name: median(cmd, runs, env) for name, cmd in cases.items()}


def okrctl_runs(root: Path, tmp: str, runs: int, env: dict[str, str]) -> dict[str, Cell]:
    """okrctl's commands on one repo, cold then warm."""
    okrctl = str(BIN / "okrctl")
    at = [okrctl, "-C", str(root)]
    path, objective, key_result = first_key_result(root)
    out: dict[str, Cell] = {}
    validate = [*at, "validate", "--as-of", AS_OF]
    out["validate, cold (--no-cache)"] = median([okrctl, "--no-cache", *validate[1:]], runs, env)
    timed(validate, env)  # fills the caches
    out["validate, warm"] = median(validate, runs, env)
    out["status --format json, warm"] = median([*at, "status", "--format", "json"], runs, env)
    out["status (table), warm"] = median([*at, "status"], runs, env)
    # A new folder draws every page; a rerun into one on an unchanged repo draws none (the
    # page cache, filled by the first of those runs).
    sites = [Path(tmp) / f"site-{root.name}-{n}" for n in range(runs)]
    report = [*at, "report", "--html"]
    out["report --html, new folder"] = cell([timed([*report, str(s)], env) for s in sites])
    out["report --html, rerun"] = median([*report, str(sites[0])], runs, env)
    out["show REF, warm"] = median([*at, "show", objective], runs, env)
    out["show REF --history, warm"] = median([*at, "show", objective, "--history"], runs, env)
    checkin = [*at, "checkin", key_result, "--value", "1"]
    out["checkin (one key result)"] = median(checkin, runs, env, restore=path)
    return out


def print_table(table: dict[str, dict[int, Cell]], sizes: list[int], okrctl: set[str]) -> None:
    print("| | " + " | ".join(f"{s:,} objectives" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name, cells in table.items():
        shown = []
        for s in sizes:
            wall, cpu, rss = cells[s]
            mem = f", {rss / 1024:.0f} MiB" if name in okrctl else ""
            shown.append(f"{wall:.2f} s ({cpu:.2f} s{mem})")
        print(f"| {'okrctl ' if name in okrctl else ''}{name} | " + " | ".join(shown) + " |")


def print_targets(
    table: dict[str, dict[int, Cell]], sizes: list[int], helps: Cell, plain: Cell
) -> None:
    """Every target of issue 17 beside its figure: wall (CPU)."""

    def speed(size: int) -> float:
        """How much faster the reference machine parsed these files than this one did."""
        reference = LIBYAML_REFERENCE.get(size)
        return reference / table["libyaml events"][size][0] if reference else float("nan")

    def ratio(a: str, b: str) -> list[str]:
        return [
            f"{table[a][s][0] / table[b][s][0]:.2f} ({table[a][s][1] / table[b][s][1]:.2f})"
            for s in sizes
        ]

    rows = [
        (
            "validate cold / libyaml events (≤ 5)",
            ratio("validate, cold (--no-cache)", "libyaml events"),
        ),
        ("validate warm / cold (≤ 0.4)", ratio("validate, warm", "validate, cold (--no-cache)")),
        (
            "status table / json (≤ 1.2)",
            ratio("status (table), warm", "status --format json, warm"),
        ),
        (
            "report --html rerun / validate, warm (≤ 1.5)",
            ratio("report --html, rerun", "validate, warm"),
        ),
        (
            "report --html, new folder / validate, warm",
            ratio("report --html, new folder", "validate, warm"),
        ),
        (
            "report --html, new folder / validate, cold (rules run)",
            ratio("report --html, new folder", "validate, cold (--no-cache)"),
        ),
        ("show --history / show (≤ 1.2)", ratio("show REF --history, warm", "show REF, warm")),
        (
            "status --format json, warm, wall (≤ 0.6 s at 1,000)",
            [f"{table['status --format json, warm'][s][0]:.2f} s" for s in sizes],
        ),
        (
            "checkin (≤ 0.25 s at 10,000)",
            [f"{table['checkin (one key result)'][s][0]:.2f} s" for s in sizes],
        ),
        (
            "the two above on the reference machine's speed (× libyaml reference / libyaml here)",
            [
                f"{table['status --format json, warm'][s][0] * speed(s):.2f} s / "
                f"{table['checkin (one key result)'][s][0] * speed(s):.2f} s"
                for s in sizes
            ],
        ),
        (
            "peak memory per 1,000 objectives, validate cold / status (≤ 60 MiB)",
            [
                f"{table['validate, cold (--no-cache)'][s][2] / 1024 / (s / 1000):.0f} / "
                f"{table['status --format json, warm'][s][2] / 1024 / (s / 1000):.0f} MiB"
                for s in sizes
            ],
        ),
    ]
    print()
    print("| target | " + " | ".join(f"{s:,}" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name, cells in rows:
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(
        f"\n`okrctl status --help` {helps[0]:.2f} s ({helps[1]:.2f} s) against `okrctl --help` "
        f"{plain[0]:.2f} s ({plain[1]:.2f} s): +{helps[0] - plain[0]:.2f} s wall "
        f"(+{helps[1] - plain[1]:.2f} s CPU; target ≤ +0.05 s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--with-30k", action="store_true", help="also 30,000 objectives")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [*args.sizes, *([30000] if args.with_30k else [])]
    sys.path.insert(0, str(BENCH.parent / "src"))
    # A wheel install compiles okrctl's modules; an editable one writes them on first use,
    # unless PYTHONDONTWRITEBYTECODE is set (it is on some machines): compile them now, so
    # that no figure includes compiling okrctl's source on every run.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(BENCH.parent / "src" / "okrctl")],
        check=True,
    )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average before: {load}; nproc {os.cpu_count()}; sizes {sizes}")
    okrctl = str(BIN / "okrctl")
    table: dict[str, dict[int, Cell]] = {}
    okrctl_rows: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp, "GITHUB_ACTIONS": "", "OKRCTL_TODAY": TODAY}
        env.pop("OKRCTL_NO_CACHE", None)
        plain = median([okrctl, "--help"], max(args.runs, 5), env)
        helps = median([okrctl, "status", "--help"], max(args.runs, 5), env)
        for size in sizes:
            root = repo(size)
            for name, c in floors(size, root, tmp, args.runs, env).items():
                table.setdefault(name, {})[size] = c
            for name, c in okrctl_runs(root, tmp, args.runs, env).items():
                table.setdefault(name, {})[size] = c
                okrctl_rows.add(name)
            print(f"  {size} done", file=sys.stderr)
    print_table(table, sizes, okrctl_rows)
    print_targets(table, sizes, helps, plain)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
