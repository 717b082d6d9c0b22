"""免申即享 in a real browser, on a phone (360 px) and a desktop, from the demo data: the 柯城区
caseworker excludes one enterprise's proposal of the seeded campaign with a reason and pushes the
other, which the enterprise corrects (信息有误: 3 insured hires → 4) in the form's own fields, then
runs the default campaign (衢政发〔2023〕12号 in force today), which finds 李四's ¥2,400 graduate social
insurance subsidy (二（三）) and proposes nothing twice, checks the sample and pushes; 李四 confirms
hers from /campaigns/me and the approved application reaches the payments page."""

from __future__ import annotations

import pytest

from .conftest import demo_server_fixture
from .session import OVERFLOW, login

desktop_server = demo_server_fixture("campaigns-desktop")
phone_server = demo_server_fixture("campaigns-phone")


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.parametrize(("device", "server_name"), [("page", "desktop_server"), ("phone360", "phone_server")])
def test_run_exclude_push_and_confirm(device, server_name, request):
    page = request.getfixturevalue(device)
    server = request.getfixturevalue(server_name)
    login(page, server, "kecheng")
    page.goto(f"{server}/campaigns")
    assert page.locator("h1").inner_text() == "免申即享"
    assert page.evaluate(OVERFLOW) <= 0
    # the seeded campaign: two enterprises' startup-employment subsidies; one excluded with a reason
    page.get_by_role("link", name="第1批").click()
    assert "衢州云仓电商有限公司" in page.content() and "¥15,000.00" in page.content()
    assert page.evaluate(OVERFLOW) <= 0
    other = page.locator("li.card", has_text="衢州示范物流有限公司")
    with page.expect_navigation():
        other.locator("form[action$='/exclude'] button").click()  # no reason: refused, naming the field
    assert "排除理由：请填写排除理由" in page.locator(".error-summary").inner_text()
    other = page.locator("li.card", has_text="衢州示范物流有限公司")
    other.locator("input[name=reason]").fill("企业已注销（演示）")
    with page.expect_navigation():
        other.locator("form[action$='/exclude'] button").click()
    assert "排除理由：企业已注销（演示）" in page.content()
    with page.expect_navigation():
        page.locator("li.card", has_text="衢州云仓电商有限公司").locator("form[action$='/review'] button").click()
    submit(page, "form[action$='/push'] button")
    assert "已推送" in page.content()

    # the enterprise says it had 4 insured hires, not 3: 信息有误 in the form's own fields
    login(page, server, "qiye")
    page.goto(f"{server}/campaigns/me")
    assert "¥15,000.00" in page.locator("main").inner_text()
    page.locator("summary", has_text="信息有误").first.click()
    field = page.get_by_label("带动就业并参保满1年人数")
    assert field.input_value() == "3"
    assert page.evaluate(OVERFLOW) <= 0
    field.fill("4")
    with page.expect_navigation():
        page.get_by_role("button", name="提交人工审核").click()
    assert "已转人工审核" in page.locator("main").inner_text()
    login(page, server, "kecheng")
    page.goto(f"{server}/campaigns/1")
    assert "带动就业并参保满1年人数：3 → 4" in page.locator("main").inner_text()

    # the default campaign: 李四's ¥2,400, the enterprise's proposal not repeated
    page.goto(f"{server}/campaigns")
    submit(page, "form[action='/campaigns'] button[type=submit]")
    body = page.content()
    assert "在衢非公企业就业高校毕业生第一年社会保险补贴2400元" in body and "¥2,400.00" in body
    assert "此前批次已提出，不重复" in body
    submit(page, "form[action='/campaigns/2/push'] button")  # the sample is not checked yet
    assert "抽查" in page.locator(".error-summary").inner_text()
    submit(page, "form[action$='/review'] button")
    submit(page, "form[action$='/push'] button")
    assert "已推送" in page.content()
    assert page.evaluate(OVERFLOW) <= 0

    login(page, server, "lisi")
    page.goto(f"{server}/campaigns/me")
    body = page.locator("main").inner_text()
    assert "¥2,400.00" in body and "衢政发〔2023〕12号" in body and "高校毕业生：是" in body and "您可免申请享受" in body
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("button", name="确认领取").click()
    page.wait_for_load_state()
    assert "已确认" in page.locator("main").inner_text()

    login(page, server, "kecheng")
    page.goto(f"{server}/payments")
    assert "¥2,400.00" in page.content()
    page.goto(f"{server}/campaigns/2")
    assert "已确认" in page.locator("main").inner_text()
    assert not page.js_errors
