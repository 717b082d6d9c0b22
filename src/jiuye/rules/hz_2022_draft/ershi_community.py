"""Hangzhou draft （二十）: ¥20,000 one-time reward for a municipal high-quality employment community
(village), and the districts' and counties' subsidy to communities of every level (local standard)."""

from __future__ import annotations

from ...engine.dsl import Condition, O, Param, Period, Provision, Subject
from ...rules.documents import HZ_2022_DRAFT
from .common import NS
from .shared import local, org_in_hangzhou

MUNICIPAL_TEXT = "开展高质量就业社区（村）认定，对市级高质量就业社区（村），市财政给予 2 万元/个的一次性奖补"
COUNTY_TEXT = "对各级高质量就业社区（村），各区、县（市）给予一定补助。"

MUNICIPAL = Provision(
    id=NS + "ershi.municipal_community_reward", document=HZ_2022_DRAFT, article="六（二十）",
    title_zh="市级高质量就业社区（村）一次性奖补（2万元）", title_en="Municipal high-quality employment community reward (¥20,000)",
    clause=MUNICIPAL_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(MUNICIPAL_TEXT),
    conditions=(Condition(id="municipal", label=("被认定为市级高质量就业社区（村）", "recognised as a municipal community"),
                          test=O.quality_employment_community.eq("municipal"), cites="对市级高质量就业社区（村）"),),
    amount=Param(NS + "ershi.municipal_community_reward"), period=Period.ONE_TIME,
)

COUNTY = Provision(
    id=NS + "ershi.county_community_subsidy", document=HZ_2022_DRAFT, article="六（二十）",
    title_zh="各级高质量就业社区（村）区县补助", title_en="District/county subsidy for high-quality employment communities",
    clause=COUNTY_TEXT, subject=Subject.ORGANISATION, jurisdiction=org_in_hangzhou(COUNTY_TEXT),
    conditions=(Condition(id="recognised", label=("被认定为各级高质量就业社区（村）", "recognised at any level"),
                          test=O.quality_employment_community.is_in(("municipal", "county")),
                          cites="对各级高质量就业社区（村）"),),
    amount=local("ershi.county_community_subsidy"), period=Period.ONE_TIME,
    notes=("给予一定补助: each district or county sets its own amount (local standard, not set).",),
)

PROVISIONS = (MUNICIPAL, COUNTY)
