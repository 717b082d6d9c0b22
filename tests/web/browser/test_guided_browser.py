"""The guided calculator on a 360 px phone: a 2023 graduate founder in 柯城区 taps through to the result."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from jiuye.web.guided import evaluate, provisions_of
from jiuye.web.guided_result import summarise

from ..guided_personas import MAX_ANSWERS, personas
from .test_pages_browser import OVERFLOW, UNLABELLED

KECHENG = next(p for p in personas() if p.name == "web:kecheng_graduate_founder")


def _fill(page: Any, name: str, value: str) -> None:
    kind = page.eval_on_selector(f'[name="{name}"]', "el => el.tagName === 'SELECT' ? 'select' : el.type")
    if kind == "radio":
        page.check(f'input[type=radio][name="{name}"][value="{value}"]')
    elif kind == "select":
        page.select_option(f'select[name="{name}"]', value)
    else:
        page.fill(f'[name="{name}"]', value)


def _tap_through(page: Any, facts: dict[str, str], limit: int = 30) -> tuple[int, int]:
    """Answer each question shown from ``facts`` (a fact the person does not know stays 不清楚).
    Returns (questions answered, questions shown)."""
    answered = shown = 0
    for _ in range(limit):
        if page.locator("#guide-form").count() == 0:
            return answered, shown
        asked = page.eval_on_selector_all('#guide-form input[name="asked"]', "els => els.map(e => e.value)")
        shown += 1
        known = [a for a in asked if a in facts]
        for name in known:
            _fill(page, name, facts[name])
        answered += bool(known)
        assert page.evaluate(OVERFLOW) <= 0, asked
        with page.expect_navigation():
            page.click("#guide-next" if known else "#guide-skip")
    raise AssertionError("the guided calculator did not finish")


def _start(page: Any, server: str, as_of: str | None) -> None:
    page.goto(server + "/")
    page.click("#home-guide")  # the home page's main call to action
    assert page.url.endswith("/guide")
    assert page.locator(".benefit").count() == 0
    page.check('input[name="event"][value="graduate"]')
    page.check('input[name="event"][value="founder"]')
    page.select_option("#f-place", label="柯城区")
    if as_of:
        page.click("details.as-of > summary")
        page.fill("#f-as_of", as_of)
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    with page.expect_navigation():
        page.click("#guide-begin")
    assert page.locator(".benefit").count() == 0  # no result before the first answer
    assert page.locator("#guide-form").is_visible()


def _expected(as_of: date):
    full = KECHENG.full()
    full.as_of = as_of
    _, other = provisions_of(full)
    return summarise(evaluate(full), "zh", other_count=len(other))


def test_graduate_founder_in_kecheng_on_a_360px_phone(phone360, server):
    """As of 2025-06-01 (浙人社发〔2022〕46号 in force) the founder's full result is reached in at most
    8 answers; benefits are listed by amount, in 元, each with its clause; nothing scrolls sideways."""
    _start(phone360, server, "2025-06-01")
    answered, shown = _tap_through(phone360, KECHENG.facts)
    assert answered <= MAX_ANSWERS
    expected = _expected(date(2025, 6, 1))
    assert phone360.locator("#guide-count").get_attribute("data-count") == str(expected.count)
    ids = phone360.eval_on_selector_all("#results .benefits article.benefit", "els => els.map(e => e.dataset.provision)")
    assert ids == [c.provision.id for c in expected.benefits]
    first = phone360.locator("#results .benefits article.benefit").first
    text = first.inner_text()
    assert re.search(r"[\d,]+元", text) and "依据：" in text
    first.locator("details.why > summary").click()
    assert first.locator("blockquote.clause").is_visible()
    apply = first.locator("a.apply")
    assert apply.is_visible() and apply.inner_text() == "申请"
    assert apply.get_attribute("href").startswith(f"/apply?provision={ids[0]}&answers=")
    assert phone360.evaluate(OVERFLOW) <= 0
    assert "分）" not in phone360.locator("main").inner_text()
    assert not phone360.js_errors


def test_graduate_founder_in_kecheng_today_then_in_english(phone360, server):
    """From `make run` on today's date; then the language switch keeps the session and speaks English."""
    _start(phone360, server, None)
    answered, _ = _tap_through(phone360, KECHENG.facts)
    assert answered <= MAX_ANSWERS
    expected = _expected(date.today())
    assert phone360.locator("#guide-count").get_attribute("data-count") == str(expected.count)
    phone360.click('[data-lang-switch="en"]')
    phone360.wait_for_load_state()
    main = phone360.locator("main").inner_text()
    assert "Your result" in main and "您的结果" not in main
    assert phone360.evaluate(OVERFLOW) <= 0
    assert not phone360.js_errors
