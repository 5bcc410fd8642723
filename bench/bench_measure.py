"""Benchmark `okrctl measure` (issue 15's budgets).

    python bench/bench_measure.py [--items 200] [--pg-queries 50] [--runs 3] [--write]

1. SQLite: a repo with ITEMS measured key results (5 per objective), each one aggregate
   query over its own metric in one SQLite file; times the whole `okrctl measure` process
   (start-up included), a dry run and a real run that writes every file. Budget: < 2 s.
2. PostgreSQL (needs /usr/lib/postgresql/15/bin; started here, stopped at the end):
   PG_QUERIES KPIs whose query is `select 1 from pg_sleep(0.2)`. Run one after the other
   they would take PG_QUERIES x 0.2 s; the thread pool makes the run about as long as a
   few of them.
With --write the figures replace the block between the markers in bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
OKRCTL = [sys.executable, "-m", "okrctl"]
AS_OF = "2026-11-28"
HEAD = """\
organization: Bench
themes:
  - {id: cx, name: CX}
people:
  - {id: ana, name: Ana}
sources:
"""
CYCLE = "name: Q4\nstart: 2026-10-01\nend: 2026-12-31\n"


def sqlite_repo(root: Path, items: int) -> None:
    (root / "data").mkdir(parents=True)
    con = sqlite3.connect(root / "data/metrics.db")
    con.execute("create table metric (name text, day text, value real)")
    rows = [
        (f"m{i}", (dt.date(2026, 10, 1) + dt.timedelta(days=d)).isoformat(), float(i + d))
        for i in range(items)
        for d in range(0, 60, 7)
    ]
    con.executemany("insert into metric values (?, ?, ?)", rows)
    con.execute("create index metric_name_day on metric (name, day)")
    con.commit()
    con.close()
    (root / "okrctl.yaml").write_text(
        HEAD + '  warehouse: {kind: sql, url: "sqlite:///data/metrics.db"}\n'
    )
    (root / "cycles/2026-q4/objectives").mkdir(parents=True)
    (root / "cycles/2026-q4/cycle.yaml").write_text(CYCLE)
    for o in range(items // 5):
        krs = []
        for k in range(5):
            i = o * 5 + k
            query = (
                f"select value from metric where name = 'm{i}' and day <= :as_of "
                "order by day desc limit 1"
            )
            krs.append(
                f"  - id: kr{k}\n    title: Metric {i}\n    unit: x\n    baseline: 0\n"
                f"    target: 1000\n    measure:\n      source: warehouse\n"
                f'      query: "{query}"\n'
            )
        text = f"title: Objective {o}\ntheme: cx\nowner: ana\nkey_results:\n" + "".join(krs)
        (root / f"cycles/2026-q4/objectives/o{o}.yaml").write_text(text)


def pg_repo(root: Path, url: str, queries: int) -> None:
    root.mkdir(parents=True)
    (root / "okrctl.yaml").write_text(HEAD + f'  pg: {{kind: sql, url: "{url}"}}\n')
    (root / "cycles/2026-q4/kpis").mkdir(parents=True)
    (root / "cycles/2026-q4/cycle.yaml").write_text(CYCLE)
    for i in range(queries):
        (root / f"cycles/2026-q4/kpis/k{i}.yaml").write_text(
            f"title: KPI {i}\nperspective: customer\nowner: ana\nunit: x\ntarget: 10\n"
            'measure: {source: pg, query: "select 1 from pg_sleep(0.2)"}\n'
        )


def timed(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run([*OKRCTL, *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"okrctl {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--pg-queries", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    lines = []
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        dry, real = [], []
        for run in range(args.runs):
            root = base / f"sqlite-{run}"
            sqlite_repo(root, args.items)
            dry.append(timed(["-C", str(root), "measure", "--as-of", AS_OF, "--dry-run"]))
            real.append(timed(["-C", str(root), "measure", "--as-of", AS_OF]))
            written = (root / "cycles/2026-q4/objectives/o0.yaml").read_text()
            assert written.count("source: warehouse}") == 5  # every value was recorded
        lines.append(
            f"- SQLite, {args.items} measured key results in {args.items // 5} files: "
            f"dry run {min(dry):.2f} s, recording every value {min(real):.2f} s "
            f"(best of {args.runs}, whole process; budget 2 s)"
        )
        from measure_support import PG_BIN, PG_PASSWORD, start_postgres

        if (PG_BIN / "postgres").exists():
            server_gen = start_postgres()
            pg = next(server_gen)
            try:
                root = base / "pg"
                pg_repo(root, pg.url(), args.pg_queries)
                env = {**os.environ, "PGPASSWORD": PG_PASSWORD}
                walls = [
                    timed(["-C", str(root), "measure", "--as-of", AS_OF, "--dry-run"], env)
                    for _ in range(args.runs)
                ]
                inner = []
                from okrctl.api.measure import measure

                for _ in range(args.runs):
                    start = time.perf_counter()
                    result = measure(
                        root, as_of=dt.date.fromisoformat(AS_OF), dry_run=True, env=env
                    )
                    inner.append(time.perf_counter() - start)
                    assert not result.failures, result.failures
            finally:
                next(server_gen, None)
            serial = args.pg_queries * 0.2
            lines.append(
                f"- PostgreSQL 15, {args.pg_queries} queries of `pg_sleep(0.2)`: "
                f"{min(walls):.2f} s (best of {args.runs}, whole process, start-up and driver "
                f"import included), {min(inner):.2f} s in-process (connections, queries and "
                f"the dry-run edit of {args.pg_queries} files), against {serial:.1f} s one "
                f"after the other"
            )
        else:
            lines.append(f"- PostgreSQL: skipped, no server binaries in {PG_BIN}")
    head = (
        f"Measured {dt.date.today()} on {platform.system()} {platform.machine()}, "
        f"nproc {os.cpu_count()}, Python {platform.python_version()}; load average before "
        f"the run: {load}."
    )
    block = head + "\n\n" + "\n".join(lines) + "\n"
    print(block)
    if args.write:
        readme = HERE / "README.md"
        text = readme.read_text(encoding="utf-8")
        new = re.sub(
            r"(<!-- measure-figures:start -->\n).*?(<!-- measure-figures:end -->)",
            lambda m: m.group(1) + block + m.group(2),
            text,
            flags=re.DOTALL,
        )
        readme.write_text(new, encoding="utf-8")
    shutil.rmtree(HERE / "out" / "measure", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
