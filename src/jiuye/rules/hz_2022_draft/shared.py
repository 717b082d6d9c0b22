"""Building blocks shared by the Hangzhou draft modules of issue 3 (part C)."""

from __future__ import annotations

from ...engine.dsl import Condition, Expr, If, Lookup, O, P, Param, WithinMonths, YearOf, city_of
from ..common import in_city
from .common import HANGZHOU, NS


def org_in_hangzhou(clause: str) -> Condition:
    return in_city(O.adcode, HANGZHOU, "杭州市", clause, "机构", "organisation")


def works_in_hangzhou(clause: str) -> Condition:
    return Condition(id="jurisdiction", label=("在杭州市就业", "working in Hangzhou"),
                     test=city_of(P.work_adcode).eq(HANGZHOU).named("就业地在杭州 / works in Hangzhou"),
                     cites=clause)


def min_wage(adcode: Expr) -> Expr:
    """The monthly minimum wage of the county ``adcode`` (external.minimum_wage.*)."""
    tier = Lookup("external.minimum_wage.county_tier", adcode, dtype="str", label="所在县最低工资档次 / tier")
    return Lookup("external.minimum_wage.monthly", tier, label="当地月最低工资标准 / local monthly minimum wage")


def local(name: str, label: str = "") -> Param:
    """A local standard (按规定 with no number): unset until an administrator sets it."""
    return Param(NS + name, label=label or f"地方标准 / local standard: {name}")


def fresh_graduate(ref: Expr) -> Expr:
    """应届毕业生 on date ``ref`` (reading switch ``readings.fresh_graduate``)."""
    return If(Param(NS + "readings.fresh_graduate").eq("within_12_months"),
              (P.graduation_date <= ref) & WithinMonths(P.graduation_date, ref, Param(NS + "ba.fresh_window_months")),
              YearOf(P.graduation_date).eq(YearOf(ref)),
              label="应届毕业生 / graduate of the current year")


def graduated_within(months_param: str, ref: Expr) -> Expr:
    """A university graduate, graduated no more than the window before ``ref`` (and not after it)."""
    return ((P.university_graduate.eq(True)) & (P.graduation_date <= ref)
            & WithinMonths(P.graduation_date, ref, Param(NS + months_param))).named(
        "毕业年限以内的高校毕业生 / graduate within the window")
