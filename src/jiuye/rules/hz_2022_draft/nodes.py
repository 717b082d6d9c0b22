"""Expression nodes the Hangzhou draft needs (both paths: Python ``combine`` and Polars ``compile``)."""

from __future__ import annotations

from typing import Any

import polars as pl

from ...engine.expr import Env, Expr, PolarsEnv, lit


class YearOf(Expr):
    """The calendar year of a date (unknown when the date is unknown)."""

    def __init__(self, d: Expr, label: str = "") -> None:
        self.children = (d,)
        self.label = label or "年份 / year"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else values[0].year

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return exprs[0].dt.year().cast(pl.Int64)


class Bounded(Expr):
    """``value`` when ``low ≤ value ≤ high``; otherwise not known.

    For amounts the draft gives only as a range (每人 200-2000 元): the amount is a local standard,
    and a standard set outside the printed range is not used (the result says the amount is not known).
    """

    def __init__(self, value: Any, low: Any, high: Any, label: str = "") -> None:
        self.children = (lit(value), lit(low), lit(high))
        self.label = label or "在规定区间内 / within the printed range"

    def combine(self, values: list[Any], env: Env) -> Any:
        v, lo, hi = values
        if v is None or lo is None or hi is None:
            return None
        return v if lo <= v <= hi else None

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        v, lo, hi = exprs
        inside = (v >= lo) & (v <= hi)
        return pl.when(inside.fill_null(False)).then(v).otherwise(pl.lit(None, dtype=pl.Int64))
