"""`okrctl measure` against real SQLite and DuckDB files, real CSV files and a real HTTP server
on 127.0.0.1: what is recorded, what is refused, and that no secret is ever printed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import WriteRepo
from measure_support import Served, git, make_git_repo, run, serve, sqlite_db

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"
KPI = "cycles/2026-q4/kpis/signups.yaml"
AS_OF = ["--as-of", "2026-11-28"]

CONFIG = """\
organization: Acme
themes:
  - {id: cx, name: Customer Experience Transformation}
people:
  - {id: ana, name: Ana Lima}
sources:
  warehouse: {kind: sql, url: "sqlite:///data/metrics.db"}
  sheets: {kind: csv, path: data/signups.csv}
"""
# NPS by day: 61 on 11-01, 66 on 11-20 and 70 on 12-10 (after the as-of date).
METRICS = """\
create table nps (day text, score integer);
insert into nps values ('2026-11-01', 61), ('2026-11-20', 66), ('2026-12-10', 70);
create table tickets (day text, hours real);
insert into tickets values ('2026-09-30', 99), ('2026-10-02', 10), ('2026-11-02', 6),
  ('2027-01-01', 99);
"""
SIGNUPS = "week,region,signups\n2026-11-02,eu,120\n2026-11-09,us,80\n2026-11-16,eu,140\n"


def objective(nps: str, response: str = "", churn: str = "") -> str:
    return f"""\
title: Become the industry leader in customer satisfaction
theme: cx
owner: ana
key_results:
  - id: nps
    title: NPS
    unit: points
    baseline: 58
    target: 75
    checkins:
      - {{date: 2026-10-07, value: 60}}
    measure: {nps}
  - id: response
    title: Average support response time
    unit: hours
    baseline: 24
    target: 4{response}
  - id: churn
    title: Customer churn rate
    unit: "%"
    baseline: 8
    target: 3{churn}
"""


NPS_QUERY = (
    '{source: warehouse, query: "select score from nps where day <= :as_of '
    'order by day desc limit 1"}'
)
KPI_TEXT = """\
title: Weekly signups
perspective: customer
owner: ana
unit: signups
baseline: 100
target: 150
measure: {source: sheets, column: signups}
"""


@pytest.fixture
def repo(write_repo: WriteRepo) -> Path:
    root = write_repo(
        {
            "okrctl.yaml": CONFIG,
            OBJ: objective(NPS_QUERY),
            KPI: KPI_TEXT,
            "data/signups.csv": SIGNUPS,
        }
    )
    sqlite_db(root / "data/metrics.db", METRICS)
    return root


@pytest.fixture
def served() -> Iterator[Served]:
    yield from serve()


LAST_NPS = "      - {date: 2026-10-07, value: 60}\n"


def appended(before: str, line: str) -> str:
    """`before` with one check-in line after the NPS key result's last one."""
    return before.replace(LAST_NPS, LAST_NPS + line + "\n")


def test_measure_records_one_checkin_per_item_with_its_source(repo: Path) -> None:
    before_obj, before_kpi = (repo / OBJ).read_text(), (repo / KPI).read_text()

    code, out, err = run(repo, *AS_OF)

    assert code == 0, err
    # The latest NPS on or before 11-28 is 66 (11-20); the CSV's last row is 140.
    assert (repo / OBJ).read_text() == appended(
        before_obj, "      - {date: 2026-11-28, value: 66, source: warehouse}"
    )
    assert (repo / KPI).read_text() == before_kpi + (
        "checkins:\n  - {date: 2026-11-28, value: 140, source: sheets}\n"
    )
    assert "recorded 2026-q4/cx-leader/nps 60 → 66 from warehouse" in err
    assert "recorded 2026-q4/signups 100 → 140 from sheets" in err
    assert "2 values recorded" in err
    assert out == ""


def test_the_recorded_file_still_validates(repo: Path) -> None:
    from typer.testing import CliRunner

    from okrctl.cli.app import app

    assert run(repo, *AS_OF)[0] == 0
    result = CliRunner().invoke(app, ["-C", str(repo), "validate", "--as-of", "2026-11-28"])
    assert "error" not in result.stdout, result.stdout


