"""Hangzhou draft （五）, the rest: host subsidy of a startup accompaniment space (¥50,000 or ¥100,000 a
year), operating subsidy to third parties running government incubation bases (local standard), and
the one-time ¥50,000 reward of a municipal startup incubation demonstration base."""

from __future__ import annotations

from ...engine.dsl import Condition, If, Lookup, O, Param, Period, Provision, Reading, Subject
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS
from .shared import local, org_in_hangzhou

WU_HOST = "对符合条件的创业陪跑空间，给予每年 5 或 10 万元主办方补贴。"
WU_OPERATOR = "引入第三方机构运营政府主办的创业孵化基地，符合条件的可给予经费补贴。"
WU_DEMO = "每２年开展一次市级创业孵化示范基地认定，对认定的基地由市财政给予一次性 5 万元奖补。"

HOST = Provision(
    id=NS + "wu.host_subsidy", document=HZ_2022_DRAFT, article="二（五）",
    title_zh="创业陪跑空间主办方补贴（每年5或10万元）", title_en="Accompaniment space host subsidy (¥50,000 or ¥100,000 a year)",
    clause=WU_HOST, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(WU_HOST),
    conditions=(Condition(id="space", label=("创业陪跑空间", "a startup accompaniment space"),
                          test=O.kind.eq("accompaniment_space"), cites="对符合条件的创业陪跑空间"),),
    amount=If(Param(NS + "readings.host_subsidy").eq("maximum"), Param(NS + "wu.host_subsidy_max"),
              Lookup(NS + "wu.host_subsidy_by_tier", O.host_subsidy_tier, label="按评定档次 / by assigned tier"),
              label="主办方补贴（每年）/ yearly host subsidy"),
    period=Period.YEARLY,
    readings=(Reading(id="hz-host-tier", question="每年 5 或 10 万元: which spaces get which?",
                      chosen="The tier the HR bureau assigns to the space (its evaluation): ¥50,000 or ¥100,000; the tier "
                             "is asked as a fact.",
                      alternative="Report the ¥100,000 maximum for every qualifying space.",
                      switch=NS + "readings.host_subsidy"),),
    notes=("符合条件: the qualifying conditions of a space are local (implementing rules).",),
)

OPERATOR = Provision(
    id=NS + "wu.incubation_operator_subsidy", document=HZ_2022_DRAFT, article="二（五）",
    title_zh="第三方运营政府主办创业孵化基地经费补贴", title_en="Operating subsidy for a third party running a government incubator",
    clause=WU_OPERATOR, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(WU_OPERATOR),
    conditions=(Condition(id="operator",
                          label=("受引入运营政府主办创业孵化基地的第三方机构", "third party running a government incubation base"),
                          test=yes(O.operates_gov_incubation_base), cites="引入第三方机构运营政府主办的创业孵化基地"),),
    amount=local("wu.incubation_operator_subsidy"), period=Period.YEARLY,
    notes=("可给予 (may be granted): discretionary; amount and period are local standards, not set.",),
)

DEMO_BASE = Provision(
    id=NS + "wu.incubation_demo_base_reward", document=HZ_2022_DRAFT, article="二（五）",
    title_zh="市级创业孵化示范基地一次性奖补（5万元）", title_en="Municipal incubation demonstration base reward (¥50,000)",
    clause=WU_DEMO, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(WU_DEMO),
    conditions=(Condition(id="recognised",
                          label=("被认定为市级创业孵化示范基地", "recognised as a municipal incubation demonstration base"),
                          test=yes(O.municipal_incubation_demo_base), cites="对认定的基地由市财政给予一次性 5 万元奖补"),),
    amount=Param(NS + "wu.incubation_demo_base_reward"), period=Period.ONE_TIME,
    notes=("Recognition runs every 2 years (每２年开展一次); the reward is one-time per recognition.",),
)

PROVISIONS = (HOST, OPERATOR, DEMO_BASE)
