"""The audit log page: in Chinese (English switchable), filtered by actor, action, date range and
subject, a page at a time, told in words (no JSON, no hashes), and a county sees only its county."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from jiuye.applications import service as apps
from jiuye.audit import service as audit
from jiuye.oversight.events import CHINA
from jiuye.payments import service as payments
from tests.dbfixtures import flexible, login_cookie, training


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def setup_events(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=2))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    first = payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)[0]
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=first.id, idempotency_key="aud-pay-01")
    b, _ = apps.submit(db_session=world.session, user=world["zhang"], payload=training(on="2026-11-02"))
    apps.reject(db_session=world.session, user=world["shangcheng"], application_id=b.id, reason="证书待核验")
    return a, b, first


def test_the_log_reads_in_chinese_words_without_json_or_hashes(client, world):
    a, _, first = setup_events(world)
    login_cookie(client, world["kecheng"])
    page = client.get("/audit").text
    assert "审计日志" in page
    text = rows(page)
    paid = next(r for r in text if r.startswith("支付 "))
    # 第21条: 2/3 × ¥1,200 = ¥800 for the first month
    assert "kecheng_pay" in paid and "支付 第" in paid and "金额：¥800.00" in paid and "原状态：待支付" in paid
    approved = next(r for r in text if r.startswith("批准申请"))
    assert f"申请 第{a.id}号" in approved and "分期数：2" in approved
    body = page.split("<tbody>", 1)[1]
    assert "{" not in body and "application.submitted" not in body
    assert all(e.hash[:12] not in page for e in audit.list_events(world.session, limit=20))
    assert f'href="/applications/{a.id}"' in page
    # English on request
    client.cookies.set("lang", "en")
    page = client.get("/audit").text
    assert "Audit log" in page and "application approved" in page and "审计日志" not in page.split("<main", 1)[1]


def test_a_county_sees_only_its_county(client, world):
    _, b, _ = setup_events(world)
    login_cookie(client, world["kecheng"])
    seen = " ".join(rows(client.get("/audit").text))
    assert "批准申请" in seen and "驳回申请" not in seen and "t_shangcheng" not in seen
    assert "没有符合条件的记录" in client.get(f"/audit?object_type=application&object_id={b.id}").text
    login_cookie(client, world["shangcheng"])
    seen = " ".join(rows(client.get("/audit").text))
    assert "驳回申请" in seen and "理由：证书待核验" in seen and "t_kecheng" not in seen
    login_cookie(client, world["qz_manager"])  # 衢州: 柯城区's events, not 上城区's
    seen = " ".join(rows(client.get("/audit").text))
    assert "批准申请" in seen and "驳回申请" not in seen
    login_cookie(client, world["admin"])
    seen = " ".join(rows(client.get("/audit").text))
    assert "批准申请" in seen and "驳回申请" in seen
    login_cookie(client, world["li"])
    assert client.get("/audit").status_code == 403


def test_filters_by_actor_action_date_and_subject(client, world):
    a, _, first = setup_events(world)
    login_cookie(client, world["kecheng"])
    by_payer = rows(client.get("/audit?actor=t_kecheng_pay").text)
    assert by_payer and all("t_kecheng_pay" in r for r in by_payer) and any(r.startswith("支付") for r in by_payer)
    approvals = rows(client.get("/audit?action=application.approved").text)
    assert len(approvals) == 1 and approvals[0].startswith("批准申请")
    family = rows(client.get("/audit?action=payment.").text)
    assert len(family) == 1 and family[0].startswith("支付")
    subject = rows(client.get(f"/audit?object_type=application&object_id={a.id}").text)
    assert [r.split(" ")[0] for r in subject] == ["批准申请", "提交申请"]
    assert rows(client.get(f"/audit?object_type=payment&object_id={first.id}").text)[0].startswith("支付")
    today = datetime.now(CHINA).date()  # the page's dates are China time, as it shows them
    assert len(rows(client.get(f"/audit?date_from={today}&date_to={today}").text)) >= 3
    assert "没有符合条件的记录" in client.get(f"/audit?date_from={today + timedelta(days=2)}").text
    assert "没有符合条件的记录" in client.get(f"/audit?date_to={today - timedelta(days=2)}").text
    r = client.get("/audit?date_from=2026-13-01")
    assert r.status_code == 422


def test_the_log_pages_fifty_at_a_time(client, world):
    for i in range(60):
        audit.record(world.session, actor=world["kecheng"], action="person.id_number.revealed", object_type="person",
                     object_id=i + 1, county_code="330802", details={"application_id": i + 1})
    world.session.commit()
    login_cookie(client, world["kecheng"])
    page = client.get("/audit?action=person.id_number.revealed").text
    assert len(rows(page)) == 50 and "共 60 条记录" in page and "第1页，共2页" in page
    assert 'href="/audit?action=person.id_number.revealed&amp;page=2"' in page
    page2 = client.get("/audit?action=person.id_number.revealed&page=2").text
    assert len(rows(page2)) == 10 and "上一页" in page2 and "下一页" not in page2
    assert set(rows(page)).isdisjoint(rows(page2))


def test_the_api_filters_like_the_page_within_the_county(client, world):
    from tests.dbfixtures import auth

    a, b, _ = setup_events(world)
    r = client.get("/api/v1/audit/events", params={"action": "payment."}, headers=auth(world["kecheng"]))
    assert r.status_code == 200 and [e["action"] for e in r.json()] == ["payment.payout"]
    r = client.get("/api/v1/audit/events", params={"actor": "t_shangcheng"}, headers=auth(world["kecheng"]))
    assert r.json() == []  # another county's caseworker's events are not in 柯城区's log
    r = client.get("/api/v1/audit/events", params={"actor": "t_shangcheng"}, headers=auth(world["admin"]))
    assert {e["action"] for e in r.json()} == {"application.rejected"}
    assert client.get("/api/v1/audit/events", params={"date_to": "2026-02-30"},
                      headers=auth(world["kecheng"])).status_code == 422
