"""Hangzhou draft （十）: employee-model housekeeping firms (50% of the three contributions, ≤ 3 years)
and the one-time startup subsidy for migrant workers."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    E,
    Hint,
    If,
    MaxDuration,
    MonthsBetween,
    O,
    OneTime,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Scale,
    Subject,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS, business_in_hangzhou
from .jiu_employers import THREE_FEES, THREE_FEES_READING
from .shared import local, org_in_hangzhou

HOUSEKEEPING_TEXT = ("鼓励发展员工制家政服务企业，与家政服务员签订半年以上劳动合同，并将其派遣到家庭、医院、养老及残疾人照料机构提供"
                     "家政服务的独立核算企业和民办非企业，可按其为员工制家政服务员实际缴纳的社会保险三费之和的 50%申领社保补贴，补贴"
                     "期限不超过3 年。")
MIGRANT_TEXT = "加大创业扶持力度，符合条件的农民工，可申领一次性创业补贴。"

MIGRANT_ID = NS + "shi.migrant_startup_subsidy"
WORKER_CONDITIONS = (
    Condition(id="contract", label=("签订半年以上劳动合同", "labour contract of at least six months"),
              test=P.labour_contract_months >= Param(NS + "shi.min_contract_months"),
              cites="与家政服务员签订半年以上劳动合同"),
    Condition(id="dispatched", label=("派遣到家庭、医院、养老及残疾人照料机构提供家政服务", "dispatched to provide housekeeping"),
              test=yes(P.dispatched_housekeeping), cites="并将其派遣到家庭、医院、养老及残疾人照料机构提供家政服务的"),
)
# 补贴期限不超过3年: counted from the first month granted, net of the months already granted (the case's ledger
# is that of the firm's subsidy for this housekeeper)
HOUSEKEEPING_LIMIT = MaxDuration(Param(NS + "shi.housekeeping_max_months"), "补贴期限不超过3 年", start="first_grant",
                                 group=(NS + "shi.housekeeping_si_subsidy", NS + "shi.housekeeping_si_subsidy_org"))
HOUSEKEEPING_AMOUNT = Scale(THREE_FEES, NS + "shi.housekeeping_share", label="社会保险三费×50% / three contributions × 50%")

HOUSEKEEPING = Provision(
    id=NS + "shi.housekeeping_si_subsidy", document=HZ_2022_DRAFT, article="三（十）",
    title_zh="员工制家政服务企业社保补贴（50%，不超过3年）", title_en="Employee-model housekeeping firm SI subsidy (50%, ≤ 3 years)",
    clause=HOUSEKEEPING_TEXT, subject=Subject.ENTERPRISE, payee="employer",
    jurisdiction=business_in_hangzhou(HOUSEKEEPING_TEXT),
    conditions=(Condition(id="employee_model",
                          label=("独立核算的员工制家政服务企业", "independently accounted employee-model housekeeping firm"),
                          test=yes(E.employee_model_housekeeping), cites="独立核算企业"), *WORKER_CONDITIONS),
    amount=HOUSEKEEPING_AMOUNT, period=Period.MONTHLY, max_duration_months=Param(NS + "shi.housekeeping_max_months"),
    limits=(HOUSEKEEPING_LIMIT,), readings=(THREE_FEES_READING,),
    notes=("Evaluated for the firm and one housekeeper it employs (the case's person).",),
)

HOUSEKEEPING_ORG = Provision(
    id=NS + "shi.housekeeping_si_subsidy_org", document=HZ_2022_DRAFT, article="三（十）",
    title_zh="员工制家政服务民办非企业社保补贴（50%，不超过3年）", title_en="Employee-model housekeeping non-enterprise SI subsidy",
    clause=HOUSEKEEPING_TEXT, subject=Subject.ORGANISATION, payee="employer",
    jurisdiction=org_in_hangzhou(HOUSEKEEPING_TEXT),
    conditions=(Condition(id="employee_model",
                          label=("独立核算的员工制家政服务民办非企业", "employee-model housekeeping non-enterprise unit"),
                          test=yes(O.employee_model_housekeeping), cites="民办非企业"), *WORKER_CONDITIONS),
    amount=HOUSEKEEPING_AMOUNT, period=Period.MONTHLY, max_duration_months=Param(NS + "shi.housekeeping_max_months"),
    limits=(HOUSEKEEPING_LIMIT,), readings=(THREE_FEES_READING,),
)

OPERATING = MonthsBetween(E.registered_on, AS_OF, label="已经营整月数 / whole months since registration")

MIGRANT_STARTUP = Provision(
    id=MIGRANT_ID, document=HZ_2022_DRAFT, article="三（十）",
    title_zh="农民工一次性创业补贴", title_en="One-time startup subsidy for migrant workers",
    clause=MIGRANT_TEXT, subject=Subject.PERSON, jurisdiction=business_in_hangzhou(MIGRANT_TEXT),
    conditions=(
        Condition(id="migrant", label=("农民工", "migrant worker"), test=yes(P.rural_transfer_worker),
                  cites="符合条件的农民工"),
        Condition(id="first_startup", label=("初次创办企业或个体工商户", "first business"),
                  test=yes(P.first_startup) & E.kind.is_in(
                         ("company", "individual")),
                  cites="初次创办企业或个体工商户"),
        Condition(id="operating_6_months", label=("正常经营满6个月", "six months of normal operation"),
                  test=yes(E.operating_normally) & (OPERATING >= Param(NS + "san.operating_months")),
                  cites="正常经营 6 个月",
                  hint=Hint(OPERATING, Param(NS + "san.operating_months"), since=E.registered_on)),
    ),
    amount=If(Param(NS + "readings.migrant_startup_amount").eq("local_standard"), local("shi.migrant_startup_subsidy"),
              Param(NS + "san.startup_subsidy"), label="一次性创业补贴 / one-time startup subsidy"),
    period=Period.ONE_TIME, stacking_group="hz_one_time_startup_subsidy",
    limits=(OneTime("符合条件的农民工，可申领一次性创业补贴 ｜ 可按规定申领 3000 元的一次性创业补贴",
                    group=(NS + "san.startup_subsidy", MIGRANT_ID)),),
    readings=(Reading(id="hz-migrant-startup", question="符合条件的农民工 … 一次性创业补贴: which conditions and amount?",
                      chosen="Those of the one-time startup subsidy of （三）: first business, 6 months of normal operation, "
                             "¥3,000; never together with the （三） subsidy.",
                      alternative="A separate local standard (amount not set).",
                      switch=NS + "readings.migrant_startup_amount"),),
)

PROVISIONS = (HOUSEKEEPING, HOUSEKEEPING_ORG, MIGRANT_STARTUP)
