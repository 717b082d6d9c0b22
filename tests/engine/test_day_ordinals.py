"""The table path's day ordinals (one gather in a 400-year table) agree with Python's calendar."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from jiuye.dates import (
    day_ordinal,
    day_ordinal_expr,
    month_index,
    month_index_expr,
    months_between,
    months_between_expr,
    year_of_ordinal,
)

dates = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(dates, dates), min_size=1, max_size=200))
def test_ordinals_months_and_years_agree_with_python(pairs: list[tuple[date | None, date | None]]) -> None:
    frame = pl.DataFrame({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]}, schema={"a": pl.Date, "b": pl.Date})
    out = frame.select(day_ordinal_expr(pl.col("a")).alias("o"), months_between_expr(pl.col("a"), pl.col("b")).alias("m"),
                       month_index_expr(pl.col("a")).alias("i"), year_of_ordinal(day_ordinal_expr(pl.col("a"))).alias("y"))
    assert out["o"].to_list() == [None if a is None else day_ordinal(a) for a, _ in pairs]
    assert out["m"].to_list() == [None if a is None or b is None else months_between(a, b) for a, b in pairs]
    assert out["i"].to_list() == [None if a is None else month_index(a) for a, _ in pairs]
    assert out["y"].to_list() == [None if a is None else a.year for a, _ in pairs]


def test_cycle_edges_and_month_ends() -> None:
    edges = [date(1, 1, 1), date(1999, 12, 31), date(2000, 1, 1), date(2000, 2, 29), date(2399, 12, 31),
             date(2400, 1, 1), date(1600, 2, 29), date(1900, 3, 1), date(9999, 12, 31), date(2024, 12, 31)]
    got = pl.Series("d", edges, dtype=pl.Date).to_frame().select(day_ordinal_expr(pl.col("d")).alias("o"))["o"].to_list()
    assert got == [d.year * 384 + d.month * 32 + d.day for d in edges]
    # a literal date stays a scalar (broadcast against a column)
    f = pl.DataFrame({"x": [1, 2, 3]}).with_columns(day_ordinal_expr(pl.lit(date(2024, 12, 31))).alias("o"))
    assert f["o"].to_list() == [2024 * 384 + 12 * 32 + 31] * 3
