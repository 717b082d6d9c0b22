"""Shared pieces of the Hangzhou draft."""

from __future__ import annotations

from ...engine.dsl import AS_OF, Condition, E, P, Param, Reading, any_of, city_of, judged_on
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
