"""Hangzhou draft （三）: the key group, the one-time startup subsidy, the startup SI subsidy."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    E,
    Hint,
    Kind,
    MonthsBetween,
    OneTime,
    P,
    Param,
    Period,
    Provision,
    Subject,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import (
    KEY_GROUP_STATUS_READING,
    NS,
    SAN_KEY_GROUP_TEXT,
    business_in_hangzhou,
    hz_key_group,
    hz_key_group_at_start,
    person_in_hangzhou,
)

SAN = ("（三）加大创业资金扶持力度。重点人群（本文件重点人群指在校大学生、毕业 5 年以内高校毕业生、登记失业半年以上人员、"
       "就业困难人员、持证残疾人、自主择业军转干部和自主就业退役士兵）初次创办企业或个体工商户，正常经营 6 个月，可按规定"
       "申领 3000 元的一次性创业补贴；依法缴纳社会保险费 12 个月，可按规定再申领 5000 元的一次性创业社保补贴；创办企业或"
       "个体工商户符合条件的，可按规定申领创业带动就业补贴。")

KEY_GROUP = Provision(
    id=NS + "san.key_group", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="重点人群（杭州）", title_en="Key group for startup support (Hangzhou)",
    clause=SAN, subject=Subject.PERSON, kind=Kind.DEFINITION, benefit_type="status",
    jurisdiction=person_in_hangzhou(SAN),
    conditions=(Condition(id="key_group", label=("属于重点人群", "in the key group"), test=hz_key_group(AS_OF),
                          cites=SAN_KEY_GROUP_TEXT),),
)

AT_START = hz_key_group_at_start()
ONE_TIME_STARTUP = (NS + "san.startup_subsidy", NS + "shi.migrant_startup_subsidy")  # mutually exclusive, once
OPERATING = MonthsBetween(E.registered_on, AS_OF, label="已经营整月数 / whole months since registration")

STARTUP_CONDITIONS = (
    Condition(id="key_group", label=("创办时属于重点人群", "founder in the key group when starting up"), test=AT_START,
              cites=SAN_KEY_GROUP_TEXT),
    Condition(id="first_startup", label=("初次创办企业或个体工商户", "first business (company or individual)"),
              test=yes(P.first_startup) & E.kind.is_in(("company", "individual")), cites="初次创办企业或个体工商户"),
)

STARTUP_SUBSIDY = Provision(
    id=NS + "san.startup_subsidy", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="一次性创业补贴（3000元）", title_en="One-time startup subsidy (¥3,000)",
    clause=SAN, subject=Subject.PERSON, jurisdiction=business_in_hangzhou(SAN),
    conditions=(
        *STARTUP_CONDITIONS,
        Condition(id="operating_normally", label=("正常经营", "operating normally"),
                  test=yes(E.operating_normally), cites="正常经营 6 个月"),
        Condition(id="operating_6_months", label=("经营满6个月", "six months of operation"),
                  test=OPERATING >= Param(NS + "san.operating_months"), cites="正常经营 6 个月",
                  hint=Hint(OPERATING, Param(NS + "san.operating_months"), since=E.registered_on)),
    ),
    amount=Param(NS + "san.startup_subsidy"), period=Period.ONE_TIME, max_duration_months=None,
    tags=frozenset({"startup_subsidy"}), stacking_group="hz_one_time_startup_subsidy",
    limits=(OneTime("可按规定申领 3000 元的一次性创业补贴 ｜ 符合条件的农民工，可申领一次性创业补贴",
                    group=ONE_TIME_STARTUP),),
    readings=(KEY_GROUP_STATUS_READING,),
)

STARTUP_SI_SUBSIDY = Provision(
    id=NS + "san.startup_si_subsidy", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="一次性创业社保补贴（5000元）", title_en="One-time startup social-insurance subsidy (¥5,000)",
    clause=SAN, subject=Subject.PERSON, jurisdiction=business_in_hangzhou(SAN),
    conditions=(
        *STARTUP_CONDITIONS,
        Condition(id="si_12_months", label=("依法缴纳社会保险费12个月", "twelve months of social insurance"),
                  test=P.si_months >= Param(NS + "san.si_months"),
                  cites="依法缴纳社会保险费 12 个月，可按规定再申领 5000 元的一次性创业社保补贴",
                  hint=Hint(P.si_months, Param(NS + "san.si_months"))),
    ),
    amount=Param(NS + "san.startup_si_subsidy"), period=Period.ONE_TIME,
    limits=(OneTime("可按规定再申领 5000 元的一次性创业社保补贴"),), readings=(KEY_GROUP_STATUS_READING,),
    notes=("再申领 (additionally): paid on top of the one-time startup subsidy, not instead of it.",),
)

PROVISIONS = (KEY_GROUP, STARTUP_SUBSIDY, STARTUP_SI_SUBSIDY)
