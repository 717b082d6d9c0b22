"""第19条 (graduate employment post subsidy at mountain-county SMEs) and 第20条 (public-welfare
posts: pay floors as a check, post subsidies, one re-placement with the periods restarted)."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    Hint,
    If,
    InSet,
    Kind,
    Lookup,
    P,
    Period,
    Provision,
    Reading,
    Subject,
    WithinMonths,
    feature,
)
from ..common import in_mountain_county, yes
from ..documents import ZJ_2022_46
from ..factories import ZJ46_PWP_REPLACEMENT, pwp_replacement
from .common import NS, param

ART19 = ("19.给予高校毕业生到中小微企业就业补贴。毕业 2年以内的高校毕业生到山区县中小微企业就业，并依法缴纳社会保险费 1"
         "年以上的，在参保期内按规定给予就业岗位补贴，补贴期限最长 3年，有条件的地区可放宽至毕业 5年以内高校毕业生。")
ART20 = ("20.加大就业困难人员安置力度。在山区县开发一批县（市、区）、街道（乡镇）、社区（村）公共管理和服务窗口公益性岗位，"
         "兜底安置就业困难人员。全日制公益性岗位劳动报酬不得低于当地月最低工资标准，非全日制公益性岗位劳动报酬按不低于当地"
         "小时最低工资标准计发。对政策期满后仍难以实现就业的就业困难人员，可通过公益性岗位再安置一次，岗位补贴和社会保险补贴"
         "期限重新计算。")

# --- 第19条 ----------------------------------------------------------------------------------
ART19_ID = NS + "art19"
ART19_MONTHS = feature("zj46_art19_months", "已领取就业岗位补贴月数（每月一条记录）",
                       "months of the graduate post subsidy received (one record a month)", (ART19_ID,))
WIDENED = InSet(P.work_adcode, NS + "art19.widened_counties", label="该地区已放宽至毕业5年 / area widened to 5 years")
WINDOW = If(WIDENED, param("art19.widened_window_months"), param("art19.graduate_window_months"),
            label="毕业年限（月）/ graduate window (months)")
WINDOW_REF = If(param("readings.art19_window_at").eq("as_of"), AS_OF, P.hired_on,
                label="毕业年限判断时点 / date the window is judged")
MAX_MONTHS = param("art19.max_months", "补贴期限最长3年 / at most 3 years")
GRADUATE_JOB = in_mountain_county(P.work_adcode, ART19, "就业单位", "employer")

GRADUATE_POST_SUBSIDY = Provision(
    id=ART19_ID, document=ZJ_2022_46, article="第19条",
    title_zh="高校毕业生到山区县中小微企业就业岗位补贴", title_en="Post subsidy for graduates employed by mountain-county SMEs",
    clause=ART19, subject=Subject.PERSON, jurisdiction=GRADUATE_JOB,
    conditions=(
        Condition(id="graduate",
                  label=("毕业2年以内（已放宽地区5年以内）的高校毕业生", "graduate within 2 years (5 where widened)"),
                  test=(yes(P.university_graduate) & WithinMonths(P.graduation_date, WINDOW_REF, WINDOW))
                       .named("入职时在毕业年限以内 / within the window when hired"),
                  cites="毕业 2年以内的高校毕业生 ｜ 有条件的地区可放宽至毕业 5年以内高校毕业生"),
        Condition(id="sme", label=("中小微企业", "a small, medium or micro enterprise"),
                  test=P.employer_size.is_in(("micro", "small", "medium")), cites="到山区县中小微企业就业"),
        Condition(id="insured_year", label=("依法缴纳社会保险费1年以上", "insured for a year or more"),
                  test=P.employee_si_months >= param("art19.min_insured_months"), cites="并依法缴纳社会保险费 1年以上的",
                  hint=Hint(P.employee_si_months, param("art19.min_insured_months"))),
        Condition(id="insured_now", label=("在参保期内", "still insured"), test=yes(P.currently_insured),
                  cites="在参保期内按规定给予就业岗位补贴"),
        Condition(id="months_left", label=("补贴期限最长3年", "fewer than 36 months received"),
                  test=ART19_MONTHS < MAX_MONTHS, cites="补贴期限最长 3年"),
    ),
    amount=param("art19.post_subsidy", "就业岗位补贴（按规定，当地标准）/ post subsidy (local)"),
    period=Period.MONTHLY, max_duration_months=(MAX_MONTHS - ART19_MONTHS).named("剩余月数 / months left"),
    readings=(
        Reading(id="zj_2022_46-art19-window-date", question="毕业2年以内: judged when?",
                chosen="On the date the graduate joined the enterprise (到…就业).",
                alternative="On the evaluation date.", switch=NS + "readings.art19_window_at"),
        Reading(id="zj_2022_46-art19-first-year", question="依法缴纳社会保险费1年以上的，在参保期内…给予: is the first year paid?",
                chosen="Eligible once insured 12 months; paid for the months insured, at most 36 in all (history).",
                alternative="Paid only for months after the first insured year (not encoded; would need a payment-period rule)."),
    ),
    notes=("按规定给予就业岗位补贴: the monthly amount is a local standard, not set.",),
)

GRADUATE_WINDOW_WIDENED = Provision(
    id=NS + "art19.widened_window", document=ZJ_2022_46, article="第19条",
    title_zh="就业岗位补贴放宽至毕业5年以内高校毕业生（地区选择）",
    title_en="An area widens the post subsidy to graduates within 5 years (local option)",
    clause=ART19, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=GRADUATE_JOB,
    conditions=(Condition(id="area_opted_in", label=("所在地区已决定放宽", "the area has opted in"), test=WIDENED,
                          cites="有条件的地区可放宽至毕业 5年以内高校毕业生"),),
    extras=(("graduate_window_months", WINDOW),),
    readings=(Reading(id="zj_2022_46-art19-opt-in",
                      question="Which areas have widened the window to 5 years?",
                      chosen="None until an administrator records an area's decision (zj_2022_46.art19.widened_counties).",
                      alternative="Treat every mountain county as widened: set the parameter to all 26 codes.",
                      switch=NS + "art19.widened_counties"),),
)

# --- 第20条 ----------------------------------------------------------------------------------
TIER = Lookup("external.minimum_wage.county_tier", P.work_adcode, dtype="str", label="当地最低工资档次 / local tier")
MIN_MONTHLY = Lookup("external.minimum_wage.monthly", TIER, label="当地月最低工资标准 / local monthly minimum wage")
MIN_HOURLY = Lookup("external.minimum_wage.hourly", TIER, label="当地小时最低工资标准 / local hourly minimum wage")
IN_POST = P.public_welfare_post.is_in(("full_time", "part_time"))
POST_PLACE = in_mountain_county(P.work_adcode, ART20, "公益性岗位", "public-welfare post")

PAY_FLOOR = Provision(
    id=NS + "art20.pay_floor", document=ZJ_2022_46, article="第20条",
    title_zh="公益性岗位劳动报酬不低于当地最低工资标准", title_en="Public-welfare post pay at least the local minimum wage",
    clause=ART20, subject=Subject.PERSON, kind=Kind.CHECK, benefit_type="status", jurisdiction=POST_PLACE,
    conditions=(
        Condition(id="post", label=("在全日制或非全日制公益性岗位", "holds a full-time or part-time public-welfare post"),
                  test=IN_POST, cites="全日制公益性岗位 ｜ 非全日制公益性岗位"),
        Condition(id="pay", label=("劳动报酬不低于当地最低工资标准", "pay at least the local minimum wage"),
                  test=If(P.public_welfare_post.eq("full_time"),
                          (P.pwp_monthly_pay_fen >= MIN_MONTHLY).named("月报酬 ≥ 月最低工资 / monthly pay ≥ monthly minimum"),
                          (P.pwp_hourly_pay_fen >= MIN_HOURLY).named("小时报酬 ≥ 小时最低工资 / hourly pay ≥ hourly minimum"),
                          label="按岗位类型 / by post type"),
                  cites="全日制公益性岗位劳动报酬不得低于当地月最低工资标准，非全日制公益性岗位劳动报酬按不低于当地小时最低工资标准计发"),
    ),
    extras=(("minimum_fen", If(P.public_welfare_post.eq("full_time"), MIN_MONTHLY, MIN_HOURLY)),),
    notes=("A check: eligible = the pay meets the floor. The floor is the minimum wage of the county's tier "
           "(external.minimum_wage.*); where a county's tier is not known the check cannot tell.",),
)

REPLACEMENTS_46 = feature("zj46_pwp_replacements", "已按46号再安置次数", "re-placements under 46号",
                          (ZJ46_PWP_REPLACEMENT,))
SUBSIDY_MONTHS = param("art20.subsidy_months", "岗位补贴和社会保险补贴期限（按规定）/ subsidy period (local)")
CERTIFIED = Condition(id="certified", label=("就业困难人员", "person with employment difficulty"),
                      test=yes(P.difficulty_certified), cites="兜底安置就业困难人员")

POST_SUBSIDY = Provision(
    id=NS + "art20.post_subsidy", document=ZJ_2022_46, article="第20条",
    title_zh="公益性岗位安置就业困难人员的岗位补贴和社会保险补贴（当地标准）",
    title_en="Post and social-insurance subsidies for a person with employment difficulty in a public-welfare post",
    clause=ART20, subject=Subject.PERSON, payee="employer", jurisdiction=POST_PLACE,
    conditions=(CERTIFIED, Condition(id="post", label=("在公益性岗位安置", "placed in a public-welfare post"),
                                     test=IN_POST, cites="公益性岗位，兜底安置就业困难人员")),
    amount=param("art20.post_subsidy", "岗位补贴和社会保险补贴（每月，按规定）/ monthly subsidies (local)"),
    period=Period.MONTHLY, max_duration_months=SUBSIDY_MONTHS,
    stacking_group="pwp_subsidies",  # 淳安: with 杭州（九） (reading chunan-overlap)
    notes=("The article names the two subsidies (岗位补贴和社会保险补贴) without amounts or period: both are local "
           "standards, not set.",),
)

REPLACEMENT = pwp_replacement(
    id=ZJ46_PWP_REPLACEMENT, document=ZJ_2022_46, article="第20条", clause=ART20,
    # 在山区县开发…公益性岗位…再安置: judged by the post's county (where the person works or last worked in the post)
    jurisdiction=POST_PLACE,
    certified_cites="兜底安置就业困难人员", expired_label_zh="政策期满后仍难以实现就业",
    expired_cites="对政策期满后仍难以实现就业的就业困难人员", this_document=REPLACEMENTS_46,
    count_switch=NS + "readings.pwp_replacement_count", max_replacements=param("art20.max_replacements"),
    subsidy_months=SUBSIDY_MONTHS,
    reading=Reading(id="zj_2022_46-art20-replacement-once",
                    question="再安置一次: once under each document, or once in all?",
                    chosen="Once in all: a re-placement under 衢政发〔2023〕12号 二（五） counts too (same person, same right).",
                    alternative="Once under each document.", switch=NS + "readings.pwp_replacement_count"),
    notes=("max_duration_months is the full subsidy period again (岗位补贴和社会保险补贴期限重新计算); it is a local "
           "standard, not set.",),
)

PROVISIONS = (GRADUATE_POST_SUBSIDY, GRADUATE_WINDOW_WIDENED, POST_SUBSIDY, PAY_FLOOR, REPLACEMENT)
