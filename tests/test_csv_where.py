"""`where` of a csv measure: a whole `:name` is one of the dates a sql query binds, or refused."""

from __future__ import annotations

import datetime as dt

import pytest

from okrctl.measure.csv import csv_value
from okrctl.measure.errors import MeasureFailure
from okrctl.model.measure import Measure

TABLE = "day,signups\n2026-10-01,90\n2026-11-09,130\n2026-12-31,150\n"
DATES = {
    "as_of": dt.date(2026, 11, 9),
    "cycle_start": dt.date(2026, 10, 1),
    "cycle_end": dt.date(2026, 12, 31),
}


def value_where(day: str, params: dict[str, dt.date]) -> object:
    measure = Measure(source="sheets", column="signups", where={"day": day})
    return csv_value(TABLE, measure, params)


@pytest.mark.parametrize(
    ("name", "signups"), [(":as_of", 130), (":cycle_start", 90), (":cycle_end", 150)]
)
def test_a_parameter_okrctl_binds_is_its_date(name: str, signups: int) -> None:
    assert value_where(name, DATES) == signups


def test_a_name_okrctl_does_not_bind_is_refused_even_when_the_caller_has_a_date_for_it() -> None:
    # The names are those a sql query binds (measure.sql.PARAMS), not whatever dates a
    # caller happens to pass: `:today` means nothing in either kind of source.
    with pytest.raises(MeasureFailure) as refused:
        value_where(":today", {**DATES, "today": dt.date(2026, 11, 9)})
    assert refused.value.reason == (
        "where: unknown parameter ':today' (parameters: :as_of, :cycle_start, :cycle_end)"
    )


def test_a_value_that_only_contains_a_name_is_text() -> None:
    with pytest.raises(MeasureFailure) as none:
        value_where("from :as_of", DATES)
    assert none.value.reason == "no row matches"
