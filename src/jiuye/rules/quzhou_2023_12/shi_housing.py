"""二（十） housing for non-public employees: housing-fund loan after 6 months, ¥20,000 purchase subsidy
plus ¥8,000 a year, ¥100 a month housing-fund top-up (both ≤ 10 years), ¥5,000 when an employer's
prepaid rent subsidy over ¥20,000 goes to the purchase. All within the 3-year trial (shi_trial)."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    Const,
    Hint,
    If,
    P,
    Period,
    Reading,
    Subject,
    calendar_years_since,
    feature,
)
from ..common import not_yet_received, yes
from ..documents import QUZHOU_2023_12
from .common import NON_PUBLIC, NS, in_quzhou, param
from .shi_trial import HOUSING_ACCOUNT, SHI, during_trial, housing

WORK = in_quzhou(P.work_adcode, SHI, "就业单位", "employer")
PURCHASE_ID, YEARLY_ID, TOPUP_ID = NS + "shi.purchase_one_time", NS + "shi.purchase_yearly", NS + "shi.hf_topup"
PREPAID_ID = NS + "shi.prepaid_rent_purchase"

NON_PUBLIC_EMPLOYEE = Condition(id="non_public", label=("非公企业员工", "employee of a non-public enterprise"),
                                test=NON_PUBLIC, cites="符合条件的在衢无房的非公企业员工购房")
NO_HOME = Condition(id="no_home", label=("购房前在衢无房", "no home in Quzhou before the purchase"),
                    test=yes(P.no_home_in_quzhou), cites="在衢无房的")
PURCHASED = during_trial(P.home_purchased_on, "在衢购房", "home bought in Quzhou", "在衢无房的非公企业员工购房",
                         id="purchased_during_trial")
BUYER = (NON_PUBLIC_EMPLOYEE, NO_HOME, PURCHASED)
YEARS_SINCE_PURCHASE = calendar_years_since(P.home_purchased_on, AS_OF, "自购房当年起的年数 / years since the purchase year")
MAX_YEARS = param("shi.max_years", "两项补贴最长享受10年 / both for at most 10 years")
WITHIN_10_YEARS = (YEARS_SINCE_PURCHASE < MAX_YEARS).named("购房当年起10年内 / within 10 years from the purchase year")

HF_LOAN = housing(
    id=NS + "shi.hf_loan", document=QUZHOU_2023_12,
    title_zh="在本市缴足6个月住房公积金可申请住房公积金贷款", title_en="Housing-fund loan after 6 months of contributions",
    subject=Subject.PERSON, benefit_type="loan",
    jurisdiction=in_quzhou(P.work_adcode, SHI, "就业创业", "work or business"),
    conditions=(Condition(id="hf_months",
                          label=("在本市缴足6个月住房公积金", "6 months of housing-fund contributions in Quzhou"),
                          test=P.hf_months_quzhou >= param("shi.hf_min_months"), cites="在本市缴足6个月住房公积金的",
                          hint=Hint(P.hf_months_quzhou, param("shi.hf_min_months"))),),
    notes=("可按规定申请: the loan amount and terms follow the housing-fund rules, not this document.",),
)

PURCHASE_GRANTS = feature("qz_purchase_subsidies", "已获一次性购房补贴次数", "one-time purchase subsidies received",
                          (PURCHASE_ID,))
PURCHASE_ONE_TIME = housing(
    id=PURCHASE_ID, document=QUZHOU_2023_12,
    title_zh="在衢无房的非公企业员工购房一次性补贴2万元", title_en="One-time ¥20,000 when a non-public employee buys a first home",
    subject=Subject.PERSON, jurisdiction=WORK,
    conditions=(*BUYER, not_yet_received(PURCHASE_GRANTS, 1, "可享受一次性2万元购房补贴")),
    amount=param("shi.purchase_one_time"), period=Period.ONE_TIME, notes=(HOUSING_ACCOUNT,),
)

YEARLY_GRANTS = feature("qz_purchase_yearly_grants", "已领取购房年度补贴年数", "years of the purchase subsidy received",
                        (YEARLY_ID,))
YEARLY_THIS_YEAR = feature("qz_purchase_yearly_this_year", "本年度已领取购房年度补贴次数",
                           "purchase subsidy received this year", (YEARLY_ID,), agg="count_same_year")
PURCHASE_YEARLY = housing(
    id=YEARLY_ID, document=QUZHOU_2023_12, ongoing=True,
    title_zh="购房当年起每人每年8000元补贴（最长10年）", title_en="¥8,000 a year from the purchase year (up to 10 years)",
    subject=Subject.PERSON, jurisdiction=WORK,
    conditions=(
        *BUYER,
        Condition(id="within_10_years", label=("自购房当年起10年内", "within 10 years from the purchase year"),
                  test=WITHIN_10_YEARS, cites="从购房当年起给予每人每年8000元的补贴 ｜ 两项补贴最长享受10年"),
        not_yet_received(YEARLY_THIS_YEAR, 1, "每人每年8000元",
                         label=("本年度尚未领取", "not yet received this year"), id="once_this_year"),
        not_yet_received(YEARLY_GRANTS, MAX_YEARS, "两项补贴最长享受10年",
                         label=("领取未满10年", "fewer than 10 years received")),
    ),
    amount=param("shi.purchase_yearly"), period=Period.YEARLY, max_duration_months=param("shi.max_months"),
    extras=(("years_left", (MAX_YEARS - YEARS_SINCE_PURCHASE).named("剩余年数（含当年）/ years left incl. this one")),),
    notes=(HOUSING_ACCOUNT, "从购房当年起: the purchase year is year 1 (calendar years)."),
)

TOPUP_MONTHS = feature("qz_hf_topup_months", "已领取公积金补贴月数（每月一条记录）",
                       "months of the housing-fund top-up received (one record a month)", (TOPUP_ID,))
NEEDS_PURCHASE = param("readings.shi_topup_requires_purchase").eq("purchase")


def _if_purchase(test):
    return If(NEEDS_PURCHASE, test, Const(True, "不要求购房（另一理解）/ no purchase needed (alternative)"),
              label="购房员工适用 / for buyers")


HF_TOPUP = housing(
    id=TOPUP_ID, document=QUZHOU_2023_12, ongoing=True,
    title_zh="住房公积金企业缴存部分每月超过200元的，每人每月补贴100元（最长10年）",
    title_en="¥100 a month when the employer pays over ¥200 a month into the housing fund (up to 10 years)",
    subject=Subject.PERSON, jurisdiction=WORK,
    conditions=(
    NON_PUBLIC_EMPLOYEE,
        Condition(id="no_home", label=("购房前在衢无房", "no home in Quzhou before the purchase"),
                  test=_if_purchase(yes(P.no_home_in_quzhou)), cites="在衢无房的"),
        Condition(id="purchased_during_trial", label=("在衢购房在试行期内", "home bought during the trial"),
                  test=_if_purchase(PURCHASED.test), cites=PURCHASED.clause),
        Condition(id="within_10_years", label=("自购房当年起10年内", "within 10 years from the purchase year"),
                  test=_if_purchase(WITHIN_10_YEARS), cites="两项补贴最长享受10年"),
        Condition(id="employer_part", label=("企业缴存部分每月超过200元", "employer pays over ¥200 a month"),
                  test=P.employer_hf_monthly_fen > param("shi.hf_employer_threshold"),
                  cites="对住房公积金企业缴存部分每月超过200元的"),
        not_yet_received(TOPUP_MONTHS, param("shi.max_months"), "两项补贴最长享受10年",
                         label=("领取未满120个月", "fewer than 120 months received")),
    ),
    amount=param("shi.hf_topup"), period=Period.MONTHLY,
    max_duration_months=(param("shi.max_months") - TOPUP_MONTHS).named("剩余月数 / months left"),
    readings=(Reading(id="quzhou-shi-topup",
                      question="Is the ¥100 top-up only for the non-public employees who buy a home?",
                      chosen="Yes: the sentence's subject is 符合条件的在衢无房的非公企业员工购房, and 两项补贴最长享受10年 ties it to "
                             "the ¥8,000 a year from the purchase year.",
                      alternative="Any non-public employee in Quzhou whose employer pays over ¥200 a month (10 years counted "
                                  "from the supplied history only).",
                      switch=NS + "readings.shi_topup_requires_purchase"),),
    notes=(HOUSING_ACCOUNT, "两项补贴 = the ¥8,000 a year and this ¥100 a month (the one-time ¥20,000 cannot last 10 years)."),
)

PREPAID_GRANTS = feature("qz_prepaid_rent_grants", "已获提前支付租房补贴购房补贴次数", "prepaid-rent purchase subsidies",
                         (PREPAID_ID,))
PREPAID_RENT = housing(
    id=PREPAID_ID, document=QUZHOU_2023_12,
    title_zh="企业提前支付租房补贴超过2万元用于员工购房的，给予员工5000元",
    title_en="¥5,000 when the employer's prepaid rent subsidy over ¥20,000 goes to the employee's purchase",
    subject=Subject.PERSON, jurisdiction=WORK,
    conditions=(
        *BUYER,
        Condition(id="prepaid", label=("企业提前支付租房补贴超过2万元", "employer prepaid over ¥20,000 of rent subsidy"),
                  test=P.employer_prepaid_rent_fen > param("shi.prepaid_rent_threshold"),
                  cites="非公企业提前支付租房补贴超过2万元"),
        Condition(id="used_for_purchase", label=("用于在衢无房员工购房", "used for the purchase"),
                  test=yes(P.prepaid_rent_used_for_purchase), cites="并用于在衢无房员工购房的"),
        not_yet_received(PREPAID_GRANTS, 1, "财政给予员工每人5000元补贴"),
    ),
    amount=param("shi.prepaid_rent_subsidy"), period=Period.ONE_TIME, notes=(HOUSING_ACCOUNT,),
)

PROVISIONS = (HF_LOAN, PURCHASE_ONE_TIME, PURCHASE_YEARLY, HF_TOPUP, PREPAID_RENT)
