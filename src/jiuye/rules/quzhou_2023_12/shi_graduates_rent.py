"""二（十） for Quzhou university graduates (the current maximum housing-fund loan; withdrawal of up to
¥40,000 of rent-subsidy balance when buying within 3 years) and ¥4,500 a year (≤ 2 years) of rent
subsidy for 低保/低边 family members in their first job at a non-public firm in Quzhou."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    If,
    Min,
    P,
    Period,
    Reading,
    Subject,
    WithinMonths,
    any_of,
    feature,
)
from ..common import not_yet_received, yes
from ..documents import QUZHOU_2023_12
from .common import NON_PUBLIC, NS, in_quzhou, param
from .san_si_graduates_rural import QUZHOU_GRADUATE, QUZHOU_GRADUATE_CLAUSE
from .shi_trial import HOUSING_ACCOUNT, SHI, during_trial, housing

WORK = in_quzhou(P.work_adcode, SHI, "就业单位", "employer")
GRADUATE = Condition(id="quzhou_graduate", label=("衢州高校毕业生（含合作高校同等待遇）", "a Quzhou graduate (partners alike)"),
                     test=yes(P.university_graduate) & QUZHOU_GRADUATE,
                     cites="对衢州高校毕业生购房的 ｜ " + QUZHOU_GRADUATE_CLAUSE)
BOUGHT = during_trial(P.home_purchased_on, "购房", "home purchase", "对衢州高校毕业生购房的", id="purchased_during_trial")
WITHDRAWAL_ID, DIBAO_ID = NS + "shi.rent_balance_withdrawal", NS + "shi.dibao_rent"

GRADUATE_LOAN = housing(
    id=NS + "shi.graduate_max_hf_loan", document=QUZHOU_2023_12,
    title_zh="衢州高校毕业生购房可申请当期公积金最高限额贷款", title_en="Quzhou graduates buying a home: the current maximum housing-fund loan",
    subject=Subject.PERSON, benefit_type="loan", jurisdiction=WORK,
    conditions=(GRADUATE, BOUGHT),
    amount=param("shi.hf_loan_max", "当期公积金最高贷款限额 / current housing-fund loan maximum"), amount_kind="up_to",
    period=Period.ONE_TIME,
    notes=("当期公积金最高限额: the housing-fund centre's current maximum, not in this document; not set.",
           "符合条件的: the centre's other loan conditions apply."),
)

WINDOW_START = If(param("readings.shi_withdrawal_from").eq("employment"), P.hired_on, P.graduation_date,
                  label="3年起算日 / the 3 years run from")
WITHDRAWALS = feature("qz_rent_balance_withdrawals", "已一次性提取租房补贴余额次数", "rent-balance withdrawals made",
                      (WITHDRAWAL_ID,))
CAP = param("shi.withdrawal_cap", "最高4万元 / at most ¥40,000")
RENT_BALANCE = housing(
    id=WITHDRAWAL_ID, document=QUZHOU_2023_12,
    title_zh="衢州高校毕业生留衢就业3年内购房一次性提取最高4万元租房补贴余额",
    title_en="A Quzhou graduate buying within 3 years draws up to ¥40,000 of rent-subsidy balance at once",
    subject=Subject.PERSON, jurisdiction=WORK,
    conditions=(
        GRADUATE, BOUGHT,
        Condition(id="within_3_years",
                  label=("毕业后留衢就业3年内购房", "bought within 3 years of graduating and staying"),
                  test=((P.home_purchased_on >= WINDOW_START)
                        & WithinMonths(WINDOW_START, P.home_purchased_on, param("shi.withdrawal_window_months")))
                       .named("购房在3年内 / purchase within 3 years"),
                  cites="其中毕业后留衢就业3年内购房的"),
        not_yet_received(WITHDRAWALS, 1, "可一次性提取最高4万元租房补贴余额"),
    ),
    amount=Min(P.rent_subsidy_balance_fen, CAP, label="余额，最高4万元 / balance, at most ¥40,000"),
    period=Period.ONE_TIME,
    readings=(Reading(id="quzhou-shi-withdrawal-window",
                      question="毕业后留衢就业3年内: from graduation or from the job in Quzhou?",
                      chosen="From graduation (毕业后…3年内).",
                      alternative="From the start of the job in Quzhou (hired_on).",
                      switch=NS + "readings.shi_withdrawal_from"),),
    notes=("The amount is the person's own rent-subsidy balance, capped at ¥40,000.",),
)

DIBAO_YEARS = feature("qz_dibao_rent_years", "已领取低保家庭租房补贴年数", "years of the 低保 rent subsidy received",
                      (DIBAO_ID,))
DIBAO_THIS_YEAR = feature("qz_dibao_rent_this_year", "本年度已领取低保家庭租房补贴次数", "低保 rent subsidy this year",
                          (DIBAO_ID,), agg="count_same_year")
DIBAO_YEARS_MAX = param("shi.dibao_rent_years", "最长2年 / at most 2 years")
DIBAO_RENT = housing(
    id=DIBAO_ID, document=QUZHOU_2023_12, ongoing=True,
    title_zh="首次到衢非公企业就业的低保、低边家庭成员租房补贴（每年4500元，最长2年）",
    title_en="Rent subsidy for 低保/低边 family members in their first job at a non-public firm (¥4,500 a year, 2 years)",
    subject=Subject.PERSON, jurisdiction=WORK,
    conditions=(
        Condition(id="dibao", label=("低保、低保边缘户家庭成员", "member of a 低保 or 低边 family"),
                  test=any_of(yes(P.dibao_family), yes(P.near_dibao_family)), cites="低保、低保边缘户家庭成员"),
        Condition(id="first_job", label=("首次到衢非公企业就业", "first job in Quzhou, at a non-public firm"),
                  test=(yes(P.first_job_in_quzhou) & NON_PUBLIC).named("首次到衢就业且为非公企业 / first job, non-public"),
                  cites="首次到衢非公企业就业的"),
        during_trial(P.hired_on, "首次到衢就业", "first job in Quzhou", "首次到衢非公企业就业的", id="hired_during_trial"),
        Condition(id="within_2_years", label=("就业之日起2年内", "within 2 years of starting the job"),
                  test=WithinMonths(P.hired_on, AS_OF, param("shi.dibao_rent_max_months")), cites="最长2年的租房补贴"),
        not_yet_received(DIBAO_THIS_YEAR, 1, "每年4500元",
                         label=("本年度尚未领取", "not yet received this year"), id="once_this_year"),
        not_yet_received(DIBAO_YEARS, DIBAO_YEARS_MAX, "最长2年的租房补贴",
                         label=("领取未满2年", "fewer than 2 years received")),
    ),
    amount=param("shi.dibao_rent"), period=Period.YEARLY, max_duration_months=param("shi.dibao_rent_max_months"),
    notes=(HOUSING_ACCOUNT,),
)

PROVISIONS = (GRADUATE_LOAN, RENT_BALANCE, DIBAO_RENT)
