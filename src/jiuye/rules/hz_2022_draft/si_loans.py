"""Hangzhou draft （四）: startup guaranteed loans, rate ceiling, interest subsidies.

Interest subsidies are yearly amounts in fen: principal × subsidised rate (bp) ÷ 10,000, with
the LPR read on the contract date (合同约定的LPR). Loan caps (3 loans, 3 years in total) come
from the supplied history.
"""

from __future__ import annotations

from ...engine.dsl import (
    Condition,
    E,
    If,
    Kind,
    Max,
    Min,
    MulDiv,
    P,
    Param,
    ParamAt,
    Period,
    Provision,
    Reading,
    Subject,
    any_of,
    city_of,
    feature,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import HANGZHOU, NS, business_in_hangzhou, hz_key_group

SI = ("（四）支持创业担保贷款发展。符合条件的劳动者，可申请最高 50 万元个人创业担保贷款。符合条件的小微企业，可申请最高 "
      "300 万元企业吸纳就业创业担保贷款，贷款额度按“企业吸纳重点人群和登记失业半年以内人员就业总数×20 万元”计算。创业担保"
      "贷款利率不超过合同约定的贷款市场报价利率（以下简称 LPR）加 50 个基点（以下简称 BP）。贷款期限累计不超过 3 年且贷款"
      "次数累计不超过 3 次。对重点人群和杭州市户籍登记失业人员申请的个人创业担保贷款，按规定给予全额贴息；对其他人员按合同"
      "约定的 LPR-150BP 以上部分给予贴息。对入驻符合条件创业基地的小微企业，按合同约定的 LPR 给予贴息；其他企业按合同约定的 "
      "LPR-150BP 以上部分给予贴息，最高不超过合同约定的 LPR 的 50%。")

PERSONAL_LOAN_ID = NS + "si.personal_loan"
ENTERPRISE_LOAN_ID = NS + "si.enterprise_loan"
LPR = "external.lpr.one_year"

LOAN_COUNT = feature("loan_count", "已获创业担保贷款次数", "guaranteed loans received",
                     (PERSONAL_LOAN_ID, ENTERPRISE_LOAN_ID))
LOAN_MONTHS = feature("loan_months_total", "已获创业担保贷款累计期限（月）", "months of guaranteed loans so far",
                      (PERSONAL_LOAN_ID, ENTERPRISE_LOAN_ID), agg="sum_loan_months")

LIMIT_CONDITIONS = (
    Condition(id="loan_count", label=("贷款次数累计不超过3次", "at most 3 loans in all"),
              test=LOAN_COUNT < Param(NS + "si.max_loan_count"), cites="贷款次数累计不超过 3 次"),
    Condition(id="loan_months", label=("贷款期限累计不超过3年", "at most 3 years of loans in all"),
              test=LOAN_MONTHS < Param(NS + "si.max_loan_months"), cites="贷款期限累计不超过 3 年"),
)
REMAINING_MONTHS = (Param(NS + "si.max_loan_months") - LOAN_MONTHS).named("剩余可贷期限（月）/ months left")

PERSONAL_LOAN = Provision(
    id=PERSONAL_LOAN_ID, document=HZ_2022_DRAFT, article="二（四）",
    title_zh="个人创业担保贷款（最高50万元）", title_en="Personal startup guaranteed loan (up to ¥500,000)",
    clause=SI, subject=Subject.PERSON, benefit_type="loan", jurisdiction=business_in_hangzhou(SI),
    conditions=LIMIT_CONDITIONS,
    amount=Param(NS + "si.personal_loan_cap"), amount_kind="up_to", period=Period.ONE_TIME,
    max_duration_months=REMAINING_MONTHS, tags=frozenset({"startup_loan"}),
    notes=("“符合条件的劳动者”: the further conditions are local (按规定); the caps on count and years are enforced.",),
)

ENTERPRISE_LOAN = Provision(
    id=ENTERPRISE_LOAN_ID, document=HZ_2022_DRAFT, article="二（四）",
    title_zh="企业吸纳就业创业担保贷款（最高300万元）", title_en="Enterprise guaranteed loan (up to ¥3,000,000)",
    clause=SI, subject=Subject.ENTERPRISE, benefit_type="loan", jurisdiction=business_in_hangzhou(SI),
    conditions=(
        Condition(id="small_micro", label=("小微企业", "small or micro enterprise"),
                  test=E.size.is_in(("micro", "small")), cites="符合条件的小微企业"),
        Condition(id="hires", label=("吸纳重点人群或登记失业半年以内人员", "employs key-group or recently unemployed people"),
                  test=E.key_group_hires >= 1, cites="企业吸纳重点人群和登记失业半年以内人员就业总数×20 万元"),
        *LIMIT_CONDITIONS,
    ),
    amount=Min(Param(NS + "si.enterprise_loan_cap"), E.key_group_hires * Param(NS + "si.enterprise_loan_per_hire"),
               label="min(300万, 人数×20万) / min(¥3m, hires × ¥200k)"),
    amount_kind="up_to", period=Period.ONE_TIME, max_duration_months=REMAINING_MONTHS,
    tags=frozenset({"startup_loan"}),
)

P_LPR = ParamAt(LPR, P.loan_contract_date, label="合同约定的LPR（基点）/ LPR on the contract date (bp)")
E_LPR = ParamAt(LPR, E.loan_contract_date, label="合同约定的LPR（基点）/ LPR on the contract date (bp)")

RATE_CAP_PERSON = Condition(id="rate_cap", label=("利率不超过LPR+50BP", "rate at most LPR + 50 bp"),
                            test=P.loan_rate_bp <= P_LPR + Param(NS + "si.rate_margin_bp"),
                            cites="创业担保贷款利率不超过合同约定的贷款市场报价利率（以下简称 LPR）加 50 个基点")
RATE_CAP_ENTERPRISE = Condition(id="rate_cap", label=("利率不超过LPR+50BP", "rate at most LPR + 50 bp"),
                                test=E.loan_rate_bp <= E_LPR + Param(NS + "si.rate_margin_bp"),
                                cites="创业担保贷款利率不超过合同约定的贷款市场报价利率（以下简称 LPR）加 50 个基点")

LOAN_RATE_CHECK = Provision(
    id=NS + "si.rate_ceiling", document=HZ_2022_DRAFT, article="二（四）",
    title_zh="创业担保贷款利率上限（LPR+50BP）", title_en="Guaranteed-loan rate ceiling (LPR + 50 bp)",
    clause=SI, subject=Subject.PERSON, kind=Kind.CHECK, benefit_type="status",
    jurisdiction=business_in_hangzhou(SI), conditions=(RATE_CAP_PERSON,),
)

FULL_SUBSIDY_GROUP = any_of(
    hz_key_group(P.loan_contract_date, label="贷款时属于重点人群 / key group at the contract date"),
    (yes(P.registered_unemployed) & city_of(P.hukou_adcode).eq(HANGZHOU))
    .named("杭州市户籍登记失业人员 / Hangzhou-hukou registered unemployed"),
    label="全额贴息对象 / full subsidy group",
)
ABOVE_FLOOR_P = Max(P.loan_rate_bp - (P_LPR - Param(NS + "si.subsidy_floor_margin_bp")), 0,
                    label="LPR-150BP以上部分 / part above LPR − 150 bp")

PERSONAL_INTEREST = Provision(
    id=NS + "si.personal_interest_subsidy", document=HZ_2022_DRAFT, article="二（四）",
    title_zh="个人创业担保贷款贴息", title_en="Interest subsidy on a personal guaranteed loan",
    clause=SI, subject=Subject.PERSON, benefit_type="interest_subsidy", jurisdiction=business_in_hangzhou(SI),
    conditions=(
        Condition(id="has_loan", label=("已获个人创业担保贷款", "has a personal guaranteed loan"),
                  test=P.loan_amount_fen > 0, cites="对重点人群和杭州市户籍登记失业人员申请的个人创业担保贷款"),
        Condition(id="loan_within_cap", label=("贷款不超过50万元", "loan at most ¥500,000"),
                  test=P.loan_amount_fen <= Param(NS + "si.personal_loan_cap"), cites="可申请最高 50 万元个人创业担保贷款"),
        RATE_CAP_PERSON,
    ),
    amount=MulDiv(P.loan_amount_fen, If(FULL_SUBSIDY_GROUP, P.loan_rate_bp, ABOVE_FLOOR_P), 10000,
                  label="本金×贴息利率 / principal × subsidised rate"),
    period=Period.YEARLY, max_duration_months=Min(P.loan_term_months, Param(NS + "si.max_loan_months")),
    readings=(Reading(id="hz-interest-full", question="全额贴息: of what?",
                      chosen="The whole contract interest for the year (principal × contract rate).",
                      alternative="Interest at the LPR only."),),
)

ABOVE_FLOOR_E = Max(E.loan_rate_bp - (E_LPR - Param(NS + "si.subsidy_floor_margin_bp")), 0)
# cap at 50% of the LPR: compare in half-basis-points to stay in integers
OTHER_ENTERPRISE_HALF_BP = Min(ABOVE_FLOOR_E * 2, E_LPR, label="最高不超过LPR的50%（半基点）/ capped at 50% LPR")

ENTERPRISE_INTEREST = Provision(
    id=NS + "si.enterprise_interest_subsidy", document=HZ_2022_DRAFT, article="二（四）",
    title_zh="企业创业担保贷款贴息", title_en="Interest subsidy on an enterprise guaranteed loan",
    clause=SI, subject=Subject.ENTERPRISE, benefit_type="interest_subsidy", jurisdiction=business_in_hangzhou(SI),
    conditions=(
        Condition(id="small_micro", label=("小微企业", "small or micro enterprise"),
                  test=E.size.is_in(("micro", "small")), cites="符合条件的小微企业，可申请最高 300 万元企业吸纳就业创业担保贷款"),
        Condition(id="has_loan", label=("已获企业创业担保贷款", "has an enterprise guaranteed loan"),
                  test=E.loan_amount_fen > 0, cites="企业吸纳就业创业担保贷款"),
        RATE_CAP_ENTERPRISE,
    ),
    amount=If(yes(E.in_startup_base),
              MulDiv(E.loan_amount_fen, Min(E.loan_rate_bp, E_LPR), 10000, label="按LPR贴息 / at the LPR"),
              MulDiv(E.loan_amount_fen, OTHER_ENTERPRISE_HALF_BP, 20000,
                     label="LPR-150BP以上部分，最高LPR的50% / above LPR − 150 bp, ≤ 50% LPR"),
              label="企业贴息（每年）/ yearly interest subsidy"),
    period=Period.YEARLY, max_duration_months=Param(NS + "si.max_loan_months"),
    readings=(Reading(id="hz-interest-base", question="按合同约定的 LPR 给予贴息: can it exceed the contract rate?",
                      chosen="No: the subsidised rate is min(contract rate, LPR).",
                      alternative="Pay the LPR even when above the rate."),),
)

PROVISIONS = (PERSONAL_LOAN, ENTERPRISE_LOAN, LOAN_RATE_CHECK, PERSONAL_INTEREST, ENTERPRISE_INTEREST)
