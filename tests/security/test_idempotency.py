"""Approve takes an Idempotency-Key: a retry after a lost answer gets the original answer (not
409); keys are scoped per user, for approvals, submissions and payments alike."""

from __future__ import annotations

from jiuye.applications import service as apps
from jiuye.payments import service as payments
from tests.dbfixtures import auth, flexible


def _two_pending(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"], months=2))
    return a


def test_a_retried_approval_gets_the_original_answer(client, world):
    a = _two_pending(world)
    h = {**auth(world["kecheng"]), "Idempotency-Key": "approve-0001"}
    first = client.post(f"/api/v1/applications/{a.id}/approve", headers=h, json={"reason": "ok"})
    assert first.status_code == 200 and first.json()["status"] == "approved"
    again = client.post(f"/api/v1/applications/{a.id}/approve", headers=h, json={"reason": "ok"})
    assert again.status_code == 200, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == a.id and again.json()["status"] == "approved"
    assert len(again.json()["payments"]) == len(first.json()["payments"]) == 2  # nothing scheduled twice
    # the same key for another request is refused
    other = client.post(f"/api/v1/applications/{a.id}/approve", headers=h, json={"reason": "changed"})
    assert other.status_code == 409 and other.json()["error"] == "idempotency_mismatch"
    # without a key, a second approval is the usual 409
    assert client.post(f"/api/v1/applications/{a.id}/approve", headers=auth(world["kecheng"])).status_code == 409


def test_approval_keys_are_scoped_per_user(client, world):
    a = apps.submit(db_session=world.session, user=world["zhang"], payload={
        "provision_id": "hz_2022_draft.shiwu.certificate_subsidy",
        "case": {"person": {"residence_adcode": "330102", "trained_at_designated": True,
                            "certificate_kind": "vocational", "certificate_level": 3, "certificate_occupation": "电工",
                            "certificate_no": "C-idem-1"}}})[0]
    b = apps.submit(db_session=world.session, user=world["zhang"], payload={
        "provision_id": "hz_2022_draft.shiwu.certificate_subsidy",
        "case": {"person": {"residence_adcode": "330102", "trained_at_designated": True,
                            "certificate_kind": "vocational", "certificate_level": 2, "certificate_occupation": "焊工",
                            "certificate_no": "C-idem-2"}}})[0]
    key = {"Idempotency-Key": "shared-key-0001"}
    r1 = client.post(f"/api/v1/applications/{a.id}/approve", headers={**auth(world["shangcheng"]), **key})
    assert r1.status_code == 200, r1.text
    r2 = client.post(f"/api/v1/applications/{b.id}/approve", headers={**auth(world["shangcheng2"]), **key})
    assert r2.status_code == 200 and r2.json()["id"] == b.id  # not a mismatch, not the other's answer


def test_submission_keys_are_scoped_per_user(world):
    a, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]),
                       idempotency_key="same-key-for-all")
    b, replayed = apps.submit(db_session=world.session, user=world["zhang"], payload={
        "provision_id": "hz_2022_draft.shiwu.certificate_subsidy",
        "case": {"person": {"residence_adcode": "330102", "trained_at_designated": True,
                            "certificate_kind": "vocational", "certificate_level": 3, "certificate_occupation": "电工",
                            "certificate_no": "C-idem-3"}}}, idempotency_key="same-key-for-all")
    assert not replayed and b.id != a.id
    again, replayed = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]),
                                  idempotency_key="same-key-for-all")
    assert replayed and again.id == a.id


def test_payment_keys_are_scoped_per_user(world):
    a = _two_pending(world)
    apps.approve(db_session=world.session, user=world["kecheng"], application_id=a.id)
    p1, p2 = payments.list_payments(db_session=world.session, user=world["kecheng"], application_id=a.id)
    payments.pay(db_session=world.session, user=world["kecheng_pay"], payment_id=p1.id, idempotency_key="pay-key-0001",
                 today=p1.due_date)
    b, _ = apps.submit(db_session=world.session, user=world["shangcheng"], payload={
        "provision_id": "hz_2022_draft.shiwu.certificate_subsidy",
        "case": {"person": {"id_number": world.ids["zhang"], "name": "张三", "residence_adcode": "330102",
                            "trained_at_designated": True, "certificate_kind": "vocational", "certificate_level": 3,
                            "certificate_occupation": "电工", "certificate_no": "C-idem-4"}}})
    apps.approve(db_session=world.session, user=world["shangcheng"], application_id=b.id)
    q = payments.list_payments(db_session=world.session, user=world["shangcheng"], application_id=b.id)[0]
    paid, replayed = payments.pay(db_session=world.session, user=world["shangcheng2"], payment_id=q.id,
                                  idempotency_key="pay-key-0001", today=q.due_date)
    assert not replayed and paid.status == "paid"
