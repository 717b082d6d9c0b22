"""Hangzhou draft （九）: 就业困难人员 certification, subsidy period, flexible-employment SI subsidy
(1/2) for listed sub-groups, and public-welfare post subsidies (130% / 80% of the minimum wage)."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    If,
    IsKnown,
    Kind,
    Lookup,
    MaxDuration,
    MonthIndex,
    MonthsBetween,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Scale,
    Subject,
    any_of,
    city_of,
    judged_on,
    status_on,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from ..groups import age_at_least, not_past_retirement_month, person_retirement_month
from .common import CUTOFF_YEAR_READING, HANGZHOU, NS, after_cutoff

JIU_CERT = ("（九）加强就业困难人员就业援助。下列登记失业人员可在户籍地或常住地申请就业困难人员认定：连续登记失业半年以上的女 "
            "45 周岁、男 55 周岁以上人员，残疾人，低保低边家庭成员，城镇零就业家庭人员，领取失业保险金期间并连续登记失业 1 年"
            "以上人员。经认定的就业困难人员实现就业后，按规定给予政策享受，并注销其就业困难人员身份。")
JIU_PERIOD = ("2022 年*月*日后认定的就业困难人员的社会保险补贴和岗位补贴期限最长不超过 3 年，对初次核定享受补贴政策时女 45 周岁、"
              "男 55 周岁以上人员，补贴期限可至法定退休年龄当月；……享受社会保险补贴和岗位补贴期限已满的，不再受理其就业困难人员"
              "认定申请。")
JIU_FLEX = ("就业困难人员中的女 48 周岁、男 58 周岁以上人员、残疾人、低保低边家庭成员、城镇零就业家庭人员，2016 年 12 月 31 日前"
            "认定的原城镇就业困难人员，从事灵活就业，办理灵活就业登记并以灵活就业人员身份缴纳社会保险费的，可按其实际缴纳社会"
            "保险费的 1/2 申领社保补贴。")
JIU_PWP = ("完善公益性岗位开发管理。对安置就业困难人员在全日制、非全日制公益性岗位就业的，分别按最低月工资标准 130%、80%给予"
           "用人单位社保补贴和岗位补贴。")

UNEMPLOYED_MONTHS = MonthsBetween(P.unemployed_registered_on, AS_OF, label="连续登记失业整月数 / months registered")

CERT_JURISDICTION = Condition(id="jurisdiction",
                              label=("户籍地或常住地在杭州市", "hukou or usual residence in Hangzhou"),
                              test=any_of(city_of(P.hukou_adcode).eq(HANGZHOU), city_of(P.residence_adcode).eq(HANGZHOU),
                                          label="户籍地或常住地在杭州 / hukou or residence in Hangzhou"),
                              cites="下列登记失业人员可在户籍地或常住地申请就业困难人员认定")

# The routes other than age, shared with re-certification (jiu_employers.RECERTIFICATION).
OTHER_ROUTES = (
    yes(P.disabled_certified).named("残疾人 / disabled"),
    (yes(P.dibao_family) | yes(P.near_dibao_family)).named("低保低边家庭成员 / 低保 or 低边 family"),
    yes(P.zero_employment_household).named("城镇零就业家庭人员 / zero-employment household"),
    (yes(P.receiving_unemployment_insurance) & (UNEMPLOYED_MONTHS >= Param(NS + "jiu.ui_unemployed_min_months")))
    .named("领取失业保险金且连续登记失业1年以上 / on UI and registered ≥ 1 year"),
)
ROUTES = any_of(
    (age_at_least(AS_OF, Param(NS + "jiu.female_age"), Param(NS + "jiu.male_age"), "女45周岁、男55周岁以上 / women 45+, men 55+")
     & (UNEMPLOYED_MONTHS >= Param(NS + "jiu.unemployed_min_months")))
    .named("连续登记失业半年以上的女45、男55周岁以上人员 / older and unemployed ≥ 6 months"),
    *OTHER_ROUTES,
    label="认定情形之一 / one of the routes",
)

CERTIFICATION = Provision(
    id=NS + "jiu.certification", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="就业困难人员认定", title_en="Certification as a person with employment difficulty",
    clause=JIU_CERT, subject=Subject.PERSON, kind=Kind.DEFINITION, benefit_type="status",
    jurisdiction=CERT_JURISDICTION,
    conditions=(
        Condition(id="registered_unemployed", label=("登记失业人员", "registered unemployed"),
                  test=yes(P.registered_unemployed), cites="下列登记失业人员可在户籍地或常住地申请就业困难人员认定"),
        Condition(id="route", label=("符合认定情形之一", "meets one of the routes"), test=ROUTES, cites=JIU_CERT),
        Condition(id="period_not_exhausted", label=("补贴期限未享受期满", "subsidy period not used up"),
                  test=P.difficulty_subsidy_exhausted.eq(False), cites="享受社会保险补贴和岗位补贴期限已满的，不再受理其就业困难人员认定申请。"),
    ),
    notes=("Re-certification after employment (女45/男55 without six months of unemployment) is the "
           "separate provision hz_2022_draft.jiu.recertification.",),
)

# --- subsidy period ------------------------------------------------------------------------
RETIRE = person_retirement_month()
# 初次核定享受补贴政策时: the recorded first approval date; taking the evaluation date when none is recorded is
# the alternative reading (switch readings.first_subsidy_date = evaluation), never silent.
FIRST = If(Param(NS + "readings.first_subsidy_date").eq("evaluation") & ~IsKnown(P.difficulty_first_subsidy_on), AS_OF,
           P.difficulty_first_subsidy_on, label="初次核定享受补贴日期 / first subsidy approval date")
MONTHS_TO_RETIREMENT = (RETIRE - MonthIndex(FIRST) + 1).named("至法定退休年龄当月的月数 / months to retirement month")
OLDER_AT_FIRST = age_at_least(FIRST, Param(NS + "jiu.female_age"), Param(NS + "jiu.male_age"),
                              "初次核定时女45周岁、男55周岁以上 / women 45+, men 55+ at first approval")
# Under 45 (women) / 55 (men) at the first approval, the earliest statutory retirement (50 / 60) is
# more than 36 months away, so the period is exactly 36 months and needs no retirement date.
PERIOD_MONTHS = If(OLDER_AT_FIRST, MONTHS_TO_RETIREMENT, Param(NS + "jiu.subsidy_months"),
                   label="补贴期限（月）/ subsidy period (months)")
# Before the statutory retirement month. Anyone under 50 (the earliest statutory age, women
# workers) is certainly before it, so the retirement category is asked only when it matters.
BEFORE_RETIREMENT = any_of(
    (MonthsBetween(P.birth_date, AS_OF) < 50 * 12).named("未满50周岁 / under 50"),
    not_past_retirement_month(AS_OF, "未到法定退休年龄当月之后 / not past the statutory retirement month"),
    label="未超过法定退休年龄当月 / not past the statutory retirement month")
NOT_RETIRED = Condition(id="before_retirement",
                        label=("未超过法定退休年龄当月", "not past the statutory retirement month"),
                        test=BEFORE_RETIREMENT, cites="补贴期限可至法定退休年龄当月")
AFTER_CUTOFF = Condition(id="certified_after_cutoff",
                         label=("在新规定施行日后认定", "certified after the cut-off date"),
                         test=after_cutoff(P.difficulty_certified_on),
                         cites="2022 年*月*日后认定的就业困难人员的社会保险补贴和岗位补贴期限最长不超过 3 年")

FIRST_DATE_READING = Reading(
    id="hz-first-subsidy-date", question="初次核定享受补贴政策时: which date when none is recorded yet?",
    chosen="Not known until the first approval date is supplied: the engine asks for it (issue 10).",
    alternative="The evaluation date: the first approval would be now.", switch=NS + "readings.first_subsidy_date")

SUBSIDY_PERIOD = Provision(
    id=NS + "jiu.subsidy_period", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="就业困难人员社保补贴和岗位补贴期限", title_en="Subsidy period of a person with employment difficulty",
    clause=JIU_PERIOD, subject=Subject.PERSON, kind=Kind.DEFINITION, benefit_type="right",
    jurisdiction=CERT_JURISDICTION,
    conditions=(Condition(id="certified", label=("经认定的就业困难人员", "certified"), test=yes(P.difficulty_certified),
                          cites=JIU_CERT),
                AFTER_CUTOFF),
    max_duration_months=PERIOD_MONTHS,
    readings=(FIRST_DATE_READING, CUTOFF_YEAR_READING),
    notes=("Certifications before the cut-off keep the validity of their 就业援助卡 (not computed here).",
           "The period never runs past the statutory retirement month (2025 gradual-retirement rules).",),
)

# 补贴期限最长不超过 3 年 (or to the retirement month) from the first approval, net of the months already granted
# under any of the （九） subsidies (the person's ledger)
DIFFICULTY_SUBSIDIES = (NS + "jiu.employer_si_subsidy", NS + "jiu.employer_si_subsidy_org", NS + "jiu.flexible_si_subsidy",
                        NS + "jiu.public_welfare_post")
PERIOD_LIMIT = MaxDuration(PERIOD_MONTHS, "社会保险补贴和岗位补贴期限最长不超过 3 年", start=FIRST, group=DIFFICULTY_SUBSIDIES,
                           start_label="自初次核定享受补贴起已过月数 / months since the first approval")
# 经认定的就业困难人员实现就业后…注销其就业困难人员身份: the status is judged when the person was hired or placed
STATUS_AT_HIRE = judged_on(NS + "readings.difficulty_status_at", ("hire", "evaluation"))
CERTIFIED_AT_HIRE = status_on("difficulty_certified", STATUS_AT_HIRE,
                              label="招用（安置）时为就业困难人员 / certified when hired or placed")
STATUS_AT_HIRE_READING = Reading(
    id="hz-difficulty-status-at-hire",
    question="用人单位招用就业困难人员 / 安置就业困难人员: employment cancels the status (注销其就业困难人员身份) — judged when?",
    chosen="On the hire (placement) date, from the person's spells: the certification that employment then cancels counts.",
    alternative="On the evaluation date (the status must still be current).", switch=NS + "readings.difficulty_status_at")

# --- flexible employment SI subsidy (1/2) --------------------------------------------------
FLEX_SUBGROUP = any_of(
    age_at_least(AS_OF, Param(NS + "jiu.flex_female_age"), Param(NS + "jiu.flex_male_age"), "女48周岁、男58周岁以上 / women 48+, men 58+"),
    yes(P.disabled_certified).named("残疾人 / disabled"),
    (yes(P.dibao_family) | yes(P.near_dibao_family)).named("低保低边家庭成员 / 低保 or 低边 family"),
    yes(P.zero_employment_household).named("城镇零就业家庭人员 / zero-employment household"),
    yes(P.original_urban_difficulty_2016).named("2016年底前认定的原城镇就业困难人员 / certified before 2017"),
    label="所列情形之一 / one of the listed sub-groups",
)
WORK_IN_HANGZHOU = Condition(id="jurisdiction", label=("在杭州市就业", "working in Hangzhou"),
                             test=city_of(P.work_adcode).eq(HANGZHOU).named("就业地在杭州 / works in Hangzhou"),
                             cites=JIU_FLEX)

FLEXIBLE_SI = Provision(
    id=NS + "jiu.flexible_si_subsidy", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="就业困难人员灵活就业社保补贴（1/2）", title_en="Flexible-employment SI subsidy for listed groups (1/2)",
    clause=JIU_FLEX, subject=Subject.PERSON, jurisdiction=WORK_IN_HANGZHOU,
    conditions=(
        Condition(id="certified", label=("经认定的就业困难人员", "certified person with employment difficulty"),
                  test=yes(P.difficulty_certified), cites="就业困难人员中的"),
        Condition(id="subgroup", label=("属于所列情形之一", "in one of the listed sub-groups"), test=FLEX_SUBGROUP,
                  cites=JIU_FLEX),
        Condition(id="flexible", label=("灵活就业并以灵活就业人员身份参保", "flexible work, insured as such"),
                  test=yes(P.flexible_employed), cites="从事灵活就业，办理灵活就业登记并以灵活就业人员身份缴纳社会保险费的"),
    NOT_RETIRED,
    ),
    amount=Scale(P.si_paid_monthly_fen, NS + "jiu.flex_share", label="实际缴费×1/2 / contributions × 1/2"),
    period=Period.MONTHLY, max_duration_months=PERIOD_MONTHS, stacking_group="flexible_si_subsidy",
    limits=(PERIOD_LIMIT,), readings=(FIRST_DATE_READING,),
)

# --- public-welfare posts ------------------------------------------------------------------
MIN_WAGE = Lookup("external.minimum_wage.monthly",
                  Lookup("external.minimum_wage.county_tier", P.work_adcode, dtype="str", label="所在县最低工资档次 / tier"),
                  label="当地月最低工资标准 / local monthly minimum wage")
PWP_SHARE_BY_POST = If(P.public_welfare_post.eq("full_time"), Scale(MIN_WAGE, NS + "jiu.pwp_full_time_share"),
                       Scale(MIN_WAGE, NS + "jiu.pwp_part_time_share"), label="按岗位类型 / by post type")
PWP_AMOUNT = If(Param(NS + "readings.pwp_subsidy").eq("by_subsidy_type"),
                Scale(MIN_WAGE, NS + "jiu.pwp_full_time_share") + Scale(MIN_WAGE, NS + "jiu.pwp_part_time_share"),
                PWP_SHARE_BY_POST, label="公益性岗位补贴（每月）/ monthly post subsidies")

PUBLIC_WELFARE_POST = Provision(
    id=NS + "jiu.public_welfare_post", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="公益性岗位社保补贴和岗位补贴", title_en="Public-welfare post subsidies (to the employer)",
    clause=JIU_PWP, subject=Subject.PERSON, payee="employer",
    jurisdiction=Condition(id="jurisdiction", label=("公益性岗位在杭州市", "post in Hangzhou"),
                           test=city_of(P.work_adcode).eq(HANGZHOU).named("就业地在杭州 / works in Hangzhou"),
                           cites=JIU_PWP),
    conditions=(
        Condition(id="certified", label=("安置的是就业困难人员", "placed person is certified"),
                  test=CERTIFIED_AT_HIRE, cites="对安置就业困难人员在全日制、非全日制公益性岗位就业的"),
        Condition(id="post", label=("在全日制或非全日制公益性岗位就业", "in a full-time or part-time public-welfare post"),
                  test=P.public_welfare_post.is_in(("full_time", "part_time")), cites="在全日制、非全日制公益性岗位就业的"),
    NOT_RETIRED,
    ),
    amount=PWP_AMOUNT, period=Period.MONTHLY, max_duration_months=PERIOD_MONTHS, limits=(PERIOD_LIMIT,),
    stacking_group="pwp_subsidies",  # 淳安: with 46号 第20条 (reading chunan-overlap)
    readings=(STATUS_AT_HIRE_READING, FIRST_DATE_READING, Reading(id="hz-pwp", question="分别按最低月工资标准130%、80%: which is which?",
                      chosen="Respectively by post: full-time posts 130%, part-time posts 80% of the monthly minimum wage, "
                             "covering both the social-insurance and the post subsidy.",
                      alternative="By subsidy: social-insurance subsidy 130% plus post subsidy 80% (210%) for either post.",
                      switch=NS + "readings.pwp_subsidy"),),
)

PROVISIONS = (CERTIFICATION, SUBSIDY_PERIOD, FLEXIBLE_SI, PUBLIC_WELFARE_POST)
