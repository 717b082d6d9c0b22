"""The parameter pages of the minimum-wage tiers on a phone (360 px): 第一档 …, never a bare number."""

from __future__ import annotations

import re

from .session import OVERFLOW


def test_the_tier_parameter_page_reads_tiers(phone360, server):
    page = phone360
    page.goto(f"{server}/parameters/external.minimum_wage.county_tier")
    current = page.locator(".current").inner_text()
    assert "淳安县: 第二档" in current and not re.search(r": \d", current)
    page.goto(f"{server}/parameters/external.minimum_wage.monthly")
    assert "第一档: ¥" in page.locator(".current").inner_text()
    assert page.evaluate(OVERFLOW) <= 0
