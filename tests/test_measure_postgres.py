"""`okrctl measure` against a real PostgreSQL server started by these tests (Debian's
`postgresql` package): bind parameters, the failure codes, a cancelled slow query, and the
password that never shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import WriteRepo
from measure_support import PG_BIN, PG_PASSWORD, Postgres, free_port, run, start_postgres

pytestmark = pytest.mark.skipif(
    not (PG_BIN / "postgres").exists(),
    reason=f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql)",
)

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
AS_OF = ["--as-of", "2026-11-28"]
ENV = {"PGPASSWORD": PG_PASSWORD}


@pytest.fixture(scope="session")
def pg() -> Iterator[Postgres]:
    server_gen = start_postgres()
    server = next(server_gen)
    server.execute(
        "create table revenue (day date, amount numeric(12, 2));"
        "insert into revenue values ('2026-09-30', 1000), ('2026-10-01', 120.50),"
        " ('2026-11-15', 79.25), ('2026-11-29', 500), ('2027-01-01', 1000);"
        "create table nps (day date, score integer);"
        "insert into nps values ('2026-11-01', 61), ('2026-11-20', 66);"
    )
    yield server
    next(server_gen, None)


def config(url: str, timeout: float = 10) -> str:
    return f"""\
organization: Acme
themes:
  - {{id: cx, name: Customer Experience Transformation}}
people:
  - {{id: ana, name: Ana Lima}}
sources:
  warehouse: {{kind: sql, url: "{url}", timeout: {timeout}}}
"""


def objective(query: str) -> str:
    return f"""\
title: Become the industry leader in customer satisfaction
theme: cx
owner: ana
key_results:
  - id: revenue
    title: Revenue this cycle so far
    unit: k EUR
    baseline: 0
    target: 500
    measure:
      source: warehouse
      query: "{query}"
  - {{id: b, title: B, unit: x, baseline: 0, target: 10}}
  - {{id: c, title: C, unit: x, baseline: 0, target: 10}}
"""


def make(write_repo: WriteRepo, url: str, query: str, timeout: float = 10) -> Path:
    return write_repo({"okrctl.yaml": config(url, timeout), OBJ: objective(query)})


def test_a_real_query_with_bind_parameters(write_repo: WriteRepo, pg: Postgres) -> None:
    query = (
        "select sum(amount) from revenue where day between :cycle_start and :cycle_end"
        " and day <= :as_of"
    )
    root = make(write_repo, pg.url(), query)

    code, out, err = run(root, *AS_OF, env=ENV)

    assert code == 0, out + err
    # In the cycle and on or before 11-28: 120.50 + 79.25 = 199.75 (numeric comes back exact).
    text = (root / OBJ).read_text()
    assert "    checkins:\n      - {date: 2026-11-28, value: 199.75, source: warehouse}\n" in text


def test_an_integral_numeric_is_recorded_as_an_integer(write_repo: WriteRepo, pg: Postgres) -> None:
    root = make(
        write_repo,
        pg.url(),
        "select score::numeric from nps where day <= :as_of order by day desc limit 1",
    )
    assert run(root, *AS_OF, env=ENV)[0] == 0
    assert "{date: 2026-11-28, value: 66, source: warehouse}" in (root / OBJ).read_text()


@pytest.mark.parametrize(
    ("query", "code", "reason"),
    [
        ("select amount from nope", "OKR810", 'relation "nope" does not exist'),
        ("select amount from revenue where false", "OKR811", "the query returned no row"),
        ("select score from nps", "OKR811", "several rows"),
        ("select 'about 60'::text", "OKR812", "must be a number, not 'about 60'"),
        ("select 'NaN'::numeric", "OKR812", "not a finite number"),
    ],
)
def test_failures_are_findings(
    write_repo: WriteRepo, pg: Postgres, query: str, code: str, reason: str
) -> None:
    root = make(write_repo, pg.url(), query)
    before = (root / OBJ).read_text()

    exit_code, out, err = run(root, *AS_OF, env=ENV)

    assert exit_code == 1
    assert (root / OBJ).read_text() == before
    assert f"error {code} cx-leader/revenue: source warehouse: " in out and reason in out
    assert PG_PASSWORD not in out + err


def test_connection_refused(write_repo: WriteRepo, pg: Postgres) -> None:
    root = make(write_repo, pg.url(port=free_port()), "select 1")

    code, out, err = run(root, *AS_OF, env=ENV)

    assert code == 1
    assert "OKR810" in out and "refused" in out.lower()
    assert PG_PASSWORD not in out + err


def test_a_wrong_password_is_reported_without_the_password(
    write_repo: WriteRepo, pg: Postgres
) -> None:
    root = make(write_repo, pg.url(), "select 1")

    code, out, err = run(root, *AS_OF, env={"PGPASSWORD": "wrong-Pass-0000"})

    assert code == 1
    assert "OKR810" in out and "password authentication failed" in out
    assert "wrong-Pass-0000" not in out + err


def test_a_query_past_the_timeout_is_cancelled_on_the_server(
    write_repo: WriteRepo, pg: Postgres
) -> None:
    root = make(write_repo, pg.url(), "select 1 from pg_sleep(30)", timeout=0.5)

    code, out, _ = run(root, *AS_OF, env=ENV)

    assert code == 1
    assert "OKR814" in out and "the query took longer than 0.5 s" in out
    running = pg.execute(
        "select count(*) from pg_stat_activity where query like '%pg_sleep(30)%'"
        " and state = 'active' and pid <> pg_backend_pid()"
    )
    assert running == [(0,)]
