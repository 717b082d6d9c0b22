"""A calculator step with a bad answer, on a phone (360 px): the server answers 422 (a validation
error, as the other forms answer), and htmx still swaps the errors in, next to the field, in words."""

from __future__ import annotations

from .calc import wait_settled
from .session import OVERFLOW

FACT = "person.si_paid_monthly_fen"


def step(page) -> int:
    with page.expect_response(lambda r: r.url.endswith("/calculator") and r.request.method == "POST") as info:
        page.click("#calc-continue")
    wait_settled(page)
    return info.value.status


def test_a_bad_answer_is_a_422_shown_beside_its_field(phone360, server):
    page = phone360
    page.goto(f"{server}/calculator?example=kecheng_flexible")
    page.fill(f'[name="{FACT}"]', "一千六")
    assert step(page) == 422
    field = page.locator(f'#calc-form [data-fact="{FACT}"]')
    assert "invalid" in (field.get_attribute("class") or "")
    assert "请输入数字" in field.locator(".field-error").inner_text()
    assert field.locator("input").get_attribute("aria-invalid") == "true"
    assert page.locator("#error-summary").is_visible() and page.url.endswith("/calculator?example=kecheng_flexible")
    assert page.evaluate(OVERFLOW) <= 0
    page.fill(f'[name="{FACT}"]', "1600")
    assert step(page) == 200
    assert page.locator(".field-error").count() == 0 and page.locator("#error-summary").count() == 0
    assert page.locator('#results article[data-provision="zj_2022_46.art21"]').count() == 1
    assert page.evaluate(OVERFLOW) <= 0
    assert not page.js_errors
