"""Shared pieces of the Hangzhou draft."""

from __future__ import annotations

from datetime import date

from ...engine.dsl import (
    AS_OF,
    Condition,
    Const,
    E,
    Expr,
    P,
    Param,
    Reading,
    all_of,
    any_of,
    city_of,
    judged_on,
)
from ..common import in_city
from ..groups import key_group

NS = "hz_2022_draft."
HANGZHOU = "330100"

KEY_GROUP_STATUS_READING = Reading(
    id="hz-key-group-status-date",
    question="重点人群…初次创办企业或个体工商户: on which date must the founder be in the key group?",
    chosen="On the business's registration date (初次创办时): statuses from the person's spells on that date; a "
           "registration as unemployed that ended the day the business was registered still counts.",
    alternative="On the evaluation (application) date.",
    switch="hz_2022_draft.readings.key_group_status_at")
STARTUP_STATUS_DATE = judged_on("hz_2022_draft.readings.key_group_status_at", ("registration", "evaluation"))

SAN_KEY_GROUP_TEXT = ("重点人群（本文件重点人群指在校大学生、毕业 5 年以内高校毕业生、登记失业半年以上人员、就业困难人员、"
                      "持证残疾人、自主择业军转干部和自主就业退役士兵）")


def hz_key_group(ref=AS_OF, label: str = ""):
    return key_group(ref, Param(NS + "san.graduate_window_months"), Param(NS + "san.unemployed_min_months"),
                     label=label or "属于重点人群（杭州）/ in the key group (Hangzhou)")


def hz_key_group_at_start(label: str = ""):
    """In the key group on the declared status date of a startup benefit (a reading, default registration)."""
    return hz_key_group(STARTUP_STATUS_DATE, label=label or "创办时属于重点人群 / in the key group when starting up")


def business_in_hangzhou(clause: str):
    return in_city(E.adcode, HANGZHOU, "杭州市", clause, "经营主体", "business")


def person_in_hangzhou(clause: str):
    place = any_of(city_of(P.hukou_adcode).eq(HANGZHOU), city_of(P.residence_adcode).eq(HANGZHOU),
                   city_of(P.work_adcode).eq(HANGZHOU), label="户籍地、常住地或就业地在杭州 / hukou, residence or work in Hangzhou")
    return Condition(id="jurisdiction", label=("户籍地、常住地或就业地在杭州市", "hukou, residence or work in Hangzhou"),
                     test=place, cites=clause)


# --- the cut-off 2022年*月*日 of （九）: the day is blank, the year is printed ---------------------------
CUTOFF = Param(NS + "certification_cutoff", label="认定新旧划分日期（草案留空）/ cut-off (blank)")
_YEAR_START = Const(date(2022, 1, 1), "2022年1月1日（印明的年份）/ 2022-01-01 (the printed year)")
_YEAR_END = Const(date(2022, 12, 31), "2022年12月31日（印明的年份）/ 2022-12-31 (the printed year)")
CUTOFF_YEAR_READING = Reading(
    id="hz-cutoff-year",
    question="2022 年*月*日前/后: the day is blank; does the printed year decide anything before it is set?",
    chosen="Yes: a date in 2021 or earlier is before the cut-off and one in 2023 or later is after it, whatever "
           "day is set; only dates in 2022 wait for the administrator's date (hz_2022_draft.certification_cutoff).",
    alternative="Nothing is decided until an administrator sets the day (hz_2022_draft.certification_cutoff).")


def after_cutoff(d: Expr) -> Expr:
    """d is after the cut-off 2022年*月*日: decided by the set date, else by the printed year alone."""
    return all_of(any_of(d > CUTOFF, d > _YEAR_END), d >= _YEAR_START,
                  label="在2022年*月*日（新旧划分日）之后 / after the cut-off in 2022")


def on_or_before_cutoff(d: Expr) -> Expr:
    """d is on or before the cut-off 2022年*月*日: by the set date, else by the printed year alone."""
    return all_of(any_of(d <= CUTOFF, d < _YEAR_START), d <= _YEAR_END,
                  label="在2022年*月*日（新旧划分日）当日或之前 / on or before the cut-off in 2022")
