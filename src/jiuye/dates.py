"""Calendar arithmetic used by rules, the same in Python and in Polars.

``months_between(a, b)`` counts whole months completed from ``a`` to ``b``: from 2023-01-15 to
2023-07-14 is 5 months, to 2023-07-15 is 6. Rules say "满6个月" (six full months), so this is
the count they need.
"""

from __future__ import annotations

import calendar
from datetime import date

import polars as pl


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + (end.month - start.month) - (1 if end.day < start.day else 0)


def months_between_expr(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    years = end.dt.year().cast(pl.Int64) - start.dt.year().cast(pl.Int64)
    months = end.dt.month().cast(pl.Int64) - start.dt.month().cast(pl.Int64)
    borrow = (end.dt.day() < start.dt.day()).cast(pl.Int64)
    return years * 12 + months - borrow


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
    return d.dt.year().cast(pl.Int64) * 12 + d.dt.month().cast(pl.Int64) - 1


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
