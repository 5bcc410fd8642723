"""Measure many items at once: one engine or HTTP client per source, a small thread pool,
each item's failure kept to itself."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrctl.measure.errors import FAILED, OUT_OF_BOUNDS, TIMEOUT, MeasureFailure
from okrctl.measure.secrets import expand, mask_url, redact
from okrctl.measure.values import Value
from okrctl.model.errors import OkrctlError
from okrctl.model.measure import CsvSource, HttpSource, Measure, Source, SqlSource

WORKERS = 16
GRACE = 5.0  # seconds past a source's timeout before the runner gives up on a worker


@dataclass(frozen=True)
class Job:
    key: str  # the item's reference, unique in the run
    measure: Measure
    params: Mapping[str, dt.date]  # as_of, cycle_start, cycle_end


def shown_url(source: Source) -> str:
    """The source as output may show it: the URL as written (placeholders, not values),
    its password masked."""
    where = source.path if isinstance(source, CsvSource) and source.path else source.url
    return mask_url(where or "")


class Sources:
    """The sources of one run, opened lazily and shared by the worker threads.

    Every `${NAME}` is resolved up front, so a missing variable stops the run (a usage
    error) before anything is measured.
    """

    def __init__(
        self,
        root: Path,
        sources: Mapping[str, Source],
        needed: Iterable[str],
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.root = root
        self.sources = sources
        self.urls: dict[str, str] = {}
        self.headers: dict[str, dict[str, str]] = {}
        secrets: list[str] = []
        for sid in sorted(set(needed)):
            if sid not in sources:
                raise OkrctlError(f"no source '{sid}' in okrctl.yaml's sources")
            src = sources[sid]
            if src.url is not None:
                got = expand(src.url, f"source {sid}'s url", env)
                self.urls[sid] = got.text
                secrets.extend(got.secrets)
            if isinstance(src, HttpSource):
                self.headers[sid] = {}
                for name, value in src.headers.items():
                    got = expand(value, f"source {sid}'s header {name}", env)
                    self.headers[sid][name] = got.text
                    secrets.extend(got.secrets)
        self.secrets = tuple(secrets)
        self._lock = threading.Lock()
        self._engines: dict[str, Any] = {}
        self._client: Any = None
        self._csv: dict[str, str] = {}

    def _engine(self, sid: str, src: SqlSource) -> Any:
        from okrctl.measure.sql import make_engine

        with self._lock:
            if sid not in self._engines:
                self._engines[sid] = make_engine(
                    self.urls[sid], self.root, float(src.timeout), WORKERS
                )
            return self._engines[sid]

    def _http(self) -> Any:
        import httpx

        with self._lock:
            if self._client is None:
                self._client = httpx.Client(follow_redirects=False)
            return self._client

    def _csv_text(self, sid: str, src: CsvSource) -> str:
        from okrctl.measure import csv as csvsource

        with self._lock:  # one download per run, however many items read it
            if sid not in self._csv:
                if src.path is not None:
                    self._csv[sid] = csvsource.read_file(self.root, src.path)
                else:
                    from okrctl.measure.http import fetch

                    body = fetch(self._http_unlocked(), self.urls[sid], {}, float(src.timeout))
                    self._csv[sid] = csvsource.decode(body, "the CSV download")
            return self._csv[sid]

    def _http_unlocked(self) -> Any:
        import httpx

        if self._client is None:
            self._client = httpx.Client(follow_redirects=False)
        return self._client

    def measure(self, job: Job) -> Value:
        """The item's value, or MeasureFailure with a message free of secrets."""
        src = self.sources[job.measure.source]
        try:
            value = self._read(job, src)
        except MeasureFailure as exc:
            raise MeasureFailure(exc.code, redact(exc.reason, self.secrets)) from None
        except Exception as exc:  # noqa: BLE001 - a driver's surprise is this item's failure
            reason = redact(f"{type(exc).__name__}: {exc}", self.secrets)
            raise MeasureFailure(FAILED, reason) from None
        check_bounds(value, job.measure)
        return value

    def _read(self, job: Job, src: Source) -> Value:
        m = job.measure
        sid = m.source
        if isinstance(src, SqlSource):
            from okrctl.measure.sql import query_value

            return query_value(self._engine(sid, src), m.query or "", job.params, src.timeout)
        if isinstance(src, CsvSource):
            from okrctl.measure.csv import csv_value

            return csv_value(self._csv_text(sid, src), m, job.params)
        from okrctl.measure.http import fetch, parse_json, select

        body = fetch(self._http(), self.urls[sid], self.headers[sid], float(src.timeout))
        return select(parse_json(body), m.select or "")

    def close(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        if self._client is not None:
            self._client.close()


def check_bounds(value: Value, measure: Measure) -> None:
    b = measure.bounds
    if b is None or isinstance(value, bool):
        return
    if (b.min is not None and value < b.min) or (b.max is not None and value > b.max):
        lo = "-inf" if b.min is None else f"{b.min}"
        hi = "inf" if b.max is None else f"{b.max}"
        raise MeasureFailure(OUT_OF_BOUNDS, f"the value {value} is outside its bounds [{lo}, {hi}]")


def run(
    jobs: Sequence[Job], sources: Sources, workers: int = WORKERS
) -> dict[str, Value | MeasureFailure]:
    """Every job's value or failure. Bounded by the slowest query, not the sum; a worker
    stuck past its source's timeout (plus a grace) is reported as a timeout."""
    out: dict[str, Value | MeasureFailure] = {}
    if not jobs:
        return out
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs))))
    started: dict[Future[Value], tuple[Job, float]] = {}
    try:
        for job in jobs:
            started[pool.submit(sources.measure, job)] = (job, time.monotonic())
        pending = set(started)
        limit = max(float(sources.sources[j.measure.source].timeout) for j in jobs) + GRACE
        # Queued jobs wait for a worker, so the run's deadline grows with the queue.
        deadline = time.monotonic() + limit * (1 + len(jobs) // max(1, workers))
        while pending:
            done, pending = wait(
                pending, timeout=max(0.0, deadline - time.monotonic()), return_when=FIRST_COMPLETED
            )
            for fut in done:
                job = started[fut][0]
                try:
                    out[job.key] = fut.result()
                except MeasureFailure as exc:
                    out[job.key] = exc
            if not done and time.monotonic() >= deadline:
                for fut in pending:
                    job = started[fut][0]
                    out[job.key] = MeasureFailure(TIMEOUT, "no answer before the run's deadline")
                break
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return out
