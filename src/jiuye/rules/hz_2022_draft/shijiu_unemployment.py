"""Hangzhou draft （十九）: monitoring enterprises (≤ ¥2,000 a year), the one-time allowance of six
months of the 低保 standard for long-unemployed members of 低保/低边 families, and the end of the
lump-sum unemployment insurance as startup money (a check)."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    E,
    Hint,
    If,
    IsKnown,
    Kind,
    Lookup,
    Min,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Subject,
    YearlyCap,
    city_of,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import no, yes
from ..groups import age_months, not_past_retirement_month
from .common import NS, business_in_hangzhou, person_in_hangzhou
from .jiu_difficulty import CERT_JURISDICTION, UNEMPLOYED_MONTHS
from .shared import local

MONITORING_TEXT = "加强企业用工和失业动态监测，鼓励通过政府购买服务，按每家监测企业提供的服务量，给予每年不超过 2000 元的补贴。"
DIBAO_TEXT = "法定劳动年龄段内失业登记满 6 个月低保低边家庭中的失业人员，可按 6 个月最低生活保障标准申领一次性临时生活补助。"
LUMP_SUM_TEXT = "不再受理一次性领取未领完失业保险金作为创业扶持资金。"

MONITORING = Provision(
    id=NS + "shijiu.monitoring_subsidy", document=HZ_2022_DRAFT, article="五（十九）",
    title_zh="用工和失业动态监测企业补贴（每年不超过2000元）", title_en="Monitoring enterprise subsidy (≤ ¥2,000 a year)",
    clause=MONITORING_TEXT, subject=Subject.ENTERPRISE, jurisdiction=business_in_hangzhou(MONITORING_TEXT),
    conditions=(Condition(id="monitoring", label=("用工和失业动态监测企业", "an employment monitoring enterprise"),
                          test=yes(E.monitoring_enterprise), cites="按每家监测企业提供的服务量"),),
    amount=If(Param(NS + "readings.monitoring_amount").eq("local_standard"),
              Min(E.monitoring_reports * local("shijiu.monitoring_per_report"), Param(NS + "shijiu.monitoring_cap")),
              Param(NS + "shijiu.monitoring_cap"), label="每年不超过2000元 / up to ¥2,000 a year"),
    amount_kind="up_to", period=Period.YEARLY,
    # 给予每年不超过 2000 元: the year's total for the enterprise, net of what was paid this year
    limits=(YearlyCap(Param(NS + "shijiu.monitoring_cap"), "给予每年不超过 2000 元的补贴"),),
    readings=(Reading(id="hz-monitoring", question="按服务量…不超过 2000 元: what amount?",
                      chosen="Report the ¥2,000 yearly maximum as an 'up to' amount.",
                      alternative="Reports × a local standard per report, capped at ¥2,000 (not set).",
                      switch=NS + "readings.monitoring_amount"),),
)

DIBAO_PLACE = P.hukou_adcode
COUNTY_STANDARD = Lookup("external.dibao.monthly_per_person", DIBAO_PLACE, label="县（市、区）标准 / county standard")
DIBAO_STANDARD = If(IsKnown(COUNTY_STANDARD), COUNTY_STANDARD,
                    Lookup("external.dibao.monthly_per_person", city_of(DIBAO_PLACE), label="市区标准 / city standard"),
                    label="当地最低生活保障标准（每人每月）/ local 低保 standard per month")
AGE = age_months(AS_OF)

DIBAO_ALLOWANCE = Provision(
    id=NS + "shijiu.dibao_unemployed_allowance", document=HZ_2022_DRAFT, article="五（十九）",
    title_zh="低保低边家庭失业人员一次性临时生活补助（6个月低保标准）",
    title_en="One-time allowance for unemployed 低保/低边 family members (6 months of 低保)",
    clause=DIBAO_TEXT, subject=Subject.PERSON, jurisdiction=CERT_JURISDICTION,
    conditions=(
        Condition(id="working_age", label=("法定劳动年龄段内", "of working age"),
                  test=(AGE >= Param(NS + "shijiu.min_working_age") * 12) & not_past_retirement_month(AS_OF, strict=True),
                  cites="法定劳动年龄段内"),
        Condition(id="dibao_family", label=("低保低边家庭成员", "member of a 低保 or 低边 family"),
                  test=yes(P.dibao_family) | yes(P.near_dibao_family), cites="低保低边家庭中的失业人员"),
        Condition(id="unemployed_6_months", label=("失业登记满6个月", "registered unemployed for 6 months"),
                  test=yes(P.registered_unemployed) & (UNEMPLOYED_MONTHS >= Param(NS + "shijiu.unemployed_months")),
                  cites="失业登记满 6 个月",
                  hint=Hint(UNEMPLOYED_MONTHS, Param(NS + "shijiu.unemployed_months"),
                               since=P.unemployed_registered_on)),
    ),
    amount=(Param(NS + "shijiu.dibao_months") * DIBAO_STANDARD).named("6×月低保标准 / 6 × monthly 低保 standard"),
    period=Period.ONE_TIME,
    readings=(Reading(id="hz-dibao-place", question="最低生活保障标准 of which place?",
                      chosen="The 低保 standard of the household registration (户籍地) county, or of the city's urban area "
                             "when the county has none of its own.",
                      alternative="The usual residence's standard."),),
    notes=("法定劳动年龄段: from 16 to before the statutory retirement month (2025 rules).",
           "The 低保 standard after 2018-01-05 is not in the external data: the amount is then not known.",),
)

LUMP_SUM_CHECK = Provision(
    id=NS + "shijiu.lump_sum_ui_not_accepted", document=HZ_2022_DRAFT, article="五（十九）",
    title_zh="不再受理一次性领取失业保险金作为创业扶持资金", title_en="No lump-sum unemployment insurance as startup money",
    clause=LUMP_SUM_TEXT, subject=Subject.PERSON, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=person_in_hangzhou(LUMP_SUM_TEXT),
    conditions=(Condition(id="no_lump_sum_request",
                          label=("未申请一次性领取失业保险金作为创业资金", "not asking for lump-sum unemployment insurance as startup money"),
                          test=no(P.lump_sum_ui_startup_request), cites=LUMP_SUM_TEXT),),
    notes=("A request fails this check: from the effective date such applications are no longer accepted.",),
)

PROVISIONS = (MONITORING, DIBAO_ALLOWANCE, LUMP_SUM_CHECK)
