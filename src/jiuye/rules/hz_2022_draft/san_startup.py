"""Hangzhou draft （三）: the key group, the one-time startup subsidy, the startup SI subsidy."""

from __future__ import annotations

from ...engine.expr import AS_OF, MonthsBetween, Param
from ...engine.provision import Hint, Kind, Period, Provision, Subject
from ...engine.vars import E, P
from ...rules.documents import HZ_2022_DRAFT
from ..common import cond, yes
from .common import NS, SAN_KEY_GROUP_TEXT, business_in_hangzhou, hz_key_group, person_in_hangzhou

SAN = ("（三）加大创业资金扶持力度。重点人群（本文件重点人群指在校大学生、毕业 5 年以内高校毕业生、登记失业半年以上人员、"
       "就业困难人员、持证残疾人、自主择业军转干部和自主就业退役士兵）初次创办企业或个体工商户，正常经营 6 个月，可按规定"
       "申领 3000 元的一次性创业补贴；依法缴纳社会保险费 12 个月，可按规定再申领 5000 元的一次性创业社保补贴；创办企业或"
       "个体工商户符合条件的，可按规定申领创业带动就业补贴。")

KEY_GROUP = Provision(
    id=NS + "san.key_group", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="重点人群（杭州）", title_en="Key group for startup support (Hangzhou)",
    clause=SAN, subject=Subject.PERSON, kind=Kind.DEFINITION, benefit_type="status",
    jurisdiction=person_in_hangzhou(SAN),
    conditions=(cond("key_group", "属于重点人群", "in the key group", hz_key_group(AS_OF), SAN_KEY_GROUP_TEXT),),
)

AT_START = hz_key_group(E.registered_on, label="创办时属于重点人群 / in the key group when starting up")
OPERATING = MonthsBetween(E.registered_on, AS_OF, label="已经营整月数 / whole months since registration")

STARTUP_CONDITIONS = (
    cond("key_group", "创办时属于重点人群", "founder in the key group when starting up", AT_START, SAN_KEY_GROUP_TEXT),
    cond("first_startup", "初次创办企业或个体工商户", "first business (company or individual)",
         yes(P.first_startup) & E.kind.is_in(("company", "individual")), "初次创办企业或个体工商户"),
)

STARTUP_SUBSIDY = Provision(
    id=NS + "san.startup_subsidy", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="一次性创业补贴（3000元）", title_en="One-time startup subsidy (¥3,000)",
    clause=SAN, subject=Subject.PERSON, jurisdiction=business_in_hangzhou(SAN),
    conditions=(
        *STARTUP_CONDITIONS,
        cond("operating_normally", "正常经营", "operating normally", yes(E.operating_normally), "正常经营 6 个月"),
        cond("operating_6_months", "经营满6个月", "six months of operation",
             OPERATING >= Param(NS + "san.operating_months"), "正常经营 6 个月",
             Hint(OPERATING, Param(NS + "san.operating_months"), since=E.registered_on)),
    ),
    amount=Param(NS + "san.startup_subsidy"), period=Period.ONE_TIME, max_duration_months=None,
    tags=frozenset({"startup_subsidy"}),
)

STARTUP_SI_SUBSIDY = Provision(
    id=NS + "san.startup_si_subsidy", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="一次性创业社保补贴（5000元）", title_en="One-time startup social-insurance subsidy (¥5,000)",
    clause=SAN, subject=Subject.PERSON, jurisdiction=business_in_hangzhou(SAN),
    conditions=(
        *STARTUP_CONDITIONS,
        cond("si_12_months", "依法缴纳社会保险费12个月", "twelve months of social insurance",
             P.si_months >= Param(NS + "san.si_months"), "依法缴纳社会保险费 12 个月，可按规定再申领 5000 元的一次性创业社保补贴",
             Hint(P.si_months, Param(NS + "san.si_months"))),
    ),
    amount=Param(NS + "san.startup_si_subsidy"), period=Period.ONE_TIME,
    notes=("再申领 (additionally): paid on top of the one-time startup subsidy, not instead of it.",),
)

PROVISIONS = (KEY_GROUP, STARTUP_SUBSIDY, STARTUP_SI_SUBSIDY)
