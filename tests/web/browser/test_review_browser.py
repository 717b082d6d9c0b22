"""Caseworker review in a real browser, on a desktop and on a 360 px phone, from the demo data:
the enterprise adds a 参保证明 to its pending 衢州创业带动就业补贴; the 柯城区 caseworker opens it in
the queue (status visible), reads what was claimed beside the engine's explanation and the
evidence, is refused a rejection without 驳回理由,
approves; the payments page does not let the approver pay (审批与支付分离); the county's payer
(kecheng_pay) pays the first instalment.

衢政发〔2023〕12号 二（七）: "按吸纳就业人数给予单位每人每年5000元" — 3 hires × ¥5,000 = ¥15,000 a year."""

from __future__ import annotations

import pytest

from tests.applications.test_evidence import png_bytes

from .conftest import demo_server_fixture
from .session import OVERFLOW, login

FIRM = "衢州云仓电商有限公司"

desktop_server = demo_server_fixture("review-desktop")
phone_server = demo_server_fixture("review-phone")


def click(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize(("device", "server_name"), [("page", "desktop_server"), ("phone360", "phone_server")])
def test_a_caseworker_reviews_approves_and_another_user_pays(device, server_name, request, tmp_path):
    page = request.getfixturevalue(device)
    server = request.getfixturevalue(server_name)
    # the enterprise adds its social-insurance record (参保证明) to its pending application
    login(page, server, "qiye")
    page.goto(f"{server}/applications")
    click(page, page.get_by_role("link", name="衢州创业带动就业补贴（每人每年5000元，最高5万元）").first)
    page.goto(page.url.rstrip("/") + "/evidence")
    shot = tmp_path / "参保证明.png"
    shot.write_bytes(png_bytes())
    page.set_input_files("#evidence", str(shot))
    click(page, page.locator("form[enctype] button[type=submit]"))
    assert "参保证明.png" in page.locator(".evidence-list").inner_text()

    login(page, server, "kecheng")
    page.goto(f"{server}/applications")
    assert page.locator("h1").inner_text() == "申请审核队列"
    row = page.locator("table.stack tbody tr", has_text=FIRM).first
    status = row.locator("td.status")
    assert status.is_visible() and status.inner_text().strip() == "待审核"
    assert page.locator("tr", has_text="逾期未付 6 期").locator("td.status").is_visible()  # 李四's unpaid 2025 months
    assert page.evaluate(OVERFLOW) <= 0
    click(page, row.get_by_role("link", name="衢州创业带动就业补贴（每人每年5000元，最高5万元）"))

    claimed = page.locator("table.claimed")
    assert "带动就业并参保满1年人数" in claimed.inner_text() and "初次创业" in claimed.inner_text()
    assert "柯城区" in claimed.inner_text() and "330802" not in claimed.inner_text()
    engine = page.locator("section[aria-labelledby=engine-h]")
    assert "¥15,000.00" in engine.inner_text() and "吸纳就业并缴纳社会保险1年以上的" in engine.inner_text()
    assert page.locator("#evidence-h").is_visible()
    assert "参保证明.png" in page.locator(".evidence-list").inner_text()
    assert page.evaluate(OVERFLOW) <= 0

    click(page, page.locator("#reject-form button[type=submit]"))  # no reason: refused, naming the field
    assert "驳回理由：请填写驳回理由" in page.locator(".error-summary").inner_text()
    click(page, page.locator("#approve-form button[type=submit]"))
    assert "已批准" in page.locator("h1 + p").inner_text()
    assert "¥15,000.00 / 每年" in page.locator("p.entitlement").inner_text()
    assert page.evaluate(OVERFLOW) <= 0

    page.goto(f"{server}/payments")
    mine = page.locator("table.stack tbody tr", has_text=FIRM)
    assert mine.count() >= 1 and "审批与支付分离" in mine.first.inner_text()
    assert mine.first.locator("form[action$='/pay']").count() == 0
    assert page.evaluate(OVERFLOW) <= 0

    login(page, server, "kecheng_pay")
    page.goto(f"{server}/payments")
    due = page.locator("table.stack tbody tr", has_text=FIRM).filter(has=page.locator("form[action$='/pay']")).first
    assert due.locator("td.status").is_visible() and "待支付" in due.locator("td.status").inner_text()
    due.locator("input[name=bank_reference]").fill("DEMO-KC-0001")
    click(page, due.locator("form[action$='/pay'] button"))
    paid = page.locator("table.stack tbody tr", has_text=FIRM).filter(has_text="已支付")
    assert paid.count() == 1 and "¥15,000.00" in paid.first.inner_text() and "壹万伍仟元整" in paid.first.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    assert not page.js_errors
