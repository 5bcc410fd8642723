"""okrctl's figures beside their floors, in one run: a scaling table.

    python bench/floors.py [--sizes 1000 3000 10000] [--runs 3]

For each size (repos from gen_repo.py, into bench/out/, reused while they match) it times
whole processes, one after the other, start-up included:

- read: a Python process that reads every objective file, and nothing else;
- libyaml events: the same, plus `yaml.parse` (C parser) of each file, nothing built;
- fast path: the same, through okrctl's `parse_fast` (values straight from the events);
- json: `json.loads` (and orjson's, when installed) of the same data written as JSON;
- `okrctl validate` cold (`--no-cache`) and warm (the value cache filled by a run before),
  and `okrctl status --format json` warm.

Each cell: median wall clock (median CPU time, user + system) and, for okrctl, the peak
resident memory. The load average before the run is printed: this machine has 2 cores
and other people's jobs share them.
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
AS_OF = "2026-10-01"

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


def median(
    cmd: list[str], runs: int, env: dict[str, str] | None = None
) -> tuple[float, float, int]:
    results = [timed(cmd, env) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        max(r[2] for r in results),
    )


def ratio(
    a: dict[int, tuple[float, float, int]], b: dict[int, tuple[float, float, int]], s: int
) -> str:
    return f"{a[s][0] / b[s][0]:.2f} ({a[s][1] / b[s][1]:.2f})"


def repo(size: int) -> Path:
    path = OUT / f"repo-{size}"
    if not (path / MARKER).is_file():
        generate(path, size)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(BENCH.parent / "src"))
    from okrctl.load.yamlsafe import parse

    try:
        import orjson  # noqa: F401

        has_orjson = True
    except ImportError:
        has_orjson = False
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average before: {load}; nproc {os.cpu_count()}")
    py = sys.executable
    okrctl = str(BIN / "okrctl")
    table: dict[str, dict[int, tuple[float, float, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp, "GITHUB_ACTIONS": ""}
        for size in args.sizes:
            root = repo(size)
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
            if has_orjson:
                cases["orjson.loads"] = [py, "-c", ORJSON, str(data)]
            validate = [okrctl, "-C", str(root), "validate", "--as-of", AS_OF]
            for name, cmd in cases.items():
                table.setdefault(name, {})[size] = median(cmd, args.runs, env)
            table.setdefault("okrctl validate, cold (--no-cache)", {})[size] = median(
                [okrctl, "--no-cache", *validate[1:]], args.runs, env
            )
            timed(validate, env)  # fills the cache
            table.setdefault("okrctl validate, warm", {})[size] = median(validate, args.runs, env)
            status = [okrctl, "-C", str(root), "status", "--format", "json", "--as-of", AS_OF]
            table.setdefault("okrctl status --format json, warm", {})[size] = median(
                status, args.runs, env
            )
            print(f"  {size} done", file=sys.stderr)
    rows = list(table.items())
    sizes = args.sizes
    print("| | " + " | ".join(f"{s:,} objectives" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name, cells in rows:
        shown = []
        for s in sizes:
            wall, cpu, rss = cells[s]
            mem = f", {rss / 1024:.0f} MiB" if name.startswith("okrctl") else ""
            shown.append(f"{wall:.2f} s ({cpu:.2f} s{mem})")
        print(f"| {name} | " + " | ".join(shown) + " |")
    events = table["libyaml events"]
    for name in ("okrctl validate, cold (--no-cache)", "okrctl validate, warm"):
        ratios = [
            f"{table[name][s][0] / events[s][0]:.1f} ({table[name][s][1] / events[s][1]:.1f})"
            for s in sizes
        ]
        print(f"| {name} / libyaml events | " + " | ".join(ratios) + " |")
    warm = table["okrctl validate, warm"]
    cold = table["okrctl validate, cold (--no-cache)"]
    print(
        "| warm / cold validate | "
        + " | ".join(
            f"{warm[s][0] / cold[s][0]:.2f} ({warm[s][1] / cold[s][1]:.2f})" for s in sizes
        )
        + " |"
    )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
