"""Rules about measured key results and KPIs (`measure:` blocks and okrctl.yaml's `sources`),
and the codes `okrctl measure` reports when a measurement fails."""

from __future__ import annotations

from collections.abc import Iterator

from okrctl.load.source import Loc, SourceFile
from okrctl.model import Severity
from okrctl.model.diagnostic import Draft
from okrctl.model.measure import (
    CsvSource,
    HttpSource,
    Measure,
    Source,
    SqlSource,
    compile_error,
    single_statement,
)
from okrctl.rules.engine import RuleContext, builtin, rule

E = Severity.ERROR

builtin(
    "OKR810",
    "measure-failed",
    "`okrctl measure`: the source answered (connection, query, HTTP status, response).",
)
builtin(
    "OKR811",
    "measure-no-value",
    "`okrctl measure`: the query or selection gives exactly one value (one row, one column).",
)
builtin(
    "OKR812", "measure-not-a-number", "`okrctl measure`: the measured value is a finite number."
)
builtin("OKR813", "measure-out-of-bounds", "`okrctl measure`: the value is within `bounds`.")
builtin("OKR814", "measure-timeout", "`okrctl measure`: the source answers within its timeout.")
builtin(
    "OKR815",
    "measure-not-recorded",
    "`okrctl measure`: the measured value makes a valid check-in (e.g. a number, not a "
    "milestone's true/false).",
)

builtin(
    "OKR707",
    "measure-and-checkins",
    "A commit does not change both a key result's (or KPI's) `measure` and its check-ins "
    "(okrctl diff --check).",
)

# The measure keys that belong to each kind of source.
KEYS: dict[str, tuple[str, ...]] = {
    "sql": ("query",),
    "csv": ("column", "row", "where", "aggregate"),
    "http": ("select",),
}


def _measures(ctx: RuleContext) -> Iterator[tuple[SourceFile, Loc, Measure]]:
    """Every measure block, with its file and place."""
    for _, doc in ctx.objectives():
        for i, kr in enumerate(doc.model.key_results):
            if kr.measure is not None:
                yield doc.source, ("key_results", i, "measure"), kr.measure
    for _, kdoc in ctx.repo.kpis():
        if kdoc.model.measure is not None:
            yield kdoc.source, ("measure",), kdoc.model.measure


def _sources(ctx: RuleContext) -> dict[str, Source] | None:
    if ctx.repo.config is None:
        return None
    return dict(ctx.repo.config.model.sources)


def _kind(source: Source) -> str:
    return source.kind


@rule("OKR801", "measure-source", E, "A `measure` block names a source of okrctl.yaml.")
def measure_source(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `measure: {source: warehose, query: ...}` with only `warehouse` in `sources`.
    Good: `measure: {source: warehouse, query: ...}`.
    """
    sources = _sources(ctx)
    if sources is None:
        return
    for src, loc, m in _measures(ctx):
        if m.source not in sources:
            known = ", ".join(sorted(sources)) or "none"
            yield Draft.value_at(
                src, (*loc, "source"), f"no source '{m.source}' in okrctl.yaml (sources: {known})"
            )


@rule("OKR802", "measure-keys", E, "A `measure` block has the keys its source's kind needs.")
def measure_keys(ctx: RuleContext) -> Iterator[Draft]:
    """sql needs `query`; csv needs `column` (except `aggregate: count`); http needs `select`;
    keys of another kind are refused.

    Bad: `measure: {source: warehouse, column: nps}` for a sql source.
    Good: `measure: {source: warehouse, query: "select avg(score) from nps"}`.
    """
    sources = _sources(ctx) or {}
    for src, loc, m in _measures(ctx):
        source = sources.get(m.source)
        if source is None:
            continue
        kind = _kind(source)
        given = {k for ks in KEYS.values() for k in ks if getattr(m, k) is not None}
        foreign = sorted(given - set(KEYS[kind]))
        for key in foreign:
            yield Draft.at(
                src, (*loc, key), f"'{key}' does not apply to {kind} source '{m.source}'"
            )
        if isinstance(source, SqlSource) and m.query is None:
            yield Draft.at(src, loc, f"sql source '{m.source}' needs a `query`")
        if isinstance(source, HttpSource) and m.select is None:
            yield Draft.at(src, loc, f"http source '{m.source}' needs a `select` (JMESPath)")
        if isinstance(source, CsvSource):
            if m.column is None and m.aggregate != "count":
                yield Draft.at(src, loc, f"csv source '{m.source}' needs a `column`")
            if m.row is not None and m.aggregate is not None:
                yield Draft.at(src, (*loc, "row"), "give `row` or `aggregate`, not both")


@rule("OKR803", "measure-query", E, "A measure's SQL `query` is one statement.")
def measure_query(ctx: RuleContext) -> Iterator[Draft]:
    """Several statements could change data; a measure reads one value.

    Bad: `query: "select 1; delete from orders"`. Good: `query: "select count(*) from orders"`.
    """
    for src, loc, m in _measures(ctx):
        if m.query is not None and not single_statement(m.query):
            yield Draft.value_at(
                src,
                (*loc, "query"),
                "the query must be one SQL statement (no ';' between statements)",
            )


@rule("OKR804", "measure-select", E, "A measure's `select` is a valid JMESPath expression.")
def measure_select(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `select: "data.result[0"`. Good: `select: "data.result[0].value[1]"`."""
    found = [(src, loc, m.select) for src, loc, m in _measures(ctx) if m.select is not None]
    if not found:
        return
    for src, loc, expression in found:
        problem = compile_error(expression)
        if problem is not None:
            yield Draft.value_at(src, (*loc, "select"), f"`select` is not JMESPath: {problem}")


@rule("OKR805", "measure-bounds", E, "A measure's `bounds` have min at most max.")
def measure_bounds(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `bounds: {min: 100, max: 0}`. Good: `bounds: {min: 0, max: 100}`."""
    for src, loc, m in _measures(ctx):
        b = m.bounds
        if b is not None and b.min is not None and b.max is not None and b.min > b.max:
            yield Draft.at(
                src, (*loc, "bounds"), f"bounds min ({b.min}) is greater than max ({b.max})"
            )


@rule("OKR806", "csv-source-location", E, "A csv source has either a `path` or a `url`.")
def csv_source_location(ctx: RuleContext) -> Iterator[Draft]:
    """A `path` is a file in the repo; a `url` is https:// (or http://).

    Bad: `sheets: {kind: csv}`. Good: `sheets: {kind: csv, path: data/signups.csv}`.
    """
    config = ctx.repo.config
    if config is None:
        return
    for sid, source in config.model.sources.items():
        loc = ("sources", sid)
        if isinstance(source, CsvSource):
            if (source.path is None) == (source.url is None):
                yield Draft.at(config.source, loc, f"csv source '{sid}' needs a path or a url")
        if isinstance(source, CsvSource | HttpSource) and source.url is not None:
            if not source.url.startswith(("https://", "http://", "${")):
                yield Draft.value_at(
                    config.source,
                    (*loc, "url"),
                    f"the url of source '{sid}' must start with https:// or http://",
                )
