"""二（一） startup mentors and growth parks; 二（二） recruiting out-of-city employees: HR agencies'
dispatch subsidy, schools and villages treated as agencies, children's transport subsidy."""

from __future__ import annotations

from ...engine.dsl import (
    AS_OF,
    Condition,
    If,
    InCity,
    IsKnown,
    Kind,
    Min,
    O,
    P,
    Period,
    Provision,
    Reading,
    Subject,
    YearlyCap,
    any_of,
    calendar_years_since,
    feature,
)
from ..common import not_yet_received, yes
from ..documents import QUZHOU_2023_12
from .common import NON_PUBLIC, NS, OVERLAP, QUZHOU, anywhere, in_quzhou, param

YI = ("（一）实施十万创业主体培育工程。……继续实施创业孵化平台建园补贴、运行补贴、创业孵化补贴等政策，创业成长型园区按其孵化"
      "成效同等享受创业孵化补贴政策。……加快创业导师库扩容增效，新增入库导师200人以上，对提供创业服务的创业导师，可给予每人"
      "每年最高8000元补贴。")
ER = ("（二）实施十万企业员工招引工程。……支持更多市场化主体参与招引，市外民营学校组织毕业生、村集体组织村民来衢就业的可享受"
      "人力资源服务机构补助政策。人力资源服务机构以劳务派遣等临时用工方式招引市外员工并缴纳社会保险费的，可给予每人每月200元"
      "最长6个月补贴。市外来衢非公企业就业员工子女初次在衢学校入读学前和义务教育阶段的，可自入读当年起，按在衢家庭人口享受每人"
      "每年1500元最长3年的交通补贴。")

# --- （一） ----------------------------------------------------------------------------------
MENTOR_CAP = param("yi.mentor_cap", "每人每年最高8000元 / at most ¥8,000 a year")
MENTOR_SUBSIDY = Provision(
    id=NS + "yi.mentor_subsidy", document=QUZHOU_2023_12, article="二（一）",
    title_zh="创业导师补贴（每人每年最高8000元）", title_en="Startup mentor subsidy (up to ¥8,000 a year)",
    clause=YI, subject=Subject.PERSON,
    jurisdiction=in_quzhou(P.work_adcode, YI, "提供创业服务", "services"),
    conditions=(
        Condition(id="mentor", label=("入库创业导师", "a startup mentor on the roster"), test=yes(P.startup_mentor),
                  cites="加快创业导师库扩容增效，新增入库导师200人以上"),
        Condition(id="served", label=("提供了创业服务", "provided startup services"), test=yes(P.mentor_served),
                  cites="对提供创业服务的创业导师"),
    ),
    # 每人每年最高8000元: the year's total, net of the year's payments under this provision (not once a year)
    limits=(YearlyCap(MENTOR_CAP, "可给予每人每年最高8000元补贴", group=(NS + "yi.mentor_subsidy",)),),
    amount=Min(param("yi.mentor_subsidy", "创业导师补贴标准（当地）/ local standard"), MENTOR_CAP,
               label="当地标准，最高8000元 / local standard, at most ¥8,000"),
    amount_kind="up_to", period=Period.YEARLY, stacking_group="startup_mentor_subsidy",
    extras=(("cap_fen", MENTOR_CAP),),
    notes=("The document gives only a maximum (最高8000元): the amount is a local standard, not set; the cap is "
           "reported in extras.", OVERLAP + " Same stacking group as 浙人社发〔2022〕46号 第11条."),
)

GROWTH_PARK = Provision(
    id=NS + "yi.growth_park", document=QUZHOU_2023_12, article="二（一）",
    title_zh="创业成长型园区同等享受创业孵化补贴政策", title_en="Startup growth parks get the incubation subsidy like incubators",
    clause=YI, subject=Subject.ORGANISATION, kind=Kind.RELAXATION, benefit_type="right",
    jurisdiction=in_quzhou(O.adcode, YI, "园区", "park"),
    conditions=(Condition(id="growth_park", label=("创业成长型园区", "a startup growth park"),
                          test=yes(O.startup_growth_park), cites="创业成长型园区按其孵化成效同等享受创业孵化补贴政策"),),
    notes=("按其孵化成效: the incubation subsidy itself (建园、运行、孵化补贴) is Quzhou's existing policy, not in this "
           "document.",),
)

# --- （二） ----------------------------------------------------------------------------------
VILLAGE_OUTSIDE = If(param("readings.er_village_outside_city").eq("any"), True,
                     ~InCity(O.adcode, QUZHOU, label="村集体在衢州市外 / village outside Quzhou"),
                     label="村集体所在地 / where the village is")
ORGANISER = any_of(
    (O.kind.eq("school") & yes(O.private_school) & ~InCity(O.adcode, QUZHOU) & yes(O.organises_graduates_to_quzhou))
    .named("市外民营学校组织毕业生来衢就业 / out-of-city private school sending graduates"),
    (yes(O.village_collective) & VILLAGE_OUTSIDE & yes(O.organises_villagers_to_quzhou))
    .named("村集体组织村民来衢就业 / village collective sending villagers"),
    label="市外民营学校或村集体组织来衢就业 / school or village organising workers for Quzhou",
)
ORGANISER_CLAUSE = "市外民营学校组织毕业生、村集体组织村民来衢就业的可享受人力资源服务机构补助政策"
TO_QUZHOU = anywhere(("招引人员来衢就业", "recruits come to work in Quzhou"), "来衢就业")

