"""Shared building blocks for group definitions (each document still declares its own).

重点人群 (key group for startup support) is defined the same way in 浙人社发〔2022〕46号 第23条
and in the Hangzhou draft (三): 在校大学生、毕业5年以内高校毕业生、登记失业半年以上人员、就业困难人员、
持证残疾人、自主择业军转干部和自主就业退役士兵. The graduate window and the unemployment length are
parameters of each document.
"""

from __future__ import annotations

from typing import Any

from ..engine.dsl import (
    Expr,
    If,
    MonthIndex,
    MonthsBetween,
    P,
    RetirementMonthIndex,
    WithinMonths,
    all_of,
    any_of,
    lit,
    status_on,
    status_since,
)


def key_group(ref: Expr, graduate_window_months: Any, unemployed_min_months: Any, label: str = "") -> Expr:
    """Is the person in the key group on date ``ref``? Statuses are judged on ``ref`` from the person's
    spells (the shorthand booleans when no spells are given): a founder whose unemployment
    registration ended the day the business was registered is in the group on that day."""
    return any_of(
        status_on("enrolled_student", ref).named("在校大学生 / enrolled student"),
        (P.university_graduate.eq(True) & WithinMonths(P.graduation_date, ref, lit(graduate_window_months)))
        .named("毕业年限以内的高校毕业生 / graduate within the window"),
        (status_on("registered_unemployed", ref)
         & (MonthsBetween(status_since("registered_unemployed", ref), ref) >= lit(unemployed_min_months)))
        .named("登记失业半年以上 / registered unemployed ≥ 6 months"),
        status_on("difficulty_certified", ref).named("就业困难人员 / person with employment difficulty"),
        status_on("disability_certified", ref).named("持证残疾人 / certified disabled"),
        P.self_chosen_military_cadre.eq(True).named("自主择业军转干部 / self-chosen military cadre"),
        P.self_employed_veteran.eq(True).named("自主就业退役士兵 / self-employed veteran"),
        label=label or "属于重点人群 / in the key group",
    )


def age_months(ref: Expr) -> Expr:
    return MonthsBetween(P.birth_date, ref, label="年龄（整月）/ age in whole months")


def age_at_least(ref: Expr, female_years: Any, male_years: Any, label: str = "") -> Expr:
    """Women at least ``female_years`` old or men at least ``male_years`` old on ``ref`` (周岁)."""
    need = If(P.gender.eq("F"), lit(female_years) * 12, lit(male_years) * 12)
    return (age_months(ref) >= need).named(label or "年龄达到 / age reached")


def person_retirement_month(label: str = "") -> Expr:
    """The person's statutory retirement month as a month index (see :class:`RetirementMonthIndex`)."""
    node = RetirementMonthIndex(P.birth_date, P.gender, P.female_category)
    return node.named(label) if label else node


def _retirement_bounds() -> tuple[Expr, Expr]:
    """The retirement month if the woman's category were 工人 (earliest) and 干部 (latest); a man's both."""
    return (RetirementMonthIndex(P.birth_date, P.gender, lit("worker")),
            RetirementMonthIndex(P.birth_date, P.gender, lit("cadre")))


def not_past_retirement_month(when: Expr, label: str = "", strict: bool = False) -> Expr:
    """``when`` is not after (``strict``: before) the statutory retirement month.

    Decided without the retirement category whenever both categories agree: a woman before the
    earlier month (as a 工人) is before it whatever her category, and one past the later month (as a
    干部) is past it whatever her category — she is not asked the category then."""
    month = MonthIndex(when)
    actual = person_retirement_month()
    lo, hi = _retirement_bounds()

    def cmp(r: Expr) -> Expr:
        return month < r if strict else month <= r

    return all_of(any_of(cmp(actual), cmp(lo)), cmp(hi),
                  label=label or "未超过法定退休年龄当月 / not past the statutory retirement month")


def past_retirement_month(when: Expr, label: str = "") -> Expr:
    """``when`` is after the statutory retirement month (decided without the category when both agree)."""
    month = MonthIndex(when)
    actual = person_retirement_month()
    lo, hi = _retirement_bounds()
    return all_of(any_of(month > actual, month > hi), month > lo,
                  label=label or "已过法定退休年龄当月 / past the statutory retirement month")
