"""Date nodes: whole months between, "within N months", calendar year, month index, retirement month.

Month arithmetic is the project's (:mod:`jiuye.dates`): month ends clamp, in both paths.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from ...dates import (
    ORDINAL_MONTH,
    add_months,
    day_ordinal,
    day_ordinal_expr,
    month_index,
    month_index_of_ordinal,
    months_between,
    year_of_ordinal,
)
from ...standards.retirement import retirement_month, retirement_month_index_expr
from .base import AsOf, Env, Expr, Fact, Func, PolarsEnv, lit, literal_value
from .logic import If

# Table path: a date as one integer, year×384 + month×32 + day (its "day ordinal", jiuye.dates). Between
# two dates the difference is 32 × (month-index difference) + (day difference, within ±30), so
#   whole months between (``months_between``: minus one when the end day is before the start day)
#     = difference // 32 (floor), and
#   ref <= start + N months (month ends clamp)  ⟺  k < N, or k == N on the same day of month
#     ⟺  difference <= 32 × N;
# the month index is ordinal // 32 − 1 and the year (ordinal // 32 − 1) // 12. A date fact's ordinal is computed
# once per table (``jiuye.engine.shared``, one gather in a 400-year table), then each use is integer
# arithmetic instead of calendar conversions.

def ordinal_of(node: Expr, compiled: pl.Expr, env: PolarsEnv) -> pl.Expr:
    """The day ordinal of a date node: its prepared column, a literal for the as-of date, else computed."""
    if isinstance(node, AsOf):
        return pl.lit(day_ordinal(env.as_of), dtype=pl.Int64)
    known = env.ordinals and isinstance(node, Fact) and node.dtype == "date"
    name = env.ordinals.get(node.name) if known else None
    if name is None and env.ordinals and compiled.meta.is_column():  # a node compiled to a date fact's column
        name = env.ordinals.get(compiled.meta.output_name())
    if name is not None:
        return pl.col(name)
    v = literal_value(compiled)
    if v is None or isinstance(v, date):  # a date settled at plan time: its ordinal, computed here
        return pl.lit(None if v is None else day_ordinal(v), dtype=pl.Int64)
    if isinstance(node, If):  # a choice between dates: the choice between their ordinals (no calendar per row)
        c, a, b = (k.to_polars(env) for k in node.children)
        return If.choose(c, ordinal_of(node.children[1], a, env), ordinal_of(node.children[2], b, env))
    own = getattr(node, "ordinal_polars", None)  # a node that knows its date's ordinal (a spell's start)
    out = own(env) if own is not None else None
    return out if out is not None else day_ordinal_expr(compiled)


class MonthsBetween(Expr):
    """Whole months from ``start`` to ``end`` (see :func:`jiuye.dates.months_between`)."""

    null_type = pl.Int64()

    def __init__(self, start: Expr, end: Expr, label: str = ""):
        self.children = (start, end)
        self.label = label or "相隔整月数 / whole months between"

    def combine(self, values: list[Any], env: Env) -> Any:
        a, b = values
        if a is None or b is None:
            return None
        return months_between(a, b)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        start, end = (ordinal_of(n, e, env) for n, e in zip(self.children, exprs, strict=True))
        return (end - start) // ORDINAL_MONTH


class WithinMonths(Expr):
    """``ref`` is no later than ``start`` + ``months`` (inclusive: "N年以内" includes the day N years on).

    ``months`` is an int or a parameter name (resolved per snapshot, so a literal in Polars).
    Month ends clamp (2020-02-29 + 12 months = 2021-02-28) in both paths.
    """

    null_type = pl.Boolean()

    def __init__(self, start: Expr, ref: Expr, months: int | Expr, label: str = ""):
        self.children = (start, ref, lit(months))
        self.label = label or "在期限以内 / within the window"

    def combine(self, values: list[Any], env: Env) -> Any:
        start, ref, months = values
        if start is None or ref is None or months is None:
            return None
        return ref <= add_months(start, months)

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        # ref <= start + N months  ⟺  k < N, or k == N and the day of month is the same, where
        # k = whole months from start to ref (the clamped month-end case gives k < N); with day
        # ordinals (above) that is one comparison.
        start, ref = (ordinal_of(n, e, env) for n, e in zip(self.children[:2], exprs[:2], strict=True))
        return (ref - start) <= exprs[2] * ORDINAL_MONTH


class YearOf(Expr):
    """The calendar year of a date (for "从购房当年起", "应届": counted in calendar years)."""

    null_type = pl.Int64()

    def __init__(self, d: Expr, label: str = "") -> None:
        self.children = (d,)
        self.label = label or "年份 / calendar year"

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else values[0].year

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return year_of_ordinal(ordinal_of(self.children[0], exprs[0], env))


def calendar_years_since(start: Expr, ref: Expr, label: str = "") -> Expr:
    """Whole calendar years from the year of ``start`` to the year of ``ref`` (the start year is year 0)."""
    return (YearOf(ref) - YearOf(start)).named(label or "自起始当年起的年数 / calendar years since the start year")


def previous_year_key(d: Expr) -> Expr:
    """The previous calendar year of ``d`` as a text key (for year-keyed parameters: "2024")."""
    return Func("上年度 / previous year", lambda v: str(v.year - 1),
                lambda e: (year_of_ordinal(day_ordinal_expr(e)) - 1).cast(pl.Utf8), d)


class MonthIndex(Expr):
    """A date's month as one integer (year×12 + month−1), to compare months across years."""

    label = "月份序号 / month index"
    null_type = pl.Int64()

    def __init__(self, d: Expr) -> None:
        self.children = (d,)

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else month_index(values[0])

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return month_index_of_ordinal(ordinal_of(self.children[0], exprs[0], env))


class RetirementMonthIndex(Expr):
    """Statutory retirement month (year×12 + month−1) under the 2025 gradual-retirement rules.

    Unknown while the birth date or gender is unknown, or (for a woman) the category.
    """

    label = "法定退休年龄当月 / statutory retirement month"

    def __init__(self, birth: Expr, gender: Expr, female_category: Expr) -> None:
        self.children = (birth, gender, female_category)

    def combine(self, values: list[Any], env: Env) -> Any:
        birth, gender, category = values
        if birth is None or gender is None or (gender == "F" and category is None):
            return None
        y, m = retirement_month(birth, gender, category or "cadre")
        return y * 12 + m - 1

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        birth, gender, category = exprs
        birth_index = month_index_of_ordinal(ordinal_of(self.children[0], birth, env))
        return retirement_month_index_expr(birth, gender, category, birth_index=birth_index).cast(pl.Int64)
