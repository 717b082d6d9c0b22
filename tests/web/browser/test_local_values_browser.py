"""Local values on a phone (360 px): 46号 第20条's pay floor in 淳安县 lists the county's minimum-wage
tier (第二档) and the minimum wage of that tier, each with its place, date and source; in English the
tier reads "tier 2"; the parameter page of the tiers reads 第一档 …, never a bare number."""

from __future__ import annotations

import re

from .calc import answer, card, open_calculator, open_details
from .session import OVERFLOW

FLOOR = "zj_2022_46.art20.pay_floor"
ANSWERS = {"has_business": False, "person.work_adcode": "330127", "person.public_welfare_post": "full_time",
           "person.pwp_monthly_pay_fen": "3000"}
CODE = re.compile(r"(?<!\d)33\d{4}(?!\d)")


def test_the_pay_floor_names_the_countys_tier_and_wage(phone360, server):
    page = phone360
    open_calculator(page, server, as_of="2024-06-30")
    answer(page, ANSWERS)
    why = open_details(card(page, FLOOR, "eligible"))
    lines = why.locator(".plain-source").all_inner_texts()
    assert any(t.startswith("按淳安县标准：最低工资档次第二档（2024-01-01起），依据：") for t in lines), lines
    assert any(t.startswith("按淳安县标准：月最低工资标准¥2,260.00（第二档，2024-01-01起），依据：浙江省人民政府")
               for t in lines), lines
    assert not any(CODE.search(t) for t in lines)
    assert page.evaluate(OVERFLOW) <= 0
    with page.expect_navigation():
        page.click('[data-lang-switch="en"]')
    why = open_details(card(page, FLOOR, "eligible"))
    text = " ".join(why.locator(".plain-source").all_inner_texts())
    assert "淳安县 standard: minimum-wage tier 2, from 2024-01-01" in text and "(tier 2)" in text
    assert page.evaluate(OVERFLOW) <= 0
    assert not page.js_errors
