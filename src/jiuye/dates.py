"""Calendar arithmetic used by rules, the same in Python and in Polars.

``months_between(a, b)`` counts whole months completed from ``a`` to ``b``: from 2023-01-15 to
2023-07-14 is 5 months, to 2023-07-15 is 6. Rules say "满6个月" (six full months), so this is
the count they need.
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import cache

import polars as pl

# A date as one integer, its "day ordinal": year×384 + month×32 + day (384 = 12 × 32). Whole months
# between two dates are then the difference // 32 (a later day of month borrows nothing, an earlier
# one borrows a month: the difference of days is within ±30), the month index is ordinal // 32 − 1
# and the year (ordinal // 32 − 1) // 12. Computing it from a Polars date by extracting year, month and day
# costs three calendar conversions per row; the Gregorian calendar repeats every 400 years
# (146,097 days), so a table of one cycle's ordinals and one gather give it for any date.
ORDINAL_MONTH = 32
ORDINAL_YEAR = 12 * ORDINAL_MONTH
_CYCLE_DAYS = 146_097
_CYCLE_START = date(2000, 1, 1)
_EPOCH_OFFSET = (_CYCLE_START - date(1970, 1, 1)).days  # Polars dates count days from 1970-01-01


@cache
def _cycle_ordinals() -> pl.Series:
    """Day ordinals of 2000-01-01 … 2399-12-31 minus 2000 × 384 (one 400-year cycle, Int32)."""
    days = pl.date_range(_CYCLE_START, date(2399, 12, 31), eager=True)
    return ((days.dt.year().cast(pl.Int32) - _CYCLE_START.year) * ORDINAL_YEAR
            + days.dt.month().cast(pl.Int32) * ORDINAL_MONTH + days.dt.day().cast(pl.Int32))


def day_ordinal(d: date) -> int:
    return d.year * ORDINAL_YEAR + d.month * ORDINAL_MONTH + d.day


def day_ordinal_expr(d: pl.Expr) -> pl.Expr:
    """:func:`day_ordinal` of a Polars date (Int32; null stays null): one gather in the cycle table
    (a value that reads no column, e.g. a document's date, is converted directly: it stays a scalar).
    Row-wise only: inside a group-by aggregation the table literal would be taken per group."""
    if not d.meta.root_names():
        return (d.dt.year().cast(pl.Int32) * ORDINAL_YEAR + d.dt.month().cast(pl.Int32) * ORDINAL_MONTH
                + d.dt.day().cast(pl.Int32))
    x = d.cast(pl.Date).to_physical() - _EPOCH_OFFSET
    cycles = x // _CYCLE_DAYS
    return (pl.lit(_cycle_ordinals()).gather(x - cycles * _CYCLE_DAYS)
            + (cycles * 400 + _CYCLE_START.year) * ORDINAL_YEAR)


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + (end.month - start.month) - (1 if end.day < start.day else 0)


def months_between_expr(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    return ((day_ordinal_expr(end) - day_ordinal_expr(start)) // ORDINAL_MONTH).cast(pl.Int64)


def add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    if y > 9999:
        return date.max
    if y < 1:
        return date.min
    last = calendar.monthrange(y, m + 1)[1]
    return date(y, m + 1, min(d.day, last))


def month_index(d: date) -> int:
    """Months since year 0: 2024-03-xx → 2024*12 + 2."""
    return d.year * 12 + d.month - 1


def month_index_expr(d: pl.Expr) -> pl.Expr:
    return month_index_of_ordinal(day_ordinal_expr(d))


def month_index_of_ordinal(ordinal: pl.Expr) -> pl.Expr:
    """:func:`month_index` from a day ordinal (Int64)."""
    return (ordinal // ORDINAL_MONTH - 1).cast(pl.Int64)


def year_of_ordinal(ordinal: pl.Expr) -> pl.Expr:
    return ((ordinal // ORDINAL_MONTH - 1) // 12).cast(pl.Int64)  # not ordinal // 384: December's is 12 × 32 + day


def month_label(index: int) -> str:
    y, m = divmod(index, 12)
    return f"{y:04d}-{m + 1:02d}"


def parse_date(value: str | date, *, field: str = "date") -> date:
    from .errors import InputError

    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(field, f"日期格式无效：{value!r}，应为 YYYY-MM-DD",
                         f"invalid date {value!r}; expected YYYY-MM-DD") from None