ORGANISERS = Provision(
    id=NS + "er.organisers_as_agencies", document=QUZHOU_2023_12, article="二（二）",
    title_zh="市外民营学校、村集体组织来衢就业的享受人力资源服务机构补助政策",
    title_en="Out-of-city private schools and village collectives sending workers get the HR-agency subsidies",
    clause=ER, subject=Subject.ORGANISATION, kind=Kind.RELAXATION, benefit_type="right", jurisdiction=TO_QUZHOU,
    conditions=(Condition(id="organiser",
                          label=("市外民营学校组织毕业生或村集体组织村民来衢就业", "an out-of-city private school or a village collective organising workers for Quzhou"),
                          test=ORGANISER, cites=ORGANISER_CLAUSE),),
    readings=(Reading(id="quzhou-er-village", question="市外 qualifies 民营学校; does it qualify 村集体 too?",
                      chosen="Yes: the measure is about recruiting from outside the city (引进市外员工), so the village "
                             "collective is outside Quzhou.",
                      alternative="Any village collective, in Quzhou or not.",
                      switch=NS + "readings.er_village_outside_city"),),
)

DISPATCH = Provision(
    id=NS + "er.hr_agency_dispatch", document=QUZHOU_2023_12, article="二（二）",
    title_zh="人力资源服务机构临时用工招引市外员工补贴（每人每月200元，最长6个月）",
    title_en="HR agency recruiting out-of-city workers by dispatch: ¥200 per person-month, up to 6 months",
    clause=ER, subject=Subject.ORGANISATION, jurisdiction=TO_QUZHOU,
    conditions=(
        Condition(id="agency",
                  label=("人力资源服务机构（含视同的学校、村集体）", "an HR agency (or a school or village treated as one)"),
                  test=any_of(O.kind.eq("hr_agency").named("人力资源服务机构 / HR agency"), ORGANISER),
                  cites="人力资源服务机构 ｜ " + ORGANISER_CLAUSE),
        Condition(id="temporary_employment",
                  label=("以劳务派遣等临时用工方式招引", "recruits by dispatch or other temporary employment"),
                  test=yes(O.temporary_employment_recruitment), cites="以劳务派遣等临时用工方式招引市外员工"),
        Condition(id="recruits", label=("招引的市外员工已缴纳社会保险费", "out-of-city recruits are insured"),
                  test=O.out_of_city_recruits_insured >= 1, cites="招引市外员工并缴纳社会保险费的"),
    ),
    amount=(O.out_of_city_recruits_insured * param("er.per_person_monthly")).named("人数×200元 / recruits × ¥200"),
    period=Period.MONTHLY, max_duration_months=param("er.max_months"),
    notes=("Counted per recruit: each recruit is subsidised for at most 6 months; the fact counts the insured "
           "recruits still within their 6 months this month.",),
)

TRANSPORT_ID = NS + "er.children_transport"
TRANSPORT_YEARS = feature("qz_transport_years", "已领取交通补贴年数", "years of the transport subsidy received",
                          (TRANSPORT_ID,))
TRANSPORT_THIS_YEAR = feature("qz_transport_this_year", "本年度已领取交通补贴次数", "transport subsidy this year",
                              (TRANSPORT_ID,), agg="count_same_year")
TRANSPORT_YEARS_MAX = param("er.transport_years", "最长3年 / at most 3 years")
YEARS_SINCE_ENROLMENT = calendar_years_since(P.child_first_enrolled_on, AS_OF, "自入读当年起的年数 / years since enrolment")

CHILDREN_TRANSPORT = Provision(
    id=TRANSPORT_ID, document=QUZHOU_2023_12, article="二（二）",
    title_zh="市外来衢非公企业员工子女入学交通补贴（每人每年1500元，最长3年）",
    title_en="Transport subsidy when an out-of-city worker's child enrols in Quzhou (¥1,500 per family member a year, 3 years)",
    clause=ER, subject=Subject.PERSON,
    jurisdiction=in_quzhou(P.work_adcode, ER, "就业单位", "employer"),
    conditions=(
        Condition(id="from_outside", label=("市外来衢就业", "came from outside the city"),
                  test=yes(P.came_from_outside_city), cites="市外来衢"),
        Condition(id="non_public", label=("在非公企业就业", "employed by a non-public enterprise"), test=NON_PUBLIC,
                  cites="非公企业就业员工"),
        Condition(id="child_enrolled", label=("子女初次在衢入读学前或义务教育", "a child first enrolled in a Quzhou school"),
                  test=(IsKnown(P.child_first_enrolled_on) & (P.child_first_enrolled_on <= AS_OF))
                       .named("已入读 / enrolled by the as-of date"),
                  cites="子女初次在衢学校入读学前和义务教育阶段的"),
        Condition(id="within_3_years", label=("自入读当年起3年内", "within 3 calendar years from the enrolment year"),
                  test=(YEARS_SINCE_ENROLMENT < TRANSPORT_YEARS_MAX).named("入读当年起第1至3年 / years 1–3"),
                  cites="可自入读当年起 ｜ 最长3年的交通补贴"),
        not_yet_received(TRANSPORT_THIS_YEAR, 1, "每人每年1500元",
                         label=("本年度尚未领取", "not yet received this year"), id="once_this_year"),
        not_yet_received(TRANSPORT_YEARS, TRANSPORT_YEARS_MAX, "最长3年的交通补贴",
                         label=("领取未满3年", "fewer than 3 years received")),
    ),
    amount=(P.family_members_in_quzhou * param("er.transport_per_person"))
    .named("在衢家庭人口×1500元 / family members in Quzhou × ¥1,500"),
    period=Period.YEARLY, max_duration_months=param("er.transport_max_months"),
    notes=("自入读当年起: the enrolment year is year 1 (calendar years). A child enrolled before 2023 can claim the "
           "years that remain from 2023 (policies apply from 2023-01-01).",),
)

PROVISIONS = (GROWTH_PARK, MENTOR_SUBSIDY, ORGANISERS, DISPATCH, CHILDREN_TRANSPORT)
