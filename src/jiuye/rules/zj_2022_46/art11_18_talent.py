"""第11条 (experts serving mountain counties; startup mentors' service subsidy) and 第18条
(“飞地” talent: both sides' policies stack)."""

from __future__ import annotations

from ...engine.dsl import Condition, Kind, P, Period, Provision, Subject
from ..common import in_mountain_county, no, yes
from ..documents import ZJ_2022_46
from .common import ALWAYS, NS, param

ART11 = ("11.组织实施专家服务山区县专项行动。全省每年组织技术技能专家人才服务企业服务基层 2000人次，重点为山区县提供智力"
         "支持。省级人才工程入选人员，在 1个培养周期内必须参加 1次以上服务山区县活动，服务情况作为培养考评内容。支持山区县"
         "建设专家服务基地。创业导师提供创业服务的，各地按服务成效给予服务补贴。")
ART18 = ("18.加大“飞地”人才扶持力度。支持山区县围绕重点发展产业，建设人才“飞地”，“飞地”人才经“飞入地”认定可叠加享"
         "受“飞出地”支持政策与“飞入地”保障政策。支持符合条件的“飞地”人才申报省级有关人才计划。鼓励各类人才项目计划，"
         "具备条件的，增设山区县专项。")

MENTOR_ID = NS + "art11.mentor_subsidy"

MENTOR_SUBSIDY = Provision(
    id=MENTOR_ID, document=ZJ_2022_46, article="第11条",
    title_zh="创业导师服务补贴（按服务成效，当地标准）", title_en="Startup mentor service subsidy (by results, local standard)",
    clause=ART11, subject=Subject.PERSON,
    jurisdiction=in_mountain_county(P.work_adcode, ART11, "提供服务所在地", "services"),
    conditions=(
        Condition(id="mentor", label=("创业导师", "startup mentor"), test=yes(P.startup_mentor),
                  cites="创业导师提供创业服务的"),
        Condition(id="served", label=("提供了创业服务", "provided startup services"), test=yes(P.mentor_served),
                  cites="创业导师提供创业服务的"),
    ),
    amount=param("art11.mentor_subsidy", "创业导师服务补贴（按服务成效，当地标准）/ mentor subsidy (local)"),
    period=Period.YEARLY, stacking_group="startup_mentor_subsidy",
    notes=("各地按服务成效: the amount depends on results under a local standard, not set here.",
           "Counted yearly so it can be compared with 衢政发〔2023〕12号 二（一） (每人每年最高8000元) in the same "
           "stacking group (从优从高). The article sets no limit of its own (no once-a-year, no yearly maximum): "
           "none is enforced (issue 10 item 5).",),
)

TALENT_SERVICE_CHECK = Provision(
    id=NS + "art11.talent_service", document=ZJ_2022_46, article="第11条",
    title_zh="省级人才工程入选人员每个培养周期服务山区县1次以上",
    title_en="Provincial talent-programme members serve mountain counties at least once per cultivation cycle",
    clause=ART11, subject=Subject.PERSON, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=Condition(id="jurisdiction", label=("浙江省省级人才工程", "a Zhejiang provincial talent programme"),
                           test=ALWAYS, cites="省级人才工程入选人员"),
    conditions=(
        Condition(id="served",
                  label=("入选人员在1个培养周期内参加1次以上服务山区县活动", "a member took part in at least one mountain-county service activity this cycle"),
                  test=(no(P.provincial_talent_programme)
                        | (P.mountain_services_in_cycle >= param("art11.min_services", "每周期最少服务次数 / minimum per cycle")))
                       .named("非入选人员，或服务次数达到要求 / not a member, or enough services"),
                  cites="省级人才工程入选人员，在 1个培养周期内必须参加 1次以上服务山区县活动"),
    ),
    notes=("A check: eligible = passes. People outside the programme pass trivially (the rule does not bind them).",
           "服务情况作为培养考评内容: the result feeds the programme's evaluation; nothing is paid.",),
)

ENCLAVE_STACKING = Provision(
    id=NS + "art18", document=ZJ_2022_46, article="第18条",
    title_zh="“飞地”人才叠加享受飞出地支持政策与飞入地保障政策",
    title_en="Enclave talent may stack the home county's support and the host place's security policies",
    clause=ART18, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=in_mountain_county(P.enclave_home_adcode, ART18, "“飞地”所属（飞出地）", "enclave's home county"),
    conditions=(
        Condition(id="enclave_talent", label=("山区县“飞地”人才", "talent of a mountain county's enclave"),
                  test=yes(P.enclave_talent), cites="支持山区县围绕重点发展产业，建设人才“飞地”"),
        Condition(id="recognised", label=("经“飞入地”认定", "recognised by the host place"),
                  test=yes(P.enclave_recognised), cites="“飞地”人才经“飞入地”认定"),
    ),
    notes=("叠加享受: an exception to 不重复 between the two places' talent policies. The policies themselves are "
           "the two places' own (not in these documents), so nothing is computed beyond the right to stack.",),
)

PROVISIONS = (MENTOR_SUBSIDY, TALENT_SERVICE_CHECK, ENCLAVE_STACKING)
