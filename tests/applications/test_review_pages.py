"""The caseworker's and the manager's pages: rejecting needs a reason in the browser too (驳回理由),
a one-time entitlement reads 一次性, managers see an overview (by status, amounts, overdue)."""

from __future__ import annotations

import re

from jiuye.applications import service as apps
from jiuye.payments import service as payments
from tests.dbfixtures import flexible, login_cookie, person_id_number, training


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_reject_without_a_reason_is_refused_naming_the_field(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    login_cookie(client, world["kecheng"])
    page = client.get(f"/applications/{a.id}").text
    r = client.post(f"/applications/{a.id}/reject", data={"csrf": csrf_of(page), "reason": "   "})
    assert r.status_code == 422
    assert "驳回理由：请填写驳回理由" in r.text and "<code>reason</code>" not in r.text
    assert apps.get(db_session=world.session, user=world["kecheng"], application_id=a.id).status == "pending_review"
    r = client.post(f"/applications/{a.id}/reject", data={"csrf": csrf_of(page), "reason": "社保缴费记录不符"})
    assert r.status_code == 303
    assert "社保缴费记录不符" in client.get(f"/applications/{a.id}").text


def test_the_api_refuses_a_reject_without_a_reason(client, world):
    from tests.dbfixtures import auth

    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    r = client.post(f"/api/v1/applications/{a.id}/reject", json={}, headers=auth(world["kecheng"]))
    assert r.status_code == 422 and r.json()["field"] == "reason"


def test_a_one_time_entitlement_reads_one_time_not_months(client, world):
    # 杭州征求意见稿（十五）: 取得高级工（三级）证书 ¥2,000, paid once
    a, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.approve(db_session=world.session, user=world["shangcheng"], application_id=a.id)
    login_cookie(client, world["shangcheng"])
    page = client.get(f"/applications/{a.id}").text
    entitlement = re.search(r'<p class="entitlement">(.*?)</p>', page, re.S).group(1)
    assert "¥2,000.00，一次性" in entitlement and "个月" not in entitlement
    assert "0 个月" not in page
    listing = client.get("/payments").text
    assert "一次性" in listing and "（0 个月）" not in listing


def test_a_manager_lands_on_an_overview_of_counts_amounts_and_overdue(client, world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=3))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    first = payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)[0]
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=first.id, idempotency_key="ov-pay-01")
    apps.submit(db_session=world.session, user=world["kecheng"],
                payload=flexible(person_id_number("330802", 7), on="2025-05-07"))
    login_cookie(client, world["qz_manager"])
    page = client.get("/applications").text
    assert "申请总览" in page and "各县（市、区）" in page and "柯城区" in page
    tiles = re.findall(r'<a class="tile[^"]*" href="([^"]+)">(.*?)</a>', page, re.S)
    text = {href: re.sub(r"<[^>]+>", " ", body) for href, body in tiles}
    # approved: the approved amount is the entitlement's ¥800 a month
    assert "1 件" in text["/applications?status=approved"] and "¥800.00" in text["/applications?status=approved"]
    assert "1 件" in text["/applications?status=pending_review"]
    # the two unpaid months of 2025 are overdue: 2 × ¥800 = ¥1,600
    assert "2 笔" in text["/payments?overdue=1"] and "¥1,600.00" in text["/payments?overdue=1"]
    assert "1 笔" in text["/payments?status=paid"] and "¥800.00" in text["/payments?status=paid"]
    # another city's manager sees none of it
    login_cookie(client, world["hz_manager"])
    page = client.get("/applications").text
    assert "申请总览" in page and "柯城区" not in page
