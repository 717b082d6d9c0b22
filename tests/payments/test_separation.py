"""审批与支付分离 (JIUYE_SEPARATE_APPROVER_PAYER, on by default): the caseworker who approved an
application cannot pay its instalments, in the service, the API and the page; another caseworker of
the county can; with the setting off the approver may pay. Overdue instalments (逾期未付) are flagged.

浙人社发〔2022〕46号 第21条 in 柯城区: "按其实际缴费额的三分之二给予补贴" — 2/3 × ¥1,200 = ¥800 a month."""

from __future__ import annotations

import re

import pytest

from jiuye.applications import service as apps
from jiuye.applications.overdue import is_overdue, overdue_by_application, period_end
from jiuye.dates import add_months
from jiuye.errors import ApproverCannotPay
from jiuye.payments import service as payments
from tests.dbfixtures import auth, flexible, login_cookie


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


@pytest.fixture
def schedule(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=3))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    return payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)


def test_the_approver_cannot_pay_and_another_caseworker_can(world, schedule):
    with pytest.raises(ApproverCannotPay) as exc:
        payments.pay(db_session=world.session, user=world["kecheng"], payment_id=schedule[0].id,
                     idempotency_key="sep-pay-0001")
    assert exc.value.status == 403 and "审批与支付分离" in exc.value.message_zh
    assert world.session.get(type(schedule[0]), schedule[0].id).status == "scheduled"
    p, _ = payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id,
                        idempotency_key="sep-pay-0002")
    assert p.status == "paid" and p.amount_fen == 80_000


def test_the_approver_may_pay_when_the_setting_is_off(world, schedule, monkeypatch):
    monkeypatch.setenv("JIUYE_SEPARATE_APPROVER_PAYER", "0")
    p, _ = payments.pay(db_session=world.session, user=world["kecheng"], payment_id=schedule[0].id,
                        idempotency_key="sep-pay-0003")
    assert p.status == "paid"


def test_the_api_refuses_the_approver_with_403_and_a_clear_message(client, world, schedule):
    r = client.post(f"/api/v1/payments/{schedule[0].id}/pay",
                    headers={**auth(world["kecheng"]), "Idempotency-Key": "sep-api-0001"})
    assert r.status_code == 403
    body = r.json()
    assert body["error"] == "approver_cannot_pay" and "另一名经办人" in body["message_zh"]
    r = client.post(f"/api/v1/payments/{schedule[0].id}/pay",
                    headers={**auth(world["kecheng_pay"]), "Idempotency-Key": "sep-api-0002"})
    assert r.status_code == 200 and r.json()["payment"]["status"] == "paid"


def test_the_api_lets_the_approver_pay_with_the_setting_off(client, world, schedule, monkeypatch):
    monkeypatch.setenv("JIUYE_SEPARATE_APPROVER_PAYER", "0")
    r = client.post(f"/api/v1/payments/{schedule[0].id}/pay",
                    headers={**auth(world["kecheng"]), "Idempotency-Key": "sep-api-0003"})
    assert r.status_code == 200


def test_the_payments_page_shows_the_approver_no_pay_button(client, world, schedule):
    login_cookie(client, world["kecheng"])
    page = client.get("/payments").text
    assert "审批与支付分离" in page and f'action="/payments/{schedule[0].id}/pay"' not in page
    r = client.post(f"/payments/{schedule[0].id}/pay", data={"csrf": csrf_of(page), "idempotency_key": "sep-page-01"})
    assert r.status_code == 403 and "支付经办人：审批与支付分离" in r.text
    login_cookie(client, world["kecheng_pay"])
    page = client.get("/payments").text
    assert f'action="/payments/{schedule[0].id}/pay"' in page
    r = client.post(f"/payments/{schedule[0].id}/pay", data={"csrf": csrf_of(page), "idempotency_key": "sep-page-02"})
    assert r.status_code == 303


def test_an_instalment_is_overdue_once_its_period_has_passed_unpaid(world, schedule):
    first = schedule[0]
    # a monthly instalment pays for one month from its period start
    assert first.months == 1 and period_end(first) == add_months(first.period_start, 1)
    assert not is_overdue(first, first.period_start)
    assert is_overdue(first, period_end(first))
    late = overdue_by_application(world.session, {first.application_id}, today=period_end(schedule[-1]))
    assert [p.seq for p in late[first.application_id]] == [1, 2, 3]
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=first.id,
                 idempotency_key="overdue-pay-1")
    late = overdue_by_application(world.session, {first.application_id}, today=period_end(schedule[-1]))
    assert [p.seq for p in late[first.application_id]] == [2, 3]  # paid: no longer overdue


def test_overdue_instalments_are_flagged_in_the_caseworkers_lists(client, world, schedule):
    # the claim is for 2025 (application date 2025-05-06): every month has passed unpaid
    login_cookie(client, world["kecheng"])
    queue = client.get("/applications").text
    assert "逾期未付 3 期" in queue
    pays = client.get("/payments?overdue=1").text
    assert pays.count('<tr class="overdue">') == 3 and "本页有 3 笔逾期未付" in pays
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id,
                 idempotency_key="overdue-pay-2")
    assert "逾期未付 2 期" in client.get("/applications").text
    assert client.get(f"/api/v1/payments?application_id={schedule[0].application_id}",
                      headers=auth(world["kecheng"])).json()["items"][1]["overdue"] is True
