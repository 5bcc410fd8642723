"""`measure:` blocks and `sources:`: key results and KPIs that read their value from data."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StrictBool

from okrctl.model.common import Date, Id, Number, Strict, Text

# How often a measured item is measured; `daily` exists only here (check-in cadences do not
# go below a week).
MeasureEvery = Literal["daily", "weekly", "biweekly", "monthly", "quarterly"]
EVERY_DAYS: dict[str, int] = {
    "daily": 1,
    "weekly": 7,
    "biweekly": 14,
    "monthly": 31,
    "quarterly": 92,
}
Scalar = Annotated[StrictBool | Number | Date | str, "scalar"]


class Bounds(Strict):
    """A measured value outside [min, max] is refused, not recorded."""

    min: Number | None = None
    max: Number | None = None


class Measure(Strict):
    """How a key result or KPI reads its value; which keys apply depends on the source's kind."""

    source: Id = Field(description="A source id from okrctl.yaml's `sources`.")
    query: str | None = Field(
        default=None,
        description="sql: one statement returning one row with one numeric column; bind "
        "parameters :as_of, :cycle_start, :cycle_end.",
    )
    column: str | None = Field(default=None, description="csv: the column holding the value.")
    row: Literal["first", "last"] | None = Field(
        default=None, description="csv: which row (default last)."
    )
    where: dict[str, Scalar] | None = Field(
        default=None,
        description="csv: the row whose columns have these values; a value ':as_of', "
        "':cycle_start' or ':cycle_end' is that date, as a sql query binds it.",
    )
    aggregate: Literal["sum", "mean", "count", "max", "min"] | None = Field(
        default=None, description="csv: combine the column over the (matching) rows."
    )
    select: str | None = Field(
        default=None, description="http: a JMESPath expression on the JSON response."
    )
    every: MeasureEvery | None = Field(
        default=None, description="How often it is measured; default the item's cadence."
    )
    bounds: Bounds | None = None


class SqlSource(Strict):
    kind: Literal["sql"]
    url: Text = Field(
        description="A SQLAlchemy URL; ${NAME} is read from the environment, a relative "
        "sqlite/duckdb path is relative to the repo root."
    )
    timeout: Number = Field(default=30, gt=0, description="Seconds per query.")


class CsvSource(Strict):
    kind: Literal["csv"]
    path: str | None = Field(default=None, description="A CSV file in the repo.")
    url: str | None = Field(default=None, description="An https:// URL serving CSV.")
    timeout: Number = Field(default=30, gt=0, description="Seconds per download.")


class HttpSource(Strict):
    kind: Literal["http"]
    url: Text = Field(description="A URL answering JSON; ${NAME} is read from the environment.")
    headers: dict[str, str] = Field(
        default_factory=dict, description="Request headers; ${NAME} is read from the environment."
    )
    timeout: Number = Field(default=30, gt=0, description="Seconds per request.")


Source = Annotated[SqlSource | CsvSource | HttpSource, Field(discriminator="kind")]


def single_statement(query: str) -> bool:
    """One SQL statement: no `;` outside strings and comments, except a trailing one."""
    body = _strip(query).strip()
    return bool(body.rstrip(";").strip()) and ";" not in body.rstrip().rstrip(";")


_LEXEME = re.compile(
    r"'(?:[^']|'')*'?"  # a string literal ('' escapes a quote)
    r'|"(?:[^"]|"")*"?'  # a quoted identifier
    r"|--[^\n]*"  # a line comment
    r"|/\*.*?(?:\*/|\Z)"  # a block comment
    r"|(\$[A-Za-z_]*\$).*?(?:\1|\Z)",  # a PostgreSQL dollar-quoted string
    re.DOTALL,
)


def _strip(query: str) -> str:
    """The query with strings and comments blanked out."""
    return _LEXEME.sub(" ", query)


def compile_error(expression: str) -> str | None:
    """Why the JMESPath expression does not compile, or None (for `validate`)."""
    # Lazy, and only when a repo has a `select`: validate stays lean otherwise.
    import jmespath  # noqa: TID251
    from jmespath.exceptions import JMESPathError  # noqa: TID251

    try:
        jmespath.compile(expression)
    except JMESPathError as exc:
        return (str(exc).strip().splitlines() or ["invalid"])[0].rstrip(": ")
    return None