def test_rerun_on_the_same_date_adds_nothing(repo: Path) -> None:
    assert run(repo, *AS_OF)[0] == 0
    after_first = (repo / OBJ).read_text(), (repo / KPI).read_text()

    code, _, err = run(repo, *AS_OF)

    assert code == 0
    assert ((repo / OBJ).read_text(), (repo / KPI).read_text()) == after_first
    assert "skipped 2026-q4/cx-leader/nps: already has a check-in on 2026-11-28" in err
    assert "nothing recorded" in err


def test_dry_run_prints_the_diff_and_writes_nothing(repo: Path) -> None:
    before = (repo / OBJ).read_text()

    code, out, err = run(repo, *AS_OF, "--dry-run")

    assert code == 0
    assert (repo / OBJ).read_text() == before
    assert "+      - {date: 2026-11-28, value: 66, source: warehouse}\n" in out
    assert "+  - {date: 2026-11-28, value: 140, source: sheets}\n" in out
    assert "would record 2026-q4/cx-leader/nps 60 → 66 from warehouse" in err
    assert "nothing written" in err


def test_cycle_bounds_are_bind_parameters(write_repo: WriteRepo) -> None:
    query = (
        '{source: warehouse, query: "select avg(hours) from tickets '
        'where day between :cycle_start and :cycle_end"}'
    )
    root = write_repo(
        {
            "okrctl.yaml": CONFIG,
            OBJ: objective(NPS_QUERY, response="\n    measure: " + query),
            "data/signups.csv": SIGNUPS,
        }
    )
    sqlite_db(root / "data/metrics.db", METRICS)

    code, _, err = run(root, *AS_OF, "cx-leader/response")

    assert code == 0, err
    # Only 10 and 6 fall inside 2026-10-01..2026-12-31: their mean is 8.0.
    assert "- {date: 2026-11-28, value: 8.0, source: warehouse}" in (root / OBJ).read_text()
    assert "cx-leader/nps" not in err  # only the named item


def test_every_decides_what_is_due_and_a_named_ref_is_measured_anyway(
    write_repo: WriteRepo,
) -> None:
    nps = NPS_QUERY[:-1] + ", every: monthly}"
    text = objective(nps).replace(
        "- {date: 2026-10-07, value: 60}",
        "- {date: 2026-10-07, value: 60}\n      - {date: 2026-11-10, value: 62, source: warehouse}",
    )
    root = write_repo({"okrctl.yaml": CONFIG, OBJ: text, "data/signups.csv": SIGNUPS})
    sqlite_db(root / "data/metrics.db", METRICS)

    code, _, err = run(root, *AS_OF)
    assert code == 0
    assert "skipped 2026-q4/cx-leader/nps: measured on 2026-11-10; due again on 2026-12-11" in err
    assert "value: 66" not in (root / OBJ).read_text()

    code, _, err = run(root, *AS_OF, "cx-leader/nps")
    assert code == 0, err
    assert "- {date: 2026-11-28, value: 66, source: warehouse}" in (root / OBJ).read_text()


@pytest.mark.parametrize(
    ("query", "code", "reason"),
    [
        ("select score from nope", "OKR810", "no such table: nope"),
        ("select 1 where 0", "OKR811", "the query returned no row"),
        ("select score from nps", "OKR811", "several rows"),
        ("select score, day from nps limit 1", "OKR811", "returned 2 columns"),
        ("select null", "OKR811", "empty (NULL)"),
        ("select 'about 60'", "OKR812", "must be a number, not 'about 60'"),
        ("select 1e999", "OKR812", "not a finite number"),
    ],
)
def test_a_failing_item_is_a_finding_and_the_others_are_recorded(
    write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch, query: str, code: str, reason: str
) -> None:
    root = write_repo(
        {
            "okrctl.yaml": CONFIG,
            OBJ: objective(f'{{source: warehouse, query: "{query}"}}'),
            KPI: KPI_TEXT,
            "data/signups.csv": SIGNUPS,
        }
    )
    sqlite_db(root / "data/metrics.db", METRICS)
    before = (root / OBJ).read_text()
    monkeypatch.chdir(root)  # paths are shown relative to the current directory

    exit_code, out, err = run(root, *AS_OF)

    assert exit_code == 1
    assert (root / OBJ).read_text() == before  # the last good value stays
    assert "{date: 2026-11-28, value: 140, source: sheets}" in (root / KPI).read_text()
    [finding] = out.splitlines()
    # The place is the key result's `measure:` key (line 12, column 5).
    assert finding.startswith(f"{OBJ}:12:5: error {code} cx-leader/nps: source warehouse: ")
    assert reason in finding
    assert "1 value recorded, 1 failed" in err


