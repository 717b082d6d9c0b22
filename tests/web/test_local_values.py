"""The 按…标准…，依据：… list names every local value
a result used — the amount's and the conditions' (46号 第20条's pay floor reads the county's tier
and the minimum wage of that tier) — with its place, date and source, and no division codes."""

from __future__ import annotations

import re
from datetime import date

from jiuye.catalogue.registry import CATALOGUE
from jiuye.engine.single import evaluate_case
from jiuye.facts.models import Case
from jiuye.web.guided_result import local_sources

FLOOR = "zj_2022_46.art20.pay_floor"
# 淳安县 (a mountain county) chose 第二档 from 2024-01-01 (external.minimum_wage.county_tier)
FLOOR_FORM = {"subject": "person", "as_of": "2024-06-30", "has_business": "false",
              "person.work_adcode": "330127", "person.public_welfare_post": "full_time",
              "person.pwp_monthly_pay_fen": "3000"}
CODE = re.compile(r"(?<!\d)33\d{4}(?!\d)")


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def floor_result():
    case = Case.parse({"person": {"public_welfare_post": "full_time", "work_adcode": "330127",
                                  "pwp_monthly_pay_fen": 300_000}})
    return evaluate_case(case, date(2024, 6, 30), provisions=[CATALOGUE.provisions[FLOOR]]).results[0]


def test_the_pay_floor_lists_the_countys_tier_and_minimum_wage():
    r = floor_result()
    assert r.outcome == "eligible" and r.amount_fen is None  # a check: no amount, only conditions
    zh = local_sources(r, "zh")
    assert any(line.startswith("按淳安县标准：最低工资档次第二档（2024-01-01起），依据：") for line in zh), zh
    assert any(line.startswith("按淳安县标准：月最低工资标准¥2,260.00（第二档，2024-01-01起），依据：浙江省人民政府")
               for line in zh), zh
    en = local_sources(r, "en")
    assert any(line.startswith("淳安县 standard: minimum-wage tier 2, from 2024-01-01; ") for line in en), en
    assert any("minimum wage" in line.lower() and "¥2,260.00 (tier 2), from 2024-01-01" in line for line in en), en
    for line in zh + en:
        assert not CODE.search(line), line  # no division codes, even inside a bundled source
        assert "external." not in line and "[" not in line


def test_the_calculator_shows_the_local_values_of_a_check(client):
    html = client.post("/calculator", data=FLOOR_FORM).text
    card = html[html.index(f'data-provision="{FLOOR}"'):]
    card = card[:card.index("</article>")]
    assert "按淳安县标准：最低工资档次第二档（2024-01-01起）" in card
    assert "月最低工资标准¥2,260.00（第二档，2024-01-01起）" in card
    assert not CODE.search(text_of(card))


def test_the_english_explanation_reads_tier_2(client):
    client.cookies.set("lang", "en")
    try:
        html = client.post("/calculator", data=FLOOR_FORM).text
    finally:
        client.cookies.clear()
    card = html[html.index(f'data-provision="{FLOOR}"'):]
    card = card[:card.index("</article>")]
    card = text_of(card[:card.index('<ul class="notes">')] if '<ul class="notes">' in card else card)  # not its notes
    assert "tier 2" in card
    assert not re.search(r"=\s*2\b", card)  # not "county_tier[…] = 2"
    assert not re.search(r"\[\s*2\s*\]", card)  # nor "monthly[2]"
    assert "external.minimum_wage" not in card and not CODE.search(card)
