"""Hangzhou draft （十四）: project-based training (special-operation certificate up to ¥650; training
certificate ¥100 a day up to 20 days), the online-platform check, and grants to enterprises running
skill-level assessment (local standard). Both project subsidies count toward the caps of （十五）."""

from __future__ import annotations

from ...engine.dsl import (
    Condition,
    E,
    If,
    Kind,
    Min,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Subject,
    any_of,
    feature,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import no, yes
from .common import NS, business_in_hangzhou, person_in_hangzhou
from .shared import local
from .shiwu_training import EMPLOYER_CLAIMED, THIS_YEAR

PROJECT_TEXT = ("开展项目制培训，特种作业操作证书项目补贴标准最高不超过650 元/人/个；培训合格证书项目补贴标准为 100 元/人/天，最高不"
                "超过 20 天。")
ONLINE_TEXT = "线上培训需通过工匠学堂等经人社部门认可的线上培训平台开展。"
ASSESSMENT_TEXT = "开展职业技能等级认定品牌建设，各地可对开展职业技能等级认定的企业给予适当的资助。"

SPECIAL_ID = NS + "shisi.special_operation_subsidy"
TRAINING_CERT_ID = NS + "shisi.training_certificate_subsidy"

SAME_PROJECT = feature("hz_same_project_before", "同一项目已享受次数", "same project subsidised before",
                       (SPECIAL_ID, TRAINING_CERT_ID), match=(("occupation", P.certificate_occupation),))
CAPS = (
    Condition(id="max_3_a_year", label=("本年度不超过3次", "at most 3 a year"),
              test=THIS_YEAR < Param(NS + "shiwu.max_per_year"), cites="原则上每人每年可享受不超过 3 次"),
    Condition(id="not_same_project", label=("同一项目未享受过", "never for the same project"),
              test=SAME_PROJECT.eq(0), cites="同一职业（项目）同一等级不可重复享受"),
    Condition(id="employer_not_claimed",
              label=("单位未就该证书享受补贴", "the employer has not claimed this certificate"),
              test=EMPLOYER_CLAIMED.eq(0), cites="同一证书单位已享受补贴的，个人不得重复享受补贴"),
)

SPECIAL_OPERATION = Provision(
    id=SPECIAL_ID, document=HZ_2022_DRAFT, article="四（十四）",
    title_zh="特种作业操作证书项目补贴（最高650元）", title_en="Special-operation certificate project subsidy (≤ ¥650)",
    clause=PROJECT_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(PROJECT_TEXT),
    conditions=(Condition(id="certificate", label=("取得特种作业操作证书", "obtained a special-operation certificate"),
                          test=P.project_certificate.eq("special_operation"), cites="特种作业操作证书项目"), *CAPS),
    amount=If(Param(NS + "readings.special_operation_amount").eq("local_standard"),
              Min(local("shisi.special_operation_standard"), Param(NS + "shisi.special_operation_cap")),
              Param(NS + "shisi.special_operation_cap"), label="最高不超过650元/人/个 / up to ¥650"),
    amount_kind="up_to", period=Period.ONE_TIME, tags=frozenset({"training_subsidy"}),
    readings=(Reading(id="hz-special-operation", question="最高不超过 650 元 gives only a maximum: what amount?",
                      chosen="Report ¥650 as an 'up to' amount.",
                      alternative="A local standard per project, capped at ¥650 (not set).",
                      switch=NS + "readings.special_operation_amount"),),
    notes=("The project (职业（项目）) is person.certificate_occupation; history records carry it in 'occupation'.",),
)

TRAINING_CERTIFICATE = Provision(
    id=TRAINING_CERT_ID, document=HZ_2022_DRAFT, article="四（十四）",
    title_zh="培训合格证书项目补贴（100元/天，最多20天）", title_en="Training certificate project subsidy (¥100 a day, ≤ 20 days)",
    clause=PROJECT_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(PROJECT_TEXT),
    conditions=(Condition(id="certificate", label=("取得培训合格证书", "obtained a training certificate"),
                          test=P.project_certificate.eq("training_qualified"), cites="培训合格证书项目"),
                Condition(id="days", label=("有培训天数", "training days given"),
                          test=P.project_training_days >= 1, cites="培训合格证书项目补贴标准为 100 元/人/天"), *CAPS),
    amount=(Param(NS + "shisi.training_certificate_per_day")
            * Min(P.project_training_days, Param(NS + "shisi.training_certificate_max_days"))).named(
        "100元×min(天数, 20) / ¥100 × min(days, 20)"),
    period=Period.ONE_TIME, tags=frozenset({"training_subsidy"}),
)

ONLINE_CHECK = Provision(
    id=NS + "shisi.online_platform_check", document=HZ_2022_DRAFT, article="四（十四）",
    title_zh="线上培训须通过认可的平台", title_en="Online training only on a recognised platform",
    clause=ONLINE_TEXT, subject=Subject.PERSON, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=person_in_hangzhou(ONLINE_TEXT),
    conditions=(Condition(id="platform",
                          label=("线下培训，或线上培训经认可的平台", "offline, or online on a recognised platform"),
                          test=any_of(no(P.trained_online), yes(P.online_platform_recognised),
                                      label="线下或认可平台 / offline or recognised platform"),
                          cites=ONLINE_TEXT),),
)

ASSESSMENT_GRANT = Provision(
    id=NS + "shisi.skill_assessment_enterprise_grant", document=HZ_2022_DRAFT, article="四（十四）",
    title_zh="开展职业技能等级认定企业资助", title_en="Grant for enterprises running skill-level assessment",
    clause=ASSESSMENT_TEXT, subject=Subject.ENTERPRISE, jurisdiction=business_in_hangzhou(ASSESSMENT_TEXT),
    conditions=(Condition(id="assessment", label=("开展职业技能等级认定", "runs skill-level assessment"),
                          test=yes(E.conducts_skill_level_assessment), cites="对开展职业技能等级认定的企业"),),
    amount=local("shisi.skill_assessment_enterprise_grant"), period=Period.ONE_TIME,
    notes=("各地可…给予适当的资助: discretionary, by each district or county; local standard, not set.",),
)

PROVISIONS = (SPECIAL_OPERATION, TRAINING_CERTIFICATE, ONLINE_CHECK, ASSESSMENT_GRANT)
