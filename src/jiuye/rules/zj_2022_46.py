"""浙人社发〔2022〕46号: employment and entrepreneurship in the 26 mountain counties.

Encoded here: 第21条 (flexible-employment social insurance subsidy), 第23条 (the key group),
第24条 (startup-driven employment subsidy). The document expired on 2025-12-31.
"""

from __future__ import annotations

from ..engine.expr import AS_OF, If, Lookup, Min, MulDiv, Param, Scale, WithinMonths, any_of
from ..engine.provision import Period, Provision, Reading, Subject
from ..facts.vars import E, P
from .common import cond, in_mountain_county, yes
from .documents import ZJ_2022_46
from .groups import LatestKeyed, key_group, previous_year_key
from .zj_2021_22 import graduate_window_months

NS = "zj_2022_46."

ART21 = ("21.提高灵活就业社保补贴标准。毕业 2年以内的高校毕业生和就业困难人员在山区县实现灵活就业的，社保补贴标准为本人"
         "缴纳社会保险费的三分之二，核定补贴的缴费基数不超过上年度全省非私营和私营单位就业人员加权平均工资。")
ART23 = ("23.放宽重点人群创业政策享受条件。重点人群（在校大学生和毕业 5年以内的高校毕业生、登记失业半年以上人员、就业困"
         "难人员、持证残疾人、自主择业军转干部和自主就业退役士兵）初次创业时未享受创业扶持政策的，在山区县再次创业 3年内可"
         "享受创业担保贷款及贴息、一次性创业社保补贴、创业带动就业补贴等初创扶持政策。")
ART24 = ("24.鼓励创业带动就业。重点人群在山区县初次创业，带动 1人以上就业并依法缴纳社会保险费 1年以上的，按规定给予创业"
         "带动就业补贴，每年最高 2万元，期限最长 3年。其中，从事电子商务及山区县结合实际确定的主导产业创业的，补贴标准可上"
         "浮 20%。")

# --- 第21条 ----------------------------------------------------------------------------------
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
        cond("group", "毕业2年以内的高校毕业生或就业困难人员", "graduate within 2 years or person with employment difficulty",
             any_of(
                 (yes(P.university_graduate)
                  & WithinMonths(P.graduation_date, AS_OF, Param(NS + "art21.graduate_window_months")))
                 .named("毕业2年以内的高校毕业生 / graduate within 2 years"),
                 yes(P.difficulty_certified).named("就业困难人员 / person with employment difficulty"),
             ),
             "毕业 2年以内的高校毕业生和就业困难人员"),
        cond("flexible", "实现灵活就业", "in flexible employment", yes(P.flexible_employed),
             "在山区县实现灵活就业的"),
    ),
    amount=Scale(SUBSIDISED_CONTRIBUTION, NS + "art21.subsidy_share", label="× 2/3"),
    period=Period.MONTHLY, stacking_group="flexible_si_subsidy",
    readings=(
        Reading("zj_2022_46-art21-wage-year", "Which year's average wage caps the base?",
                "The latest figure published by the as-of date (the previous year's once published).",
                "Strictly the previous calendar year's figure, unknown until published.",
                NS + "readings.art21_wage_year"),
    ),
    notes=("Subsidy = 2/3 × own contributions; when the base exceeds the cap, contributions are scaled "
           "to the capped base (contribution × cap ÷ base) before taking 2/3. Rounded half-up to the fen.",
           "The clause gives no maximum duration; the subsidy is paid monthly while the conditions hold.",),
)

# --- 第23条 ----------------------------------------------------------------------------------
STATUS_DATE = If(Param(NS + "readings.key_group_status_at").eq("as_of"), AS_OF, E.registered_on,
                 label="身份判断时点 / date status is judged")
KEY_GROUP_46 = key_group(STATUS_DATE, graduate_window_months(E.adcode, Param(NS + "art23.graduate_window_months")),
                         Param(NS + "art23.unemployed_min_months"),
                         label="创业者属于重点人群 / founder in the key group")

# --- 第24条 ----------------------------------------------------------------------------------
CAP = Param(NS + "art24.annual_cap", label="每年最高2万元 / yearly maximum ¥20,000")
UPLIFTED = any_of(yes(E.ecommerce), yes(E.leading_industry),
                  label="电子商务或主导产业 / e-commerce or leading industry")
ART24_AMOUNT = If(
    Param(NS + "readings.art24_amount").eq("local_standard"),
    Min(E.insured_hires_12m * Param(NS + "art24.local_per_hire"), If(UPLIFTED, Scale(CAP, NS + "art24.uplift"), CAP)),
    If(UPLIFTED, Scale(CAP, NS + "art24.uplift", label="上浮20% / +20%"), CAP),
    label="创业带动就业补贴（每年）/ yearly subsidy",
)

ART24_STARTUP_EMPLOYMENT = Provision(
    id=NS + "art24", document=ZJ_2022_46, article="第24条",
    title_zh="山区县创业带动就业补贴", title_en="Startup-driven employment subsidy in a mountain county",
    clause=ART24, subject=Subject.ENTERPRISE,
    jurisdiction=in_mountain_county(E.adcode, ART24, "创业所在地", "startup"),
    conditions=(
        cond("key_group", "创业者属于重点人群", "founder is in the key group", KEY_GROUP_46,
             "重点人群（在校大学生和毕业 5年以内的高校毕业生、登记失业半年以上人员、就业困难人员、持证残疾人、自主择业军转干部"
             "和自主就业退役士兵）（第23条）；毕业年限在已放宽的山区县为10年以内（浙人社发〔2021〕22号（七））"),
        cond("first_startup", "初次创业", "first startup", yes(P.first_startup), "重点人群在山区县初次创业"),
        cond("hires", "带动1人以上就业并缴纳社保1年以上", "at least 1 hire insured for 1 year or more",
             E.insured_hires_12m >= Param(NS + "art24.min_hires"),
             "带动 1人以上就业并依法缴纳社会保险费 1年以上的"),
    ),
    amount=ART24_AMOUNT, amount_kind="up_to", period=Period.YEARLY,
    max_duration_months=Param(NS + "art24.max_months"), stacking_group="startup_employment_subsidy",
    readings=(
        Reading("zj_2022_46-art24-amount", "每年最高2万元 gives only a maximum: what amount is due?",
                "Report the yearly maximum (¥20,000; ¥24,000 with the 20% uplift) as an 'up to' amount.",
                "Local per-hire standard × insured hires, capped at the maximum (unknown until set).",
                NS + "readings.art24_amount"),
        Reading("key-group-status-date", "On which date must the founder be in the key group?",
                "On the business's registration date (初次创业时).", "On the evaluation date.",
                NS + "readings.key_group_status_at"),
        Reading("zj_2022_46-art24-uplift", "上浮20% says 'may' (可): when does it apply?",
                "Whenever the business is e-commerce or in the county's leading industry.",
                "Only where the county has decided to apply it (set art24.uplift to 1).", NS + "art24.uplift"),
    ),
)

PROVISIONS = (ART21_FLEXIBLE_SI, ART24_STARTUP_EMPLOYMENT)
