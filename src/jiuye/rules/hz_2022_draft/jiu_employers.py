"""Hangzhou draft （九）, the rest: employers hiring 就业困难人员 (the three contributions), the
re-certification relaxation, and the transition for people certified (or starting up) before the blank
cut-off date 2022年*月*日 (parameter hz_2022_draft.certification_cutoff)."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    E,
    Kind,
    Max,
    MonthIndex,
    MonthsBetween,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Subject,
    any_of,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import no, yes
from ..groups import age_at_least, not_past_retirement_month
from .common import CUTOFF_YEAR_READING, NS, after_cutoff, business_in_hangzhou, on_or_before_cutoff
from .jiu_difficulty import (
    CERT_JURISDICTION,
    CERTIFIED_AT_HIRE,
    FIRST_DATE_READING,
    JIU_CERT,
    OTHER_ROUTES,
    PERIOD_LIMIT,
    PERIOD_MONTHS,
    RETIRE,
    STATUS_AT_HIRE_READING,
)
from .shared import local, org_in_hangzhou

EMPLOYER_TEXT = ("用人单位招用就业困难人员（公益性岗位除外），可按为其实际缴纳的基本养老保险费、基本医疗保险费和失业保险费（以下简称"
                 "“社会保险三费”）之和申领社保补贴。")
RECERT_TEXT = ("上述人员就业转失业的，享受社会保险补贴和岗位补贴期限未满，符合就业困难人员认定条件（其中女 45 周岁、男 55 周岁以上"
               "人员，不再要求连续登记失业半年以上），在重新办理就业困难人员认定并再次就业后，可按规定享受补贴至期满。")
CONTINUE_TEXT = "2022 年*月*日前认定的就业困难人员，在其《就业创业证》的就业援助卡有效期内可按规定继续享受各项就业创业政策"
RETIRE_TEXT = ("就业援助卡有效期期满后属于连续登记失业半年以上的女 45 周岁、男 55 周岁以上人员和登记失业的残疾人，按规定办理就业困难"
               "人员认定后再就业的，社会保险补贴和岗位补贴期限可至法定退休年龄当月。")
STARTUP_TEXT = "2022 年*月*日前创业的就业困难人员，可按规定申领自主创业社保补贴。"

THREE_FEES = P.employer_si_three_fen
THREE_FEES_READING = Reading(id="hz-si-three", question="为其实际缴纳的…社会保险三费之和: whose contributions?",
                             chosen="What the employer actually pays for the person (the employer's part of pension, medical and unemployment).",
                             alternative="The employer's and the person's parts together (not offered as a switch: the engine would then ask every "
                                         "employer for the person's own contributions, see the report of issue 3 part C).")
EMPLOYER_CONDITIONS = (
    Condition(id="certified",
              label=("招用的是就业困难人员", "the hire is a certified person with employment difficulty"),
              test=CERTIFIED_AT_HIRE, cites="用人单位招用就业困难人员"),
    Condition(id="not_public_welfare", label=("非公益性岗位", "not a public-welfare post"),
              test=P.public_welfare_post.eq("none"), cites="（公益性岗位除外）"),
    Condition(id="period_not_exhausted", label=("补贴期限未享受期满", "subsidy period not used up"),
              test=no(P.difficulty_subsidy_exhausted), cites="享受社会保险补贴和岗位补贴期限已满的，不再受理其就业困难人员认定申请。"),
)

EMPLOYER_SI = Provision(
    id=NS + "jiu.employer_si_subsidy", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="用人单位招用就业困难人员社保补贴", title_en="SI subsidy for employers hiring a person with employment difficulty",
    clause=EMPLOYER_TEXT, subject=Subject.ENTERPRISE, payee="employer", jurisdiction=business_in_hangzhou(EMPLOYER_TEXT),
    conditions=EMPLOYER_CONDITIONS, amount=THREE_FEES, period=Period.MONTHLY, max_duration_months=PERIOD_MONTHS,
    limits=(PERIOD_LIMIT,), readings=(THREE_FEES_READING, STATUS_AT_HIRE_READING, FIRST_DATE_READING),
    notes=("Evaluated for the enterprise and the person it hired (the case's person); the period is the person's "
           "subsidy period (jiu.subsidy_period: ≤ 3 years, or to the retirement month).",),
)

EMPLOYER_SI_ORG = Provision(
    id=NS + "jiu.employer_si_subsidy_org", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="用人单位（社会组织等）招用就业困难人员社保补贴", title_en="SI subsidy for organisations hiring a person with employment difficulty",
    clause=EMPLOYER_TEXT, subject=Subject.ORGANISATION, payee="employer", jurisdiction=org_in_hangzhou(EMPLOYER_TEXT),
    conditions=EMPLOYER_CONDITIONS, amount=THREE_FEES, period=Period.MONTHLY, max_duration_months=PERIOD_MONTHS,
    limits=(PERIOD_LIMIT,), readings=(THREE_FEES_READING, STATUS_AT_HIRE_READING, FIRST_DATE_READING),
    notes=("用人单位 covers employers that are not enterprises (社会组织, 事业单位...).",),
)

RELAXED_ROUTES = any_of(
    age_at_least(AS_OF, Param(NS + "jiu.female_age"), Param(NS + "jiu.male_age"),
                 "女45周岁、男55周岁以上（不要求失业半年）/ women 45+, men 55+ (no 6 months needed)"),
    *OTHER_ROUTES,
    label="认定情形之一（年龄路径放宽）/ one of the routes (age route relaxed)",
)

RECERTIFICATION = Provision(
    id=NS + "jiu.recertification", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="就业转失业重新认定（女45、男55不再要求失业半年）", title_en="Re-certification after losing a job (age route relaxed)",
    clause=RECERT_TEXT, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=CERT_JURISDICTION,
    conditions=(
        Condition(id="certified_after_cutoff", label=("原在新规定施行日后认定", "first certified after the cut-off"),
                  test=after_cutoff(P.difficulty_certified_on), cites="2022 年*月*日后认定的就业困难人员"),
        Condition(id="subsidy_started", label=("已享受过社保补贴或岗位补贴", "has received the subsidies"),
                  test=P.difficulty_subsidy_months_used >= 1, cites="上述人员就业转失业的"),
        Condition(id="registered_unemployed",
                  label=("就业转失业并登记失业", "lost the job and is registered unemployed"),
                  test=yes(P.registered_unemployed), cites="上述人员就业转失业的"),
        Condition(id="period_not_exhausted", label=("补贴期限未满", "subsidy period not used up"),
                  test=no(P.difficulty_subsidy_exhausted), cites="享受社会保险补贴和岗位补贴期限未满"),
        Condition(id="route", label=("符合认定条件（年龄路径不要求失业半年）", "meets a route (no 6 months for the age route)"),
                  test=RELAXED_ROUTES, cites="符合就业困难人员认定条件（其中女 45 周岁、男 55 周岁以上人员，不再要求连续登记失业半年以上）"),
    ),
    max_duration_months=Max(PERIOD_MONTHS - P.difficulty_subsidy_months_used, 0).named(
        "剩余补贴期限（月）/ months of the period left"),
    readings=(CUTOFF_YEAR_READING,),
    notes=("After re-certification and new employment the subsidies continue until the original period ends "
           "(享受补贴至期满): the months left are the period minus the months already used.",),
)

CERTIFIED_BEFORE = Condition(id="certified_before_cutoff",
                             label=("在新规定施行日前（含当日）认定", "certified on or before the cut-off"),
                             test=on_or_before_cutoff(P.difficulty_certified_on), cites="2022 年*月*日前认定的就业困难人员")
CUTOFF_READING = Reading(id="hz-cutoff-day", question="前/后 the cut-off: which side is the day itself?",
                         chosen="On or before the cut-off counts as before (jiu.subsidy_period treats 'after' as strictly later).",
                         alternative="Strictly before.")

PRE_CUTOFF_CONTINUATION = Provision(
    id=NS + "jiu.pre_cutoff_continuation", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="原认定就业困难人员在援助卡有效期内继续享受政策", title_en="Earlier certifications keep the policies while the card is valid",
    clause=CONTINUE_TEXT, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=CERT_JURISDICTION,
    conditions=(
        Condition(id="certified", label=("经认定的就业困难人员", "certified"), test=yes(P.difficulty_certified),
                  cites=JIU_CERT),
    CERTIFIED_BEFORE,
        Condition(id="card_valid", label=("就业援助卡在有效期内", "assistance card still valid"),
                  test=P.assistance_card_valid_until >= AS_OF, cites="在其《就业创业证》的就业援助卡有效期内"),
    ),
    max_duration_months=MonthsBetween(AS_OF, P.assistance_card_valid_until, label="至援助卡期满月数 / months to card expiry"),
    readings=(CUTOFF_READING, CUTOFF_YEAR_READING),
)

RECERT_AGE = age_at_least(P.difficulty_certified_on, Param(NS + "jiu.female_age"), Param(NS + "jiu.male_age"),
                          "重新认定时女45周岁、男55周岁以上 / women 45+, men 55+ when re-certified")

PRE_CUTOFF_RETIREMENT = Provision(
    id=NS + "jiu.pre_cutoff_retirement_period", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="援助卡期满后重新认定的大龄、残疾人员补贴期限至退休", title_en="After the card: subsidy period to retirement for older or disabled",
    clause=RETIRE_TEXT, subject=Subject.PERSON, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=CERT_JURISDICTION,
    conditions=(
        Condition(id="recertified", label=("援助卡期满后重新办理认定", "certified again after the card expired"),
                  test=yes(P.recertified_after_card) & yes(P.difficulty_certified), cites="按规定办理就业困难人员认定后"),
        Condition(id="card_expired", label=("重新认定时援助卡已期满", "the card had expired when re-certified"),
                  test=P.assistance_card_valid_until < P.difficulty_certified_on, cites="就业援助卡有效期期满后"),
        Condition(id="route", label=("女45周岁、男55周岁以上或残疾人", "women 45+, men 55+, or disabled"),
                  test=any_of(RECERT_AGE, yes(P.disabled_certified).named("登记失业的残疾人 / registered unemployed disabled")),
                  cites="属于连续登记失业半年以上的女 45 周岁、男 55 周岁以上人员和登记失业的残疾人"),
        Condition(id="employed", label=("认定后再就业", "employed again"), test=yes(P.employed), cites="认定后再就业的"),
        Condition(id="before_retirement", label=("未到法定退休年龄当月之后", "not past the retirement month"),
                  test=not_past_retirement_month(AS_OF), cites="社会保险补贴和岗位补贴期限可至法定退休年龄当月"),
    ),
    max_duration_months=(RETIRE - MonthIndex(AS_OF) + 1).named("至法定退休年龄当月的月数 / months to the retirement month"),
    notes=("The 6 months of registered unemployment of the age route are checked at the re-certification itself "
           "(jiu.certification); here the age is taken on the re-certification date.",
           "person.recertified_after_card identifies an earlier (pre-cut-off) certification with an assistance card.",),
)

PRE_CUTOFF_STARTUP_SI = Provision(
    id=NS + "jiu.pre_cutoff_startup_si_subsidy", document=HZ_2022_DRAFT, article="三（九）",
    title_zh="新规定施行日前创业的就业困难人员自主创业社保补贴", title_en="Self-employment SI subsidy for startups before the cut-off",
    clause=STARTUP_TEXT, subject=Subject.PERSON, jurisdiction=business_in_hangzhou(STARTUP_TEXT),
    conditions=(
        Condition(id="certified", label=("就业困难人员", "certified person with employment difficulty"),
                  test=yes(P.difficulty_certified), cites="就业困难人员"),
        Condition(id="started_before_cutoff",
                  label=("在新规定施行日前（含当日）创业", "started the business on or before the cut-off"),
                  test=on_or_before_cutoff(E.registered_on), cites="2022 年*月*日前创业的"),
    ),
    amount=local("jiu.startup_si_subsidy"), period=Period.MONTHLY, readings=(CUTOFF_READING, CUTOFF_YEAR_READING),
)

PROVISIONS = (EMPLOYER_SI, EMPLOYER_SI_ORG, RECERTIFICATION, PRE_CUTOFF_CONTINUATION, PRE_CUTOFF_RETIREMENT,
              PRE_CUTOFF_STARTUP_SI)