def test_out_of_bounds_is_refused(write_repo: WriteRepo) -> None:
    nps = NPS_QUERY[:-1] + ", bounds: {min: -100, max: 50}}"
    root = write_repo({"okrctl.yaml": CONFIG, OBJ: objective(nps), "data/signups.csv": SIGNUPS})
    sqlite_db(root / "data/metrics.db", METRICS)
    before = (root / OBJ).read_text()

    code, out, _ = run(root, *AS_OF)

    assert code == 1
    assert (root / OBJ).read_text() == before
    assert "OKR813" in out and "the value 66 is outside its bounds [-100, 50]" in out


def test_a_query_past_its_timeout_is_cancelled(write_repo: WriteRepo) -> None:
    config = CONFIG.replace('metrics.db"}', 'metrics.db", timeout: 0.3}')
    endless = (
        "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    )
    root = write_repo(
        {
            "okrctl.yaml": config,
            OBJ: objective(f'{{source: warehouse, query: "{endless}"}}'),
            "data/signups.csv": SIGNUPS,
        }
    )
    sqlite_db(root / "data/metrics.db", METRICS)

    code, out, _ = run(root, *AS_OF)

    assert code == 1
    assert "OKR814" in out and "the query took longer than 0.3 s" in out


def test_a_source_missing_from_okrctl_yaml_is_a_usage_error(write_repo: WriteRepo) -> None:
    root = write_repo(
        {
            "okrctl.yaml": CONFIG,
            OBJ: objective('{source: warehose, query: "select 1"}'),
            KPI: KPI_TEXT,
            "data/signups.csv": SIGNUPS,
        }
    )
    before = (root / KPI).read_text()

    code, _, err = run(root, *AS_OF)

    assert code == 2
    assert "no source 'warehose' in okrctl.yaml's sources" in err
    assert (root / KPI).read_text() == before  # nothing written, not even the good item


def test_a_missing_environment_variable_is_a_usage_error_naming_it(
    write_repo: WriteRepo,
) -> None:
    config = CONFIG.replace("sqlite:///data/metrics.db", "sqlite:///${METRICS_DB}")
    root = write_repo(
        {
            "okrctl.yaml": config,
            OBJ: objective(NPS_QUERY),
            KPI: KPI_TEXT,
            "data/signups.csv": SIGNUPS,
        }
    )
    sqlite_db(root / "data/metrics.db", METRICS)
    before = (root / KPI).read_text()

    code, _, err = run(root, *AS_OF, env={"METRICS_DB": None})  # type: ignore[dict-item]

    assert code == 2
    assert "source warehouse's url needs the environment variable METRICS_DB" in err
    assert (root / KPI).read_text() == before

    code, _, err = run(root, *AS_OF, env={"METRICS_DB": "data/metrics.db"})
    assert code == 0, err
    assert "value: 66, source: warehouse" in (root / OBJ).read_text()


def test_duckdb_source(write_repo: WriteRepo) -> None:
    import duckdb

    config = CONFIG.replace("sqlite:///data/metrics.db", "duckdb:///data/metrics.duckdb")
    root = write_repo(
        {"okrctl.yaml": config, OBJ: objective(NPS_QUERY), "data/signups.csv": SIGNUPS}
    )
    con = duckdb.connect(str(root / "data/metrics.duckdb"))
    con.execute("create table nps (day date, score decimal(5, 1))")
    con.execute("insert into nps values ('2026-11-01', 61.5), ('2026-11-27', 64.5)")
    con.close()

    code, _, err = run(root, *AS_OF, "cx-leader/nps")

    assert code == 0, err
    assert "- {date: 2026-11-28, value: 64.5, source: warehouse}" in (root / OBJ).read_text()


@pytest.mark.parametrize(
    ("measure", "value"),
    [
        ("{source: sheets, column: signups}", "140"),
        ("{source: sheets, column: signups, row: first}", "120"),
        ("{source: sheets, column: signups, where: {week: 2026-11-09}}", "80"),
        ("{source: sheets, column: signups, where: {region: eu}, aggregate: sum}", "260"),
        ("{source: sheets, column: signups, aggregate: mean}", "113.33333333333333"),
        ("{source: sheets, column: signups, aggregate: max}", "140"),
        ("{source: sheets, column: signups, where: {region: eu}, aggregate: count}", "2"),
    ],
)
def test_csv_selections(write_repo: WriteRepo, measure: str, value: str) -> None:
    kpi = KPI_TEXT.replace("measure: {source: sheets, column: signups}", f"measure: {measure}")
    root = write_repo({"okrctl.yaml": CONFIG, KPI: kpi, "data/signups.csv": SIGNUPS})

    code, _, err = run(root, *AS_OF)

    assert code == 0, err
    assert f"- {{date: 2026-11-28, value: {value}, source: sheets}}" in (root / KPI).read_text()


def test_csv_where_matching_several_rows_without_row_is_a_finding(write_repo: WriteRepo) -> None:
    kpi = KPI_TEXT.replace("column: signups}", "column: signups, where: {region: eu}}")
    root = write_repo({"okrctl.yaml": CONFIG, KPI: kpi, "data/signups.csv": SIGNUPS})

    code, out, _ = run(root, *AS_OF)

    assert code == 1
    assert "OKR811" in out and "2 rows match; add `row: last` or narrow `where`" in out


DAILY = "day,signups\n2026-10-01,90\n2026-11-27,130\n2026-11-28,135\n2026-12-31,150\n"


@pytest.mark.parametrize(
    ("where", "as_of", "value"),
    [
        (":as_of", "2026-11-28", "135"),  # the measuring date, as a sql query binds it
        (":as_of", "2026-11-27", "130"),  # measured on another day: that day's row
        (":cycle_start", "2026-11-28", "90"),
        (":cycle_end", "2026-11-28", "150"),
        ("2026-11-27", "2026-11-28", "130"),  # a date as before
    ],
)
def test_csv_where_names_the_dates_a_sql_query_binds(
    write_repo: WriteRepo, where: str, as_of: str, value: str
) -> None:
    measure = f'{{source: sheets, column: signups, where: {{day: "{where}"}}}}'
    kpi = KPI_TEXT.replace("measure: {source: sheets, column: signups}", f"measure: {measure}")
    root = write_repo({"okrctl.yaml": CONFIG, KPI: kpi, "data/signups.csv": DAILY})

    code, _, err = run(root, "--as-of", as_of)

    assert code == 0, err
    assert f"- {{date: {as_of}, value: {value}, source: sheets}}" in (root / KPI).read_text()


@pytest.mark.parametrize("where", [":asof", ":cycle_start_x", ":__class__"])
def test_csv_where_refuses_a_parameter_it_does_not_know(write_repo: WriteRepo, where: str) -> None:
    measure = f'{{source: sheets, column: signups, where: {{day: "{where}"}}}}'
    kpi = KPI_TEXT.replace("measure: {source: sheets, column: signups}", f"measure: {measure}")
    root = write_repo({"okrctl.yaml": CONFIG, KPI: kpi, "data/signups.csv": DAILY})
    before = (root / KPI).read_text()

    code, out, _ = run(root, *AS_OF)

    assert code == 1
    assert "OKR810" in out
    known = "(parameters: :as_of, :cycle_start, :cycle_end)"
    assert f"where: unknown parameter '{where}' {known}" in out
    assert (root / KPI).read_text() == before
    # Not a whole `:name`: compared as text, as always (no row holds it).
    kpi = kpi.replace(f'"{where}"', '"x :as_of"')
    root = write_repo({"okrctl.yaml": CONFIG, KPI: kpi, "data/signups.csv": DAILY})
    code, out, _ = run(root, *AS_OF)
    assert code == 1 and "OKR811" in out and "no row matches" in out


def test_csv_from_a_url_and_json_over_http_with_a_secret_header(
    write_repo: WriteRepo, served: Served
) -> None:
    served.text("/export.csv", SIGNUPS)
    prometheus = {"status": "success", "data": {"result": [{"value": [1764288000, "0.9975"]}]}}
    served.json("/api/v1/query", prometheus)
    config = f"""\
organization: Acme
themes:
  - {{id: cx, name: Customer Experience Transformation}}
people:
  - {{id: ana, name: Ana Lima}}
sources:
  sheets: {{kind: csv, url: "{served.url("/export.csv")}"}}
  prometheus:
    kind: http
    url: "{served.url("/api/v1/query")}"
    headers: {{Authorization: "Bearer ${{PROM_TOKEN}}"}}
"""
    uptime = '{source: prometheus, select: "data.result[0].value[1]"}'
    root = write_repo(
        {
            "okrctl.yaml": config,
            OBJ: objective(uptime.replace("}", ", bounds: {min: 0, max: 1}}")),
            KPI: KPI_TEXT,
        }
    )

    code, out, err = run(root, *AS_OF, env={"PROM_TOKEN": "s3cr3t-t0ken"})

    assert code == 0, out + err
    assert "- {date: 2026-11-28, value: 0.9975, source: prometheus}" in (root / OBJ).read_text()
    assert "- {date: 2026-11-28, value: 140, source: sheets}" in (root / KPI).read_text()
    auth = [h.get("Authorization") for path, h in served.seen if path == "/api/v1/query"]
    assert auth == ["Bearer s3cr3t-t0ken"]
    assert "s3cr3t-t0ken" not in out + err


@pytest.mark.parametrize(
    ("answer", "select", "code", "reason"),
    [
        ((503, {"error": "down"}), "data", "OKR810", "HTTP status 503"),
        ((200, {"data": {"result": []}}), "data.result[0].value[1]", "OKR811", "selects nothing"),
        ((200, {"data": [1, 2]}), "data", "OKR812", "selects a list"),
        ((200, {"data": "NaN"}), "data", "OKR812", "must be a number"),
    ],
)
def test_http_failures_are_findings(
    write_repo: WriteRepo,
    served: Served,
    answer: tuple[int, object],
    select: str,
    code: str,
    reason: str,
) -> None:
    served.json("/q", answer[1], status=answer[0])
    config = CONFIG + f'  api: {{kind: http, url: "{served.url("/q")}"}}\n'
    root = write_repo(
        {
            "okrctl.yaml": config,
            OBJ: objective(f'{{source: api, select: "{select}"}}'),
            "data/signups.csv": SIGNUPS,
        }
    )

    exit_code, out, _ = run(root, *AS_OF, "cx-leader/nps")

    assert exit_code == 1
    assert code in out and reason in out


def test_no_secret_appears_in_any_output_of_failing_runs(
    write_repo: WriteRepo, served: Served
) -> None:
    secret = "pa55-w0rd-xyz"
    served.json(f"/fail?key={secret}", {"detail": "nope"}, status=401)
    config = CONFIG + (
        '  pg: {kind: sql, url: "postgresql+psycopg://okr:${PGPASS}@127.0.0.1:1/metrics",'
        " timeout: 2}\n"
        f'  api: {{kind: http, url: "http://u:${{PGPASS}}@127.0.0.1:{served.port}/fail?key='
        '${PGPASS}", headers: {X-Key: "${PGPASS}"}}\n'
        '  dead: {kind: http, url: "http://127.0.0.1:1/x?token=${PGPASS}"}\n'
    )
    kpi2 = KPI_TEXT.replace("{source: sheets, column: signups}", '{source: api, select: "a"}')
    kpi3 = KPI_TEXT.replace("{source: sheets, column: signups}", '{source: dead, select: "a"}')
    root = write_repo(
        {
            "okrctl.yaml": config,
            OBJ: objective('{source: pg, query: "select 1"}'),
            KPI: kpi2,
            "cycles/2026-q4/kpis/dead.yaml": kpi3,
        }
    )

    outputs = []
    for fmt in ("text", "json"):
        code, out, err = run(root, *AS_OF, "--format", fmt, env={"PGPASS": secret})
        assert code == 1
        outputs.append(out + err)
    everything = "\n".join(outputs)
    assert everything.count("OKR810") == 6, everything
    assert secret not in everything
    assert "connection" in everything.lower()  # the reason is still there
    assert "HTTP status 401" in everything


def test_commit_makes_one_commit_listing_every_value(repo: Path) -> None:
    make_git_repo(repo)

    code, _, err = run(repo, *AS_OF, "--commit")

    assert code == 0, err
    assert git(repo, "log", "-1", "--format=%B") == (
        "measure(2026-q4): 2 values from sheets, warehouse\n\n"
        "- cx-leader/nps 60 → 66 (warehouse)\n"
        "- signups 100 → 140 (sheets)\n\n"
    )
    assert sorted(git(repo, "show", "--name-only", "--format=", "HEAD").split()) == [KPI, OBJ]
    assert git(repo, "status", "--porcelain") == ""
    assert "committed " in err


def test_json_output(repo: Path) -> None:
    code, out, _ = run(repo, *AS_OF, "--dry-run", "--format", "json")

    assert code == 0
    doc = json.loads(out)
    assert doc["cycle"] == "2026-q4" and doc["as_of"] == "2026-11-28" and not doc["written"]
    assert [(i["ref"], i["source"], i["outcome"], i["value"]) for i in doc["items"]] == [
        ("2026-q4/cx-leader/nps", "warehouse", "would-record", 66),
        ("2026-q4/signups", "sheets", "would-record", 140),
    ]


def test_a_ref_without_measure_is_a_usage_error(repo: Path) -> None:
    code, _, err = run(repo, *AS_OF, "cx-leader/churn")
    assert code == 2
    assert "2026-q4/cx-leader/churn has no measure block" in err


def test_the_example_repo_measures_offline(tmp_path: Path) -> None:
    import shutil

    example = Path(__file__).resolve().parents[1] / "examples" / "strategy-repo"
    root = tmp_path / "example"
    shutil.copytree(example, root)

    code, out, err = run(root, *AS_OF, "--dry-run")

    assert code == 0, out + err
    # 48 deploys in the 7 days to 11-28 (data/metrics.db); the export's last row says 92.
    assert "+  - {date: 2026-11-28, value: 48, source: metrics}\n" in out
    assert "+      - {date: 2026-11-28, value: 92, source: support-export}\n" in out
    assert "would record 2026-q4/deploy-frequency 46 → 48 from metrics" in err


def test_a_file_that_does_not_load_is_reported(repo: Path) -> None:
    (repo / "cycles/2026-q4/kpis/broken.yaml").write_text("title: [unclosed\n")

    code, out, err = run(repo, *AS_OF)

    assert code == 1
    assert "broken.yaml: error: the file does not load, nothing in it was measured" in out
    assert "2 values recorded" in err  # the others still are


def test_between_cycles_there_is_nothing_to_measure(repo: Path) -> None:
    code, _, err = run(repo, "--as-of", "2027-02-01")

    assert code == 0
    assert "no active cycle on 2027-02-01: nothing to measure" in err


def test_a_value_that_makes_no_valid_checkin_is_not_recorded(write_repo: WriteRepo) -> None:
    milestone = objective(NPS_QUERY).replace(
        "    baseline: 58\n    target: 75\n", "    direction: milestone\n    target: 1\n", 1
    )
    root = write_repo(
        {"okrctl.yaml": CONFIG, OBJ: milestone, KPI: KPI_TEXT, "data/signups.csv": SIGNUPS}
    )
    sqlite_db(root / "data/metrics.db", METRICS)
    before = (root / OBJ).read_text()

    code, out, err = run(root, *AS_OF)

    assert code == 1
    assert (root / OBJ).read_text() == before
    assert "OKR815 cx-leader/nps: source warehouse: " in out and "true or false" in out
    assert "{date: 2026-11-28, value: 140, source: sheets}" in (root / KPI).read_text()
    assert "1 value recorded, 1 failed" in err
