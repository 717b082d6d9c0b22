"""第21条: flexible-employment social insurance subsidy (2/3 of own contributions, base capped)."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    If,
    LatestKeyed,
    Lookup,
    MulDiv,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Scale,
    Subject,
    WithinMonths,
    any_of,
    previous_year_key,
)
from ..common import in_mountain_county, yes
from ..documents import ZJ_2022_46
from .common import NS

ART21 = ("21.提高灵活就业社保补贴标准。毕业 2年以内的高校毕业生和就业困难人员在山区县实现灵活就业的，社保补贴标准为本人"
         "缴纳社会保险费的三分之二，核定补贴的缴费基数不超过上年度全省非私营和私营单位就业人员加权平均工资。")

AVG = "external.average_wage.provincial_weighted_monthly"
AVG_WAGE_CAP = If(
    Param(NS + "readings.art21_wage_year").eq("strict_previous_year"),
    Lookup(AVG, previous_year_key(AS_OF), label="上年度加权平均工资（月）/ previous year's average wage"),
    LatestKeyed(AVG, label="已公布的最近年度加权平均工资（月）/ latest published average wage"),
    label="缴费基数上限 / contribution base cap",
)
SUBSIDISED_CONTRIBUTION = If(
    P.si_base_monthly_fen <= AVG_WAGE_CAP,
    P.si_paid_monthly_fen,
    MulDiv(P.si_paid_monthly_fen, AVG_WAGE_CAP, P.si_base_monthly_fen,
           label="按封顶基数折算的缴费 / contributions on the capped base"),
    label="核定补贴的缴费 / contributions counted",
)

ART21_FLEXIBLE_SI = Provision(
    id=NS + "art21", document=ZJ_2022_46, article="第21条",
    title_zh="山区县灵活就业社保补贴（三分之二）",
    title_en="Flexible-employment social insurance subsidy in a mountain county (2/3)",
    clause=ART21, subject=Subject.PERSON,
    jurisdiction=in_mountain_county(P.work_adcode, ART21, "灵活就业地", "flexible work"),
    conditions=(
        Condition(id="group",
                  label=("毕业2年以内的高校毕业生或就业困难人员", "graduate within 2 years or person with employment difficulty"),
                  test=any_of(
                           (yes(P.university_graduate)
                            & WithinMonths(P.graduation_date, AS_OF, Param(NS + "art21.graduate_window_months")))
                           .named("毕业2年以内的高校毕业生 / graduate within 2 years"),
                           yes(P.difficulty_certified).named("就业困难人员 / person with employment difficulty"),
                       ),
                  cites="毕业 2年以内的高校毕业生和就业困难人员"),
        Condition(id="flexible", label=("实现灵活就业", "in flexible employment"), test=yes(P.flexible_employed),
                  cites="在山区县实现灵活就业的"),
    ),
    amount=Scale(SUBSIDISED_CONTRIBUTION, NS + "art21.subsidy_share", label="× 2/3"),
    period=Period.MONTHLY, stacking_group="flexible_si_subsidy",
    readings=(
        Reading(id="zj_2022_46-art21-wage-year", question="Which year's average wage caps the base?",
                chosen="The latest figure published by the as-of date (the previous year's once published).",
                alternative="Strictly the previous calendar year's figure, unknown until published.",
                switch=NS + "readings.art21_wage_year"),
    ),
    notes=("Subsidy = 2/3 × own contributions; when the base exceeds the cap, contributions are scaled "
           "to the capped base (contribution × cap ÷ base) before taking 2/3. Rounded half-up to the fen.",
           "The clause gives no maximum duration; the subsidy is paid monthly while the conditions hold.",
           "从优、从高、不重复: in Quzhou it overlaps 衢政发〔2023〕12号 二（五） (same stacking group).",),
)

PROVISIONS = (ART21_FLEXIBLE_SI,)
