"""Hangzhou draft （八）, graduates: employment subsidy at SMEs (≤ 2 years), SI subsidy to small firms
and social organisations hiring them, employment subsidy at three-types firms (≤ 5 years), the 1/2
flexible-employment SI subsidy (≤ 2 years), and the ¥1,000 / ¥3,000 one-time subsidies for graduates
in difficulty. 按规定 amounts are local standards, not set."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    E,
    Hint,
    O,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Scale,
    Subject,
    any_of,
    feature,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS, business_in_hangzhou, person_in_hangzhou
from .shared import fresh_graduate, graduated_within, local, org_in_hangzhou, works_in_hangzhou

SME_TEXT = ("毕业 2 年内高校毕业生首次在中小微企业就业，依法连续缴纳社会保险费满 12 个月且工资收入符合条件的，可按规定申领就业"
            "补贴。")
HIRE_TEXT = "小微企业、社会组织新招用毕业 2 年内高校毕业生，可按规定申领社保补贴。"
THREE_TEXT = "毕业 5 年以内高校毕业生在三类企业就业，依法连续缴纳社会保险费满 12 个月的，可按规定申领就业补贴。"
FLEX_TEXT = "毕业 2 年内高校毕业生从事灵活就业，可按规定申领实际缴纳社会保险费 1/2的社保补贴。"
LIVING_TEXT = "杭州生源应届的困难家庭高校毕业生和就业困难高校毕业生登记失业，可申领 1000元的一次性临时生活补贴。"
JOB_SEARCH_TEXT = "符合条件的困难高校毕业生可申领 3000 元/人的一次性求职创业补贴。"

LIVING_ID = NS + "ba.temporary_living_allowance"
JOB_SEARCH_ID = NS + "ba.job_search_subsidy"

SI_12 = Condition(id="si_12_months",
                  label=("在现单位连续缴纳社保满12个月", "12 months of contributions in a row at the employer"),
                  test=P.employee_si_months >= Param(NS + "ba.si_months"), cites="依法连续缴纳社会保险费满 12 个月",
                  hint=Hint(P.employee_si_months, Param(NS + "ba.si_months")))
WINDOW_AT_HIRE = Reading(id="hz-graduate-window-date", question="毕业N年内高校毕业生…就业: judged on which date?",
                         chosen="On the date the graduate was hired (入职日期).",
                         alternative="On the evaluation date.")

SME_EMPLOYMENT = Provision(
    id=NS + "ba.sme_employment_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="高校毕业生到中小微企业就业补贴", title_en="Employment subsidy for graduates first employed by an SME",
    clause=SME_TEXT, subject=Subject.PERSON, jurisdiction=works_in_hangzhou(SME_TEXT),
    conditions=(
        Condition(id="graduate", label=("入职时毕业2年内的高校毕业生", "graduated within 2 years when hired"),
                  test=graduated_within("ba.sme_graduate_window_months", P.hired_on), cites="毕业 2 年内高校毕业生"),
        Condition(id="first_job", label=("首次就业", "first job"), test=yes(P.first_employment),
                  cites="首次在中小微企业就业"),
        Condition(id="sme", label=("在中小微企业就业", "employed by an SME"),
                  test=P.employer_size.is_in(("micro", "small", "medium")), cites="首次在中小微企业就业"),
        SI_12,
        Condition(id="wage", label=("工资收入符合条件", "wage meets the condition"),
                  test=yes(P.wage_meets_local_condition), cites="工资收入符合条件的"),
    ),
    amount=local("ba.sme_employment_subsidy"), period=Period.ONE_TIME, readings=(WINDOW_AT_HIRE,),
    notes=("工资收入符合条件: the wage condition is set by the implementing rules; asked as a fact.",),
)

HIRED_GRADUATE = Condition(id="hired_graduate",
                           label=("新招用毕业2年内高校毕业生", "newly hired a graduate within 2 years"),
                           test=graduated_within("ba.sme_graduate_window_months", P.hired_on),
                           cites="新招用毕业 2 年内高校毕业生")

SMALL_FIRM_SI = Provision(
    id=NS + "ba.small_firm_si_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="小微企业招用高校毕业生社保补贴", title_en="SI subsidy for small firms hiring graduates",
    clause=HIRE_TEXT, subject=Subject.ENTERPRISE, payee="employer", jurisdiction=business_in_hangzhou(HIRE_TEXT),
    conditions=(Condition(id="small_micro", label=("小微企业", "small or micro enterprise"),
                          test=E.size.is_in(("micro", "small")), cites="小微企业"), HIRED_GRADUATE),
    amount=local("ba.graduate_hire_si_subsidy"), period=Period.MONTHLY, readings=(WINDOW_AT_HIRE,),
    notes=("Evaluated for the enterprise and the graduate it hired (the case's person).",
           "Amount and duration per hire: local standard, not set.",),
)

SOCIAL_ORG_SI = Provision(
    id=NS + "ba.social_org_si_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="社会组织招用高校毕业生社保补贴", title_en="SI subsidy for social organisations hiring graduates",
    clause=HIRE_TEXT, subject=Subject.ORGANISATION, payee="employer", jurisdiction=org_in_hangzhou(HIRE_TEXT),
    conditions=(Condition(id="social_organisation", label=("社会组织", "a social organisation"),
                          test=yes(O.social_organisation), cites="社会组织"),
                HIRED_GRADUATE),
    amount=local("ba.graduate_hire_si_subsidy"), period=Period.MONTHLY, readings=(WINDOW_AT_HIRE,),
)

THREE_TYPES_EMPLOYMENT = Provision(
    id=NS + "ba.three_types_employment_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="高校毕业生到三类企业就业补贴", title_en="Employment subsidy for graduates at three-types enterprises",
    clause=THREE_TEXT, subject=Subject.PERSON, jurisdiction=works_in_hangzhou(THREE_TEXT),
    conditions=(
        Condition(id="graduate", label=("入职时毕业5年以内的高校毕业生", "graduated within 5 years when hired"),
                  test=graduated_within("ba.three_types_graduate_window_months", P.hired_on),
                  cites="毕业 5 年以内高校毕业生"),
        Condition(id="three_types", label=("在三类企业就业", "employed by a three-types enterprise"),
                  test=yes(P.employer_three_types), cites="在三类企业就业"),
        SI_12,
    ),
    amount=local("ba.three_types_employment_subsidy"), period=Period.ONE_TIME, readings=(WINDOW_AT_HIRE,),
)

FLEXIBLE_SI = Provision(
    id=NS + "ba.flexible_si_subsidy", document=HZ_2022_DRAFT, article="三（八）",
    title_zh="高校毕业生灵活就业社保补贴（1/2）", title_en="Flexible-employment SI subsidy for graduates (1/2)",
    clause=FLEX_TEXT, subject=Subject.PERSON, jurisdiction=works_in_hangzhou(FLEX_TEXT),
    conditions=(
        Condition(id="graduate", label=("毕业2年内的高校毕业生", "graduated within 2 years"),
                  test=graduated_within("ba.flexible_graduate_window_months", AS_OF), cites="毕业 2 年内高校毕业生"),
        Condition(id="flexible", label=("从事灵活就业", "in flexible employment"), test=yes(P.flexible_employed),
                  cites="从事灵活就业"),
    ),
    amount=Scale(P.si_paid_monthly_fen, NS + "ba.flexible_share", label="实际缴费×1/2 / contributions × 1/2"),
    period=Period.MONTHLY, stacking_group="flexible_si_subsidy",
    notes=("Paid monthly while the graduate is within 2 years of graduation; no other duration is printed.",),
)

HARDSHIP = any_of(yes(P.hardship_family).named("困难家庭高校毕业生 / from a hardship family"),
                  yes(P.difficulty_certified).named("就业困难高校毕业生 / certified with employment difficulty"),
                  label="困难家庭或就业困难高校毕业生 / hardship family or employment difficulty")

LIVING_RECEIVED = feature("hz_temporary_living_allowance", "已领一次性临时生活补贴次数", "temporary living allowance received",
                          (LIVING_ID,))
JOB_SEARCH_RECEIVED = feature("hz_job_search_subsidy", "已领一次性求职创业补贴次数", "job-search subsidy received",
                              (JOB_SEARCH_ID,))

TEMPORARY_LIVING = Provision(
    id=LIVING_ID, document=HZ_2022_DRAFT, article="三（八）",
    title_zh="困难高校毕业生一次性临时生活补贴（1000元）", title_en="One-time living allowance for graduates in difficulty (¥1,000)",
    clause=LIVING_TEXT, subject=Subject.PERSON,
    jurisdiction=Condition(id="jurisdiction", label=("杭州生源", "Hangzhou origin"), test=yes(P.hangzhou_origin),
                           cites="杭州生源"),
    conditions=(
        Condition(id="fresh_graduate", label=("应届高校毕业生", "graduate of the current year"),
                  test=yes(P.university_graduate) & fresh_graduate(AS_OF), cites="应届的困难家庭高校毕业生和就业困难高校毕业生"),
        Condition(id="hardship",
                  label=("困难家庭或就业困难高校毕业生", "from a hardship family or with employment difficulty"),
                  test=HARDSHIP, cites="困难家庭高校毕业生和就业困难高校毕业生"),
        Condition(id="registered_unemployed", label=("登记失业", "registered unemployed"),
                  test=yes(P.registered_unemployed), cites="登记失业"),
        Condition(id="not_received", label=("未领过", "not received before"), test=LIVING_RECEIVED.eq(0),
                  cites="一次性临时生活补贴"),
    ),
    amount=Param(NS + "ba.temporary_living_allowance"), period=Period.ONE_TIME,
    readings=(Reading(id="hz-fresh-graduate", question="应届: which graduates count?",
                      chosen="Graduated in the calendar year of the evaluation date (the hire date for employers).",
                      alternative="Graduated no more than 12 months before.",
                      switch=NS + "readings.fresh_graduate"),),
)

JOB_SEARCH = Provision(
    id=JOB_SEARCH_ID, document=HZ_2022_DRAFT, article="三（八）",
    title_zh="困难高校毕业生一次性求职创业补贴（3000元）", title_en="One-time job-search subsidy for graduates in difficulty (¥3,000)",
    clause=JOB_SEARCH_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(JOB_SEARCH_TEXT),
    conditions=(
        Condition(id="graduate", label=("高校毕业生", "university graduate"), test=yes(P.university_graduate),
                  cites="困难高校毕业生"),
        Condition(id="hardship",
                  label=("困难家庭或就业困难高校毕业生", "from a hardship family or with employment difficulty"),
                  test=HARDSHIP, cites="困难高校毕业生"),
        Condition(id="not_received", label=("未领过", "not received before"), test=JOB_SEARCH_RECEIVED.eq(0),
                  cites="一次性求职创业补贴"),
    ),
    amount=Param(NS + "ba.job_search_subsidy"), period=Period.ONE_TIME,
    notes=("符合条件的困难高校毕业生: read with the previous sentence's groups (hardship family, employment difficulty).",),
)

PROVISIONS = (SME_EMPLOYMENT, SMALL_FIRM_SI, SOCIAL_ORG_SI, THREE_TYPES_EMPLOYMENT, FLEXIBLE_SI, TEMPORARY_LIVING,
              JOB_SEARCH)
