"""Hangzhou draft （六）: startup mentor subsidies: ¥2,000 per paired key-group entrepreneur (team),
¥8,000 once a guided business has operated stably for 12 months, and ¥300 online / ¥1,000 offline
per service activity organised by the HR department."""

from __future__ import annotations

from ...engine.dsl import Condition, If, P, Param, Period, Provision, Reading, Subject
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS, person_in_hangzhou

LIU = ("（六）强化创业导师服务。经人力社保部门安排，与重点人群创业者（团队）结对的导师，可按每名创业者（团队）2000 元的标准"
       "申领补贴；指导创办企业或个体工商户并稳定经营 12 个月的，可申领 8000 元的补贴。导师参加由人力社保部门组织的就业创业"
       "宣讲咨询、赛事评审、职业指导等服务，可按线上 300 元/次、线下 1000 元/次申领补贴。")
PAIRING_TEXT = "经人力社保部门安排，与重点人群创业者（团队）结对的导师，可按每名创业者（团队）2000 元的标准申领补贴"
STABLE_TEXT = "指导创办企业或个体工商户并稳定经营 12 个月的，可申领 8000 元的补贴"
ACTIVITY_TEXT = ("导师参加由人力社保部门组织的就业创业宣讲咨询、赛事评审、职业指导等服务，可按线上 300 元/次、线下 1000 元/次"
                 "申领补贴")

MENTOR = Condition(id="mentor", label=("创业导师", "a startup mentor"), test=yes(P.startup_mentor), cites="导师")

PAIRING = Provision(
    id=NS + "liu.pairing_subsidy", document=HZ_2022_DRAFT, article="二（六）",
    title_zh="创业导师结对补贴（每名创业者2000元）", title_en="Mentor pairing subsidy (¥2,000 per entrepreneur)",
    clause=PAIRING_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(LIU),
    conditions=(
        MENTOR,
        Condition(id="paired",
                  label=("经人力社保部门安排与重点人群创业者（团队）结对", "paired by the HR department with key-group founders"),
                  test=P.mentor_pairings >= 1, cites="经人力社保部门安排，与重点人群创业者（团队）结对的导师"),
    ),
    amount=(P.mentor_pairings * Param(NS + "liu.pairing_per_entrepreneur")).named("结对数×2000元 / pairings × ¥2,000"),
    period=Period.ONE_TIME,
)

STABLE = Provision(
    id=NS + "liu.stable_operation_subsidy", document=HZ_2022_DRAFT, article="二（六）",
    title_zh="创业导师指导成效补贴（稳定经营12个月8000元）", title_en="Mentor subsidy after 12 months of stable operation (¥8,000)",
    clause=STABLE_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(LIU),
    conditions=(
        MENTOR,
        Condition(id="stable_12_months",
                  label=("指导创办的企业或个体工商户稳定经营满12个月", "a guided business stable for 12 months"),
                  test=P.mentor_stable_businesses >= 1, cites=STABLE_TEXT),
    ),
    amount=If(Param(NS + "readings.mentor_stable_per_business").eq(True),
              P.mentor_stable_businesses * Param(NS + "liu.stable_operation_subsidy"),
              Param(NS + "liu.stable_operation_subsidy"), label="8000元（每个稳定经营的实体）/ ¥8,000 per stable business"),
    period=Period.ONE_TIME,
    readings=(Reading(id="hz-mentor-8000", question="8000 元: per guided business, or once per mentor?",
                      chosen="Per guided entrepreneur (team) whose business operated stably for 12 months, like the ¥2,000 "
                             "per paired entrepreneur.",
                      alternative="Once per mentor whatever the number of businesses.",
                      switch=NS + "readings.mentor_stable_per_business"),),
    notes=("Paid in addition to the ¥2,000 pairing subsidy (a separate 补贴 in the clause).",),
)

ACTIVITY = Provision(
    id=NS + "liu.activity_subsidy", document=HZ_2022_DRAFT, article="二（六）",
    title_zh="创业导师服务活动补贴（线上300元/次、线下1000元/次）", title_en="Mentor activity subsidy (¥300 online, ¥1,000 offline)",
    clause=ACTIVITY_TEXT, subject=Subject.PERSON, jurisdiction=person_in_hangzhou(LIU),
    conditions=(
        MENTOR,
        Condition(id="activities",
                  label=("参加人力社保部门组织的服务活动", "served in activities organised by the HR department"),
                  test=(P.mentor_online_activities + P.mentor_offline_activities) >= 1,
                  cites="导师参加由人力社保部门组织的就业创业宣讲咨询、赛事评审、职业指导等服务"),
    ),
    amount=(P.mentor_online_activities * Param(NS + "liu.online_activity")
            + P.mentor_offline_activities * Param(NS + "liu.offline_activity")).named(
        "线上次数×300＋线下次数×1000 / online × ¥300 + offline × ¥1,000"),
    period=Period.ONE_TIME,
)

PROVISIONS = (PAIRING, STABLE, ACTIVITY)
