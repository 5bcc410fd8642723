"""Time `okrctl validate` against check-jsonschema and libyaml alone, and `okrctl --help`.

    python bench/bench_validate.py [--sizes 1000 10000] [--runs 3] [--write]

Synthetic repos come from gen_repo.py (into bench/out/, git-ignored) and are reused while
their size and seed match. Every figure is the median wall-clock time of whole processes,
start-up included, run one after the other on this machine. `--write` puts the table into
bench/README.md between the `validate-figures` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gen_repo import MARKER, generate

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
README = BENCH / "README.md"
SCHEMA = ROOT / "schemas" / "objective.schema.json"
BIN = Path(sys.executable).parent
AS_OF = "2026-10-01"  # after the synthetic quarter, so that no check-in is in the future
START, END = "<!-- validate-figures:start -->", "<!-- validate-figures:end -->"
HEAVY = ("pydantic", "yaml", "rich", "git")

# libyaml alone: read and parse every objective file in one process, nothing else.
LIBYAML = """
import sys, yaml
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""
# What `okrctl --help` imports, besides what it prints.
HELP_IMPORTS = """
import sys
wanted = set(sys.argv[1:])
sys.argv = ["okrctl", "--help"]
from okrctl.cli.app import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & wanted)
print(",".join(heavy), file=sys.stderr)
"""


@dataclass
class Timing:
    label: str
    seconds: list[float]  # wall clock
    cpu: list[float]  # user + system time of the process: robust when others load the machine

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def okrctl_command() -> list[str]:
    script = BIN / "okrctl"
    return [str(script)] if script.exists() else [sys.executable, "-m", "okrctl"]


def run_timed(
    label: str, cmd: Sequence[str], runs: int, cwd: Path | None = None, ok: int = 0
) -> Timing:
    """Median wall clock of `runs` runs of a command that must exit with `ok`."""
    seconds, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != ok:
            tail = done.stderr.decode(errors="replace")[-2000:]
            raise SystemExit(f"{label}: exit {done.returncode}, expected {ok}\n{tail}")
    timing = Timing(label, seconds, cpu)
    print(
        f"  {label}: {timing.median:.2f} s, cpu {timing.cpu_median:.2f} s (runs: {runs})",
        flush=True,
    )
    return timing


def ensure_repo(n: int, seed: int) -> Path:
    """The synthetic repo of `n` objectives, generated unless an identical one is there."""
    out = OUT / f"repo-{n}"
    config = out / "okrctl.yaml"
    stamp = f"{MARKER} --objectives {n} --seed {seed}\n"
    if not (config.is_file() and stamp in config.read_text(encoding="utf-8")):
        print(f"generating {out} ...", flush=True)
        generate(out, n, seed)
    return out


def objective_files(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in repo.glob("cycles/*/objectives/*.yaml"))


def bench_size(n: int, args: argparse.Namespace) -> dict[str, Timing]:
    repo = ensure_repo(n, args.seed)
    files = objective_files(repo)
    listing = OUT / f"repo-{n}.files"
    listing.write_text("\n".join(str(repo / f) for f in files) + "\n", encoding="utf-8")
    print(f"{n:,} objectives ({len(files):,} objective files, {repo}):", flush=True)
    validate = [*okrctl_command(), "-C", str(repo), "validate", "--as-of", AS_OF]
    timings = {
        "validate": run_timed("okrctl validate", validate, args.runs),
        "libyaml": run_timed(
            "libyaml alone", [sys.executable, "-c", LIBYAML, str(listing)], args.runs
        ),
    }
    if not args.skip_jsonschema:
        cmd = [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA), *files]
        timings["jsonschema"] = run_timed("check-jsonschema", cmd, args.jsonschema_runs, repo)
    return timings


def help_figures(runs: int) -> tuple[Timing, str]:
    timing = run_timed("okrctl --help", [*okrctl_command(), "--help"], runs)
    done = subprocess.run(
        [sys.executable, "-c", HELP_IMPORTS, *HEAVY], capture_output=True, text=True, check=True
    )
    return timing, done.stderr.strip()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {cpu}, nproc {os.cpu_count()}, "
        f"Python {platform.python_version()}; load average before the run: {load}"
    )


def _s(t: Timing | None) -> str:
    return "-" if t is None else f"{t.median:.2f} s ({t.cpu_median:.2f} s)"


def _ratio(a: Timing | None, b: Timing | None) -> str:
    if a is None or b is None:
        return "-"
    return f"{a.median / b.median:.3f} ({a.cpu_median / b.cpu_median:.3f})"


def table(
    results: dict[int, dict[str, Timing]], help_t: Timing, heavy: str, runs: str, host: str
) -> str:
    sizes = list(results)
    head = "| | " + " | ".join(f"{n:,} objectives" for n in sizes) + " |\n"
    head += "|---|" + "---:|" * len(sizes) + "\n"

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |\n"

    body = row("`okrctl validate`", [_s(r["validate"]) for r in results.values()])
    body += row("libyaml alone (`CSafeLoader`)", [_s(r["libyaml"]) for r in results.values()])
    body += row("`check-jsonschema`", [_s(r.get("jsonschema")) for r in results.values()])
    body += row(
        "validate / libyaml (target ≤ 2)",
        [_ratio(r["validate"], r["libyaml"]) for r in results.values()],
    )
    body += row(
        "validate / check-jsonschema (target < 0.1)",
        [_ratio(r["validate"], r.get("jsonschema")) for r in results.values()],
    )
    today = dt.date.today().isoformat()
    return (
        f"Measured {today} on {host}. {runs} Each cell: wall clock (CPU time, user +"
        " system, in brackets: it varies less when other work shares the machine).\n\n"
        + head
        + body
        + f"\n`okrctl --help`: {help_t.median:.2f} s (median of {len(help_t.seconds)}; "
        f"target well under 0.5 s); heavy modules it imports: {heavy or 'none'}.\n"
    )


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    if START not in readme or END not in readme:
        raise SystemExit(f"{README} has no {START} ... {END} markers")
    before, rest = readme.split(START, 1)
    after = rest.split(END, 1)[1]
    README.write_text(f"{before}{START}\n{text}{END}{after}", encoding="utf-8")
    print(f"updated {README}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument(
        "--jsonschema-runs",
        type=int,
        default=1,
        help="runs of check-jsonschema, minutes each at 10,000 files (default 1)",
    )
    parser.add_argument("--skip-jsonschema", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="update bench/README.md")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    host = machine()  # before the run: the load average says how busy the machine was
    results = {n: bench_size(n, args) for n in args.sizes}
    help_t, heavy = help_figures(max(5, args.runs))
    runs = (
        f"Medians of {args.runs} runs (check-jsonschema: {args.jsonschema_runs})."
        if not args.skip_jsonschema
        else f"Medians of {args.runs} runs; check-jsonschema skipped."
    )
    text = table(results, help_t, heavy, runs, host)
    print("\n" + text)
    if args.write:
        write_readme(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
