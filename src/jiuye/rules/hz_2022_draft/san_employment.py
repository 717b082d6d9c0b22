"""Hangzhou draft （三）, the rest: 三类企业 (definition), the three-types startup subsidy, and the
startup-driven employment subsidy (创业带动就业补贴). Amounts are 按规定: local standards, not set."""

from __future__ import annotations

from ...engine.dsl import (
    Condition,
    E,
    Kind,
    P,
    Param,
    Period,
    Provision,
    Reading,
    Subject,
    WithinMonths,
    any_of,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import (
             KEY_GROUP_STATUS_READING,
             NS,
             SAN_KEY_GROUP_TEXT,
             business_in_hangzhou,
             hz_key_group_at_start,
)
from .shared import local

SAN_EMPLOYMENT = "创办企业或个体工商户符合条件的，可按规定申领创业带动就业补贴。"
SAN_THREE = ("在校大学生和毕业 5年以内高校毕业生初次创办经行业主管部门认定的养老、家政服务、现代农业企业（下称三类企业）且带动 "
             "2 人以上就业并依法连续为其缴纳社会保险费满 12 个月，企业可按规定申领创业补贴。")
THREE_TYPES_TEXT = "经行业主管部门认定的养老、家政服务、现代农业企业（下称三类企业）"

IS_THREE_TYPES = E.three_types_sector.is_in(("elderly_care", "housekeeping", "modern_agriculture")).named(
    "经认定的养老、家政服务或现代农业企业 / recognised elderly-care, housekeeping or modern-agriculture firm")

THREE_TYPES = Provision(
    id=NS + "san.three_types", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="三类企业（养老、家政服务、现代农业）", title_en="Three-types enterprise (elderly care, housekeeping, agriculture)",
    clause=SAN_THREE, subject=Subject.ENTERPRISE, kind=Kind.DEFINITION, benefit_type="status",
    jurisdiction=business_in_hangzhou(SAN_THREE),
    conditions=(Condition(id="recognised", label=("经行业主管部门认定为三类企业", "recognised by the sector authority"),
                          test=IS_THREE_TYPES, cites=THREE_TYPES_TEXT),),
)

STUDENT_OR_GRADUATE = any_of(
    yes(P.enrolled_student).named("在校大学生 / enrolled student"),
    (yes(P.university_graduate) & WithinMonths(P.graduation_date, E.registered_on, Param(NS + "san.graduate_window_months")))
    .named("创办时毕业5年以内 / graduated within 5 years when starting up"),
    label="在校大学生或毕业5年以内高校毕业生 / student or graduate within 5 years",
)

THREE_TYPES_STARTUP = Provision(
    id=NS + "san.three_types_startup_subsidy", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="大学生创办三类企业创业补贴", title_en="Startup subsidy for students founding a three-types enterprise",
    clause=SAN_THREE, subject=Subject.ENTERPRISE, jurisdiction=business_in_hangzhou(SAN_THREE),
    conditions=(
        Condition(id="founder",
                  label=("创办者为在校大学生或毕业5年以内高校毕业生", "founder is a student or a graduate within 5 years"),
                  test=STUDENT_OR_GRADUATE, cites="在校大学生和毕业 5年以内高校毕业生"),
        Condition(id="first_startup", label=("初次创办", "first business"), test=yes(P.first_startup),
                  cites="初次创办"),
        Condition(id="three_types", label=("经认定的三类企业", "a recognised three-types enterprise"),
                  test=IS_THREE_TYPES & E.kind.eq("company"), cites=THREE_TYPES_TEXT),
        Condition(id="hires", label=("带动2人以上就业并连续缴纳社保满12个月", "2+ hires insured for 12 months in a row"),
                  test=E.insured_hires_12m >= Param(NS + "san.three_types_min_hires"),
                  cites="带动 2 人以上就业并依法连续为其缴纳社会保险费满 12 个月"),
    ),
    amount=local("san.three_types_startup_subsidy"), period=Period.ONE_TIME,
    notes=("企业可按规定申领创业补贴: the enterprise claims; the amount is a local standard (not set).",
           "Hires are counted by enterprise.insured_hires_12m (insured one year or more); the clause asks for 12 "
           "months in a row (连续), which the caseworker confirms.",),
)

STARTUP_EMPLOYMENT = Provision(
    id=NS + "san.startup_employment_subsidy", document=HZ_2022_DRAFT, article="二（三）",
    title_zh="创业带动就业补贴（杭州）", title_en="Startup-driven employment subsidy (Hangzhou)",
    clause=SAN_EMPLOYMENT, subject=Subject.ENTERPRISE, jurisdiction=business_in_hangzhou(SAN_EMPLOYMENT),
    conditions=(
        Condition(id="key_group", label=("创办时属于重点人群", "founder in the key group when starting up"),
                  test=hz_key_group_at_start(), cites=SAN_KEY_GROUP_TEXT),
        Condition(id="first_startup", label=("初次创办企业或个体工商户", "first business"), test=yes(P.first_startup),
                  cites="初次创办企业或个体工商户"),
        Condition(id="hires", label=("带动就业（吸纳就业并缴纳社保）", "the business employs insured staff"),
                  test=E.insured_hires_12m >= Param(NS + "san.startup_employment_min_hires"),
                  cites="创办企业或个体工商户符合条件的，可按规定申领创业带动就业补贴"),
    ),
    amount=local("san.startup_employment_subsidy"), period=Period.ONE_TIME,
    stacking_group="startup_employment_subsidy",  # 淳安: with 46号 第23条/第24条 (reading chunan-overlap)
    readings=(KEY_GROUP_STATUS_READING, Reading(id="hz-startup-employment-conditions",
                      question="符合条件 is not spelled out: who qualifies?",
                      chosen="The sentence's subject (a key-group founder of a first business) whose business employs at "
                             "least one insured person (the subsidy's name: employment driven by the startup).",
                      alternative="Leave every condition to the local implementing rules (only the key group checked).",
                      switch=NS + "san.startup_employment_min_hires"),),
    notes=("Amount, period and the exact hiring test are set by the implementing rules (具体实施办法另行制定): local "
           "standard, not set. Setting san.startup_employment_min_hires to 0 selects the alternative reading.",),
)

PROVISIONS = (THREE_TYPES, THREE_TYPES_STARTUP, STARTUP_EMPLOYMENT)
