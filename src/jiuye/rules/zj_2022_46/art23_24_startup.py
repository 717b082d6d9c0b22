"""第23条 (re-startup within 3 years for key groups never supported) and 第24条 (startup-driven
employment subsidy). The key group is judged on the business's registration date by default."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    E,
    If,
    Kind,
    MaxDuration,
    Min,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Scale,
    Subject,
    WithinMonths,
    YearlyCap,
    any_of,
)
from ..common import in_mountain_county, no, yes
from ..documents import ZJ_2022_46
from ..groups import key_group
from ..zj_2021_22 import graduate_window_months
from .common import NS

ART23 = ("23.放宽重点人群创业政策享受条件。重点人群（在校大学生和毕业 5年以内的高校毕业生、登记失业半年以上人员、就业困"
         "难人员、持证残疾人、自主择业军转干部和自主就业退役士兵）初次创业时未享受创业扶持政策的，在山区县再次创业 3年内可"
         "享受创业担保贷款及贴息、一次性创业社保补贴、创业带动就业补贴等初创扶持政策。")
ART24 = ("24.鼓励创业带动就业。重点人群在山区县初次创业，带动 1人以上就业并依法缴纳社会保险费 1年以上的，按规定给予创业"
         "带动就业补贴，每年最高 2万元，期限最长 3年。其中，从事电子商务及山区县结合实际确定的主导产业创业的，补贴标准可上"
         "浮 20%。")
KEY_GROUP_CLAUSE = ("重点人群（在校大学生和毕业 5年以内的高校毕业生、登记失业半年以上人员、就业困难人员、持证残疾人、自主择业军转干部"
                    "和自主就业退役士兵） ｜ 浙人社发〔2021〕22号：高校毕业生享受重点人群创业扶持政策的毕业年限，可从毕业5年以内放宽至"
                    "毕业10年以内。")

# --- 第23条: the key group --------------------------------------------------------------------
STATUS_DATE = If(Param(NS + "readings.key_group_status_at").eq("as_of"), AS_OF, E.registered_on,
                 label="身份判断时点 / date status is judged")
KEY_GROUP_46 = key_group(STATUS_DATE, graduate_window_months(E.adcode, Param(NS + "art23.graduate_window_months")),
                         Param(NS + "art23.unemployed_min_months"),
                         label="创业者属于重点人群 / founder in the key group")
KEY_GROUP_STATUS_READING = Reading(id="key-group-status-date",
                                   question="On which date must the founder be in the key group?",
                                   chosen="On the business's registration date (初次创业时 / 再次创业时).",
                                   alternative="On the evaluation date.",
                                   switch=NS + "readings.key_group_status_at")

KEY_GROUP_CONDITION = Condition(id="key_group", label=("创业者属于重点人群", "founder is in the key group"),
                                test=KEY_GROUP_46, cites=KEY_GROUP_CLAUSE)
RESTART_CONDITIONS = (
    Condition(id="restart", label=("再次创业", "a second (or later) startup"), test=no(P.first_startup),
              cites="在山区县再次创业"),
    Condition(id="no_prior_support", label=("初次创业时未享受创业扶持政策", "received no startup support the first time"),
              test=no(P.prior_startup_support), cites="初次创业时未享受创业扶持政策的"),
    Condition(id="within_window", label=("再次创业3年内", "within 3 years of the new startup"),
              test=WithinMonths(E.registered_on, AS_OF, Param(NS + "art23.window_months"),
                                label="注册之日起3年内 / within 3 years of registration"),
              cites="在山区县再次创业 3年内可享受"),
)

ART23_RESTART = Provision(
    id=NS + "art23", document=ZJ_2022_46, article="第23条",
    title_zh="山区县再次创业3年内可享受初创扶持政策",
    title_en="A key-group founder never supported may claim start-up support for a new business within 3 years",
    clause=ART23, subject=Subject.ENTERPRISE, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=in_mountain_county(E.adcode, ART23, "再次创业所在地", "new startup"),
    conditions=(KEY_GROUP_CONDITION, *RESTART_CONDITIONS),
    period=Period.NONE, max_duration_months=Param(NS + "art23.window_months"),
    readings=(KEY_GROUP_STATUS_READING,),
    notes=("Opens 创业担保贷款及贴息、一次性创业社保补贴 (other documents' rules, 按规定) and 第24条's subsidy "
           "(zj_2022_46.art23.startup_employment) to a second startup.",
           "max_duration_months is the 3-year window counted from the new business's registration.",),
)

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
HIRES = Condition(id="hires", label=("带动1人以上就业并缴纳社保1年以上", "at least 1 hire insured for 1 year or more"),
                  test=E.insured_hires_12m >= Param(NS + "art24.min_hires"),
                  cites="带动 1人以上就业并依法缴纳社会保险费 1年以上的")
# 期限最长 3年 from the first grant, net of every startup-driven employment subsidy already granted (the stacking
# group: 第24条, 第23条 and 衢政发〔2023〕12号 二（七）); 每年最高 2万元 net of what was paid this calendar year.
ART24_IDS = (NS + "art24", NS + "art23.startup_employment")
DURATION_GROUP = (*ART24_IDS, "quzhou_2023_12.qi.startup_employment")
ART24_LIMITS = (
    MaxDuration(Param(NS + "art24.max_months"), "每年最高 2万元，期限最长 3年", start="first_grant", group=DURATION_GROUP),
    YearlyCap(ART24_AMOUNT, "每年最高 2万元", group=ART24_IDS),
)
DURATION_START_READING = Reading(
    id="startup-employment-duration-start",
    question="期限最长3年 / 补贴期限不超过3年 (创业带动就业补贴): counted from when, and against which grants?",
    chosen="From the first grant of any startup-driven employment subsidy in the ledger (46号 第24条、第23条, 衢州 二（七）), "
           "net of the months already granted across them (a yearly grant without a period counts 12 months).",
    alternative="From the business's registration date.")
ART24_READINGS = (
    DURATION_START_READING,
    Reading(id="zj_2022_46-art24-amount", question="每年最高2万元 gives only a maximum: what amount is due?",
            chosen="Report the yearly maximum (¥20,000; ¥24,000 with the 20% uplift) as an 'up to' amount.",
            alternative="Local per-hire standard × insured hires, capped at the maximum (unknown until set).",
            switch=NS + "readings.art24_amount"),
    KEY_GROUP_STATUS_READING,
    Reading(id="zj_2022_46-art24-uplift", question="上浮20% says 'may' (可): when does it apply?",
            chosen="Whenever the business is e-commerce or in the county's leading industry.",
            alternative="Only where the county has decided to apply it (set art24.uplift to 1).",
            switch=NS + "art24.uplift"),
)

ART24_STARTUP_EMPLOYMENT = Provision(
    id=NS + "art24", document=ZJ_2022_46, article="第24条",
    title_zh="山区县创业带动就业补贴", title_en="Startup-driven employment subsidy in a mountain county",
    clause=ART24, subject=Subject.ENTERPRISE,
    jurisdiction=in_mountain_county(E.adcode, ART24, "创业所在地", "startup"),
    conditions=(
        KEY_GROUP_CONDITION,
        Condition(id="first_startup", label=("初次创业", "first startup"), test=yes(P.first_startup),
                  cites="重点人群在山区县初次创业"),
        HIRES,
    ),
    amount=ART24_AMOUNT, amount_kind="up_to", period=Period.YEARLY,
    max_duration_months=Param(NS + "art24.max_months"), stacking_group="startup_employment_subsidy",
    limits=ART24_LIMITS, readings=ART24_READINGS,
)

ART23_STARTUP_EMPLOYMENT = Provision(
    id=NS + "art23.startup_employment", document=ZJ_2022_46, article="第23条",
    title_zh="再次创业3年内的创业带动就业补贴（第23条放宽第24条）",
    title_en="Startup-driven employment subsidy for a second startup within 3 years (art. 23 widening art. 24)",
    clause=ART23 + "｜" + ART24, subject=Subject.ENTERPRISE,
    jurisdiction=in_mountain_county(E.adcode, ART23, "再次创业所在地", "new startup"),
    conditions=(KEY_GROUP_CONDITION, *RESTART_CONDITIONS, HIRES),
    amount=ART24_AMOUNT, amount_kind="up_to", period=Period.YEARLY,
    max_duration_months=Param(NS + "art24.max_months"), stacking_group="startup_employment_subsidy",
    limits=ART24_LIMITS, readings=ART24_READINGS,
    notes=("第24条 applies to a first startup; 第23条 extends the same subsidy (amount, uplift, 3 years) to a "
           "second startup within 3 years when the first received no startup support. Same stacking group, "
           "so never paid twice with 第24条 or 衢政发〔2023〕12号 二（七）.",),
)

PROVISIONS = (ART23_RESTART, ART23_STARTUP_EMPLOYMENT, ART24_STARTUP_EMPLOYMENT)
