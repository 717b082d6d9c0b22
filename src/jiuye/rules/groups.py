"""Shared building blocks for group definitions (each document still declares its own).

重点人群 (key group for startup support) is defined the same way in 浙人社发〔2022〕46号 第23条
and in the Hangzhou draft (三): 在校大学生、毕业5年以内高校毕业生、登记失业半年以上人员、就业困难人员、
持证残疾人、自主择业军转干部和自主就业退役士兵. The graduate window and the unemployment length are
parameters of each document.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ..dates import month_index, month_index_expr
from ..engine.expr import Env, Expr, MonthsBetween, PolarsEnv, WithinMonths, any_of, lit
from ..facts.vars import P
from ..standards.retirement import retirement_month, retirement_month_index_expr


def key_group(ref: Expr, graduate_window_months: Any, unemployed_min_months: Any, label: str = "") -> Expr:
    """Is the person in the key group on date ``ref``?"""
    return any_of(
        P.enrolled_student.eq(True).named("在校大学生 / enrolled student"),
        (P.university_graduate.eq(True) & WithinMonths(P.graduation_date, ref, lit(graduate_window_months)))
        .named("毕业年限以内的高校毕业生 / graduate within the window"),
        (P.registered_unemployed.eq(True)
         & (MonthsBetween(P.unemployed_registered_on, ref) >= lit(unemployed_min_months)))
        .named("登记失业半年以上 / registered unemployed ≥ 6 months"),
        P.difficulty_certified.eq(True).named("就业困难人员 / person with employment difficulty"),
        P.disabled_certified.eq(True).named("持证残疾人 / certified disabled"),
        P.self_chosen_military_cadre.eq(True).named("自主择业军转干部 / self-chosen military cadre"),
        P.self_employed_veteran.eq(True).named("自主就业退役士兵 / self-employed veteran"),
        label=label or "属于重点人群 / in the key group",
    )


def age_months(ref: Expr) -> Expr:
    return MonthsBetween(P.birth_date, ref, label="年龄（整月）/ age in whole months")


def age_at_least(ref: Expr, female_years: Any, male_years: Any, label: str = "") -> Expr:
    """Women at least ``female_years`` old or men at least ``male_years`` old on ``ref`` (周岁)."""
    from ..engine.expr import If

    need = If(P.gender.eq("F"), lit(female_years) * 12, lit(male_years) * 12)
    return (age_months(ref) >= need).named(label or "年龄达到 / age reached")


class RetirementMonthIndex(Expr):
    """Statutory retirement month (year*12 + month-1) under the 2025 gradual-retirement rules."""

    label = "法定退休年龄当月 / statutory retirement month"

    def __init__(self) -> None:
        self.children = (P.birth_date, P.gender, P.female_category)

    def combine(self, values: list[Any], env: Env) -> Any:
        birth, gender, category = values
        if birth is None or gender is None or (gender == "F" and category is None):
            return None
        y, m = retirement_month(birth, gender, category or "cadre")
        return y * 12 + m - 1

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        birth, gender, category = exprs
        return retirement_month_index_expr(birth, gender, category).cast(pl.Int64)


class MonthIndex(Expr):
    label = "月份序号 / month index"

    def __init__(self, d: Expr) -> None:
        self.children = (d,)

    def combine(self, values: list[Any], env: Env) -> Any:
        return None if values[0] is None else month_index(values[0])

    def compile(self, exprs: list[pl.Expr], env: PolarsEnv) -> pl.Expr:
        return month_index_expr(exprs[0])


class LatestKeyed(Expr):
    """The value of a year-keyed parameter for the latest key known on the as-of date."""

    def __init__(self, name: str, label: str = "") -> None:
        self.name = name
        self.label = label or f"{name} (latest published)"

    def _pick(self, snapshot: Any) -> tuple[str | None, Any]:
        mapping = snapshot.get(self.name) or {}
        if not mapping:
            return None, None
        key = max(mapping)
        return key, mapping[key]

    def ev(self, env: Env) -> Any:
        return self._pick(env.snapshot)[1]

    def trace(self, env: Env) -> Any:
        from ..engine.expr import Trace, _param_info

        key, v = self._pick(env.snapshot)
        return Trace(self.describe(), v, parameters=[_param_info(env, self.name, v, key)])

    def to_polars(self, env: PolarsEnv) -> pl.Expr:
        return pl.lit(self._pick(env.snapshot)[1], dtype=pl.Int64)


def previous_year_key(d: Expr) -> Expr:
    from ..engine.expr import Func

    return Func("上年度 / previous year", lambda v: str(v.year - 1),
                lambda e: (e.dt.year().cast(pl.Int64) - 1).cast(pl.Utf8), d)
