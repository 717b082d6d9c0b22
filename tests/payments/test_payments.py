"""Payments: pay, fail and retry, claw back with a reason, idempotent keys; Excel with 大写."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiuye.applications import service as apps
from jiuye.errors import IdempotencyMismatch, InputError, InvalidTransition
from jiuye.payments import service as payments
from jiuye.payments.models import PaymentTransaction
from tests.dbfixtures import auth, flexible


@pytest.fixture
def schedule(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=3))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    return payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)


def test_paying_twice_with_the_same_key_pays_once(world, schedule):
    p, replayed = payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id,
                               idempotency_key="pay-0000-0001", bank_reference="B001")
    assert p.status == "paid" and not replayed and p.paid_at is not None
    p, replayed = payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id,
                               idempotency_key="pay-0000-0001", bank_reference="B001")
    assert replayed
    assert world.session.scalar(select(func.count()).select_from(PaymentTransaction)) == 1


def test_a_second_payout_with_another_key_is_refused(world, schedule):
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id, idempotency_key="pay-a-000001")
    with pytest.raises(InvalidTransition):
        payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id,
                     idempotency_key="pay-b-000002")


def test_a_key_reused_for_another_payment_is_refused(world, schedule):
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id, idempotency_key="pay-c-000001")
    with pytest.raises(IdempotencyMismatch):
        payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[1].id,
                     idempotency_key="pay-c-000001")


def test_a_failed_payment_can_be_paid_later(world, schedule):
    p, _ = payments.fail(db_session=world.session, user=world["kecheng"], payment_id=schedule[0].id,
                         idempotency_key="fail-000001", reason="账户已冻结")
    assert p.status == "failed" and p.failure_reason == "账户已冻结"
    p, _ = payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id,
                        idempotency_key="pay-after-fail-1")
    assert p.status == "paid" and p.failure_reason is None


def test_a_claw_back_needs_a_reason_and_a_paid_payment(world, schedule):
    with pytest.raises(InvalidTransition):
        payments.reverse(db_session=world.session, user=world["kecheng"], payment_id=schedule[0].id,
                         idempotency_key="rev-0000001", reason="重复领取")
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id, idempotency_key="pay-rev-0001")
    with pytest.raises(InputError) as exc:
        payments.reverse(db_session=world.session, user=world["kecheng"], payment_id=schedule[0].id,
                         idempotency_key="rev-0000002", reason="")
    assert exc.value.field == "reason"
    p, _ = payments.reverse(db_session=world.session, user=world["kecheng"], payment_id=schedule[0].id,
                            idempotency_key="rev-0000003", reason="虚假就业，追回")
    assert p.status == "reversed" and p.reversal_reason == "虚假就业，追回"


def test_a_payment_not_yet_due_is_not_paid(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=3))
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    p = payments.list_payments(db_session=world.session, user=world["kecheng"])[-1]
    with pytest.raises(InvalidTransition) as exc:
        payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=p.id, idempotency_key="pay-early-01",
                     today=date(2025, 5, 2))
    assert exc.value.field == "due_date"


def test_a_payment_needs_an_idempotency_key(world, schedule):
    with pytest.raises(InputError) as exc:
        payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=schedule[0].id, idempotency_key=None)
    assert exc.value.field == "idempotency_key"


def test_the_api_pays_idempotently(client, world, schedule):
    headers = {**auth(world["kecheng_pay"]), "Idempotency-Key": "api-pay-000001"}
    r1 = client.post(f"/api/v1/payments/{schedule[0].id}/pay", json={"bank_reference": "B9"}, headers=headers)
    r2 = client.post(f"/api/v1/payments/{schedule[0].id}/pay", json={"bank_reference": "B9"}, headers=headers)
    assert r1.status_code == r2.status_code == 200
    assert (r1.json()["replayed"], r2.json()["replayed"]) == (False, True)
    assert r1.json()["payment"]["amount_daxie"] == "捌佰元整"
    r = client.post(f"/api/v1/payments/{schedule[1].id}/pay", headers=auth(world["kecheng_pay"]))
    assert r.status_code == 422 and r.json()["field"] == "idempotency_key"


def test_the_excel_export_has_yuan_and_daxie_and_masked_ids(client, world, schedule):
    r = client.get("/api/v1/payments/export.xlsx", headers=auth(world["kecheng"]))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    data = [row for row in rows[2:] if row and isinstance(row[0], int)]
    assert len(data) == 3
    assert float(data[0][9]) == 800.0 and data[0][10] == "捌佰元整"
    assert data[0][5] == world.ids["li"][:6] + "********" + world.ids["li"][-4:]
    total = next(row for row in rows if row and isinstance(row[0], str) and row[0].startswith("合计"))
    assert float(total[9]) == 2400.0 and total[10] == "贰仟肆佰元整"
    assert world.ids["li"] not in str(rows)
