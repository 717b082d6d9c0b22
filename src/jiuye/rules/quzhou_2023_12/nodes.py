"""Expression nodes used by 衢政发〔2023〕12号 (both paths: Python ``combine``, Polars ``compile``)."""

from __future__ import annotations

from typing import Any

import polars as pl

from ...engine.expr import Env, Expr, PolarsEnv


class YearOf(Expr):
    """The calendar year of a date (for "从购房当年起", "自入读当年起": counted in calendar years)."""

    def __init__(self, d: Expr, label: str = "") -> None:
        self.children = (d,)
        self.label = label or "年份 / calendar year"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else values[0].year

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return exprs[0].dt.year().cast(pl.Int64)


def calendar_years_since(start: Expr, ref: Expr, label: str = "") -> Expr:
    """Whole calendar years from the year of ``start`` to the year of ``ref`` (the start year is year 0)."""
    return (YearOf(ref) - YearOf(start)).named(label or "自起始当年起的年数 / calendar years since the start year")
