"""`kind: sql`: one aggregate query through SQLAlchemy, returning one number.

The query runs in a transaction that is rolled back, with the dates bound as parameters
(never formatted into the text). A timer cancels it at the source's timeout.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrctl.measure.errors import FAILED, NO_VALUE, TIMEOUT, MeasureFailure
from okrctl.measure.values import Value, to_value

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

PARAMS = ("as_of", "cycle_start", "cycle_end")
DRIVER_HINT = {
    "postgresql": "pip install 'okrctl[postgres]'",
    "duckdb": "pip install 'okrctl[duckdb]'",
}


def uses(query: str, name: str) -> bool:
    """Whether the query binds `:name` (not a `::cast`, not part of a longer name)."""
    return re.search(rf"(?<![:\w]):{name}\b", query) is not None


def make_engine(url: str, root: Path, timeout: float, pool: int) -> Engine:
    """An engine for the source; a relative sqlite/duckdb file is relative to the repo root."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise MeasureFailure(FAILED, "the url is not a SQLAlchemy URL") from None
    backend = parsed.get_backend_name()
    if backend in ("sqlite", "duckdb"):
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:") and not Path(db).is_absolute():
            parsed = parsed.set(database=str(root / db))
    kwargs: dict[str, Any] = {}
    if backend == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": max(1, round(timeout))}
        kwargs["pool_size"] = pool
    try:
        return create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError, ImportError):
        hint = DRIVER_HINT.get(backend, "install its SQLAlchemy dialect and driver")
        raise MeasureFailure(
            FAILED, f"no driver for {parsed.drivername} is installed ({hint})"
        ) from None


def _cancel(dbapi_connection: Any, fired: threading.Event) -> None:
    fired.set()
    # psycopg: cancel_safe()/cancel(); sqlite3 and duckdb: interrupt()
    for name in ("cancel_safe", "cancel", "interrupt"):
        method = getattr(dbapi_connection, name, None)
        if callable(method):
            try:
                method()
            except Exception:  # noqa: BLE001 - a failed cancel leaves the runner's deadline
                pass
            return


def query_value(engine: Engine, query: str, params: Mapping[str, dt.date], timeout: float) -> Value:
    """The single value the query returns."""
    from sqlalchemy import Date, bindparam, text
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    used = [n for n in PARAMS if uses(query, n)]
    stmt = text(query).bindparams(*(bindparam(n, type_=Date) for n in used))
    fired = threading.Event()
    try:
        with engine.connect() as conn:
            timer = threading.Timer(timeout, _cancel, (conn.connection.dbapi_connection, fired))
            timer.daemon = True
            timer.start()
            try:
                result = conn.execute(stmt, {n: params[n] for n in used})
                if not result.returns_rows:
                    raise MeasureFailure(NO_VALUE, "the query returned no rows")
                columns = len(result.keys())
                rows = result.fetchmany(2)
            finally:
                timer.cancel()
            conn.rollback()  # a measure only reads
    except MeasureFailure:
        raise
    except DBAPIError as exc:
        if fired.is_set():
            raise MeasureFailure(TIMEOUT, f"the query took longer than {timeout:g} s") from None
        first = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
        raise MeasureFailure(FAILED, first) from None
    except SQLAlchemyError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise MeasureFailure(FAILED, first) from None
    if columns != 1:
        raise MeasureFailure(NO_VALUE, f"the query returned {columns} columns; it must return one")
    if not rows:
        raise MeasureFailure(NO_VALUE, "the query returned no row")
    if len(rows) > 1:
        raise MeasureFailure(NO_VALUE, "the query returned several rows; it must return one")
    return to_value(rows[0][0])
