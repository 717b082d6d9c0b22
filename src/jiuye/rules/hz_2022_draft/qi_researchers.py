"""Hangzhou draft （七）: researchers of public institutions on leave to start a business keep their
personnel relation for 3 years with equal rights; the institution must sign or amend the contract.
(完善科研人员创业股权激励政策 is a commitment with nothing to compute.)"""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    Kind,
    Max,
    MonthsBetween,
    P,
    Param,
    Period,
    Provision,
    Subject,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS
from .shared import works_in_hangzhou

QI = ("（七）鼓励科研人员创业。高校、科研院所等事业单位专业技术人员离岗创业的，经原单位同意，可在 3 年内保留人事关系，与原"
      "单位其他在岗人员同等享有参加职称评聘、岗位等级晋升和社会保险等方面的权利。原单位应与其签订或变更聘用合同。")
LEAVE_TEXT = ("高校、科研院所等事业单位专业技术人员离岗创业的，经原单位同意，可在 3 年内保留人事关系，与原单位其他在岗人员同等享有"
              "参加职称评聘、岗位等级晋升和社会保险等方面的权利。")
CONTRACT_TEXT = "原单位应与其签订或变更聘用合同。"

SINCE_LEAVE = MonthsBetween(P.left_post_on, AS_OF, label="离岗创业已满整月数 / whole months since leaving")
LEAVE_CONDITIONS = (
    Condition(id="technical_staff", label=("事业单位专业技术人员", "technical staff of a public institution"),
              test=yes(P.institution_technical_staff), cites="高校、科研院所等事业单位专业技术人员"),
    Condition(id="left_to_start_up", label=("已离岗创业", "left the post to start a business"),
              test=P.left_post_on <= AS_OF, cites="离岗创业的"),
    Condition(id="consent", label=("经原单位同意", "with the institution's consent"), test=yes(P.leave_consented),
              cites="经原单位同意"),
)
WITHIN_3_YEARS = Condition(id="within_3_years", label=("离岗3年以内", "within 3 years of leaving"),
                           test=SINCE_LEAVE < Param(NS + "qi.max_months"), cites="可在 3 年内保留人事关系")

RESEARCHER_LEAVE = Provision(
    id=NS + "qi.researcher_leave", document=HZ_2022_DRAFT, article="二（七）",
    title_zh="科研人员离岗创业保留人事关系（3年）", title_en="Researchers' leave to start a business (3 years)",
    clause=LEAVE_TEXT, subject=Subject.PERSON, benefit_type="right", jurisdiction=works_in_hangzhou(QI),
    conditions=(*LEAVE_CONDITIONS, WITHIN_3_YEARS),
    period=Period.NONE,
    max_duration_months=Max(Param(NS + "qi.max_months") - SINCE_LEAVE, 0).named("剩余保留月数 / months left"),
    notes=("The right: keep the personnel relation, with equal rights to title evaluation, post-grade promotion and "
           "social insurance, for 3 years from leaving.",
           "Jurisdiction: the original institution is in Hangzhou (person.work_adcode).",),
)

CONTRACT_CHECK = Provision(
    id=NS + "qi.contract_check", document=HZ_2022_DRAFT, article="二（七）",
    title_zh="原单位签订或变更聘用合同", title_en="The institution signs or amends the appointment contract",
    clause=CONTRACT_TEXT, subject=Subject.PERSON, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=works_in_hangzhou(QI),
    conditions=(*LEAVE_CONDITIONS,
                Condition(id="contract", label=("原单位已签订或变更聘用合同", "contract signed or amended"),
                          test=yes(P.leave_contract_signed), cites=CONTRACT_TEXT)),
)

PROVISIONS = (RESEARCHER_LEAVE, CONTRACT_CHECK)
