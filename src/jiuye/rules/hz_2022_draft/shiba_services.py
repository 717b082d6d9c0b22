"""Hangzhou draft （十八）: ¥500 per flexible worker a private HR agency places in stable, insured work in
Hangzhou, up to ¥100,000. (Government purchase of services is procurement: nothing to compute.)"""

from __future__ import annotations

from ...engine.dsl import (
    Condition,
    If,
    Max,
    Min,
    O,
    Param,
    Period,
    Provision,
    Reading,
    Subject,
    any_of,
)
from ...rules.documents import HZ_2022_DRAFT
from ..common import yes
from .common import NS
from .shared import org_in_hangzhou

SHIBA = ("民办人力资源服务机构为灵活就业人员提供推荐就业等服务，帮助其在我市企业实现稳定就业并依法连续缴纳社会保险费 3 个月以上的，"
         "可申领一次性 500 元/人的就业创业服务补贴，最高不超过 10 万元。")

PER_YEAR = Param(NS + "readings.agency_cap").eq("per_year")
CAP = Param(NS + "shiba.agency_cap")
EARNED = (O.placed_flexible_workers * Param(NS + "shiba.agency_per_person")).named("人数×500元 / people × ¥500")

AGENCY_PLACEMENT = Provision(
    id=NS + "shiba.agency_placement_subsidy", document=HZ_2022_DRAFT, article="五（十八）",
    title_zh="民办人力资源服务机构就业创业服务补贴（500元/人，最高10万元）",
    title_en="Private HR agency placement subsidy (¥500 per person, ≤ ¥100,000)",
    clause=SHIBA, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(SHIBA),
    conditions=(
        Condition(id="private_agency", label=("民办人力资源服务机构", "a private HR service agency"),
                  test=yes(O.private_hr_agency), cites="民办人力资源服务机构"),
        Condition(id="placed",
                  label=("帮助灵活就业人员在我市企业稳定就业并连续参保3个月以上", "placed flexible workers, insured 3+ months"),
                  test=O.placed_flexible_workers >= 1, cites="帮助其在我市企业实现稳定就业并依法连续缴纳社会保险费 3 个月以上的"),
        Condition(id="cap_not_reached", label=("未达10万元上限", "the ¥100,000 cap not reached"),
                  test=any_of(~PER_YEAR, O.placement_subsidy_received_fen < CAP, label="未达上限 / below the cap"),
                  cites="最高不超过 10 万元"),
    ),
    amount=If(PER_YEAR, Max(Min(EARNED, CAP - O.placement_subsidy_received_fen), 0), Min(EARNED, CAP),
              label="min(人数×500, 10万−本年已领) / min(people × ¥500, ¥100,000 − received this year)"),
    period=Period.ONE_TIME,
    readings=(Reading(id="hz-agency-cap", question="最高不超过 10 万元: per what?",
                      chosen="Per agency per year: what was already received this year counts against it.",
                      alternative="Per claim.", switch=NS + "readings.agency_cap"),),
)

PROVISIONS = (AGENCY_PLACEMENT,)
